"""Urgent notices (Thông báo khẩn): short notices with a severity level, shown as a
banner at the top of every page of the portal and of every commune site until they
expire or are withdrawn."""
from portal_core.content import TypeInfo
from portal_core.i18n import _

from . import setuphandlers
from .resources import UrgentNotice, UrgentSection
from .schemas import UrgentNoticeSchema, UrgentSectionSchema


def includeme(config):
    config.add_plugin(
        "urgent", title=_("Thông báo khẩn"), version=1,
        description=_("Thông báo khẩn (thiên tai, dịch bệnh, sự cố) hiện thành dải "
                      "thông báo trên đầu mọi trang của cổng và các trang xã."),
        on_enable=setuphandlers.on_enable, on_disable=setuphandlers.on_disable,
        demo=setuphandlers.demo)
    config.add_section("urgent", title="Thông báo khẩn", slug="thong-bao-khan",
                       factory=UrgentSection, order=35)
    config.add_content_type(TypeInfo(
        name="UrgentNotice", factory=UrgentNotice, schema=UrgentNoticeSchema,
        title=_("Thông báo khẩn"), addable_to=("UrgentSection",), icon="alert",
        plugin="urgent", workflow="editorial"))
    config.add_content_type(TypeInfo(
        name="UrgentSection", factory=UrgentSection, schema=UrgentSectionSchema,
        title=_("Chuyên trang thông báo khẩn"), plugin="urgent"))
    config.add_block("urgent.banner", "portal_plugins.urgent.views.banner_block",
                     renderer="portal_plugins.urgent:templates/banner.pt", slot="banner",
                     title="Thông báo khẩn", plugin="urgent", order=10, portal_wide=True)
    config.add_static_view("static-urgent", "portal_plugins.urgent:static")
    config.scan(".views")
