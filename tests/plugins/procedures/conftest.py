"""Fixtures of the procedures plugin tests (core ones come from ``portal_core.testing``)."""
import pytest
from webtest import Upload

from procedures_helpers import SECTION
from portal_core.testing import added_item, store
from portal_plugins.procedures.resources import Procedure


FIELDS = dict(title="Đăng ký khai sinh", code="1.001193", field="Hộ tịch", level="xa",
              agency="Ủy ban nhân dân cấp xã", processing_time="Ngay trong ngày",
              fees="Miễn lệ phí", online_level="toan-trinh")


@pytest.fixture
def add_via_form(testapp):
    """``add_via_form(dossier=[(name, quantity, Upload or None)], publish=True,
    status=303, **fields)``: fill and submit the real add form (its dossier rows are
    added as a browser's "add" button would); returns the new procedure's path, or the
    response for another ``status``."""
    def _add(dossier=(), status=303, publish=True, **fields):
        form = testapp.get(SECTION + "@@add/Procedure").forms["deform"]
        values = dict(FIELDS, **fields)
        for key, value in values.items():
            if key == "submission":
                for box in form.fields.get("checkbox", ()):
                    box.checked = box._value in value
            else:
                form[key] = value
        res = submit_with_dossier(form, dossier, status)
        return added_item(testapp, res, status, publish)
    return _add


def submit_with_dossier(form, rows, status, keep=()):
    """Submit ``form`` with its dossier sequence replaced by ``rows`` of ``(name,
    quantity, upload)`` (``keep[i]`` the hidden ``keep`` value of row i)."""
    fields = form.submit_fields("save")
    start = next(i for i, (k, v) in enumerate(fields) if k == "__start__"
                 and v == "dossier:sequence")
    end = start + 1
    depth = 1
    while depth:
        key, value = fields[end]
        depth += {"__start__": 1, "__end__": -1}.get(key, 0)
        end += 1
    posted = [("__start__", "dossier:sequence")]
    for index, (name, quantity, upload) in enumerate(rows):
        posted += [("__start__", "row:mapping"), ("name", name), ("quantity", quantity),
                   ("__start__", "template:mapping")]
        posted += [("upload", upload if upload is not None else Upload("", b"")),
                   ("__end__", "template:mapping"),
                   ("keep", keep[index] if index < len(keep) else ""),
                   ("__end__", "row:mapping")]
    posted.append(("__end__", "dossier:sequence"))
    fields[start:end] = posted
    return form.response.goto(form.action, method="post", params=fields, status=status,
                              content_type="multipart/form-data")


@pytest.fixture
def add_procedure(app):
    """``add_procedure(code=..., published=True, **fields)``: store a procedure through
    the content API (events fire, indexes update); returns its name."""
    def _add(published=True, **fields):
        values = dict(FIELDS, **fields)
        return store(app, SECTION, Procedure(**values), published=published)
    return _add
