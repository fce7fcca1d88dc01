"""Notices (Thông báo điện tử): a section of official notices with attachments, a
newest-first listing, a home block and full-text search."""
from portal_core.content import TypeInfo
from portal_core.i18n import _
from portal_core.search import Searchable

from . import setuphandlers
from .resources import Notice, NoticeSection
from .schemas import NoticeSchema, NoticeSectionSchema


def includeme(config):
    config.add_plugin(
        "notices", title=_("Thông báo"), version=1,
        description=_("Thông báo điện tử của cơ quan: danh sách mới nhất, tệp đính kèm, "
                      "khối thông báo trên trang chủ."),
        on_enable=setuphandlers.on_enable, on_disable=setuphandlers.on_disable,
        demo=setuphandlers.demo)
    config.add_section("notices", title="Thông báo", slug="thong-bao",
                       factory=NoticeSection, order=30)
    config.add_content_type(TypeInfo(
        name="Notice", factory=Notice, schema=NoticeSchema, title=_("Thông báo"),
        addable_to=("NoticeSection",), icon="megaphone", plugin="notices",
        workflow="editorial", search=Searchable(text=("description", "body"))))
    config.add_content_type(TypeInfo(
        name="NoticeSection", factory=NoticeSection, schema=NoticeSectionSchema,
        title=_("Chuyên trang thông báo"), plugin="notices"))
    config.add_block("notices.latest", "portal_plugins.notices.views.latest_notices_block",
                     renderer="portal_plugins.notices:templates/block_latest.pt",
                     slot="home", title="Thông báo", plugin="notices", order=15, cached=True)
    config.scan(".views")
