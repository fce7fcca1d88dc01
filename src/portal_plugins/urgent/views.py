"""Urgent notice views: the banner block on every page, the section and item pages."""
from pyramid.traversal import find_root
from pyramid.view import view_config

from portal_core.content import utcnow
from portal_core.plugins import find_site, is_enabled, section_of
from portal_core.security.permissions import VIEW
from portal_core.views.content import require_live_or_editor

from .resources import IUrgentNotice, IUrgentSection

#: the banner reads at most this many live notices per section (newest first)
BANNER_LIMIT = 10


def live_notices(section, now=None, limit=BANNER_LIMIT):
    """Live public notices of ``section``, most severe first, then newest.

    Reads only the section's listing (published, effective, not expired); writes nothing.
    """
    if section is None or getattr(section, "listing", None) is None:
        return []
    items = section.listing.latest(limit, now=now)
    return sorted(items, key=lambda n: (n.rank, -n.effective.timestamp()))


def banner_notices(context, request, now=None):
    """The notices of the banner on ``context``'s page: the portal's, plus those of the
    page's own site (a commune) when it runs the plugin itself."""
    now = now or utcnow()
    portal = find_root(context)
    sections = [section_of(portal, "urgent")]
    site = find_site(context)
    if site is not portal and is_enabled(site, "urgent"):
        sections.append(section_of(site, "urgent"))
    notices = [n for section in sections for n in live_notices(section, now)]
    return sorted(notices, key=lambda n: (n.rank, -n.effective.timestamp()))


def banner_block(context, request):
    """Banner slot block: None (nothing rendered) when no notice is live."""
    notices = banner_notices(context, request)
    if not notices:
        return None
    return {"notices": notices,
            "script": request.static_url("portal_plugins.urgent:static/urgent.js"),
            "css": request.static_url("portal_plugins.urgent:static/urgent.css")}


@view_config(context=IUrgentSection, renderer="templates/section.pt", permission=VIEW,
             plugin_enabled="urgent")
def section_view(context, request):
    """The live urgent notices of this section, most severe first."""
    return {"items": live_notices(context, limit=100)}


@view_config(context=IUrgentNotice, renderer="templates/notice.pt", permission=VIEW,
             plugin_enabled="urgent")
def notice_view(context, request):
    """One urgent notice; outside its dates only its editors see it (a preview)."""
    return {"item": context, "preview": require_live_or_editor(context, request)}
