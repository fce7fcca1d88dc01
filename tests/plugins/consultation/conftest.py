"""Fixtures of the consultation tests (the core ones come from ``portal_core.testing``)."""
import datetime
from urllib.parse import urlsplit

import pytest

from consultation_helpers import SECTION, STRUCTURE, set_datetime, vn
from portal_core.testing import Clock, take_transitions
from portal_plugins.consultation import resources


@pytest.fixture
def clock(monkeypatch):
    """The consultation clock, starting at the real now (to the second)."""
    clock = Clock()
    monkeypatch.setattr(resources, "utcnow", clock)
    return clock


@pytest.fixture
def staff(make_users):
    """``bientap`` (Editor) and ``duyet`` (Reviewer); nobody is logged in."""
    make_users(bientap=["Editor"], duyet=["Reviewer"])


@pytest.fixture
def add_draft(testapp, staff, login, clock):
    """``add_draft(title, opens=, closes=, upload=, report_upload=, publish=True,
    status=303, **fields)``: ``bientap`` fills the real add form (period by default: opened an hour ago, closes in
    ten days), submits it, ``duyet`` publishes; ends logged out. Returns the path, or the
    response for another ``status``."""
    def _add(title="Dự thảo Nghị quyết quy định mức chi hỗ trợ", status=303,
             publish=True, upload=None, report_upload=None, opens=None, closes=None,
             **fields):
        login("bientap")
        form = testapp.get(SECTION + "@@add/Draft").forms["deform"]
        form["title"] = title
        form["agency"] = fields.pop("agency", "Phòng Tư pháp")
        form["structure"] = fields.pop("structure", STRUCTURE)
        for key, value in fields.items():
            form[key] = value
        if upload is not None:
            form.set("upload", upload, index=0)
        if report_upload is not None:
            form.set("upload", report_upload, index=1)
        opens = opens or vn(clock.now - datetime.timedelta(hours=1))
        closes = closes or vn(clock.now + datetime.timedelta(days=10))
        set_datetime(form, "opens", *opens)
        set_datetime(form, "closes", *closes)
        res = form.submit("save", status=status)
        if status != 303:
            testapp.reset()
            return res
        path = urlsplit(res.location).path
        take_transitions(testapp, path, "submit")
        if publish:
            login("duyet")
            take_transitions(testapp, path, "publish")
        testapp.reset()
        return path
    return _add
