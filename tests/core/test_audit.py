"""The audit log: every recorded action through the real app, the ``@@audit`` page and its
filters, paging and per-site scope, the CSV export, permissions, and concurrent appends."""
import csv
import datetime
import io

import pytest
import transaction

from portal_core.testing import ADMIN_PASSWORD, csrf_token, store

UTC = datetime.timezone.utc
IP = "203.0.113.7"
BOM = b"\xef\xbb\xbf"
TITLE = "Thông báo lịch tiếp công dân tháng 6"


pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def client(testapp):
    """The test app, seen by the server as a browser at ``IP``."""
    testapp.extra_environ["REMOTE_ADDR"] = IP
    return testapp


# --- helpers ---------------------------------------------------------------------------

def entries(portal_of, action=None, actor=None):
    """Stored entries (newest first), optionally of one action and/or one actor."""
    with portal_of(commit=False) as portal:
        found = list(portal.audit_log.entries()) if portal.audit_log is not None else []
    return [e for e in found if (action is None or e.action == action)
            and (actor is None or e.actor == actor)]


def add_article(app, title=TITLE, name="thong-bao", creator="admin", published=True):
    from portal_plugins.news.resources import NewsArticle
    store(app, "/tin-tuc", NewsArticle(title=title, creator=creator), name=name,
          published=published)
    return "/tin-tuc/%s/" % name


def append(portal_of, specs):
    """Write entries straight into the log: ``(time, action, actor, path, title, site)``."""
    from portal_core.audit import audit_log
    with portal_of() as portal:
        log = audit_log(portal, create=True)
        for when, action, actor, path, title, site in specs:
            log.append(action, actor=actor, path=path, title=title, site=site, now=when,
                       ip="198.51.100.1", details={"plugin": "news"})


def add_commune(app, portal_of, name="xa-yen-thinh", title="Xã Yên Thịnh"):
    from portal_core.bootstrap import blank_request
    from portal_core.content import Site, add
    with portal_of() as portal:
        add(portal, Site(title=title), blank_request(app.registry, portal), name=name)
    return "/" + name


def audit_rows(page):
    """``[(actor, action label, object cell)]`` of the table on an ``@@audit`` page."""
    return [tuple(td.get_text(" ", strip=True) for td in tr.select("td")[1:4])
            for tr in page.html.select("table.audit tbody tr")]


def read_csv(response):
    assert response.body.startswith(BOM)
    return list(csv.reader(io.StringIO(response.body[len(BOM):].decode("utf-8"))))


def vn(year, month, day, hour=12, minute=0):
    """A moment given in Vietnam time (UTC+7), as stored: aware."""
    return datetime.datetime(year, month, day, hour, minute,
                             tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


# --- each action is recorded, in the action's transaction -------------------------------

def test_login_and_logout_are_recorded_with_actor_site_and_ip(client, make_users, login,
                                                              portal_of):
    make_users(bientap=["Editor"])
    login("bientap")
    page = client.get("/@@admin")
    client.post("/@@logout", {"csrf_token": csrf_token(page)}, status=303)

    [entry] = entries(portal_of, "login")
    assert (entry.actor, entry.site, entry.ip, entry.path) == ("bientap", "/", IP, None)
    assert abs(datetime.datetime.now(UTC) - entry.time) < datetime.timedelta(minutes=5)
    [out] = entries(portal_of, "logout")
    assert (out.actor, out.ip) == ("bientap", IP)
    assert out.time >= entry.time


def test_failed_login_is_stored_although_the_page_answers_400(client, make_users, login,
                                                              portal_of):
    make_users(bientap=["Editor"])
    login("bientap", "wrong-password", status=400)
    login("x" * 150, "whatever", status=400)

    unknown, wrong = entries(portal_of, "login-failed")     # newest first
    assert wrong.actor is None
    assert wrong.details["login"] == "bientap"
    assert wrong.details["reason"] == "password"
    assert wrong.ip == IP
    assert unknown.details["login"] == "x" * 64           # truncated: anybody's input
    assert entries(portal_of, "login") == []


def test_refusals_while_locked_out_answer_429_and_are_stored_too(client, make_users, login,
                                                                  portal_of):
    make_users(bientap=["Editor"])
    statuses = [login("bientap", "wrong-password", status="*").status_int
                for _attempt in range(7)]
    assert 429 in statuses
    reasons = [e.details["reason"] for e in entries(portal_of, "login-failed")]
    assert len(reasons) == 7
    assert "locked" in reasons and "password" in reasons


def test_forwarded_for_header_is_kept_as_a_detail_not_as_the_address(client, login,
                                                                     portal_of):
    client.extra_environ["HTTP_X_FORWARDED_FOR"] = "10.9.8.7"
    login("admin", ADMIN_PASSWORD)
    [entry] = entries(portal_of, "login")
    assert entry.ip == IP
    assert entry.details["forwarded_for"] == "10.9.8.7"


def test_plugin_disable_and_enable_on_the_plugins_page(client, admin, portal_of):
    for button in ("disable", "enable"):
        token = csrf_token(client.get("/@@plugins"))
        client.post("/@@plugins", {"plugin": "news", button: "1", "csrf_token": token},
                    status=303)

    enabled, disabled = entries(portal_of, actor="admin")[:2]
    assert (disabled.action, disabled.details["plugin"]) == ("plugin-disabled", "news")
    assert (enabled.action, enabled.details["plugin"]) == ("plugin-enabled", "news")
    assert (enabled.path, enabled.site, enabled.ip) == ("/", "/", IP)
    assert enabled.title == "Cổng thông tin điện tử huyện Thử Nghiệm"


def test_deleting_an_article_records_what_was_deleted(client, app, admin, portal_of):
    url = add_article(app)
    page = client.get(url + "@@delete")
    client.post(url + "@@delete", {"delete": "1", "csrf_token": csrf_token(page)},
                status=303)
    client.get(url, status=404)

    [entry] = entries(portal_of, "deleted")
    assert (entry.actor, entry.path, entry.title, entry.site) == (
        "admin", "/tin-tuc/thong-bao", TITLE, "/")
    assert entry.details["type"] == "NewsArticle"
    assert entry.ip == IP


def test_restoring_from_the_trash_is_recorded(client, app, admin, portal_of):
    url = add_article(app)
    page = client.get(url + "@@delete")
    client.post(url + "@@delete", {"delete": "1", "csrf_token": csrf_token(page)},
                status=303)
    with portal_of(commit=False) as portal:
        [entry_id] = list(portal.trash.keys())
    page = client.get("/@@trash")
    client.post("/@@trash", {"restore": entry_id, "csrf_token": csrf_token(page)},
                status=303)
    client.get(url, status=200)

    [restored] = entries(portal_of, "restored")
    assert (restored.actor, restored.path, restored.title) == (
        "admin", "/tin-tuc/thong-bao", TITLE)
    [deleted] = entries(portal_of, "deleted")
    assert restored.details["uid"] == deleted.details["uid"]


def test_workflow_transitions_through_the_view_record_names_states_and_comment(
        client, app, make_users, login, portal_of):
    make_users(tacgia=["Contributor"], duyet=["Reviewer"])
    url = add_article(app, creator="tacgia", published=False)
    login("tacgia")
    client.post(url + "@@workflow", {"transition": "submit",
                                     "csrf_token": csrf_token(client.get(url))}, status=303)
    login("duyet")
    client.post(url + "@@workflow", {"transition": "reject", "comment": "Thiếu ảnh",
                                     "csrf_token": csrf_token(client.get(url))}, status=303)

    reject, submit = entries(portal_of, "transition")[:2]
    assert (submit.actor, submit.path, submit.title) == ("tacgia", "/tin-tuc/thong-bao",
                                                         TITLE)
    assert (submit.details["transition"], submit.details["source"],
            submit.details["dest"]) == ("submit", "draft", "pending")
    assert (reject.actor, reject.details["transition"], reject.details["comment"]) == (
        "duyet", "reject", "Thiếu ảnh")


def test_a_refused_transition_leaves_no_entry(client, app, make_users, login, portal_of):
    make_users(tacgia=["Contributor"])
    url = add_article(app, creator="tacgia", published=False)
    login("tacgia")
    client.post(url + "@@workflow", {"transition": "publish",
                                     "csrf_token": csrf_token(client.get(url))},
                status=400)
    assert entries(portal_of, "transition") == []


def test_local_role_changes_record_grants_and_revocations(app, portal_of):
    from portal_core.bootstrap import blank_request
    from portal_core.events import LocalRolesChanged
    with portal_of() as portal:
        section = portal["tin-tuc"]
        request = blank_request(app.registry, portal)
        app.registry.notify(LocalRolesChanged(
            section, "user:bientap", frozenset({"Reader", "Contributor"}),
            frozenset({"Editor", "Reviewer", "Contributor"}), request))

    [granted] = entries(portal_of, "role-granted")
    [revoked] = entries(portal_of, "role-revoked")
    assert (granted.path, granted.title, granted.site) == ("/tin-tuc", "Tin tức", "/")
    assert granted.details == {"principal": "user:bientap", "roles": ["Editor", "Reviewer"]}
    assert revoked.details == {"principal": "user:bientap", "roles": ["Reader"]}


def test_an_aborted_action_leaves_no_entry(app, portal_of):
    from portal_core.audit import record
    from portal_core.bootstrap import blank_request
    before = len(entries(portal_of))
    with portal_of(commit=False) as portal:
        record(blank_request(app.registry, portal), "deleted", obj=portal["tin-tuc"])
    assert len(entries(portal_of)) == before


# --- the @@audit page ------------------------------------------------------------------

def test_page_lists_newest_first_in_vietnam_time(client, admin, portal_of):
    append(portal_of, [
        (vn(2025, 6, 1, 8, 5), "deleted", "cu", "/tin-tuc/bai-cu", "Bài cũ", "/"),
        (vn(2025, 6, 2, 0, 30), "deleted", "moi", "/tin-tuc/bai-moi", "Bài mới", "/"),
    ])
    page = client.get("/@@audit", {"from": "2025-06-01", "to": "2025-06-02"})
    assert [row[0] for row in audit_rows(page)] == ["moi", "cu"]
    cells = [tr.select("td")[0].get_text(strip=True)
             for tr in page.html.select("table.audit tbody tr")]
    assert cells == ["02/06/2025 00:30", "01/06/2025 08:05"]
    assert "Xóa" in audit_rows(page)[0][1]
    assert "Bài mới" in audit_rows(page)[0][2]


def test_filters_by_date_actor_action_and_text(client, admin, portal_of):
    append(portal_of, [
        # 31/05 23:30 in Vietnam is still 31/05 there, though 16:30 UTC
        (vn(2025, 5, 31, 23, 30), "deleted", "an", "/tin-tuc/a", "Trước kỳ", "/"),
        # 01/06 00:10 in Vietnam is 31/05 17:10 UTC: inside a 01/06 filter
        (vn(2025, 6, 1, 0, 10), "deleted", "an", "/tin-tuc/b", "Thông báo mất điện", "/"),
        (vn(2025, 6, 1, 9, 0), "plugin-enabled", "binh", "/", "Cổng", "/"),
        (vn(2025, 6, 2, 23, 59), "transition", "binh", "/tin-tuc/c", "Đường mới", "/"),
        (vn(2025, 6, 3, 0, 0), "deleted", "an", "/tin-tuc/d", "Sau kỳ", "/"),
    ])
    june = {"from": "2025-06-01", "to": "02/06/2025"}
    objects = lambda page: [row[2] for row in audit_rows(page)]  # noqa: E731
    page = client.get("/@@audit", june)
    assert [row[0] for row in audit_rows(page)] == ["binh", "binh", "an"]
    page = client.get("/@@audit", dict(june, actor="an"))
    assert objects(page) == ["Thông báo mất điện /tin-tuc/b"]
    page = client.get("/@@audit", dict(june, action="transition"))
    assert objects(page) == ["Đường mới /tin-tuc/c"]
    page = client.get("/@@audit", {"q": "thong bao"})       # no diacritics, any case
    assert objects(page) == ["Thông báo mất điện /tin-tuc/b"]
    page = client.get("/@@audit", {"q": "tin-tuc/d"})      # path
    assert objects(page) == ["Sau kỳ /tin-tuc/d"]
    assert page.html.select_one("main input[name=q]")["value"] == "tin-tuc/d"


def test_bad_dates_are_reported_and_ignored(client, admin, portal_of):
    append(portal_of, [(vn(2025, 6, 1), "deleted", "an", "/tin-tuc/a", "Một bài", "/")])
    page = client.get("/@@audit", {"from": "31/02/2025", "actor": "an"})
    assert "Ngày bắt đầu không hợp lệ." in page.text
    assert [row[0] for row in audit_rows(page)] == ["an"]


def test_failed_logins_are_found_by_the_login_that_was_tried(client, login, admin):
    login("bientap", "wrong-password", status=400)
    page = client.get("/@@audit", {"actor": "bientap", "action": "login-failed"})
    [row] = page.html.select("table.audit tbody tr")
    assert "bientap" in row.get_text()
    assert "Đăng nhập không thành công" in row.get_text()


def test_pages_of_fifty_with_links_that_keep_the_filters(client, admin, portal_of):
    start = vn(2025, 6, 1, 8)
    append(portal_of, [(start + datetime.timedelta(minutes=i), "deleted", "an",
                        "/tin-tuc/bai-%03d" % i, "Bài %03d" % i, "/") for i in range(120)])
    query = {"actor": "an", "from": "2025-06-01"}
    page1 = client.get("/@@audit", query)
    rows = audit_rows(page1)
    assert len(rows) == 50
    assert rows[0][2] == "Bài 119 /tin-tuc/bai-119"
    next_link = page1.html.select_one("a[rel=next]")["href"]
    assert "actor=an" in next_link and "page=2" in next_link
    assert page1.html.select_one("a[rel=prev]") is None
    page2 = client.get(next_link)
    assert audit_rows(page2)[0][2] == "Bài 069 /tin-tuc/bai-069"
    page3 = client.get("/@@audit", dict(query, page="3"))
    rows = audit_rows(page3)
    assert len(rows) == 20 and rows[-1][2] == "Bài 000 /tin-tuc/bai-000"
    assert page3.html.select_one("a[rel=next]") is None
    assert page3.html.select_one("a[rel=prev]") is not None


def test_a_commune_site_sees_its_own_entries_and_the_district_sees_all(
        client, app, make_users, login, portal_of):
    commune = add_commune(app, portal_of)
    add_commune(app, portal_of, name="xa-yen-thinh-2", title="Xã Yên Thịnh 2")
    make_users(site=commune, quantrixa=["SiteAdmin"])
    make_users(quantrihuyen=["SiteAdmin"])
    append(portal_of, [
        (vn(2025, 6, 1, 8), "deleted", "a", commune + "/tin", "Ở xã", commune),
        (vn(2025, 6, 1, 9), "deleted", "b", "/tin-tuc/x", "Ở huyện", "/"),
        (vn(2025, 6, 1, 10), "deleted", "c", "/xa-yen-thinh-2/y", "Xã khác",
         "/xa-yen-thinh-2"),
    ])
    june = {"from": "2025-06-01", "to": "2025-06-01"}
    login("quantrixa")
    page = client.get(commune + "/@@audit", june)
    assert [row[0] for row in audit_rows(page)] == ["a"]
    client.get("/@@audit", status=403)                 # not an admin of the district
    login("quantrihuyen")
    page = client.get("/@@audit", june)
    assert [row[0] for row in audit_rows(page)] == ["c", "b", "a"]


def test_admin_page_links_to_the_log(client, admin):
    page = client.get("/@@admin")
    assert page.html.select_one('a[href$="/@@audit"]').get_text() == "Nhật ký hoạt động"


# --- CSV export ------------------------------------------------------------------------

def test_csv_is_utf8_with_bom_filtered_and_safe_for_spreadsheets(client, login, admin,
                                                               portal_of):
    append(portal_of, [
        (vn(2025, 6, 1, 8, 5), "deleted", "an", "/tin-tuc/a", "Đường Nguyễn Trãi", "/"),
        (vn(2025, 6, 1, 9), "plugin-enabled", "an", "/", "Cổng", "/"),
        (vn(2025, 6, 1, 10), "deleted", "an", "/tin-tuc/b", "=HYPERLINK(\"x\")", "/"),
    ])
    response = client.get("/@@audit.csv", {"from": "2025-06-01", "action": "deleted"})
    assert response.content_type == "text/csv"
    assert response.charset == "utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="nhat-ky-')
    assert disposition.endswith('.csv"')
    header, formula, first = read_csv(response)
    assert header[:3] == ["Thời gian (giờ Việt Nam)", "Người thực hiện", "Hành động"]
    assert first[:5] == ["01/06/2025 08:05:00", "an", "Xóa", "Đường Nguyễn Trãi",
                         "/tin-tuc/a"]
    assert first[7] == "198.51.100.1"
    assert formula[3] == "'=HYPERLINK(\"x\")"      # never run as a formula
    assert "Đường Nguyễn Trãi".encode("utf-8") in response.body


def test_csv_has_the_failed_login_and_its_reason(client, login):
    login("=cmd|' /C calc'!A0", "x", status=400)
    login("admin", ADMIN_PASSWORD)
    rows = read_csv(client.get("/@@audit.csv", {"action": "login-failed"}))
    [row] = rows[1:]
    assert row[2] == "Đăng nhập không thành công"
    assert row[1] == ""                                 # nobody was logged in
    assert row[6].startswith("Tên đăng nhập: =cmd|")   # inside the cell, not at its start
    assert "sai tên đăng nhập hoặc mật khẩu" in row[6]
    assert row[7] == IP


# --- permissions -----------------------------------------------------------------------

@pytest.mark.parametrize("role", ["Reader", "Editor", "Reviewer", "Contributor"])
def test_staff_without_site_management_get_403(client, make_users, login, role):
    make_users(nhanvien=[role])
    login("nhanvien")
    client.get("/@@audit", status=403)
    client.get("/@@audit.csv", status=403)


@pytest.mark.parametrize("role", ["SiteAdmin", "Manager"])
def test_site_admins_and_managers_may_read_it(client, make_users, login, role):
    make_users(quantri=[role])
    login("quantri")
    client.get("/@@audit", status=200)
    client.get("/@@audit.csv", status=200)


@pytest.mark.parametrize("view", ["@@audit", "@@audit.csv"])
def test_anonymous_visitors_are_sent_to_login(client, view):
    response = client.get("/" + view, status=303)
    assert "/@@login" in response.location
    assert "came_from" in response.location


def test_reading_the_log_writes_nothing(client, admin, portal_of, app):
    before = app.registry._zodb_databases[""].lastTransaction()
    client.get("/@@audit")
    client.get("/@@audit.csv")
    assert app.registry._zodb_databases[""].lastTransaction() == before


# --- storage ---------------------------------------------------------------------------

def test_concurrent_appends_do_not_conflict(app, portal_of):
    from portal_core.audit import record
    from portal_core.bootstrap import blank_request
    db = app.registry._zodb_databases[""]
    day = vn(2025, 6, 1, 8)
    append(portal_of, [(day, "login", "dau-ngay", None, None, "/")])
    connections = []
    for n, actor in enumerate(("mot", "hai")):
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        portal = conn.root()["portal"]
        record(blank_request(app.registry, portal), "deleted", obj=portal["tin-tuc"],
               actor=actor, now=day + datetime.timedelta(seconds=n + 1))
        connections.append((tm, conn))
    for tm, conn in connections:
        tm.commit()                                    # must not raise ConflictError
        conn.close()
    with portal_of(commit=False) as portal:
        got = [e.actor for e in portal.audit_log.entries(vn(2025, 6, 1, 0),
                                                          vn(2025, 6, 2, 0))]
    assert got == ["hai", "mot", "dau-ngay"]


def test_concurrent_first_entries_of_an_existing_log_do_not_conflict(app, portal_of):
    """Appends by two transactions into the day's tree that both read empty of their keys
    — including ones at the very same microsecond — are merged."""
    db = app.registry._zodb_databases[""]
    moment = vn(2025, 6, 1, 8)
    append(portal_of, [(moment - datetime.timedelta(hours=1), "login", "x", None, None,
                        "/")])
    pairs = []
    for actor in ("mot", "hai"):
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        conn.root()["portal"].audit_log.append("login", actor=actor, now=moment)
        pairs.append((tm, conn))
    for tm, conn in pairs:
        tm.commit()
        conn.close()
    with portal_of(commit=False) as portal:
        same = portal.audit_log.entries(moment, moment + datetime.timedelta(microseconds=1))
        assert sorted(e.actor for e in same) == ["hai", "mot"]


def test_newest_first_range_reads_across_days_and_bounds():
    from portal_core.audit import AuditLog
    log = AuditLog()
    base = datetime.datetime(2025, 6, 1, 23, 59, 59, tzinfo=UTC)
    for i in range(70):                       # crosses midnight UTC: two day shards
        log.append("login", actor=str(i), now=base + datetime.timedelta(milliseconds=i * 50))
    same = datetime.datetime(2025, 6, 2, 1, tzinfo=UTC)
    for i in range(5):                        # identical timestamps: token breaks ties
        log.append("logout", actor="s%d" % i, now=same)
    assert log.days() == ["2025-06-01", "2025-06-02"]
    everything = list(log.entries())
    assert len(everything) == 75
    assert [e.time for e in everything] == sorted((e.time for e in everything), reverse=True)
    start = base + datetime.timedelta(milliseconds=500)
    end = base + datetime.timedelta(milliseconds=1500)
    window = [e.actor for e in log.entries(start, end)]
    assert window == [str(i) for i in range(29, 9, -1)]     # start included, end excluded
    assert len(list(log.entries(same, same + datetime.timedelta(microseconds=1)))) == 5
    assert list(log.entries(end=base)) == []


def test_entries_written_by_an_older_version_read_with_defaults():
    from portal_core.audit import Entry
    entry = Entry.from_stored(("t", "x"), (datetime.datetime(2025, 1, 1, tzinfo=UTC),
                                           "an", "login"))
    assert (entry.actor, entry.action, entry.path, entry.details, entry.ip) == (
        "an", "login", None, None, None)
