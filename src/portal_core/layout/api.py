"""``request.layout``: what the main layout macro needs, computed once per request."""
from pyramid.decorator import reify
from pyramid.renderers import get_renderer, render
from pyramid.traversal import quote_path_segment

from ..dates import format_date, format_datetime
from ..i18n import LANGUAGES
from ..interfaces import IContainer, IContent, ISite
from ..plugins.guard import visible_site
from ..plugins.state import find_site
from ..revisions.accountability import accountability
from ..security import user_roles
from ..security.permissions import EDIT
from ..views.content import addable_types
from ..workflow.api import available_transitions, last_entry, state_of
from ..security.policy import find_portal
from ..security.roles import STAFF_ROLES
from .blocks import render_blocks
from .navigation import breadcrumbs, main_navigation

LAYOUT_TEMPLATE = "portal_core:templates/layout.pt"
_STATIC_URLS = {}


class LayoutAPI:
    """Site, navigation, breadcrumbs, blocks and user facts for the current request."""

    def __init__(self, request):
        self.request = request

    @reify
    def context(self):
        request = self.request
        context = getattr(request, "context", None)
        if context is None:
            return find_portal(request)
        if getattr(request, "exception", None) is not None:
            return visible_site(context, request.registry)
        return context

    @reify
    def portal(self):
        return find_portal(self.request)

    @reify
    def macro(self):
        return get_renderer(LAYOUT_TEMPLATE).implementation().macros["layout"]

    @reify
    def site(self):
        return find_site(self.context)

    @reify
    def settings(self):
        return self.site.settings

    @reify
    def site_name(self):
        return self.settings.get("name") or self.site.title

    @reify
    def nav(self):
        return main_navigation(self.site, self.request, self.url)

    @reify
    def breadcrumbs(self):
        return breadcrumbs(self.context, self.request, self.url)

    @reify
    def is_container(self):
        return IContainer.providedBy(self.context)

    @reify
    def user(self):
        return self.request.identity

    @reify
    def is_staff(self):
        if self.user is None:
            return False
        roles = user_roles(self.request, self.context)
        return bool(roles & STAFF_ROLES)

    def flashes(self):
        """Pending messages ``[(queue, text)]``; anonymous visitors have no session to read."""
        request = self.request
        if self.user is None:
            return []
        return [(queue, message) for queue in ("success", "error")
                for message in request.session.pop_flash(queue)]

    def can(self, permission, context=None):
        return bool(self.request.has_permission(permission, context or self.context))

    def blocks(self, slot):
        return render_blocks(slot, self.context, self.request)

    @reify
    def lang(self):
        return self.request.locale_name

    def languages(self):
        """``[(code, label, url)]`` for the other UI languages."""
        return [(code, label, self.request.path_url + "?lang=" + code)
                for code, label in LANGUAGES.items() if code != self.lang]

    date = staticmethod(format_date)
    datetime = staticmethod(format_datetime)

    def static(self, path):
        """URL of a core static file; cached per application URL (one per host)."""
        key = (self.request.application_url, path)
        url = _STATIC_URLS.get(key)
        if url is None:
            url = self.request.static_url("portal_core:static/" + path)
            if len(_STATIC_URLS) < 1000:
                _STATIC_URLS[key] = url
        return url

    @reify
    def _urls(self):
        """Seeds of the URL cache: the portal, and the virtual root when a site is served
        at its own host (URLs below it are built from it). On such a host, pages outside
        that site are linked at the portal's own address, the ``portal.url`` setting."""
        portal, request = self.portal, self.request
        urls = {id(portal): (portal, request.resource_url(portal))}
        if request.environ.get("HTTP_X_VHM_ROOT"):
            vroot = request.virtual_root
            urls[id(vroot)] = (vroot, request.resource_url(vroot))
            canonical = request.registry.settings.get("portal.url", "").rstrip("/")
            if canonical and vroot is not portal:
                urls[id(portal)] = (portal, canonical + "/")
        return urls

    def url(self, obj, *elements, **kw):
        """``request.resource_url`` for templates, with each object's URL computed once
        per request from its parent's (pages link dozens of items)."""
        if kw:
            return self.request.resource_url(obj, *elements, **kw)
        base = self._object_url(obj)
        if elements:
            return base + "/".join(quote_path_segment(str(e)) for e in elements)
        return base

    def _object_url(self, obj):
        cached = self._urls.get(id(obj))
        if cached is not None and cached[0] is obj:
            return cached[1]
        if obj.__parent__ is None:
            url = self.request.resource_url(obj)
        else:
            url = self._object_url(obj.__parent__) + quote_path_segment(obj.__name__) + "/"
        self._urls[id(obj)] = (obj, url)
        return url

    def attachments(self, item):
        """HTML of the files of ``item`` (an ``AttachmentList``); users who may edit it
        get a button to take each one off."""
        editable = self.user is not None and self.can(EDIT, item)
        return render("portal_core:templates/attachments.pt",
                      {"item": item, "files": item.files(), "editable": editable},
                      request=self.request)

    def translate(self, message):
        return self.request.localizer.translate(message)

    @reify
    def workflow(self):
        """``(state, transitions, rejection)`` of the context for staff, or None;
        ``rejection`` is the history entry of the last "reject" while it is a draft."""
        if not self.is_staff:
            return None
        state = state_of(self.context, self.request.registry)
        if state is None:
            return None
        rejection = last_entry(self.context) if state.name == "draft" else None
        if rejection is not None and rejection["transition"] != "reject":
            rejection = None
        return state, available_transitions(self.context, self.request), rejection

    @reify
    def accountability(self):
        """Creator, last editor, approver and state of the context for users who may edit
        it (the "Thông tin quản lý" box), else None."""
        context = self.context
        if (self.user is None or not IContent.providedBy(context) or ISite.providedBy(context)
                or not self.can("portal.edit")):
            return None
        return accountability(self.request, context)

    @reify
    def addable(self):
        """Types the user may add in the context (for the staff add menu)."""
        return addable_types(self.context, self.request)
