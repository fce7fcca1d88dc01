"""``@@activity-report`` through the real app. Articles go through real workflow
transitions at times set by a Clock. The tests cover counts per site, unit and type,
rejections, the median wait, period boundaries in Vietnam time, idle units, the CSV
export, the chart and permissions."""
import csv
import datetime
import io

import pytest

from portal_core.bootstrap import blank_request
from portal_core.content import Site
from portal_core.plugins import enable
from portal_core.testing import Clock, open_portal, store, take_transitions
from portal_plugins.news.resources import NewsArticle

UTC = datetime.timezone.utc
BOM = b"\xef\xbb\xbf"
VHTT = "Phòng Văn hóa và Thông tin"
XA = "UBND xã Yên Thịnh"
TC = "Phòng Tài chính – Kế hoạch"
NV = "Phòng Nội vụ"
YEAR_2025 = {"from": "01/01/2025", "to": "31/12/2025"}

pytestmark = pytest.mark.usefixtures("fast_hashing")


def vn(year, month, day, hour=12, minute=0):
    """A moment given in Vietnam time (UTC+7)."""
    return datetime.datetime(year, month, day, hour, minute,
                             tzinfo=datetime.timezone(datetime.timedelta(hours=7)))


@pytest.fixture
def clock(monkeypatch):
    """The clock that workflow transitions record their time from."""
    from portal_core.workflow import api
    clock = Clock(vn(2025, 3, 10, 8))
    monkeypatch.setattr(api, "utcnow", clock)
    return clock


@pytest.fixture
def commune(app):
    """The commune site /yen-thinh/ with news enabled."""
    store(app, "/", Site(title="Xã Yên Thịnh"), name="yen-thinh", published=False)
    with open_portal(app) as portal:
        enable(portal["yen-thinh"], "news", blank_request(app.registry, portal))
    return "/yen-thinh/"


@pytest.fixture
def people(app, make_users, commune):
    """Writers from three units, a reviewer of the whole portal, a commune reviewer."""
    make_users(ctv=["Contributor"], ketoan=["Contributor"], noivu=["Contributor"],
               duyet=["Reviewer"])
    make_users(site="/yen-thinh", ctvxa=["Contributor"], duyetxa=["Reviewer"])
    units = {"ctv": VHTT, "ketoan": TC, "noivu": NV, "ctvxa": XA, "duyet": VHTT}
    with open_portal(app) as portal:
        for login, unit in units.items():
            portal.users.get(login).unit = unit


def draft(app, creator, name, site=""):
    """A draft article by ``creator``; returns its path."""
    store(app, site + "/tin-tuc", NewsArticle(title="Bài " + name, creator=creator),
          name=name, published=False)
    return "%s/tin-tuc/%s/" % (site, name)


def act(testapp, login, user, path, *names, comment=""):
    """Log in as ``user`` and take the transitions ``names`` on ``path``."""
    login(user)
    take_transitions(testapp, path, *names, comment=comment)


@pytest.fixture
def history(app, testapp, login, people, clock):
    """Activity in March 2025.

    ctv (VHTT) has an article published after 6 hours, one rejected, and a draft.
    ctvxa (the commune) has one article published after 2 days. ketoan (TC) wrote a
    draft only, so TC is idle. noivu (NV) wrote nothing.
    """
    a, b = draft(app, "ctv", "a"), draft(app, "ctv", "b")
    draft(app, "ctv", "c")
    d = draft(app, "ctvxa", "d", site="/yen-thinh")
    draft(app, "ketoan", "e")
    act(testapp, login, "ctv", a, "submit")
    act(testapp, login, "ctv", b, "submit")
    act(testapp, login, "ctvxa", d, "submit")
    clock.advance(hours=6)
    act(testapp, login, "duyet", a, "publish")
    act(testapp, login, "duyet", b, "reject", comment="Thiếu nguồn tin.")
    clock.advance(hours=42)
    act(testapp, login, "duyetxa", d, "publish")
    testapp.reset()


def tables(page):
    """``{table title: {row label: [cells]}}`` of the report page."""
    found = {}
    for section in page.html.select("section.report-table"):
        title = section.find("h2").get_text(strip=True)
        found[title] = {tr.find("th").get_text(strip=True):
                        [td.get_text(" ", strip=True) for td in tr.find_all("td")]
                        for tr in section.select("tbody tr, tfoot tr") if tr.find("th")}
    return found


def read_csv(response):
    assert response.body.startswith(BOM)
    return list(csv.reader(io.StringIO(response.body[len(BOM):].decode("utf-8"))))


# --- the page -----------------------------------------------------------------------------

def test_counts_per_site_unit_and_type_with_median_wait(testapp, login, history):
    login("duyet")
    page = testapp.get("/@@activity-report", YEAR_2025)
    found = tables(page)
    portal_title = "Cổng thông tin điện tử huyện Thử Nghiệm"
    # columns: submitted, published, rejected, median wait, Tin bài, note
    assert found["Theo trang"][portal_title] == ["2", "1", "1", "6 giờ", "1", ""]
    assert found["Theo trang"]["Xã Yên Thịnh"] == ["1", "1", "0", "2 ngày", "1", ""]
    district = found[portal_title]
    assert district[VHTT] == ["2", "1", "1", "6 giờ", "1", ""]
    assert district[TC] == ["0", "0", "0", "—", "0", "Không có bài"]
    assert district["Tổng cộng"] == ["2", "1", "1", "6 giờ", "1", ""]
    assert found["Xã Yên Thịnh"][XA] == ["1", "1", "0", "2 ngày", "1", ""]
    overall = found["Theo đơn vị, tất cả các trang"]
    assert overall[VHTT][:4] == ["2", "1", "1", "6 giờ"]
    assert overall[NV][-1] == "Không có bài"        # a unit of the directory, no article
    assert overall[TC][-1] == "Không có bài"
    assert "Tin bài" in [th.get_text(strip=True) for th in page.html.select("thead th")]
    top = tables(page)["Người viết nhiều bài được đăng nhất"]
    assert list(top) == ["Ctv", "Ctvxa"]
    assert top["Ctvxa"] == [XA, "1", "1"]


def test_default_period_is_this_year_and_bad_dates_say_so(testapp, login, people):
    login("duyet")
    this_year = datetime.datetime.now(UTC).astimezone(
        datetime.timezone(datetime.timedelta(hours=7))).year
    page = testapp.get("/@@activity-report")
    assert 'value="%d-01-01"' % this_year in page.text
    assert 'value="%d-12-31"' % this_year in page.text
    page = testapp.get("/@@activity-report", {"from": "31/02/2025", "to": "hôm qua"})
    assert page.status_int == 200
    assert "Ngày bắt đầu không hợp lệ" in page.text
    assert "Ngày kết thúc không hợp lệ" in page.text
    page = testapp.get("/@@activity-report", {"from": "2025-12-31", "to": "2025-01-01"})
    assert "Ngày bắt đầu sau ngày kết thúc" in page.text


def test_approval_at_2330_on_new_years_eve_belongs_to_that_year(app, testapp, login, people,
                                                                clock):
    path = draft(app, "ctv", "cuoi-nam")
    clock.now = vn(2025, 12, 31, 20)
    act(testapp, login, "ctv", path, "submit")
    clock.now = vn(2025, 12, 31, 23, 30)
    act(testapp, login, "duyet", path, "publish")
    page = testapp.get("/@@activity-report", YEAR_2025)
    assert tables(page)["Theo đơn vị, tất cả các trang"][VHTT][:4] == ["1", "1", "0", "3,5 giờ"]
    page = testapp.get("/@@activity-report", {"from": "2026-01-01", "to": "2026-12-31"})
    assert tables(page)["Theo đơn vị, tất cả các trang"][VHTT][:3] == ["0", "0", "0"]


def test_commune_report_covers_the_commune_only(testapp, login, history):
    login("duyetxa")
    page = testapp.get("/yen-thinh/@@activity-report", YEAR_2025)
    found = tables(page)
    assert set(found) == {"Xã Yên Thịnh", "Người viết nhiều bài được đăng nhất"}
    assert found["Xã Yên Thịnh"][XA][:4] == ["1", "1", "0", "2 ngày"]
    testapp.get("/@@activity-report", status=403)       # not a reviewer of the district


def test_sites_where_the_user_may_not_review_are_left_out(app, testapp, login, history):
    with open_portal(app) as portal:
        portal["yen-thinh"].__local_roles_block__ = True      # the commune runs itself
    login("duyet")
    found = tables(testapp.get("/@@activity-report", YEAR_2025))
    assert "Xã Yên Thịnh" not in found and "Theo trang" not in found
    overall = found["Theo đơn vị, tất cả các trang"]
    assert overall[VHTT][:3] == ["2", "1", "1"]
    assert overall[XA] == ["0", "0", "0", "—", "0", "Không có bài"]    # its site is left out
    testapp.get("/yen-thinh/@@activity-report", status=403)
    login("duyetxa")
    testapp.get("/yen-thinh/@@activity-report", YEAR_2025, status=200)


def test_chart_is_inline_accessible_svg(testapp, login, history):
    login("duyet")
    page = testapp.get("/@@activity-report", YEAR_2025)
    svg = page.html.select_one("figure.chart svg")
    assert svg["role"] == "img"
    assert svg["aria-label"].startswith("Số bài được đăng theo trang, 01/01/2025")
    assert svg.find("title").get_text() == svg["aria-label"]
    assert "Xã Yên Thịnh: 1" in svg.find("desc").get_text()
    first = svg.select_one("g")
    assert [t.get_text() for t in first.find_all("text")] == [
        "Cổng thông tin điện tử huyện Thử Nghiệm", "1"]
    assert first.find("title").get_text() == "Cổng thông tin điện tử huyện Thử Nghiệm: 1"
    assert not svg.select("script, foreignObject, a")


def test_unit_names_are_escaped_in_the_chart_and_tables(app, testapp, login, people, clock):
    with open_portal(app) as portal:
        portal.users.get("ctvxa").unit = "<script>alert(1)</script>"
    path = draft(app, "ctvxa", "x", site="/yen-thinh")
    act(testapp, login, "ctvxa", path, "submit")
    act(testapp, login, "duyetxa", path, "publish")
    page = testapp.get("/yen-thinh/@@activity-report", YEAR_2025)
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in str(page.html.select_one("svg"))
    assert tables(page)["Xã Yên Thịnh"]["<script>alert(1)</script>"][1] == "1"


# --- the CSV file -------------------------------------------------------------------------

def test_csv_export_has_bom_headers_and_rows(testapp, login, history):
    login("duyet")
    response = testapp.get("/@@activity-report", dict(YEAR_2025, format="csv"))
    assert response.content_type == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="bao-cao-hoat-dong-cong-20250101-20251231.csv"')
    rows = read_csv(response)
    assert rows[0] == ["Trang", "Đơn vị", "Gửi duyệt", "Được đăng", "Bị trả lại",
                       "Thời gian chờ duyệt (trung vị)", "Tin bài", "Ghi chú"]
    portal_title = "Cổng thông tin điện tử huyện Thử Nghiệm"
    assert [portal_title, VHTT, "2", "1", "1", "6 giờ", "1", ""] in rows
    assert [portal_title, TC, "0", "0", "0", "—", "0", "Không có bài"] in rows
    assert [portal_title, "Tổng cộng", "2", "1", "1", "6 giờ", "1", ""] in rows
    assert ["Xã Yên Thịnh", XA, "1", "1", "0", "2 ngày", "1", ""] in rows
    assert ["Tất cả các trang", NV, "0", "0", "0", "—", "0", "Không có bài"] in rows


def test_csv_cells_never_start_a_formula(app, testapp, login, people, clock):
    with open_portal(app) as portal:
        portal.users.get("ctv").unit = "=HYPERLINK(\"http://x\")"
    draft(app, "ctv", "f")
    login("duyet")
    rows = read_csv(testapp.get("/@@activity-report", dict(YEAR_2025, format="csv")))
    assert any(row[1] == "'=HYPERLINK(\"http://x\")" for row in rows)


# --- who may read it ---------------------------------------------------------------------

@pytest.mark.parametrize("query", [{}, {"format": "csv"}])
def test_anonymous_visitors_are_sent_to_login(testapp, query):
    response = testapp.get("/@@activity-report", query, status=303)
    assert "/@@login" in response.location


def test_contributors_may_not_read_it(testapp, login, people):
    login("ctv")
    testapp.get("/@@activity-report", status=403)
    testapp.get("/@@activity-report", {"format": "csv"}, status=403)
    login("ctvxa")
    testapp.get("/yen-thinh/@@activity-report", status=403)


def test_reading_the_report_writes_nothing(app, testapp, login, history):
    login("duyet")
    before = app.registry._zodb_databases[""].lastTransaction()
    testapp.get("/@@activity-report", YEAR_2025)
    testapp.get("/@@activity-report", dict(YEAR_2025, format="csv"))
    assert app.registry._zodb_databases[""].lastTransaction() == before
