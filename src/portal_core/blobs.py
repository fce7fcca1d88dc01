"""Uploaded files and images stored as ZODB blobs, and their HTTP responses.

``BlobFile`` keeps the bytes in a ``ZODB.blob.Blob`` (a file under the blob directory,
never inside a pickle) with its name, type and size. ``ImageFile`` checks the upload
with Pillow and keeps width and height. ``file_response`` serves either with the right
Content-Type, Content-Disposition and Range support (206) for audio and video.
"""
import io
import mimetypes
import os
from collections import OrderedDict
from urllib.parse import quote

from persistent import Persistent
from PIL import Image, UnidentifiedImageError
from pyramid.response import Response
from ZODB.blob import Blob

from .i18n import _
from .text import nfc, slugify

CHUNK = 64 * 1024
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif",
                 "WEBP": "image/webp"}


class UploadError(ValueError):
    """The upload is not acceptable (type or size); ``args[0]`` is a translation string."""


def safe_filename(filename):
    """A file name without directories, NFC; falls back to ``tep`` (file)."""
    base = os.path.basename((filename or "").replace("\\", "/"))
    return nfc(base).strip()[:200] or "tep"


class BlobFile(Persistent):
    """A stored file: ``filename``, ``mimetype``, ``size`` and the blob with the bytes."""

    filename = ""
    mimetype = "application/octet-stream"
    size = 0

    def __init__(self, stream, filename, mimetype=None, max_size=None):
        self.filename = safe_filename(filename)
        self.mimetype = mimetype or mimetypes.guess_type(self.filename)[0] or self.mimetype
        self.blob = Blob()
        size = 0
        with self.blob.open("w") as target:
            while True:
                chunk = stream.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if max_size is not None and size > max_size:
                    raise UploadError(_("Tệp quá lớn (tối đa ${mb} MB).",
                                         mapping={"mb": max_size // 1048576}))
                target.write(chunk)
        self.size = size

    def open(self):
        """A binary file object for reading the bytes."""
        return self.blob.open("r")


class ImageFile(BlobFile):
    """An image checked by Pillow; ``width``/``height`` are read from the file."""

    width = height = 0

    def __init__(self, stream, filename, max_size=None):
        super().__init__(stream, filename, max_size=max_size)
        with self.open() as f:
            try:
                with Image.open(f) as image:
                    image.verify()
                    fmt = image.format
                    self.width, self.height = image.size
            except (UnidentifiedImageError, OSError, SyntaxError):
                raise UploadError(_("Tệp không phải là ảnh hợp lệ (JPEG, PNG, GIF, WebP)."))
        if fmt not in IMAGE_FORMATS:
            raise UploadError(_("Định dạng ảnh không được hỗ trợ (JPEG, PNG, GIF, WebP)."))
        self.mimetype = IMAGE_FORMATS[fmt]


def file_response(request, stored, download=False, max_age=3600):
    """A response streaming ``stored`` from its blob, with conditional and Range support."""
    handle = stored.open()
    response = Response(content_type=stored.mimetype, conditional_response=True,
                        request=request)
    response.app_iter = _FileIter(handle)
    response.content_length = stored.size
    response.last_modified = getattr(stored, "_p_mtime", None)
    response.etag = "%s-%d" % (stored._p_serial.hex() if stored._p_serial else "new",
                               stored.size)
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    response.accept_ranges = "bytes"
    disposition = "attachment" if download else "inline"
    ascii_name = slugify(os.path.splitext(stored.filename)[0]) or "tep"
    ext = os.path.splitext(stored.filename)[1].encode("ascii", "ignore").decode()
    response.content_disposition = "%s; filename=\"%s%s\"; filename*=UTF-8''%s" % (
        disposition, ascii_name, ext, quote(stored.filename))
    return response


class _FileIter:
    """Iterates a blob file in chunks; supports ranges for webob's 206 handling."""

    def __init__(self, handle):
        self.handle = handle

    def __iter__(self):
        return self

    def __next__(self):
        chunk = self.handle.read(CHUNK)
        if not chunk:
            self.handle.close()
            raise StopIteration
        return chunk

    def app_iter_range(self, start, stop):
        self.handle.seek(start)
        remaining = None if stop is None else stop - start
        while remaining is None or remaining > 0:
            chunk = self.handle.read(CHUNK if remaining is None else min(CHUNK, remaining))
            if not chunk:
                break
            if remaining is not None:
                remaining -= len(chunk)
            yield chunk
        self.handle.close()

    def close(self):
        self.handle.close()


class MemoryTmpStore:
    """deform's upload tmpstore: keeps a few recent uploads in memory so that a form
    re-shown after a validation error still has its file. Bounded; per process."""

    def __init__(self, limit=20):
        self._items = OrderedDict()
        self.limit = limit

    def get(self, name, default=None):
        return self._items.get(name, default)

    def __getitem__(self, name):
        return self._items[name]

    def __setitem__(self, name, value):
        value = dict(value)
        stream = value.get("fp")
        if stream is not None and hasattr(stream, "read"):
            data = stream.read()
            stream.seek(0)
            value["fp"] = io.BytesIO(data)
        self._items[name] = value
        self._items.move_to_end(name)
        while len(self._items) > self.limit:
            self._items.popitem(last=False)

    def __contains__(self, name):
        return name in self._items

    def preview_url(self, name):
        return None
