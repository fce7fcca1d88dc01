"""Colander schema of urgent notices: severity, short message, optional link, dates."""
import re

import colander
import deform

from portal_core.content.schemas import ContentSchema, text_node, textarea_node
from portal_core.i18n import _

from .resources import SEVERITIES

MESSAGE_MAX = 500
_LINK = re.compile(r"^(https?://[^\s<>\"']+|/[^\s<>\"']*)$", re.I)


def _validate_link(node, value):
    if value and not _LINK.match(value):
        raise colander.Invalid(node, _(
            "Liên kết phải bắt đầu bằng http://, https:// hoặc / (một trang của cổng)."))


def _link_node():
    node = text_node(_("Liên kết chi tiết"), max_length=1000, missing="",
                     description=_("Không bắt buộc: địa chỉ trang có thông tin đầy đủ."))
    node.validator = colander.All(node.validator, _validate_link)
    return node


class UrgentSectionSchema(ContentSchema):
    """The section itself: name, title and description."""


class UrgentNoticeSchema(ContentSchema):
    """An urgent notice: the title is the banner's headline, the message its text."""

    severity = colander.SchemaNode(
        colander.String(), title=_("Mức độ"), default="warning",
        widget=deform.widget.SelectWidget(values=SEVERITIES),
        validator=colander.OneOf([value for value, _label in SEVERITIES],
                                 msg_err=_("Mức độ không hợp lệ.")))
    message = textarea_node(_("Nội dung ngắn"), max_length=MESSAGE_MAX, missing="",
                            description=_("Tối đa 500 ký tự, hiện trên dải thông báo."))
    link = _link_node()

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        for name in ("description", "tags"):      # the message replaces them
            if name in self:
                del self[name]
