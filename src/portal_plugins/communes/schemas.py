"""Forms of the communes plugin: a new commune site, its host name."""
import re

import colander
import deform

from portal_core.content.schemas import PortalSchema, text_node
from portal_core.i18n import _

HOST = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


DEFAULT_PLUGINS = ("news",)


def plugin_choices(registry):
    """``(name, title)`` of the installed plugins a commune site may use."""
    return [(p.name, p.title) for p in registry.portal_plugins if p.name != "communes"]


@colander.deferred
def _plugin_widget(node, kw):
    return deform.widget.CheckboxChoiceWidget(values=plugin_choices(kw["request"].registry))


@colander.deferred
def _plugin_validator(node, kw):
    allowed = {name for name, _title in plugin_choices(kw["request"].registry)}

    def validate(node, value):
        if set(value) - allowed:
            raise colander.Invalid(node, _("Chức năng không có trong danh sách."))
    return validate


def valid_host(node, value):
    if not HOST.match(value):
        raise colander.Invalid(node, _("Tên miền không hợp lệ (ví dụ: yenthinh.chodon.gov.vn)."))


class NewCommuneSchema(PortalSchema):
    """What the district's admin types to create a commune site."""

    title = text_node(_("Tên xã, thị trấn (ví dụ: Xã Yên Thịnh)"), max_length=200)
    name = colander.SchemaNode(
        colander.String(), title=_("Tên trong địa chỉ (để trống: tạo từ tên)"), missing="",
        validator=colander.Regex(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$",
                                 _("Chỉ dùng chữ thường không dấu, số và dấu gạch ngang.")))
    plugins = colander.SchemaNode(
        colander.Set(), title=_("Chức năng bật sẵn"), widget=_plugin_widget,
        validator=_plugin_validator, default=DEFAULT_PLUGINS, missing=())
    site_admin = text_node(_("Tài khoản quản trị của xã (tùy chọn, đã có sẵn)"),
                           max_length=100, missing="")


class HostSchema(PortalSchema):
    """The host name a commune site answers at (empty: only its path on the portal)."""

    host = colander.SchemaNode(colander.String(), title=_("Tên miền riêng"), missing="",
                               preparer=lambda v: v.strip().lower().rstrip(".")
                               if isinstance(v, str) else v,
                               validator=valid_host)


class RenameSchema(PortalSchema):
    """A new name for a commune (administrative units are renamed and merged)."""

    title = text_node(_("Tên mới"), max_length=200)
    name = colander.SchemaNode(
        colander.String(), title=_("Tên mới trong địa chỉ"),
        validator=colander.Regex(r"^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$",
                                 _("Chỉ dùng chữ thường không dấu, số và dấu gạch ngang.")))


def merge_targets(site):
    """``(name, title)`` of the other communes ``site`` may be merged into."""
    return [(other.__name__, other.title) for other in site.__parent__.communes()
            if other is not site]


@colander.deferred
def _target_widget(node, kw):
    return deform.widget.SelectWidget(values=merge_targets(kw["context"]))


@colander.deferred
def _target_validator(node, kw):
    return colander.OneOf([value for value, _title in merge_targets(kw["context"])])


class MergeSchema(PortalSchema):
    """Merge this commune into another one."""

    target = colander.SchemaNode(colander.String(), title=_("Sáp nhập vào"),
                                 widget=_target_widget, validator=_target_validator)
