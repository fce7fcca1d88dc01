"""Unit tests of ``portal_core.reports.activity`` on synthetic workflow histories: no
registry and no database. A Clock stands for "now"."""
import datetime
from types import SimpleNamespace

import pytest

from portal_core.reports.activity import (Period, activity_report, format_wait,
                                          item_activity, period_from)
from portal_core.testing import Clock

VN = datetime.timezone(datetime.timedelta(hours=7))
UTC = datetime.timezone.utc
YEAR_2025 = Period(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))


def vn(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=VN)


def item(creator, *steps, type_name="NewsArticle", uid=None):
    """An object whose history is ``steps`` = ``(transition, time)``."""
    history = [{"transition": "", "time": vn(2024, 1, 1)}]
    history += [{"transition": name, "time": when} for name, when in steps]
    return SimpleNamespace(creator=creator, type_name=type_name, workflow_history=history,
                           uid=uid or "%s-%d" % (creator, id(history)))


def site(title, *items):
    return SimpleNamespace(uid=title, title=title,
                           authored={(o.creator, o.uid): o for o in items})


def user(unit, name=None):
    return SimpleNamespace(unit=unit, display_name=name or unit)


def plain(text):
    return text.interpolate() if hasattr(text, "interpolate") else text


# --- the period ---------------------------------------------------------------------------

def test_default_period_is_this_year_in_vietnam_time():
    clock = Clock(datetime.datetime(2025, 12, 31, 17, 30, tzinfo=UTC))   # 00:30, 1/1/2026 VN
    period, errors = period_from({}, clock())
    assert (period.first, period.last, errors) == (datetime.date(2026, 1, 1),
                                                   datetime.date(2026, 12, 31), [])
    clock.advance(hours=-1)                                                # 23:30, 31/12 VN
    assert period_from({}, clock())[0] == YEAR_2025


@pytest.mark.parametrize("params,first,last", [
    ({"from": "01/03/2025", "to": "31/03/2025"}, (2025, 3, 1), (2025, 3, 31)),
    ({"from": "2025-03-01", "to": " 2025-03-31 "}, (2025, 3, 1), (2025, 3, 31)),
    ({"from": "15/06/2025"}, (2025, 6, 15), (2025, 12, 31)),
    ({"to": "15/06/2025"}, (2025, 1, 1), (2025, 6, 15)),
])
def test_period_from_typed_dates(params, first, last):
    period, errors = period_from(params, vn(2025, 7, 1))
    assert (period.first, period.last) == (datetime.date(*first), datetime.date(*last))
    assert errors == []


@pytest.mark.parametrize("params,message", [
    ({"from": "31/02/2025"}, "Ngày bắt đầu không hợp lệ"),
    ({"to": "hôm qua"}, "Ngày kết thúc không hợp lệ"),
    ({"to": "31/12/9999"}, "Ngày kết thúc không hợp lệ"),
    ({"from": "01/01/0001"}, "Ngày bắt đầu không hợp lệ"),
    ({"from": "x" * 5000}, "Ngày bắt đầu không hợp lệ"),
    ({"from": "2025-12-31", "to": "2025-01-01"}, "Ngày bắt đầu sau ngày kết thúc"),
])
def test_bad_dates_give_a_message_and_the_default(params, message):
    period, errors = period_from(params, vn(2025, 7, 1))
    assert period == YEAR_2025
    assert [plain(e) for e in errors][0].startswith(message)


def test_period_bounds_are_vietnam_midnights():
    assert vn(2025, 12, 31, 23, 30) in YEAR_2025
    assert vn(2025, 1, 1, 0, 0) in YEAR_2025
    assert vn(2026, 1, 1, 0, 0) not in YEAR_2025
    assert datetime.datetime(2024, 12, 31, 17, 0, tzinfo=UTC) in YEAR_2025   # 00:00 VN
    assert datetime.datetime(2024, 12, 31, 16, 59, tzinfo=UTC) not in YEAR_2025
    assert None not in YEAR_2025


# --- one item -----------------------------------------------------------------------------

def test_approval_at_2330_on_new_years_eve_counts_in_that_year():
    obj = item("a", ("submit", vn(2025, 12, 31, 9)), ("publish", vn(2025, 12, 31, 23, 30)))
    found = item_activity(obj, YEAR_2025)
    assert (found.submitted, found.published, found.rejected) == (True, True, False)
    assert found.wait == datetime.timedelta(hours=14, minutes=30)
    assert item_activity(obj, Period(datetime.date(2026, 1, 1),
                                     datetime.date(2026, 12, 31))) is None


def test_wait_runs_from_the_last_submission_before_the_approval():
    obj = item("a", ("submit", vn(2025, 3, 1, 8)), ("reject", vn(2025, 3, 1, 10)),
               ("submit", vn(2025, 3, 2, 8)), ("withdraw", vn(2025, 3, 2, 9)),
               ("submit", vn(2025, 3, 3, 8)), ("publish", vn(2025, 3, 3, 11)),
               ("retract", vn(2025, 3, 4, 8)), ("submit", vn(2025, 3, 5, 8)),
               ("publish", vn(2025, 3, 9, 8)))
    found = item_activity(obj, YEAR_2025)
    assert (found.submitted, found.published, found.rejected) == (True, True, True)
    assert found.wait == datetime.timedelta(hours=3)        # the first approval only


def test_submitted_last_year_approved_this_year_waits_across_new_year():
    obj = item("a", ("submit", vn(2024, 12, 30, 8)), ("publish", vn(2025, 1, 2, 8)))
    found = item_activity(obj, YEAR_2025)
    assert (found.submitted, found.published) == (False, True)
    assert found.wait == datetime.timedelta(days=3)


def test_published_without_submission_has_no_wait_and_drafts_count_nothing():
    imported = item("a", ("publish", vn(2025, 5, 1)))
    assert item_activity(imported, YEAR_2025).wait is None
    assert item_activity(item("a"), YEAR_2025) is None
    assert item_activity(item("a", ("submit", vn(2024, 5, 1))), YEAR_2025) is None


# --- the report ---------------------------------------------------------------------------

@pytest.fixture
def report():
    users = {"lan": user("Phòng Văn hóa", "Nguyễn Thị Lan"), "nam": user("Phòng Văn hóa"),
             "hoa": user("UBND xã Yên Thịnh", "Trần Hoa"), "vo": user("  "),
             "tc": user("Phòng Tài chính")}
    district = site(
        "Huyện",
        item("lan", ("submit", vn(2025, 2, 1, 8)), ("publish", vn(2025, 2, 1, 10))),
        item("lan", ("submit", vn(2025, 2, 2, 8)), ("publish", vn(2025, 2, 2, 14)),
             type_name="LegalDocument"),
        item("nam", ("submit", vn(2025, 2, 3, 8)), ("publish", vn(2025, 2, 3, 12))),
        item("nam", ("submit", vn(2025, 2, 4, 8)), ("reject", vn(2025, 2, 4, 9))),
        item("vo", ("submit", vn(2025, 2, 5, 8))),
        item("tc"),                                              # a draft: unit idle
        item("ghost", ("publish", vn(2025, 2, 6, 8))))          # a deleted account
    commune = site("Xã Yên Thịnh",
                   item("hoa", ("submit", vn(2025, 3, 1, 8)), ("publish", vn(2025, 3, 3, 8))),
                   item("lan", ("submit", vn(2024, 3, 1, 8)), ("publish", vn(2024, 3, 3))))
    empty = site("Xã Bản Thi")
    return activity_report([district, commune, empty], users, YEAR_2025,
                           units={"Phòng Nội vụ", "Phòng Văn hóa"})


def rows(tallies):
    return {t.key: (t.submitted, t.published, t.rejected) for t in tallies}


def test_counts_per_site_and_unit(report):
    district, commune, empty = report.sites
    assert rows([district.total, commune.total, empty.total]) == {
        "Huyện": (5, 4, 1), "Xã Yên Thịnh": (1, 1, 0), "Xã Bản Thi": (0, 0, 0)}
    assert rows(district.units) == {"Phòng Văn hóa": (4, 3, 1), "": (1, 1, 0),
                                    "Phòng Tài chính": (0, 0, 0)}
    assert [t.key for t in district.units] == ["Phòng Văn hóa", "", "Phòng Tài chính"]
    assert rows(commune.units) == {"UBND xã Yên Thịnh": (1, 1, 0), "Phòng Văn hóa": (0, 0, 0)}
    assert empty.units == [] and empty.total.idle


def test_units_overall_include_the_given_ones_and_flag_the_idle(report):
    assert rows(report.units) == {"Phòng Văn hóa": (4, 3, 1), "UBND xã Yên Thịnh": (1, 1, 0),
                                  "": (1, 1, 0), "Phòng Tài chính": (0, 0, 0),
                                  "Phòng Nội vụ": (0, 0, 0)}
    assert {t.key for t in report.units if t.idle} == {"Phòng Tài chính", "Phòng Nội vụ"}


def test_published_per_type_and_median_wait(report):
    district = report.sites[0]
    assert report.types == ["LegalDocument", "NewsArticle"]
    assert district.total.by_type == {"NewsArticle": 3, "LegalDocument": 1}
    culture = district.units[0]
    assert sorted(w.total_seconds() / 3600 for w in culture.waits) == [2, 4, 6]
    assert culture.median_wait == datetime.timedelta(hours=4)
    assert district.total.median_wait == datetime.timedelta(hours=4)   # "ghost" has none
    assert report.units[0].median_wait == datetime.timedelta(hours=4)
    both = activity_report([site("S", item("a", ("submit", vn(2025, 1, 1, 0)),
                                           ("publish", vn(2025, 1, 1, 1))),
                                item("a", ("submit", vn(2025, 1, 1, 0)),
                                     ("publish", vn(2025, 1, 1, 4))))],
                           {}, YEAR_2025)
    assert both.sites[0].total.median_wait == datetime.timedelta(hours=2, minutes=30)


def test_top_contributors_by_published_count(report):
    top = report.top_contributors()
    assert [(p.label, p.unit, p.published) for p in top] == [
        ("Nguyễn Thị Lan", "Phòng Văn hóa", 2), ("Phòng Văn hóa", "Phòng Văn hóa", 1),
        ("Trần Hoa", "UBND xã Yên Thịnh", 1), ("ghost", "", 1)]
    assert len(report.top_contributors(limit=2)) == 2


def test_a_site_without_an_index_is_an_idle_site():
    bare = SimpleNamespace(uid="x", title="Xã mới", authored=None)
    found = activity_report([bare], {}, YEAR_2025)
    assert found.sites[0].total.idle and found.units == [] and found.types == []


@pytest.mark.parametrize("delta,text", [
    (None, "—"),
    (datetime.timedelta(seconds=40), "0 phút"),
    (datetime.timedelta(minutes=45), "45 phút"),
    (datetime.timedelta(hours=1), "1 giờ"),
    (datetime.timedelta(hours=3, minutes=30), "3,5 giờ"),
    (datetime.timedelta(hours=23, minutes=30), "23,5 giờ"),
    (datetime.timedelta(days=2), "2 ngày"),
    (datetime.timedelta(days=1, hours=12), "1,5 ngày"),
])
def test_waits_read_in_vietnamese(delta, text):
    assert plain(format_wait(delta)) == text
