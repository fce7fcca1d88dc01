"""Colander building blocks shared by every content schema (Vietnamese messages)."""
import datetime
import re
from urllib.parse import urlsplit

import colander
import deform
from babel.numbers import format_decimal
from pyramid.csrf import get_csrf_token

from ..attachments import ACCEPT, FORMAT_NAMES, attachment_file, max_attachment_bytes
from ..blobs import ImageFile, MemoryTmpStore, UploadError
from ..dates import VIETNAM
from ..i18n import _
from ..text import is_valid_name, nfc, sanitize_html

TITLE_MAX = 250
TEXT_MAX = 2000
HTML_MAX = 200_000
IMAGE_MAX = 10 * 1024 * 1024
URL_MAX = 500
MARKUP = re.compile(r"<\s*[/!?a-zA-Z]|&#|javascript:", re.IGNORECASE)
NO_MARKUP = _("Không được nhập mã HTML hay script vào ô này.")
_tmpstore = MemoryTmpStore()


@colander.deferred
def _csrf_default(node, kw):
    return get_csrf_token(kw["request"])


def _strip_nfc(value):
    return nfc(value).strip() if isinstance(value, str) else value


def _sanitized(value):
    return sanitize_html(value) if isinstance(value, str) else value


class Tags(colander.String):
    """Comma-separated keywords in the form, a tuple of NFC strings in ZODB."""

    def serialize(self, node, appstruct):
        if appstruct is colander.null:
            return colander.null
        return ", ".join(appstruct)

    def deserialize(self, node, cstruct):
        value = super().deserialize(node, cstruct)
        if value is colander.null:
            return ()
        tags = [nfc(t).strip() for t in value.split(",")]
        return tuple(dict.fromkeys(t for t in tags if t))


def has_markup(value):
    """True when a plain-text value (or any string of a list of them) holds an HTML tag,
    a character reference or a ``javascript:`` URL."""
    values = value if isinstance(value, (tuple, list)) else (value,)
    return any(isinstance(v, str) and MARKUP.search(v) for v in values)


def no_markup(node, value):
    """Validator of plain-text fields: markup is refused, never stored."""
    if has_markup(value):
        raise colander.Invalid(node, NO_MARKUP)


def http_url(node, value):
    """Validator of links: ``http(s)://host...``, no spaces or quotes, at most 500
    characters (``javascript:`` and ``data:`` URLs are refused)."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(value) > URL_MAX \
            or any(c.isspace() or c in "<>\"'" for c in value):
        raise colander.Invalid(node, _(
            "Đường dẫn phải bắt đầu bằng http:// hoặc https:// (tối đa ${max} ký tự).",
            mapping={"max": URL_MAX}))


class Lines(colander.String):
    """One value a line in the form, a tuple of distinct NFC lines (single spaces, no
    blank lines) in ZODB; at most ``max_lines`` lines of ``max_chars`` characters."""

    def __init__(self, max_lines=100, max_chars=250, **kw):
        super().__init__(**kw)
        self.max_lines, self.max_chars = max_lines, max_chars

    def serialize(self, node, appstruct):
        if appstruct in (colander.null, None):
            return colander.null
        return "\n".join(appstruct)

    def clean(self, text):
        """The stored tuple for the typed ``text``."""
        lines = (" ".join(nfc(line).split()) for line in text.splitlines())
        return tuple(dict.fromkeys(line for line in lines if line))

    def deserialize(self, node, cstruct):
        value = super().deserialize(node, cstruct)
        if value is colander.null:
            return ()
        lines = self.clean(value)
        if self.max_lines and (len(lines) > self.max_lines
                               or any(len(line) > self.max_chars for line in lines)):
            raise colander.Invalid(node, _(
                "Tối đa ${max} dòng, mỗi dòng ${chars} ký tự.",
                mapping={"max": self.max_lines, "chars": self.max_chars}))
        return lines


def lines_node(title, description="", rows=4, max_lines=100, max_chars=250, **kw):
    """A textarea of one value a line (``Lines``) that refuses markup."""
    return colander.SchemaNode(Lines(max_lines, max_chars), title=title,
                               description=description, missing=(),
                               widget=deform.widget.TextAreaWidget(rows=rows),
                               validator=no_markup, **kw)


def text_node(title, max_length=TITLE_MAX, missing=colander.required, **kw):
    """A single-line text field: NFC, stripped, length-checked."""
    return colander.SchemaNode(
        colander.String(), title=title, missing=missing, preparer=_strip_nfc,
        validator=colander.Length(min=1 if missing is colander.required else 0,
                                  max=max_length,
                                  max_err=_("Quá dài: tối đa ${max} ký tự.")), **kw)


def textarea_node(title, max_length=TEXT_MAX, missing="", rows=3, **kw):
    """A multi-line plain-text field."""
    return colander.SchemaNode(
        colander.String(), title=title, missing=missing, preparer=_strip_nfc,
        validator=colander.Length(max=max_length, max_err=_("Quá dài: tối đa ${max} ký tự.")),
        widget=deform.widget.TextAreaWidget(rows=rows), **kw)


_EDITOR_OPTIONS = (
    ("height", 360), ("menubar", False), ("branding", False), ("promotion", False),
    ("entity_encoding", "raw"), ("toolbar_mode", "wrap"), ("plugins", "lists link autolink"),
    ("toolbar", "undo redo | blocks | bold italic | bullist numlist | link blockquote | "
                "removeformat"),
)


def rich_text_node(title, missing="", **kw):
    """An HTML field edited with TinyMCE; stored only after nh3 sanitising."""
    return colander.SchemaNode(
        colander.String(), title=title, missing=missing, preparer=_sanitized,
        validator=colander.Length(max=HTML_MAX, max_err=_("Quá dài: tối đa ${max} ký tự.")),
        widget=deform.widget.RichTextWidget(delayed_load=False, options=_EDITOR_OPTIONS),
        **kw)


def _to_utc(value):
    return value.astimezone(datetime.timezone.utc) if isinstance(value, datetime.datetime) \
        else value


def datetime_node(title, description="", missing=None, **kw):
    """A date and time typed in Vietnam time and stored in UTC."""
    return colander.SchemaNode(colander.DateTime(default_tzinfo=VIETNAM), title=title,
                               description=description, missing=missing,
                               preparer=_to_utc, **kw)


def _validate_name(node, value):
    if not is_valid_name(value):
        raise colander.Invalid(node, _(
            "Tên đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang "
            "(ví dụ: le-hoi-lua-moi)."))


class PortalSchema(colander.MappingSchema):
    """Base of every form schema: carries the CSRF token as a hidden field."""

    csrf_token = colander.SchemaNode(
        colander.String(), widget=deform.widget.HiddenWidget(), default=_csrf_default,
        missing="")


class ContentSchema(PortalSchema):
    """Fields every content item has: name in the URL, title, description, tags, dates."""

    name = colander.SchemaNode(
        colander.String(), title=_("Tên trong đường dẫn"), missing="",
        description=_("Để trống để tạo tự động từ tiêu đề."),
        preparer=lambda v: v.strip() if isinstance(v, str) else v,
        validator=_validate_name)
    title = text_node(_("Tiêu đề"))
    description = textarea_node(_("Mô tả"))
    tags = colander.SchemaNode(Tags(), title=_("Từ khóa"), missing=(),
                               description=_("Cách nhau bằng dấu phẩy."))
    effective = datetime_node(_("Ngày hiệu lực"), _("Giờ Việt Nam. Để trống: đăng ngay."))
    expires = datetime_node(_("Ngày hết hạn"), _("Giờ Việt Nam. Để trống: không hết hạn."))

    def validator(self, node, value):
        effective, expires = value.get("effective"), value.get("expires")
        if effective and expires and expires <= effective:
            raise colander.Invalid(node["expires"], _("Ngày hết hạn phải sau ngày hiệu lực."))


class _UploadPreparer:
    """Turns deform's upload dict into a stored file with ``store(stream, filename)``;
    an ``UploadError`` becomes the field's error message."""

    def __init__(self, node, store):
        self.node, self.store = node, store

    def __call__(self, value):
        if not isinstance(value, dict) or value.get("fp") is None:
            return value
        value["fp"].seek(0)
        try:
            return self.store(value["fp"], value.get("filename"))
        except UploadError as error:
            raise colander.Invalid(self.node, error.args[0])


def _store_image(stream, filename):
    return ImageFile(stream, filename, max_size=IMAGE_MAX)


def image_node(title, **kw):
    """An optional image upload; left empty on edit it keeps the current image."""
    node = colander.SchemaNode(
        deform.FileData(), title=title, missing=colander.drop,
        description=_("JPEG, PNG, GIF hoặc WebP, tối đa 10 MB. Để trống để giữ ảnh hiện có."),
        widget=deform.widget.FileUploadWidget(_tmpstore, accept="image/*"), **kw)
    node.preparer = _UploadPreparer(node, _store_image)
    return node


@colander.deferred
def _attachment_preparer(node, kw):
    limit = max_attachment_bytes(kw["request"].registry)
    return _UploadPreparer(node, lambda stream, name: attachment_file(stream, name, limit))


@colander.deferred
def _attachment_description(node, kw):
    mb = format_decimal(round(max_attachment_bytes(kw["request"].registry) / 1048576, 2),
                        locale="vi")
    mapping = {"formats": FORMAT_NAMES, "mb": mb}
    if node.appends:
        return _("${formats}, tối đa ${mb} MB. Mỗi lần lưu thêm một tệp; để trống để giữ "
                 "các tệp hiện có.", mapping=mapping)
    return _("${formats}, tối đa ${mb} MB. Để trống để giữ tệp hiện có.", mapping=mapping)


def file_node(title, appends=False, **kw):
    """An optional document upload (PDF, DOC, DOCX, XLS, XLSX, ODT) checked by extension
    and content, at most ``portal.attachment_max_mb``. ``appends`` says in the help text
    that each save adds a file (the content keeps a list) instead of replacing it."""
    return colander.SchemaNode(
        deform.FileData(), title=title, missing=colander.drop, appends=appends,
        description=_attachment_description, preparer=_attachment_preparer,
        widget=deform.widget.FileUploadWidget(_tmpstore, accept=ACCEPT), **kw)
