"""Communes section page, adding a commune site, its host name, renaming and merging,
and the district home block with the communes' latest news."""
import colander
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from portal_core.content import add
from portal_core.forms import FormView
from portal_core.i18n import _, flash
from portal_core.plugins import section_of
from portal_core.security import grant_role
from portal_core.security.roles import SITE_ADMIN
from portal_core.security.permissions import MANAGE_SITE, VIEW

from .reorganise import merge, rename
from .resources import CommuneSite, ICommuneSite, ICommunesSection
from .schemas import HostSchema, MergeSchema, NewCommuneSchema, RenameSchema
from .vhost import set_host

FORM = "portal_core:templates/form.pt"
LATEST = 8


@view_config(context=ICommunesSection, renderer="templates/section.pt", permission=VIEW,
             plugin_enabled="communes")
def section_view(context, request):
    """The list of communes and towns, with a link to each one's site."""
    return {"communes": context.communes(),
            "merged": sorted(context.merged_records().values(), key=lambda r: r["title"])
            if context.merged else []}


@view_config(context=ICommunesSection, name="add-commune", renderer=FORM,
             permission=MANAGE_SITE, plugin_enabled="communes")
class AddCommuneView(FormView):
    """A new commune site: its plugins enabled, its own admin granted there."""

    schema = NewCommuneSchema
    buttons = ("save", "cancel")
    title = _("Thêm trang xã, thị trấn")

    def save_success(self, appstruct):
        from portal_core.plugins import enable
        users = self.request.root.users
        login = appstruct["site_admin"].strip()
        if login and login not in users:
            raise colander.Invalid(self.form.schema["site_admin"],
                                   _("Không có tài khoản này."))
        name = appstruct["name"] or None
        if name and name in self.context:
            raise colander.Invalid(self.form.schema["name"], _("Tên này đã có."))
        site = CommuneSite(title=appstruct["title"], creator=self.request.authenticated_userid)
        site.settings.update(name=appstruct["title"], level="xa")
        add(self.context, site, self.request, name=name)
        for plugin in self.request.registry.portal_plugins.in_dependency_order():
            if plugin.name in appstruct["plugins"]:
                enable(site, plugin.name, self.request)
        if login:
            grant_role(site, "user:" + login, SITE_ADMIN)
        flash(self.request, _("Đã tạo trang ${title}.", mapping={"title": site.title}),
              "success")
        return HTTPSeeOther(self.request.resource_url(site, "@@admin"))


@view_config(context=ICommuneSite, name="hosting", renderer=FORM, permission=MANAGE_SITE)
class HostingView(FormView):
    """The host name the commune site is served at (``@@hosting``)."""

    schema = HostSchema
    buttons = ("save", "cancel")
    title = _("Tên miền riêng của trang")

    def appstruct(self):
        return {"host": self.context.host}

    def save_success(self, appstruct):
        try:
            set_host(self.context, appstruct["host"])
        except ValueError as taken:
            raise colander.Invalid(self.form.schema["host"], _(
                "Tên miền này đang dùng cho ${title}.", mapping={"title": str(taken)}))
        flash(self.request, _("Đã lưu tên miền."), "success")
        return HTTPSeeOther(self.request.resource_url(self.context, "@@admin"))


class _PortalAdminForm(FormView):
    """Reorganisation is the district's decision: Manager/SiteAdmin of the portal."""

    buttons = ("save", "cancel")

    def __call__(self):
        if not self.request.has_permission(MANAGE_SITE, self.context.__parent__):
            from pyramid.httpexceptions import HTTPForbidden
            raise HTTPForbidden(_("Chỉ quản trị cổng huyện mới đổi tên hoặc sáp nhập xã."))
        return super().__call__()


@view_config(context=ICommuneSite, name="rename", renderer=FORM, permission=MANAGE_SITE)
class RenameView(_PortalAdminForm):
    """Rename a commune: its old addresses answer 301 to the new ones."""

    schema = RenameSchema
    title = _("Đổi tên xã, thị trấn")

    def appstruct(self):
        return {"title": self.context.title, "name": self.context.__name__}

    def save_success(self, appstruct):
        section = self.context.__parent__
        if appstruct["name"] != self.context.__name__ and appstruct["name"] in section:
            raise colander.Invalid(self.form.schema["name"], _("Tên này đã có."))
        rename(self.context, appstruct["title"], appstruct["name"], self.request)
        flash(self.request, _("Đã đổi tên."), "success")
        return HTTPSeeOther(self.request.resource_url(self.context, "@@admin"))


@view_config(context=ICommuneSite, name="merge", renderer=FORM, permission=MANAGE_SITE)
class MergeView(_PortalAdminForm):
    """Merge this commune into another: content moves, labelled with its former unit."""

    schema = MergeSchema
    title = _("Sáp nhập xã, thị trấn")
    button_titles = dict(FormView.button_titles, save=_("Sáp nhập"))

    def save_success(self, appstruct):
        target = self.context.__parent__[appstruct["target"]]
        moved = merge(self.context, target, self.request)
        flash(self.request, _("Đã sáp nhập ${n} mục vào ${title}.",
                              mapping={"n": moved, "title": target.title}), "success")
        return HTTPSeeOther(self.request.resource_url(target, "@@admin"))


def latest_from_communes(portal, limit=LATEST):
    """``[(item, commune)]``: the newest live news of every commune site, newest first."""
    section = section_of(portal, "communes")
    if section is None:
        return []
    found = []
    for commune in section.communes():
        news = section_of(commune, "news")
        listing = getattr(news, "listing", None)
        if listing is not None:
            found.extend((item, commune) for item in listing.latest(limit))
    found.sort(key=lambda pair: pair[0].effective, reverse=True)
    return found[:limit]


def communes_news_block(context, request):
    """Home block of the portal: the communes' latest news, labelled by commune."""
    site = request.layout.site
    if site is not request.layout.portal:
        return None
    items = latest_from_communes(site)
    return {"items": items} if items else None
