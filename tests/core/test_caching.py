"""Anonymous pages are cacheable and answer 304 to a matching ETag; staff pages are not."""


def test_anonymous_page_has_etag_and_answers_304(testapp):
    page = testapp.get("/tin-tuc/")
    assert page.etag and "public" in page.headers["Cache-Control"]
    assert "Cookie" in page.headers["Vary"]
    again = testapp.get("/tin-tuc/", headers={"If-None-Match": '"%s"' % page.etag}, status=304)
    assert again.body == b""


def test_changed_page_gets_a_new_etag(testapp, admin, portal_of):
    testapp.post("/@@logout", {"csrf_token": testapp.get("/@@admin").forms[0]["csrf_token"].value})
    first = testapp.get("/tin-tuc/").etag
    with portal_of() as portal:
        portal["tin-tuc"].title = "Tin tức - Sự kiện"
    assert testapp.get("/tin-tuc/").etag != first


def test_logged_in_pages_are_not_cached(testapp, admin):
    page = testapp.get("/tin-tuc/")
    assert page.headers["Cache-Control"] == "private, no-store"
    assert page.etag is None
