"""Attached documents (PDF, DOC, DOCX, XLS, XLSX, ODT): the allowed formats, checked by
extension *and* content (a browser's Content-Type is never trusted), and the size limit
``portal.attachment_max_mb`` (default 20) shared by every plugin; content holding a
growing list of them (``AttachmentList``) and its ``@@file/N`` download."""
import io
import os
import zipfile

from pyramid.httpexceptions import HTTPNotFound

from .blobs import BlobFile, UploadError, file_response
from .i18n import _

MAX_MB_SETTING = "portal.attachment_max_mb"
DEFAULT_MAX_MB = 20
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
#: extension → (Content-Type, how the content is recognised)
FORMATS = {
    ".pdf": ("application/pdf", "pdf"),
    ".doc": ("application/msword", "ole"),
    ".xls": ("application/vnd.ms-excel", "ole"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              "word/document.xml"),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "xl/workbook.xml"),
    ".odt": (ODT_MIMETYPE, "odt"),
}
FORMAT_NAMES = "PDF, DOC, DOCX, XLS, XLSX, ODT"
ACCEPT = ",".join(FORMATS)


def max_attachment_bytes(registry):
    """``portal.attachment_max_mb`` in bytes (fractions allowed); bad values → 20 MB."""
    raw = (registry.settings or {}).get(MAX_MB_SETTING, DEFAULT_MAX_MB)
    try:
        mb = float(raw)
    except (TypeError, ValueError):
        mb = DEFAULT_MAX_MB
    return int((mb if mb > 0 else DEFAULT_MAX_MB) * 1048576)


def _zip_matches(stream, check):
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if check == "odt":
                return ("mimetype" in names
                        and archive.read("mimetype").strip() == ODT_MIMETYPE.encode())
            return "[Content_Types].xml" in names and check in names
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False


def content_matches(ext, stream):
    """True when the bytes of ``stream`` are what the extension ``ext`` says."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    check = FORMATS[ext][1]
    if check == "pdf":
        return head.startswith(b"%PDF-")
    if check == "ole":
        return head == OLE2
    if not head.startswith(ZIP):
        return False
    try:
        return _zip_matches(stream, check)
    finally:
        stream.seek(0)


def attachment_file(stream, filename, max_size):
    """A ``BlobFile`` of an allowed document, or ``UploadError`` with a Vietnamese
    message: another extension, an empty file, bytes that are not of that format, or
    more than ``max_size`` bytes. Nothing is kept when the upload is refused."""
    ext = os.path.splitext(filename or "")[1].lower()
    if ext not in FORMATS:
        raise UploadError(_("Chỉ nhận tệp ${formats}.", mapping={"formats": FORMAT_NAMES}))
    if not hasattr(stream, "seek") or not stream.seekable():
        stream = io.BytesIO(stream.read())
    stream.seek(0)
    if not stream.read(1):
        raise UploadError(_("Tệp rỗng."))
    if not content_matches(ext, stream):
        raise UploadError(_("Nội dung tệp không đúng định dạng ${ext}.",
                            mapping={"ext": ext[1:].upper()}))
    return BlobFile(stream, filename, mimetype=FORMATS[ext][0], max_size=max_size)


class AttachmentList:
    """Mixin of content keeping a tuple of attached files, ``attachments``.

    A file's 1-based position is its address (``@@file/N``) for good: a new file is
    appended, a removed one leaves ``None`` in its place. The form field is
    ``attachment`` (``file_node(..., appends=True)``): assigning it appends a file, which
    lets the generic add and edit forms add one file per save.
    """

    attachments = ()

    @property
    def attachment(self):
        """The newest attachment (None without any)."""
        return self.attachments[-1] if self.attachments else None

    @attachment.setter
    def attachment(self, value):
        if value is not None and value is not self.attachment:
            self.attachments = self.attachments + (value,)

    def files(self):
        """``[(number, BlobFile)]`` of the files kept, in upload order."""
        return [(number, f) for number, f in enumerate(self.attachments, 1) if f is not None]

    def attachment_number(self, number):
        """The file at 1-based ``number``, or None (no such file, or removed)."""
        if isinstance(number, int) and 1 <= number <= len(self.attachments):
            return self.attachments[number - 1]
        return None

    def without_attachment(self, number):
        """``attachments`` with file ``number`` removed (its place kept empty)."""
        return tuple(None if n == number else f for n, f in enumerate(self.attachments, 1))


def file_number(text):
    """A file number typed in a URL or form (0 when it is not a number)."""
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


def attachment_download(context, request):
    """The response of ``@@file/N`` on an ``AttachmentList``: the N-th file (1-based)
    as a download with its name; 404 for a removed file or anything else."""
    number = file_number(request.subpath[0]) if len(request.subpath) == 1 else 0
    stored = context.attachment_number(number)
    if stored is None:
        raise HTTPNotFound()
    return file_response(request, stored, download=True)
