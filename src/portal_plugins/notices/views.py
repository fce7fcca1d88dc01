"""Public notice views: the newest-first listing, the notice page, its files, home block."""
from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from portal_core.attachments import attachment_download
from portal_core.listing import page_number
from portal_core.plugins import find_site, section_of
from portal_core.security.permissions import VIEW
from portal_core.views.content import require_live_or_editor

from .resources import INotice, INoticeSection

PAGE_SIZE = 20
BLOCK_SIZE = 5


@view_config(context=INoticeSection, renderer="templates/section.pt", permission=VIEW,
             plugin_enabled="notices")
def section_view(context, request):
    """Live notices, newest first, 20 a page (reads the listing index only)."""
    page = page_number(request)
    items, pages = context.listing.page(page, PAGE_SIZE)
    if page > pages:
        raise HTTPNotFound()
    return {"items": items, "page": page, "pages": pages}



@view_config(context=INotice, renderer="templates/notice.pt", permission=VIEW,
             plugin_enabled="notices")
def notice_view(context, request):
    """One notice with its attachments and previous/next notices."""
    preview = require_live_or_editor(context, request)
    listing = getattr(context.__parent__, "listing", None)
    newer, older = listing.neighbours(context) if listing is not None else (None, None)
    return {"item": context, "preview": preview, "newer": newer, "older": older}


@view_config(context=INotice, name="file", permission=VIEW, plugin_enabled="notices")
def file_view(context, request):
    """``@@file/N``: the N-th attachment (1-based) as a download with its file name."""
    require_live_or_editor(context, request)
    return attachment_download(context, request)


def latest_notices_block(context, request, limit=BLOCK_SIZE):
    """Home tile: the newest live notices of this site's notices section; hidden while
    there are none (an empty portal home keeps saying it has no content)."""
    section = section_of(find_site(context), "notices")
    items = section.listing.latest(limit) if section is not None else []
    if not items:
        return None
    return {"section": section, "items": items}
