"""Main navigation (enabled sections in the admin-set order) and breadcrumbs."""
from pyramid.location import lineage

from ..plugins.state import is_enabled, section_of


def nav_order(site):
    """The admin-set ``{plugin: position}`` of ``site`` (empty: registration defaults)."""
    return site.settings.get("nav_order") or {}


def main_navigation(site, request, url=None):
    """``[(title, url, section)]`` for sections of plugins enabled on ``site``.

    ``url(obj)`` makes the links (default ``request.resource_url``).
    """
    url = url or request.resource_url
    order = nav_order(site)
    entries = []
    for plugin in request.registry.portal_plugins:
        info = plugin.sections[0] if plugin.sections else None
        if info is None or not info.in_navigation or not is_enabled(site, plugin.name):
            continue
        section = section_of(site, plugin.name)
        if section is None:
            continue
        position = order.get(plugin.name, info.order)
        entries.append((position, section.title, url(section), section))
    entries.sort(key=lambda e: (e[0], e[1]))
    return [entry[1:] for entry in entries]


def breadcrumbs(context, request, url=None):
    """``[(title, url)]`` from the portal down to ``context``."""
    url = url or request.resource_url
    crumbs = [(obj.title or obj.__name__, url(obj)) for obj in lineage(context)]
    crumbs.reverse()
    return crumbs
