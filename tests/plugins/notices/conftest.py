"""Fixtures of the notices tests (the core ones come from ``portal_core.testing``)."""
import pytest

from notices_helpers import SECTION
from portal_core.testing import added_item


@pytest.fixture
def add_via_form(testapp):
    """``add_via_form(title, upload=Upload(...), **fields)``: the real add form, then
    submit + publish unless ``publish=False``; returns the path (or the response for
    another ``status``)."""
    def _add(title, status=303, publish=True, upload=None, **fields):
        form = testapp.get(SECTION + "@@add/Notice").forms["deform"]
        form["title"] = title
        for key, value in fields.items():
            form[key] = value
        if upload is not None:
            form["upload"] = upload
        res = form.submit("save", status=status)
        return added_item(testapp, res, status, publish)
    return _add
