"""Editorial activity over a period, per site, per unit and per author.

The sources are each site's ``authored`` index, which maps (creator, uid) to an object,
and the workflow history of every item in it. There is no tree walk. An item counts as
submitted, published or rejected when its history has such a transition inside the
period. Each item counts at most once for each of the three. Its wait is the time from
the submission before its first approval in the period to that approval. Everything here
only reads and has no Pyramid request, so a test can drive it with a fixed "now".
"""
import datetime
import statistics
from collections import Counter

from ..dates import parse_date
from ..content.resources import utcnow
from ..dates import VIETNAM, local
from ..i18n import _
from ..text import fold

NO_UNIT = _("(chưa ghi đơn vị)")
MIN_YEAR, MAX_YEAR = 1970, 2999


class Period:
    """Whole days in Vietnam time, ``first`` to ``last`` (both included)."""

    def __init__(self, first, last):
        self.first, self.last = first, last
        self.start = datetime.datetime.combine(first, datetime.time(0), tzinfo=VIETNAM)
        self.end = datetime.datetime.combine(last + datetime.timedelta(days=1),
                                             datetime.time(0), tzinfo=VIETNAM)

    def __contains__(self, moment):
        return moment is not None and self.start <= moment < self.end

    def __eq__(self, other):
        return isinstance(other, Period) and (self.first, self.last) == (other.first,
                                                                         other.last)

    def __repr__(self):
        return "<Period %s..%s>" % (self.first, self.last)

    @classmethod
    def year_of(cls, now=None):
        """The calendar year (Vietnam time) that contains ``now``."""
        year = local(now or utcnow()).year
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def _day(params, key, error, errors):
    """The date typed in ``params[key]``, or None (with ``error`` noted if it was bad)."""
    try:
        day = parse_date(params.get(key, "")[:40])
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            raise ValueError(day)
    except ValueError:
        errors.append(error)
        return None
    return day


def period_from(params, now=None):
    """Return ``(Period, errors)`` for the ``from`` and ``to`` query parameters.

    Both take dd/mm/yyyy or yyyy-mm-dd. A missing or bad date falls back to that end of
    the current year in Vietnam time; a bad one also adds an error (a translation
    string). A start after the end falls back to the whole year.
    """
    errors = []
    default = Period.year_of(now)
    first = _day(params, "from", _("Ngày bắt đầu không hợp lệ; đã dùng ngày mặc định."),
                 errors)
    last = _day(params, "to", _("Ngày kết thúc không hợp lệ; đã dùng ngày mặc định."),
                errors)
    first, last = first or default.first, last or default.last
    if first > last:
        errors.append(_("Ngày bắt đầu sau ngày kết thúc; đã dùng cả năm nay."))
        return default, errors
    return Period(first, last), errors


class ItemActivity:
    """What happened to one item inside a period (see the module docstring)."""

    def __init__(self, submitted=False, published=False, rejected=False, wait=None):
        self.submitted, self.published, self.rejected = submitted, published, rejected
        self.wait = wait


def item_activity(obj, period):
    """Read ``obj.workflow_history`` and return an ``ItemActivity``, or None when no
    submission, approval or rejection of ``obj`` falls inside ``period``."""
    found = ItemActivity()
    since = None
    for entry in obj.workflow_history or ():
        name, when = entry.get("transition"), entry.get("time")
        inside = when in period
        if name == "submit":
            since = when
            found.submitted = found.submitted or inside
        elif name == "publish":
            if inside and not found.published:
                found.published = True
                if since is not None:
                    found.wait = when - since
            since = None
        elif name in ("reject", "withdraw"):
            found.rejected = found.rejected or (inside and name == "reject")
            since = None
    if found.submitted or found.published or found.rejected:
        return found
    return None


class Tally:
    """Counts for one group: a site, a unit (in one site or overall) or an author.

    ``key`` is the site uid, the unit name ("" when no unit is recorded) or the login.
    """

    def __init__(self, key, label=None, unit=""):
        self.key, self.label, self.unit = key, label if label is not None else key, unit
        self.submitted = self.published = self.rejected = 0
        self.waits = []
        self.by_type = Counter()        # type name → items published

    def add(self, activity, type_name):
        self.submitted += activity.submitted
        self.rejected += activity.rejected
        if activity.published:
            self.published += 1
            self.by_type[type_name] += 1
            if activity.wait is not None:
                self.waits.append(activity.wait)

    @property
    def median_wait(self):
        """The median time from submission to approval (a timedelta), or None."""
        return statistics.median(self.waits) if self.waits else None

    @property
    def idle(self):
        """True when nothing of this group was published in the period."""
        return self.published == 0


def _ranked(tallies):
    """Most published first; the unit-less group last among equals; then by name."""
    return sorted(tallies, key=lambda t: (-t.published, -t.submitted, t.key == "",
                                          fold(str(t.label))))


class SiteActivity:
    """One site's total and its per-unit tallies."""

    def __init__(self, site, total, units):
        self.site, self.total, self.units = site, total, units


class ActivityReport:
    """The result of ``activity_report``: ``period``, ``sites`` (SiteActivity), ``units``
    (tallies over every site), ``people`` (authors with any activity) and ``types`` (type
    names with a publication)."""

    def __init__(self, period, sites, units, people):
        self.period, self.sites, self.units, self.people = period, sites, units, people
        types = Counter()
        for unit in units:
            types.update(unit.by_type)
        self.types = sorted(types)

    def top_contributors(self, limit=10):
        """Authors with a publication in the period, most published first."""
        return [p for p in self.people if p.published][:limit]


def _tally(groups, key, *args):
    """``groups[key]``, made on first use."""
    tally = groups.get(key)
    if tally is None:
        tally = groups[key] = Tally(key, *args)
    return tally


def activity_report(sites, users, period, units=()):
    """Tally the activity in ``period`` of every item in each site's ``authored`` index.

    ``users`` maps a login to its User; the author's ``unit`` decides the group. A unit
    seen in a site's index (at any time) gets a row in that site even when it is idle.
    ``units`` names more units to list in the overall table. Reads the indexes, the
    items and the users; writes nothing.
    """
    authors, people = {}, {}
    overall = {unit: Tally(unit) for unit in units}
    report_sites = []
    for site in sites:
        total, in_site = Tally(site.uid, site.title), {}
        for obj in (site.authored.values() if site.authored is not None else ()):
            login = obj.creator
            if login not in authors:
                authors[login] = users.get(login)
            user = authors[login]
            unit = (user.unit or "").strip() if user is not None else ""
            row, unit_total = _tally(in_site, unit), _tally(overall, unit)
            activity = item_activity(obj, period)
            if activity is None:
                continue
            name = user.display_name if user is not None else login
            person = _tally(people, login, name, unit)
            for tally in (total, row, unit_total, person):
                tally.add(activity, obj.type_name)
        report_sites.append(SiteActivity(site, total, _ranked(in_site.values())))
    return ActivityReport(period, report_sites, _ranked(overall.values()),
                          _ranked(people.values()))


def _number(value):
    """``value`` with one decimal and a decimal comma, as written in Vietnamese."""
    text = "%.1f" % value
    return (text[:-2] if text.endswith(".0") else text).replace(".", ",")


def format_wait(delta):
    """A duration in Vietnamese: minutes under an hour, hours under a day, then days
    (a translation string); "—" when there is none."""
    if delta is None:
        return "—"
    hours = delta.total_seconds() / 3600
    if hours < 1:
        return _("${n} phút", mapping={"n": int(delta.total_seconds() // 60)})
    if hours < 24:
        return _("${n} giờ", mapping={"n": _number(hours)})
    return _("${n} ngày", mapping={"n": _number(hours / 24)})
