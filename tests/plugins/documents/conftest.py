"""Fixtures of the documents plugin tests (core ones come from ``portal_core.testing``)."""
import datetime

import pytest
from webtest import Upload

from documents_helpers import SECTION, pdf_bytes
from portal_core.testing import added_item, store
from portal_plugins.documents.resources import LegalDocument


FIELDS = dict(title="Quyết định về quản lý chợ", number="15/2021/QĐ-UBND",
              doc_type="Quyết định", agency="Ủy ban nhân dân", field="Hành chính",
              description="Ban hành quy định quản lý chợ trên địa bàn",
              issue_date="2021-05-10", signer="Nguyễn Văn An")


@pytest.fixture
def add_via_form(testapp):
    """``add_via_form(files=[Upload, ...], publish=True, status=303, **fields)``: fill and
    submit the real add form; returns the new document's path, or the response for
    another ``status``."""
    def _add(files=(), status=303, publish=True, **fields):
        form = testapp.get(SECTION + "@@add/LegalDocument").forms["deform"]
        values = dict(FIELDS, **fields)
        for key, value in values.items():
            form[key] = value
        for index, upload in enumerate(files):
            form.set("upload", upload, index=index)
        res = form.submit("save", status=status)
        return added_item(testapp, res, status, publish)
    return _add


@pytest.fixture
def add_docs(app):
    """``add_docs(dict(...), ..., published=True)``: store documents through the content
    API (events fire, indexes update); returns their names."""
    def _add(*specs, published=True):
        names = []
        for spec in specs:
            spec = dict(spec)
            spec.setdefault("issue_date", datetime.date(2024, 1, 1))
            spec.setdefault("doc_type", "Quyết định")
            spec.setdefault("agency", "Ủy ban nhân dân")
            spec.setdefault("title", "Văn bản " + spec["number"])
            names.append(store(app, SECTION, LegalDocument(**spec), published=published))
        return names
    return _add


def pdf_upload(name="quyết định 15.pdf", data=None):
    return Upload(name, data or pdf_bytes(), "application/pdf")
