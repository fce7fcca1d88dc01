"""The trash: deleting moves content (with its subtree) into its site's trash; a SiteAdmin
restores it for 30 days; after that it is purged (view button and ``portal purge-trash``)."""
import datetime
import html
import re

import pytest

from portal_core import cli
from portal_core.bootstrap import blank_request
from portal_core.content import Site, add
from portal_core.events import ObjectAdded, ObjectRestored
from portal_core.plugins import enable
from portal_core.testing import Clock, ADMIN_PASSWORD, csrf_token
from portal_core.trash import api as trash_api
from portal_core.trash import move_to_trash, purge_expired, restore
from portal_core.workflow import publish_now
from portal_plugins.news.resources import NewsArticle

SECTION = "/tin-tuc/"


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(trash_api, "utcnow", clock)
    return clock


@pytest.fixture
def published(app, portal_of):
    """``published(title, category=..., site="")``: a published article; returns its URL."""
    def _add(title, category="kinh-te", site=None):
        with portal_of() as portal:
            root = portal[site] if site else portal
            request = blank_request(app.registry, portal)
            article = NewsArticle(title=title, description="Tóm tắt.", category=category)
            name = add(root["tin-tuc"], article, request)
            publish_now(article, request)
        return "/%stin-tuc/%s/" % (site + "/" if site else "", name)
    return _add


def delete(testapp, path, status=303):
    """Delete through the real ``@@delete`` confirmation form."""
    page = testapp.get(path + "@@delete")
    assert "csrf_token" in page.text
    return testapp.post(path + "@@delete", {"delete": "1", "csrf_token": csrf_token(page)},
                        status=status)


def trash_rows(testapp, site="/"):
    """The rows of ``@@trash``: title, type, path, who, restore id (None when expired)."""
    page = testapp.get(site + "@@trash")
    rows = []
    for row in re.findall(r"<tr(?: class=\"expired\")?>(.*?)</tr>", page.text, re.S)[1:]:
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                 for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        button = re.search(r'name="restore" value="([^"]+)"', row)
        rows.append({"title": cells[0], "type": cells[1], "path": cells[2], "by": cells[3],
                     "when": cells[4], "id": button.group(1) if button else None})
    return rows


def restore_post(testapp, entry_id, site="/", status=303):
    page = testapp.get(site + "@@trash")
    return testapp.post(site + "@@trash", {"restore": entry_id,
                                           "csrf_token": csrf_token(page)}, status=status)


def titles_in(page, css_class):
    match = re.search(r'class="[^"]*%s[^"]*">(.*?)</(?:ul|section)>' % css_class,
                      page.text, re.S)
    assert match, "no %s on %s" % (css_class, page.request.path)
    item = r"<h2><a [^>]*>([^<]*)</a></h2>" if css_class == "news-listing" else \
        r"<li>\s*<a [^>]*>([^<]*)</a>"
    return [html.unescape(t) for t in re.findall(item, match.group(1))]


def public_titles(testapp):
    """Titles an anonymous visitor sees: section listing, category listing, home block."""
    return (titles_in(testapp.get(SECTION), "news-listing"),
            titles_in(testapp.get(SECTION + "kinh-te/"), "news-listing"),
            titles_in(testapp.get("/"), "news-latest"))


def as_admin(login):
    return login("admin", ADMIN_PASSWORD)


# --- deleting and restoring ---------------------------------------------------------------

def test_editor_deletes_own_draft_and_site_admin_restores_it_as_a_draft(
        testapp, login, make_users, portal_of, clock):
    make_users(bientap=["Editor"], qtv=["SiteAdmin"])
    login("bientap")
    form = testapp.get(SECTION + "@@add/NewsArticle").forms["deform"]
    form["title"] = "Dự thảo lịch tiếp công dân"
    url = form.submit("save", status=303).location.replace("http://localhost", "")
    assert "Dự thảo lịch tiếp công dân" in testapp.get("/@@my-items").text

    assert "Thùng rác" not in testapp.get("/@@admin").text
    res = delete(testapp, url)
    assert res.location == "http://localhost/tin-tuc/"
    assert "Đã xóa “Dự thảo lịch tiếp công dân”." in res.follow().text
    testapp.get(url, status=404)
    assert "Dự thảo lịch tiếp công dân" not in testapp.get("/@@my-items").text

    login("qtv")
    assert 'href="http://localhost/@@trash"' in testapp.get("/@@admin").text
    [row] = trash_rows(testapp)
    assert row["title"] == "Dự thảo lịch tiếp công dân"
    assert row["type"] == "Tin bài"
    assert row["path"] == url.rstrip("/")
    assert row["by"] == "Bientap"
    vietnam_time = clock.now.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert row["when"] == vietnam_time.strftime("%d/%m/%Y %H:%M")

    res = restore_post(testapp, row["id"])
    assert res.location == "http://localhost" + url
    assert "Dự thảo lịch tiếp công dân" in res.follow().text
    assert trash_rows(testapp) == []
    with portal_of() as portal:
        assert portal["tin-tuc"][url.split("/")[2]].workflow_state == "draft"
    testapp.reset()                                # log out
    testapp.get(url, status=404)            # a draft stays hidden from the public
    login("bientap")
    assert "Dự thảo lịch tiếp công dân" in testapp.get("/@@my-items").text


def test_admin_deletes_a_published_article_and_restoring_brings_it_back_published(
        testapp, login, published, portal_of, clock):
    url = published("Khánh thành cầu treo bản Nà Pài")
    published("Tin ở lại")
    assert testapp.get(url).status_int == 200
    assert public_titles(testapp) == (["Tin ở lại", "Khánh thành cầu treo bản Nà Pài"],) * 3

    as_admin(login)
    delete(testapp, url)
    testapp.reset()                                # log out
    testapp.get(url, status=404)
    assert public_titles(testapp) == (["Tin ở lại"],) * 3
    with portal_of() as portal:
        assert len(portal["tin-tuc"].listing) == 1
        assert len(portal["tin-tuc"]["kinh-te"].listing) == 1

    as_admin(login)
    [row] = trash_rows(testapp)
    assert (row["title"], row["by"]) == ("Khánh thành cầu treo bản Nà Pài",
                                         "Quản trị hệ thống")
    restore_post(testapp, row["id"])
    testapp.reset()                                # log out
    assert "Khánh thành cầu treo bản Nà Pài" in testapp.get(url).text
    assert public_titles(testapp) == (["Tin ở lại", "Khánh thành cầu treo bản Nà Pài"],) * 3
    with portal_of() as portal:
        article = portal["tin-tuc"][url.split("/")[2]]
        assert article.workflow_state == "published"
        assert article.__parent__ is portal["tin-tuc"]


def test_restoring_notifies_object_added_then_object_restored(app, portal_of, published,
                                                              clock):
    url = published("Tin có sự kiện")
    seen = []
    app.registry.registerHandler(lambda e: seen.append(("added", e.object.title)),
                                 (ObjectAdded,))
    app.registry.registerHandler(lambda e: seen.append(("restored", e.object.title,
                                                        e.parent.__name__)),
                                 (ObjectRestored,))
    with portal_of() as portal:
        request = blank_request(app.registry, portal)
        entry_id = move_to_trash(portal["tin-tuc"][url.split("/")[2]], request)
        restore(portal, entry_id, request)
    assert seen == [("added", "Tin có sự kiện"), ("restored", "Tin có sự kiện", "tin-tuc")]


def test_newest_deletion_is_listed_first(testapp, login, published, clock):
    first, second = published("Xóa trước"), published("Xóa sau")
    as_admin(login)
    delete(testapp, first)
    clock.advance(minutes=5)
    delete(testapp, second)
    assert [r["title"] for r in trash_rows(testapp)] == ["Xóa sau", "Xóa trước"]


# --- subtrees and containers ---------------------------------------------------------------

def test_deleting_a_category_leaves_its_articles_in_the_section_and_restoring_it_works(
        testapp, login, published, portal_of, clock):
    url = published("Giá lúa tăng vụ mùa")
    as_admin(login)
    delete(testapp, SECTION + "kinh-te/")
    testapp.get(SECTION + "kinh-te/", status=404)
    page = testapp.get(SECTION)
    assert "Kinh tế" not in titles_in(page, "news-categories")
    assert titles_in(page, "news-listing") == ["Giá lúa tăng vụ mùa"]   # the article stays
    assert testapp.get(url).status_int == 200
    [row] = trash_rows(testapp)
    assert (row["title"], row["type"], row["path"]) == ("Kinh tế", "Chuyên mục",
                                                        "/tin-tuc/kinh-te")

    restore_post(testapp, row["id"])
    assert testapp.get(SECTION + "kinh-te/").status_int == 200
    assert "Kinh tế" in titles_in(testapp.get(SECTION), "news-categories")
    with portal_of() as portal:
        assert "kinh-te" in portal["tin-tuc"].category_names


def test_restoring_a_category_files_its_articles_under_it_again(
        testapp, login, published, clock):
    published("Giá lúa tăng vụ mùa")
    as_admin(login)
    delete(testapp, SECTION + "kinh-te/")
    restore_post(testapp, trash_rows(testapp)[0]["id"])
    assert titles_in(testapp.get(SECTION + "kinh-te/"), "news-listing") == \
        ["Giá lúa tăng vụ mùa"]


def test_deleting_a_section_keeps_its_whole_subtree_for_restore(testapp, login, published,
                                                                portal_of, clock):
    urls = [published("Tin một"), published("Tin hai", category="chinh-tri")]
    as_admin(login)
    delete(testapp, SECTION)
    for url in urls + [SECTION, SECTION + "kinh-te/"]:
        testapp.get(url, status=404)
    [row] = trash_rows(testapp)
    assert (row["title"], row["path"]) == ("Tin tức", "/tin-tuc")

    restore_post(testapp, row["id"])
    testapp.reset()                                # log out
    for url in urls:
        assert testapp.get(url).status_int == 200
    assert titles_in(testapp.get(SECTION + "chinh-tri/"), "news-listing") == ["Tin hai"]
    assert titles_in(testapp.get("/"), "news-latest") == ["Tin hai", "Tin một"]


def test_child_of_a_deleted_container_is_restored_only_after_its_container(
        testapp, login, published, portal_of, clock):
    url = published("Tin trong chuyên trang")
    as_admin(login)
    delete(testapp, url)
    clock.advance(minutes=1)
    delete(testapp, SECTION)
    section_row, article_row = trash_rows(testapp)

    res = restore_post(testapp, article_row["id"], status=409)
    assert "thư mục chứa nó (/tin-tuc) không còn" in res.text
    assert "Hãy khôi phục thư mục đó trước" in res.text
    assert len(trash_rows(testapp)) == 2               # nothing changed

    restore_post(testapp, section_row["id"])
    restore_post(testapp, article_row["id"])
    testapp.reset()                                # log out
    assert titles_in(testapp.get(SECTION), "news-listing") == ["Tin trong chuyên trang"]


def test_name_taken_meanwhile_gets_a_unique_name(testapp, login, published, portal_of,
                                                 clock):
    url = published("Thông báo tuyển dụng")
    as_admin(login)
    delete(testapp, url)
    assert published("Thông báo tuyển dụng") == url          # the name was free again
    res = restore_post(testapp, trash_rows(testapp)[0]["id"])
    assert res.location == "http://localhost" + url.rstrip("/") + "-2/"
    assert "Đã khôi phục “Thông báo tuyển dụng” về %s-2/." % url.rstrip("/") \
        in res.follow().text
    testapp.reset()                                # log out
    assert titles_in(testapp.get(SECTION), "news-listing") == ["Thông báo tuyển dụng"] * 2


def test_content_of_a_commune_site_goes_to_that_sites_trash(app, testapp, login, portal_of,
                                                            published, make_users, clock):
    with portal_of() as portal:
        add(portal, Site(title="Xã Yên Thịnh"), blank_request(app.registry, portal),
            name="yen-thinh")
        enable(portal["yen-thinh"], "news", blank_request(app.registry, portal))
    url = published("Tin của xã", site="yen-thinh")
    make_users(site="/yen-thinh", qtxa=["SiteAdmin"])
    login("qtxa")
    delete(testapp, url)
    [row] = trash_rows(testapp, "/yen-thinh/")
    assert row["path"] == "/yen-thinh/tin-tuc/" + url.split("/")[3]
    testapp.get("/@@trash", status=403)                 # a commune admin only
    as_admin(login)
    assert trash_rows(testapp) == []                    # not in the portal's trash
    login("qtxa")
    restore_post(testapp, row["id"], site="/yen-thinh/")
    assert testapp.get(url).status_int == 200


# --- who may do it -------------------------------------------------------------------------

@pytest.fixture
def trashed(app, portal_of, published, clock):
    """An article in the portal's trash; returns ``(url, entry id)``."""
    url = published("Bài trong thùng rác")
    with portal_of() as portal:
        request = blank_request(app.registry, portal)
        entry_id = move_to_trash(portal["tin-tuc"][url.split("/")[2]], request)
    return url, entry_id


@pytest.mark.parametrize("role", ["Editor", "Reader", "Reviewer"])
def test_only_site_admins_see_the_trash_and_restore(testapp, login, make_users, portal_of,
                                                    trashed, role):
    url, entry_id = trashed
    make_users(nguoidung=[role])
    login("nguoidung")
    testapp.get("/@@trash", status=403)
    token = csrf_token(testapp.get("/@@my-items"))
    testapp.post("/@@trash", {"restore": entry_id, "csrf_token": token}, status=403)
    testapp.post("/@@trash", {"purge": "1", "csrf_token": token}, status=403)
    with portal_of() as portal:
        assert entry_id in portal.trash


def test_anonymous_is_sent_to_login_and_cannot_restore(testapp, portal_of, trashed):
    res = testapp.get("/@@trash", status=303)
    assert "/@@login" in res.location
    testapp.post("/@@trash", {"restore": trashed[1]}, status=403)
    with portal_of() as portal:
        assert trashed[1] in portal.trash


def test_forged_csrf_token_is_refused(testapp, login, portal_of, published, trashed):
    url, entry_id = trashed
    as_admin(login)
    testapp.post("/@@trash", {"restore": entry_id, "csrf_token": "forged"}, status=400)
    testapp.post("/@@trash", {"purge": "1", "csrf_token": "forged"}, status=400)
    other = published("Bài không bị xóa")
    testapp.post(other + "@@delete", {"delete": "1", "csrf_token": "forged"}, status=400)
    with portal_of() as portal:
        assert entry_id in portal.trash
        assert other.split("/")[2] in portal["tin-tuc"]
        assert len(portal.trash) == 1


def test_unknown_entry_is_a_404(testapp, login, trashed):
    as_admin(login)
    res = restore_post(testapp, "khong-co", status=404)
    assert "Không tìm thấy mục này trong thùng rác." in res.text


# --- retention -----------------------------------------------------------------------------

def test_after_30_days_an_entry_is_not_restorable_and_purge_removes_it(
        testapp, login, published, portal_of, clock, trashed):
    url, old_id = trashed
    clock.advance(days=29, hours=23)
    as_admin(login)
    delete(testapp, published("Bài mới xóa"))
    rows = trash_rows(testapp)
    assert [r["id"] is not None for r in rows] == [True, True]
    assert "Xóa hẳn các mục quá hạn" not in testapp.get("/@@trash").text

    clock.advance(hours=2)                                 # the first is now 30 days + 1 h
    page = testapp.get("/@@trash")
    new, old = trash_rows(testapp)
    assert new["id"] is not None and old["id"] is None
    assert "Quá hạn, sẽ bị xóa hẳn" in page.text
    res = testapp.post("/@@trash", {"restore": old_id, "csrf_token": csrf_token(page)},
                       status=410)
    assert "quá 30 ngày" in res.text

    res = testapp.post("/@@trash", {"purge": "1", "csrf_token": csrf_token(page)},
                       status=303)
    assert "Đã xóa hẳn 1 mục quá hạn" in res.follow().text
    assert [r["title"] for r in trash_rows(testapp)] == ["Bài mới xóa"]
    with portal_of() as portal:
        assert old_id not in portal.trash and len(portal.trash) == 1
    testapp.get(url, status=404)


def test_purge_expired_deletes_only_entries_older_than_the_retention(app, portal_of,
                                                                    published, clock):
    urls = [published("Bài %d" % i) for i in range(3)]
    start = clock.now
    with portal_of() as portal:
        request = blank_request(app.registry, portal)
        for days, url in zip((0, 10, 20), urls):
            clock.now = start + datetime.timedelta(days=days)
            move_to_trash(portal["tin-tuc"][url.split("/")[2]], request)
    with portal_of() as portal:
        assert purge_expired(portal, start + datetime.timedelta(days=30)) == 0
        assert purge_expired(portal, start + datetime.timedelta(days=40, seconds=1)) == 2
        assert [e.title for e in portal.trash.values()] == ["Bài 2"]
        assert purge_expired(portal, start + datetime.timedelta(days=40, seconds=1)) == 0


def test_retention_follows_the_trash_days_setting(app, testapp, login, clock, trashed):
    app.registry.settings["portal.trash_days"] = "7"
    clock.advance(days=8)
    as_admin(login)
    assert trash_rows(testapp)[0]["id"] is None
    assert "giữ 7 ngày" in testapp.get("/@@trash").text


# --- command line --------------------------------------------------------------------------

@pytest.fixture
def ini(tmp_path):
    path = tmp_path / "test.ini"
    path.write_text(
        "[app:main]\nuse = egg:cong-portal\n"
        "zodbconn.uri = file://{0}/cli.fs?blobstorage_dir={0}/cli-blobs\n"
        "portal.secret = test-secret-0123456789abcdef\n"
        "portal.admin_password = {1}\nportal.plugins = *\n".format(tmp_path, ADMIN_PASSWORD))
    return str(path)


def test_cli_purge_trash(ini, capsys, clock):
    with cli.portal_env(ini) as (portal, request):
        portal["yen-thinh"] = Site(title="Xã Yên Thịnh")
        for title in ("Cũ", "Mới"):
            if title == "Mới":
                clock.advance(days=15)
            article = NewsArticle(title=title)
            add(portal["tin-tuc"], article, request)
            move_to_trash(article, request)
    clock.advance(days=20)

    assert cli.main([ini, "purge-trash", "--site", "/yen-thinh"]) == 0
    assert "Đã xóa hẳn 0 mục quá 30 ngày khỏi thùng rác của /yen-thinh" in \
        capsys.readouterr().out
    assert cli.main([ini, "purge-trash"]) == 0
    assert "Đã xóa hẳn 1 mục quá 30 ngày khỏi thùng rác của /" in capsys.readouterr().out
    with cli.portal_env(ini) as (portal, request):
        assert [entry.title for entry in portal.trash.values()] == ["Mới"]

    assert cli.main([ini, "purge-trash", "--site", "/khong-co"]) == 2
    assert "không tìm thấy" in capsys.readouterr().err
