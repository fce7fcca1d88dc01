"""Colander schemas of the consultation plugin: the draft (editors) and the comment
(anyone, while the period is open). Vietnamese messages; nothing with markup is stored."""
import datetime
import re

import colander
import deform

from portal_core.content.schemas import NO_MARKUP, ContentSchema, Lines, PortalSchema, \
    datetime_node, file_node, has_markup, no_markup, rich_text_node, text_node, textarea_node
from portal_core.i18n import _

from .articles import MAX_LINE, MAX_LINES, clean_lines, heading, parse_structure

COMMENT_MAX = 5000
MAX_PERIOD = datetime.timedelta(days=366)
EMAIL = re.compile(r"^[^@\s<>\"'(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                   r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")
PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
PHONE = re.compile(r"^(?:0[35789]\d{8}|02\d{9})$")   # mobile (10 digits) or landline (11)
CONSENT_NOTICE = _(
    "Thông tin cá nhân (họ tên, thư điện tử hoặc số điện thoại, cơ quan) chỉ được cơ quan "
    "chủ trì soạn thảo dùng để tổng hợp, xử lý và phản hồi ý kiến góp ý dự thảo này theo "
    "Nghị định 13/2023/NĐ-CP. Thư điện tử và số điện thoại không bao giờ được công khai; "
    "họ tên, cơ quan và nội dung góp ý được đăng sau khi kiểm duyệt.")


def plain_text(title, max_length, required=True, area=False, **kw):
    """A plain-text field (NFC, stripped, length-checked) that refuses markup."""
    make = textarea_node if area else text_node
    node = make(title, max_length=max_length,
                missing=colander.required if required else "", **kw)
    node.validator = colander.All(node.validator, no_markup)
    node.missing_msg = _("Vui lòng nhập ${title}.", mapping={"title": title})
    return node


# --- the draft ---------------------------------------------------------------------------

class Structure(Lines):
    """The draft's headings, one a line in the form, a tuple of lines in ZODB (in order,
    repeats kept so that the validator can name them)."""

    def __init__(self):
        super().__init__(max_lines=0)

    def clean(self, text):
        return tuple(clean_lines(text))


def _validate_structure(node, lines):
    if len(lines) > MAX_LINES:
        raise colander.Invalid(node, _("Tối đa ${max} dòng.", mapping={"max": MAX_LINES}))
    for number, line in enumerate(lines, 1):
        if has_markup(line):
            raise colander.Invalid(node, NO_MARKUP)
        if len(line) > MAX_LINE:
            raise colander.Invalid(node, _("Dòng ${n} quá dài: tối đa ${max} ký tự.",
                                           mapping={"n": number, "max": MAX_LINE}))
        if heading(line) is None:
            raise colander.Invalid(node, _(
                "Dòng ${n} (“${line}”) phải bắt đầu bằng Phần, Chương, Mục, Tiểu mục, Điều "
                "hoặc Phụ lục và số của nó (ví dụ: “Điều 1. Phạm vi điều chỉnh”).",
                mapping={"n": number, "line": line[:60]}))
    keys = [key for key, _label, _level in parse_structure(lines)]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        label = dict((k, lbl) for k, lbl, _l in parse_structure(lines))[duplicates[0]]
        raise colander.Invalid(node, _("Trùng đề mục: “${line}”.",
                                       mapping={"line": label[:60]}))


class DraftSchema(ContentSchema):
    """A draft posted for comments (dự thảo văn bản)."""

    description = plain_text(_("Tóm tắt"), 2000, required=False, area=True)
    agency = plain_text(_("Cơ quan chủ trì soạn thảo"), 250)
    opens = datetime_node(_("Bắt đầu lấy ý kiến"), _("Giờ Việt Nam."),
                          missing=colander.required,
                          missing_msg=_("Vui lòng nhập thời gian bắt đầu lấy ý kiến."))
    closes = datetime_node(_("Kết thúc lấy ý kiến"),
                           _("Giờ Việt Nam. Sau thời điểm này biểu mẫu góp ý tự đóng."),
                           missing=colander.required,
                           missing_msg=_("Vui lòng nhập thời gian kết thúc lấy ý kiến."))
    body = rich_text_node(_("Nội dung dự thảo (nếu có)"))
    attachment = file_node(_("Tệp dự thảo, tờ trình"), appends=True)
    structure = colander.SchemaNode(
        Structure(), title=_("Bố cục dự thảo"), missing=(),
        description=_("Mỗi dòng một đề mục để người dân chọn khi góp ý, ví dụ: “Chương I. "
                      "Những quy định chung”, “Điều 1. Phạm vi điều chỉnh”."),
        widget=deform.widget.TextAreaWidget(rows=8), validator=_validate_structure)
    report = rich_text_node(_("Báo cáo tiếp thu, giải trình ý kiến"),
                            description=_("Công khai trên trang dự thảo khi được nhập."))
    report_file = file_node(_("Tệp báo cáo tiếp thu, giải trình"))

    def validator(self, node, value):
        super().validator(node, value)
        if has_markup(value.get("title") or ""):
            raise colander.Invalid(node["title"], NO_MARKUP)
        opens, closes = value.get("opens"), value.get("closes")
        if opens and closes:
            if closes <= opens:
                raise colander.Invalid(node["closes"], _(
                    "Thời gian kết thúc phải sau thời gian bắt đầu lấy ý kiến."))
            if closes - opens > MAX_PERIOD:
                raise colander.Invalid(node["closes"], _(
                    "Thời gian lấy ý kiến tối đa một năm."))
            if opens.year < 2000 or closes.year > 2100:
                raise colander.Invalid(node["opens"], _("Ngày không hợp lệ."))


class DraftSectionSchema(ContentSchema):
    """The section itself: name, title and description."""


# --- the comment -------------------------------------------------------------------------

def clean_contact(value):
    return " ".join(value.split()) if isinstance(value, str) else value


def _validate_contact(node, value):
    no_markup(node, value)
    if "@" in value:
        if len(value) > 254 or not EMAIL.match(value):
            raise colander.Invalid(node, _("Địa chỉ thư điện tử không hợp lệ."))
        return
    digits = PHONE_SEPARATORS.sub("", value)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not PHONE.match(digits):
        raise colander.Invalid(node, _(
            "Nhập thư điện tử hoặc số điện thoại Việt Nam hợp lệ (ví dụ: 0912 345 678)."))


@colander.deferred
def _article_widget(node, kw):
    values = [("", _("— Góp ý chung cho cả dự thảo —"))]
    values += [(key, ("\u00a0\u00a0" * level) + label)
               for key, label, level in kw["context"].articles]
    return deform.widget.SelectWidget(values=values)


@colander.deferred
def _article_validator(node, kw):
    keys = [""] + [key for key, _label, _level in kw["context"].articles]
    return colander.OneOf(keys, msg_err=_("Đề mục không có trong dự thảo."))


def _must_consent(node, value):
    if value is not True:
        raise colander.Invalid(node, _(
            "Bạn cần đồng ý cho phép xử lý thông tin cá nhân để gửi ý kiến."))


class CommentSchema(PortalSchema):
    """A comment on a draft. ``website`` is a honeypot: hidden from people, filled in by
    naive robots; a comment with it is dropped without a word."""

    name = plain_text(_("Họ và tên"), 120)
    contact = colander.SchemaNode(
        colander.String(), title=_("Thư điện tử hoặc số điện thoại"),
        description=_("Để cơ quan soạn thảo liên hệ khi cần; không công khai."),
        preparer=clean_contact, validator=_validate_contact,
        missing_msg=_("Vui lòng nhập thư điện tử hoặc số điện thoại."))
    organisation = plain_text(_("Cơ quan, tổ chức (nếu có)"), 250, required=False)
    article = colander.SchemaNode(colander.String(), title=_("Góp ý cho đề mục"),
                                  missing="", widget=_article_widget,
                                  validator=_article_validator)
    text = plain_text(_("Nội dung góp ý"), COMMENT_MAX, area=True, rows=8)
    consent = colander.SchemaNode(
        colander.Boolean(), title=_("Tôi đồng ý"), missing=False,
        description=CONSENT_NOTICE, widget=deform.widget.CheckboxWidget(),
        validator=_must_consent)
    website = colander.SchemaNode(
        colander.String(), title=_("Để trống ô này"), missing="",
        widget=deform.widget.TextInputWidget(item_css_class="hp-field",
                                             attributes={"autocomplete": "off",
                                                         "tabindex": "-1"}))
