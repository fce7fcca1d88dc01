"""Communes (Xã, thị trấn): commune and town component sites inside the portal, each run
by its own staff, optionally at its own host name; the district home block with their
latest news; renaming and merging communes with redirects from the old addresses."""
from pyramid.events import NewRequest

from portal_core.content import TypeInfo
from portal_core.i18n import _
from portal_core.security.permissions import MANAGE_SITE

from . import setuphandlers
from .resources import CommuneSite, CommunesSection, ICommuneSite, ICommunesSection
from .schemas import NewCommuneSchema
from .vhost import route_host


def includeme(config):
    config.add_plugin(
        "communes", title=_("Xã, thị trấn"), version=1,
        description=_("Trang thành phần của các xã, thị trấn: mỗi xã tự quản trị trang "
                      "của mình, có thể có tên miền riêng; tin mới của các xã trên trang "
                      "chủ huyện; đổi tên, sáp nhập xã."),
        demo=setuphandlers.demo)
    config.add_section("communes", title="Xã, thị trấn", slug="xa-thi-tran",
                       factory=CommunesSection, order=80)
    config.add_content_type(TypeInfo(
        name="CommunesSection", factory=CommunesSection, schema=NewCommuneSchema,
        title=_("Chuyên trang xã, thị trấn"), plugin="communes"))
    config.add_content_type(TypeInfo(
        name="CommuneSite", factory=CommuneSite, schema=NewCommuneSchema,
        title=_("Trang xã, thị trấn"), icon="building", plugin="communes"))
    config.add_subscriber(route_host, NewRequest)
    config.add_block("communes.news", "portal_plugins.communes.views.communes_news_block",
                     renderer="portal_plugins.communes:templates/block_news.pt",
                     slot="home", title="Tin từ các xã, thị trấn", plugin="communes",
                     order=20, cached=True)
    config.add_admin_link("communes.add", _("Thêm trang xã, thị trấn"), "add-commune",
                          MANAGE_SITE, context=ICommunesSection)
    for name, title, view in (("communes.hosting", _("Tên miền riêng"), "hosting"),
                              ("communes.rename", _("Đổi tên xã, thị trấn"), "rename"),
                              ("communes.merge", _("Sáp nhập vào xã khác"), "merge")):
        config.add_admin_link(name, title, view, MANAGE_SITE, context=ICommuneSite)
    config.scan(".views")
