"""Reading the visit counters: a site's figures (footer, ``@@stats``) and an item's views.

Everything here reads a few ``Length`` objects and writes nothing.
"""
from dataclasses import dataclass

from ..plugins.state import find_site
from . import counter as counting
from .storage import day_key, month_key, site_stats

ONLINE_CACHE_SECONDS = 10


@dataclass(frozen=True)
class Figures:
    """A site's page views as last flushed: ``total`` includes ``start_total``."""

    total: int = 0
    today: int = 0
    month: int = 0
    online: int = 0
    start_total: int = 0
    counted: int = 0


def _root(obj):
    jar = getattr(obj, "_p_jar", None)
    return jar.root() if jar is not None else None


def site_figures(site, counter=None, now=None):
    """``Figures`` of ``site`` from the persistent counters (what every process has
    flushed); "online" is cached per process for ``ONLINE_CACHE_SECONDS`` while no
    process slot changes. Reads ZODB only."""
    root = _root(site)
    stats = site_stats(root, site.uid) if root is not None else None
    if stats is None:
        return Figures()
    now = now or counting.utcnow()
    return Figures(total=stats.visits(), today=stats.on_day(day_key(now)),
                   month=stats.in_month(month_key(now)),
                   online=_online(stats, site.uid, counter, int(now.timestamp())),
                   start_total=stats.start_total, counted=stats.counted())


def _online(stats, site_uid, counter, epoch):
    if counter is None:
        return stats.online_visitors(epoch)
    signature = stats.online_signature()
    cached = counter.online_cache.get(site_uid)
    if cached is not None and cached[0] == signature and \
            0 <= epoch - cached[1] < ONLINE_CACHE_SECONDS:
        return cached[2]
    value = stats.online_visitors(epoch)
    if len(counter.online_cache) > 10_000:
        counter.online_cache.clear()
    counter.online_cache[site_uid] = (signature, epoch, value)
    return value


def item_visits(obj):
    """Page views of ``obj`` (an item, section or site): the persistent count in its site
    plus what this process has counted and not yet flushed ("Lượt xem"). Reads ZODB only;
    0 for an object that is not stored."""
    site = find_site(obj)
    root = _root(obj)
    uid = getattr(obj, "uid", None)
    if site is None or root is None or uid is None:
        return 0
    stats = site_stats(root, site.uid)
    stored = stats.of_item(uid) if stats is not None else 0
    counter = counting.counter_for(obj._p_jar.db())
    return stored + (counter.pending_item(site.uid, uid) if counter is not None else 0)


def format_number(value, language="vi"):
    """``1379407`` → ``"1.379.407"`` (Vietnamese) or ``"1,379,407"`` (English)."""
    text = "{:,}".format(value)
    return text if language == "en" else text.replace(",", ".")
