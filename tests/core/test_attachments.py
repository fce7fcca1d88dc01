"""The core's attachment checks: allowed formats by extension and content, the size
limit setting, and refusals that keep nothing."""
import io

import pytest
from pyramid.registry import Registry

from portal_core.attachments import attachment_file, max_attachment_bytes
from portal_core.blobs import UploadError
from portal_core.testing import sample_document


@pytest.mark.parametrize("filename,kind,mimetype", [
    ("quyet-dinh.pdf", "pdf", "application/pdf"),
    ("Bieu mau.DOC", "doc", "application/msword"),
    ("bang-ke.xls", "xls", "application/vnd.ms-excel"),
    ("to-trinh.docx", "docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("du-toan.xlsx", "xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("Kế hoạch.odt", "odt", "application/vnd.oasis.opendocument.text"),
])
def test_allowed_formats_are_stored_with_their_type(filename, kind, mimetype):
    data = sample_document(kind)
    stored = attachment_file(io.BytesIO(data), filename, 1048576)
    assert (stored.filename, stored.mimetype, stored.size) == (filename, mimetype, len(data))
    with stored.open() as f:
        assert f.read() == data


@pytest.mark.parametrize("filename,data,message", [
    ("virus.exe", b"MZ\x90\x00", "Chỉ nhận tệp ${formats}."),
    ("khong-duoi", sample_document("pdf"), "Chỉ nhận tệp ${formats}."),
    ("trang.html", b"<script>alert(1)</script>", "Chỉ nhận tệp ${formats}."),
    ("gia.pdf", b"<html><script>alert(1)</script></html>",
     "Nội dung tệp không đúng định dạng ${ext}."),
    ("gia.doc", sample_document("pdf"), "Nội dung tệp không đúng định dạng ${ext}."),
    ("gia.docx", sample_document("xlsx"), "Nội dung tệp không đúng định dạng ${ext}."),
    ("gia.odt", sample_document("docx"), "Nội dung tệp không đúng định dạng ${ext}."),
    ("hong.xlsx", b"PK\x03\x04 not really a zip", "Nội dung tệp không đúng định dạng ${ext}."),
    ("rong.pdf", b"", "Tệp rỗng."),
])
def test_refused_uploads_say_why(filename, data, message):
    with pytest.raises(UploadError) as caught:
        attachment_file(io.BytesIO(data), filename, 1048576)
    assert caught.value.args[0] == message


def test_size_limit_is_inclusive():
    data = sample_document("pdf", pad=1000)
    assert attachment_file(io.BytesIO(data), "a.pdf", len(data)).size == len(data)
    with pytest.raises(UploadError) as caught:
        attachment_file(io.BytesIO(data), "a.pdf", len(data) - 1)
    assert caught.value.args[0] == "Tệp quá lớn (tối đa ${mb} MB)."


def test_unseekable_stream_is_read_once():
    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self.source = io.BytesIO(data)

        def readable(self):
            return True

        def seekable(self):
            return False

        def readinto(self, buffer):
            chunk = self.source.read(len(buffer))
            buffer[:len(chunk)] = chunk
            return len(chunk)

    data = sample_document("docx")
    assert attachment_file(Pipe(data), "a.docx", 1048576).size == len(data)


@pytest.mark.parametrize("raw,expected", [
    (None, 20 * 1048576), ("5", 5 * 1048576), ("0.5", 524288), ("abc", 20 * 1048576),
    ("0", 20 * 1048576), ("-3", 20 * 1048576),
])
def test_limit_setting(raw, expected):
    registry = Registry()
    registry.settings = {} if raw is None else {"portal.attachment_max_mb": raw}
    assert max_attachment_bytes(registry) == expected


def test_sample_documents_are_the_same_bytes_at_any_time(monkeypatch):
    import itertools
    import time
    seconds = itertools.count(0, 2)       # the clock moves 2 s at each reading
    monkeypatch.setattr(time, "localtime", lambda *args: time.struct_time(
        (2026, 1, 1, 10, 0, next(seconds) % 60, 0, 1, 0)))
    for kind in ("docx", "xlsx", "odt"):
        assert sample_document(kind) == sample_document(kind)
