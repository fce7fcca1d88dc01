"""How recently each site published something: the number of days since the last
publication in each section that has a ``listing``, for every plugin enabled on the site.

A site is stale when its newest publication in any such section is older than the
threshold, or when it has published nothing at all. The threshold is the portal's
``settings["freshness_days"]`` when that is set. Otherwise it is the
``portal.freshness_days`` ini setting, which defaults to 7. Days are counted as
calendar days in Vietnam time. Everything here only reads.
"""
from ..content.resources import utcnow
from ..dates import local
from ..listing import Listing
from ..plugins.state import enabled_names, section_of
from ..sites import all_sites

DEFAULT_DAYS = 7
SETTING = "portal.freshness_days"
OVERRIDE = "freshness_days"
MAX_DAYS = 3650


def parse_days(value):
    """A threshold typed in a form or an ini file: whole days from 1 to ``MAX_DAYS``;
    raises ValueError otherwise."""
    days = int(str(value).strip())
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(value)
    return days


def default_threshold(registry):
    """The ``portal.freshness_days`` setting (7 when it is missing or invalid)."""
    try:
        return parse_days(registry.settings.get(SETTING, DEFAULT_DAYS))
    except (TypeError, ValueError):
        return DEFAULT_DAYS


def threshold(portal, registry):
    """The portal's override (``portal.settings["freshness_days"]``), else the default."""
    override = (portal.settings or {}).get(OVERRIDE)
    if override is not None:
        try:
            return parse_days(override)
        except (TypeError, ValueError):
            pass
    return default_threshold(registry)


def days_since(moment, now):
    """Calendar days (Vietnam time) from ``moment`` to ``now``; 0 for today."""
    return max(0, (local(now).date() - local(moment).date()).days)


class SectionFreshness:
    """One section: its plugin, its newest live item (or None) and ``days`` since then."""

    def __init__(self, plugin, section, latest, days, stale):
        self.plugin, self.section, self.latest = plugin, section, latest
        self.days, self.stale = days, stale


class SiteFreshness:
    """One site: its sections and ``days`` since its newest publication (None if none)."""

    def __init__(self, site, sections, days, stale):
        self.site, self.sections, self.days, self.stale = site, sections, days, stale


def site_freshness(site, registry, limit, now=None):
    """Return the ``SiteFreshness`` of ``site`` with ``limit`` days as the threshold.

    Reads the plugin state of ``site`` and the first entry of each listing.
    """
    now = now or utcnow()
    sections = []
    for name in enabled_names(site, registry):
        section = section_of(site, name)
        listing = getattr(section, "listing", None)
        if not isinstance(listing, Listing):
            continue
        newest = listing.latest(1, now=now)
        latest = newest[0] if newest else None
        days = days_since(latest.effective, now) if latest is not None else None
        sections.append(SectionFreshness(registry.portal_plugins.get(name), section,
                                         latest, days, days is None or days > limit))
    known = [s.days for s in sections if s.days is not None]
    days = min(known) if known else None
    return SiteFreshness(site, sections, days, days is None or days > limit)


def freshness_of(sites, registry, limit, now=None):
    """Return a ``SiteFreshness`` for each site in ``sites``, in the same order."""
    now = now or utcnow()
    return [site_freshness(site, registry, limit, now) for site in sites]


def stale_sites(portal, registry, now=None):
    """The sites of ``portal`` that are past the threshold, the portal included and
    first if it is stale. See the module docstring for what counts as stale."""
    limit = threshold(portal, registry)
    return [row.site for row in freshness_of(all_sites(portal), registry, limit, now)
            if row.stale]
