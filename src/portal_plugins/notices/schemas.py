"""Colander schemas of notices, and the attachment upload field (PDF, Word, Excel, ODT)."""
import io
import os
import zipfile

import colander
import deform

from portal_core.blobs import BlobFile, MemoryTmpStore, UploadError
from portal_core.content.schemas import ContentSchema, rich_text_node, textarea_node
from portal_core.i18n import _

MAX_MB_SETTING = "portal.notices.attachment_max_mb"
DEFAULT_MAX_MB = 20
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
#: extension → (MIME type, check of the first bytes and the whole stream)
ALLOWED = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
}
ACCEPT = ",".join(ALLOWED)
_tmpstore = MemoryTmpStore()


def _zip_has(stream, check):
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            return check(archive)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        return False
    finally:
        stream.seek(0)


def _content_matches(ext, stream):
    """True when the bytes are what the extension says (no trusting the browser)."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if ext == ".pdf":
        return head.startswith(b"%PDF-")
    if ext in (".doc", ".xls"):
        return head == OLE2
    if not head.startswith(ZIP):
        return False
    if ext == ".docx":
        return _zip_has(stream, lambda z: "word/document.xml" in z.namelist())
    if ext == ".xlsx":
        return _zip_has(stream, lambda z: "xl/workbook.xml" in z.namelist())
    return _zip_has(stream, lambda z: z.read("mimetype").strip() == ALLOWED[".odt"].encode())


def attachment_file(stream, filename, max_size):
    """A ``BlobFile`` of an allowed document, or ``UploadError`` (Vietnamese message).

    Checks the extension and the bytes before anything goes into a blob; the size is
    checked while copying (an oversize upload leaves only an unreferenced blob, which the
    aborted form never stores).
    """
    ext = os.path.splitext(filename or "")[1].lower()
    if ext not in ALLOWED:
        raise UploadError(_("Chỉ nhận tệp PDF, DOC, DOCX, XLS, XLSX hoặc ODT."))
    if not _content_matches(ext, stream):
        raise UploadError(_("Nội dung tệp không đúng định dạng ${ext}.",
                            mapping={"ext": ext[1:].upper()}))
    return BlobFile(stream, filename, mimetype=ALLOWED[ext], max_size=max_size)


def max_size(registry):
    """The attachment size limit in bytes, from ``portal.notices.attachment_max_mb``."""
    try:
        mb = int(registry.settings.get(MAX_MB_SETTING, DEFAULT_MAX_MB))
    except (TypeError, ValueError):
        mb = DEFAULT_MAX_MB
    return max(1, mb) * 1024 * 1024


class _AttachmentPreparer:
    """Turns deform's upload dict into a ``BlobFile`` (type and size checked)."""

    def __init__(self, node, limit):
        self.node, self.limit = node, limit

    def __call__(self, value):
        if not isinstance(value, dict) or value.get("fp") is None:
            return value
        stream = value["fp"]
        if not hasattr(stream, "seek") or not stream.seekable():
            stream = io.BytesIO(stream.read())
        try:
            return attachment_file(stream, value.get("filename"), self.limit)
        except UploadError as error:
            raise colander.Invalid(self.node, error.args[0])


@colander.deferred
def _deferred_preparer(node, kw):
    return _AttachmentPreparer(node, max_size(kw["request"].registry))


@colander.deferred
def _deferred_description(node, kw):
    mb = max_size(kw["request"].registry) // 1048576
    return _("PDF, DOC, DOCX, XLS, XLSX hoặc ODT, tối đa ${mb} MB. Mỗi lần lưu thêm một "
             "tệp; để trống để giữ các tệp hiện có.", mapping={"mb": mb})


def file_node(title, **kw):
    """An optional document upload (field ``upload`` in the form); empty = no change."""
    return colander.SchemaNode(
        deform.FileData(), title=title, missing=colander.drop,
        description=_deferred_description, preparer=_deferred_preparer,
        widget=deform.widget.FileUploadWidget(_tmpstore, accept=ACCEPT), **kw)


class NoticeSectionSchema(ContentSchema):
    """The section itself: name, title and description."""


class NoticeSchema(ContentSchema):
    """A notice (thông báo)."""

    description = textarea_node(_("Tóm tắt"), max_length=1000)
    body = rich_text_node(_("Nội dung thông báo"))
    attachment = file_node(_("Tệp đính kèm"))
