"""Visit statistics (Thống kê truy cập): page views per site and per item, today, this
month and visitors online, with no ZODB write on a request.

Page views are counted in this process's memory by a ``NewResponse`` subscriber
(``tracking``), flushed every ``portal.stats.flush_seconds`` by a daemon thread to
conflict-resolving counters in their own transaction (``counter``, ``storage``), and read
by the footer block ``stats.visits`` and ``@@stats`` (``views``). See docs/stats.md.

Public API: ``item_visits(obj)``, ``site_figures(site)``, ``flush(registry)``,
``Figures``, ``format_number`` and ``is_bot``.
"""
from pyramid.events import NewResponse

from ..i18n import _
from ..interfaces import ISite
from ..security.permissions import MANAGE_SITE
from .api import Figures, format_number, item_visits, site_figures  # noqa: F401
from .counter import DEFAULT_FLUSH_SECONDS, VisitCounter
from .tracking import count_page_view, is_bot, secret_key  # noqa: F401


def flush(registry):
    """Write this process's unflushed page views now; returns how many were written."""
    return registry.portal_stats.flush()


def _bind_database(registry):
    databases = getattr(registry, "_zodb_databases", None) or {}
    database = databases.get("")
    if database is not None:
        registry.portal_stats.bind(database)


def includeme(config):
    settings = config.registry.settings
    flush_seconds = float(settings.get("portal.stats.flush_seconds", DEFAULT_FLUSH_SECONDS))
    config.registry.portal_stats = VisitCounter(
        secret_key(settings.get("portal.secret") or ""), flush_seconds=flush_seconds)
    config.action(None, _bind_database, args=(config.registry,), order=1000)
    config.add_subscriber(count_page_view, NewResponse)
    config.add_block(name="stats.visits", view=".views.visits_block",
                     renderer="portal_core:templates/stats_block.pt", slot="footer",
                     title=_("Thống kê truy cập"), plugin=None, order=900)
    config.add_admin_link("stats", _("Thống kê truy cập"), "stats", MANAGE_SITE,
                          context=ISite, order=900)
    config.scan(".views")
