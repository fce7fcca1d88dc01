"""Colander schemas of notices."""
from portal_core.content.schemas import ContentSchema, file_node, rich_text_node, \
    textarea_node
from portal_core.i18n import _


class NoticeSectionSchema(ContentSchema):
    """The section itself: name, title and description."""


class NoticeSchema(ContentSchema):
    """A notice (thông báo)."""

    description = textarea_node(_("Tóm tắt"), max_length=1000)
    body = rich_text_node(_("Nội dung thông báo"))
    attachment = file_node(_("Tệp đính kèm"), appends=True)
