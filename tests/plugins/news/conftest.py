"""Fixtures of the news plugin tests (the core ones come from ``portal_core.testing``)."""
import pytest

from news_helpers import SECTION
from portal_core.bootstrap import blank_request
from portal_core.content import add
from portal_core.testing import added_item
from portal_core.workflow import publish_now
from portal_plugins.news.resources import NewsArticle


@pytest.fixture
def add_articles(app, portal_of):
    """``add_articles(dict(title=..., effective=..., ...), ...)``: store articles in the
    news section through ``portal_core.content.add`` (events fire, listings update) and
    commit; returns their names."""
    def _add(*specs):
        names = []
        with portal_of() as portal:
            request = blank_request(app.registry, portal)
            section = portal["tin-tuc"]
            for spec in specs:
                article = NewsArticle(**spec)
                names.append(add(section, article, request))
                publish_now(article, request)
        return names
    return _add


@pytest.fixture
def add_via_form(testapp):
    """``add_via_form(title=..., **fields)``: submit the real add form (logged-in user
    needed), then submit and publish it through ``@@workflow`` unless ``publish=False``;
    ``effective=(date, time)`` fills the date widget. Returns the new article's path or,
    for another ``status``, the response."""
    def _add(title, effective=None, expires=None, status=303, publish=True, **fields):
        form = testapp.get(SECTION + "@@add/NewsArticle").forms["deform"]
        form["title"] = title
        for key, value in fields.items():
            form[key] = value
        for index, value in ((0, effective), (1, expires)):
            if value is not None:
                form.set("date", value[0], index=index)
                form.set("time", value[1], index=index)
        res = form.submit("save", status=status)
        return added_item(testapp, res, status, publish)
    return _add
