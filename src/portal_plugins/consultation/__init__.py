"""Consultation on draft documents (Lấy ý kiến dự thảo văn bản): drafts with attachments
and a comment period, moderated public comments tied to the draft's articles, a CSV
export for the drafting agency, the published report on how comments were handled and a
home block of the drafts open for comments."""
from portal_core.content import TypeInfo
from portal_core.events import ObjectAdded, ObjectModified, ObjectRemoved
from portal_core.i18n import _
from portal_core.search import Searchable

from . import indexes, setuphandlers
from .moderation import AUDIT_ACTION, ERASE_ACTION
from .resources import Draft, DraftSection
from .schemas import DraftSchema, DraftSectionSchema


def includeme(config):
    config.add_plugin(
        "consultation", title=_("Lấy ý kiến dự thảo"), version=1,
        description=_("Đăng dự thảo văn bản để lấy ý kiến nhân dân: thời hạn góp ý, góp ý "
                      "theo từng điều, kiểm duyệt, xuất ý kiến ra tệp CSV, báo cáo tiếp "
                      "thu, giải trình."),
        on_enable=setuphandlers.on_enable, on_disable=setuphandlers.on_disable,
        demo=setuphandlers.demo)
    config.add_section("consultation", title="Lấy ý kiến dự thảo", slug="du-thao",
                       factory=DraftSection, order=40)
    config.add_content_type(TypeInfo(
        name="Draft", factory=Draft, schema=DraftSchema, title=_("Dự thảo văn bản"),
        addable_to=("DraftSection",), icon="file-text", plugin="consultation",
        workflow="editorial",
        search=Searchable(text=("description", "agency", "body", "structure_text"))))
    config.add_content_type(TypeInfo(
        name="DraftSection", factory=DraftSection, schema=DraftSectionSchema,
        title=_("Chuyên trang lấy ý kiến dự thảo"), plugin="consultation"))
    config.add_subscriber(indexes.index_on_change, ObjectAdded)
    config.add_subscriber(indexes.index_on_change, ObjectModified)
    config.add_subscriber(indexes.unindex_on_remove, ObjectRemoved)
    config.add_block("consultation.open", "portal_plugins.consultation.views.open_drafts_block",
                     renderer="portal_plugins.consultation:templates/block_open.pt",
                     slot="home", title="Dự thảo đang lấy ý kiến", plugin="consultation",
                     order=25)
    config.add_audit_action(AUDIT_ACTION, _("Kiểm duyệt ý kiến góp ý"))
    config.add_audit_action(ERASE_ACTION, _("Xóa thông tin liên hệ của người góp ý"))
    config.scan(".views")
    config.scan(".moderation")
