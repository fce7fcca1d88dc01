"""Links plugins add to the staff start page (``@@admin``) with ``add_admin_link``."""
from dataclasses import dataclass

from zope.interface import Interface


@dataclass(frozen=True)
class AdminLink:
    """A link to view ``view`` of the site, shown where ``context`` is provided and the
    user has ``permission`` there."""

    name: str
    title: str
    view: str
    permission: str
    context: object = Interface
    order: int = 100


def add_admin_link(config, name, title, view, permission, context=Interface, order=100):
    """Directive: add a link to ``@@admin`` (two links of one name conflict)."""
    link = AdminLink(name, title, view, permission, config.maybe_dotted(context), order)
    registry = config.registry
    config.action(("portal.admin_link", name),
                  lambda: registry.portal_admin_links.append(link))
    return link


def admin_links(site, request):
    """``[(title, url)]`` of the registered links the user may follow on ``site``."""
    links = sorted(request.registry.portal_admin_links, key=lambda link: (link.order, link.name))
    return [(link.title, request.resource_url(site, "@@" + link.view)) for link in links
            if link.context.providedBy(site) and request.has_permission(link.permission, site)]
