"""Fixtures of the notices tests (the core ones come from ``portal_core.testing``)."""
from urllib.parse import urlsplit

import pytest

from notices_helpers import SECTION
from portal_core.testing import take_transitions


@pytest.fixture
def editor(make_users, login):
    """Log in as ``bientap``, an Editor and Reviewer."""
    make_users(bientap=["Editor", "Reviewer"])
    return login("bientap")


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
        if status != 303:
            return res
        path = urlsplit(res.location).path
        if publish:
            take_transitions(testapp, path, "submit", "publish")
        return path
    return _add
