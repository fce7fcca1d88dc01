"""Site pages: home (blocks), settings and the administration overview."""
import colander
import deform
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from ..blobs import file_response
from ..content.schemas import PortalSchema, image_node, text_node, textarea_node
from ..forms import FormView
from ..i18n import _, flash
from ..interfaces import ISite
from ..layout import admin_links
from ..security import permissions as perm

LEVELS = (("tinh", _("Tỉnh, thành phố")), ("huyen", _("Huyện, quận, thị xã")),
          ("xa", _("Xã, phường, thị trấn")), ("so", _("Sở, ban, ngành")),
          ("khac", _("Đơn vị khác")))


@view_config(context=ISite, renderer="portal_core:templates/home.pt", permission=perm.VIEW)
def home_view(context, request):
    """The site's home page: its home blocks in order."""
    return {"tiles": request.layout.blocks("home")}


class SiteSettingsSchema(PortalSchema):
    """Name, level and contact details of the unit that runs the site."""

    name = text_node(_("Tên cơ quan / đơn vị"))
    level = colander.SchemaNode(
        colander.String(), title=_("Cấp hành chính"),
        widget=deform.widget.SelectWidget(values=LEVELS),
        validator=colander.OneOf([value for value, _title in LEVELS]))
    emblem_text = text_node(_("Dòng chữ phía trên tên (ví dụ: Cổng thông tin điện tử)"),
                            missing="")
    head_of_unit = text_node(_("Cơ quan chủ quản"), missing="")
    address = textarea_node(_("Địa chỉ"), max_length=500, rows=2)
    phone = text_node(_("Điện thoại"), max_length=50, missing="")
    fax = text_node(_("Fax"), max_length=50, missing="")
    email = colander.SchemaNode(colander.String(), title=_("Thư điện tử"), missing="",
                                validator=colander.Email(msg=_("Địa chỉ thư không hợp lệ.")))
    website = colander.SchemaNode(colander.String(), title=_("Trang web"), missing="",
                                  validator=colander.url)
    color = colander.SchemaNode(
        colander.String(), title=_("Màu chủ đạo"), missing="",
        description=_("Mã màu dạng #RRGGBB, ví dụ #0b5394. Để trống: màu đỏ mặc định."),
        preparer=lambda v: v.strip().lower() if isinstance(v, str) else v,
        validator=colander.Regex(r"^#[0-9a-f]{6}$", _("Mã màu phải có dạng #RRGGBB.")))
    logo = image_node(_("Biểu trưng (logo)"))


@view_config(context=ISite, name="settings", renderer="portal_core:templates/form.pt",
             permission=perm.MANAGE_SITE)
class SiteSettingsView(FormView):
    """``@@settings``: what the portal says about its unit (no level is hard-coded)."""

    schema = SiteSettingsSchema
    buttons = ("save", "cancel")
    title = _("Thiết lập trang thông tin")

    def appstruct(self):
        fields = {node.name for node in self.schema().children} - {"logo"}
        return {key: value for key, value in self.context.settings.items() if key in fields}

    def save_success(self, appstruct):
        appstruct.pop("csrf_token", None)
        logo = appstruct.pop("logo", None)
        if logo is not None:
            self.context.logo = logo
        self.context.settings.update(appstruct)
        self.context.title = appstruct["name"]
        flash(self.request, _("Đã lưu thiết lập."), "success")
        return HTTPSeeOther(self.request.resource_url(self.context, "@@admin"))


@view_config(context=ISite, name="logo", permission=perm.VIEW)
def logo_view(context, request):
    """The site's logo (uploaded on ``@@settings``)."""
    if context.logo is None:
        raise HTTPNotFound()
    return file_response(request, context.logo, max_age=86400)


@view_config(context=ISite, name="admin", renderer="portal_core:templates/admin.pt",
             permission=perm.CONTENTS)
def admin_view(context, request):
    """The staff start page: links to what the user may manage on this site."""
    return {"can_manage": request.has_permission(perm.MANAGE_SITE, context),
            "plugin_links": admin_links(context, request)}
