"""Who sees what in search, through the app: ``access_for(request)`` for anonymous
visitors, contributors, editors of a commune site and managers, checked on the search
page too; grants follow role changes at once, with no reindexing."""
import re

import pytest
from pyramid.config import Configurator
from pyramid.traversal import find_root, resource_path

from portal_core.bootstrap import blank_request
from portal_core.content import Site, add
from portal_core.events import WorkflowTransitioned
from portal_core.interfaces import IContainer, ISite
from portal_core.plugins.state import enable
from portal_core.search import access_for
from portal_core.security.roles import grant_role, revoke_role
from portal_core.testing import open_portal, store
from portal_core.workflow import set_state
from portal_plugins.news.resources import NewsArticle

DRAFT, PENDING, PUBLISHED, ARCHIVED = (
    "editorial:draft", "editorial:pending", "editorial:published", "editorial:archived")
EDITABLE = "Bạn có thể sửa"


@pytest.fixture
def probe(app):
    """``GET /@@access-probe``: the grants of ``access_for(request)`` as JSON, with the
    ``within`` uids shown as paths."""
    def view(context, request):
        paths, stack = {}, [find_root(context)]
        while stack:
            obj = stack.pop()
            paths[obj.uid] = resource_path(obj) or "/"
            stack.extend(o for o in obj.values() if IContainer.providedBy(o))
        return [{"states": sorted(g.states), "within": sorted(paths.get(u, u) for u in g.within),
                 "owner": g.owner} for g in access_for(request).grants]
    config = Configurator(registry=app.registry)
    config.add_view(view, name="access-probe", context=ISite, renderer="json")
    config.commit()
    return lambda testapp: testapp.get("/@@access-probe").json


def per_state(grants):
    """``{state: (within paths, owner)}``: who passes in each state (each state is in
    one grant only)."""
    found = {}
    for grant in grants:
        for state in grant["states"]:
            assert state not in found
            found[state] = (tuple(grant["within"]), grant["owner"])
    return found


@pytest.fixture
def commune(app):
    """A commune site ``/xa-yen-thinh`` with the news plugin on."""
    with open_portal(app) as portal:
        request = blank_request(app.registry, portal)
        add(portal, Site(title="Xã Yên Thịnh"), request, name="xa-yen-thinh")
        enable(portal["xa-yen-thinh"], "news", request)
    return "/xa-yen-thinh"


@pytest.fixture
def drafts(app, commune):
    """Drafts by three authors in the portal's news and in the commune's, a pending and an
    archived article, and one published article."""
    def draft(path, title, creator):
        store(app, path, NewsArticle(title=title, creator=creator), published=False)
    draft("/tin-tuc", "Bản nháp huyện của Hoa", "hoa")
    draft("/tin-tuc", "Bản nháp huyện của Lan", "lan")
    draft(commune + "/tin-tuc", "Bản nháp xã của Lan", "lan")
    draft(commune + "/tin-tuc", "Bản nháp xã của Minh", "minh")
    store(app, "/tin-tuc", NewsArticle(title="Bản tin đã đăng", creator="admin"))
    with open_portal(app) as portal:
        request = blank_request(app.registry, portal)
        for title, state in (("Bản nháp chờ duyệt", "pending"), ("Bản lưu trữ cũ", "archived")):
            obj = NewsArticle(title=title, creator="admin")
            add(portal["tin-tuc"], obj, request)
            set_state(obj, state, actor="admin", transition="test")
            request.registry.notify(WorkflowTransitioned(obj, "test", "draft", state, "",
                                                         request))


def search(testapp, q="ban"):
    """The titles listed on the portal's search page, and the page itself."""
    page = testapp.get("/@@search", params={"q": q}).text.replace("<mark>", "").replace(
        "</mark>", "")
    return sorted(re.findall(r'<a class="title" [^>]*>([^<]+)</a>', page)), page


ALL = {"Bản nháp huyện của Hoa", "Bản nháp huyện của Lan", "Bản nháp xã của Lan",
       "Bản nháp xã của Minh", "Bản tin đã đăng", "Bản nháp chờ duyệt", "Bản lưu trữ cũ"}


def test_anonymous_visitors_get_no_grants(testapp, probe, drafts):
    assert probe(testapp) == []
    titles, _ = search(testapp)
    assert titles == ["Bản tin đã đăng"]


def test_a_contributor_sees_only_their_own_drafts(testapp, login, make_users, probe, drafts):
    make_users(site="/tin-tuc", lan=["Contributor"])
    login("lan")
    assert per_state(probe(testapp)) == {
        state: ((), "lan") for state in ("", DRAFT, "one_state:published")}
    titles, page = search(testapp)
    assert titles == sorted(["Bản nháp huyện của Lan", "Bản nháp xã của Lan",
                             "Bản tin đã đăng"])
    assert page.count(EDITABLE) == 2


def test_an_editor_of_a_commune_sees_drafts_below_it_only(testapp, login, make_users, probe,
                                                          drafts, commune):
    make_users(site=commune, minh=["Editor"])
    login("minh")
    assert per_state(probe(testapp)) == {
        "": ((commune,), "minh"), DRAFT: ((commune,), "minh"),
        "one_state:published": ((commune,), "minh"),
        PENDING: ((commune,), None), PUBLISHED: ((commune,), None)}   # not archived
    titles, page = search(testapp)
    assert titles == sorted(["Bản nháp xã của Lan", "Bản nháp xã của Minh", "Bản tin đã đăng"])
    assert page.count(EDITABLE) == 2


def test_a_manager_of_the_portal_sees_everything(testapp, admin, probe, drafts):
    grants = per_state(probe(testapp))
    assert {state: within for state, (within, _) in grants.items()} == {
        state: ("/",) for state in ("", DRAFT, PENDING, PUBLISHED, ARCHIVED,
                                    "one_state:published")}
    titles, page = search(testapp)
    assert set(titles) == ALL
    assert page.count(EDITABLE) == 6


def test_grants_follow_role_changes_without_reindexing(app, testapp, login, make_users, probe,
                                                       drafts, commune, monkeypatch):
    make_users(hoa=[])
    login("hoa")
    assert search(testapp)[0] == ["Bản nháp huyện của Hoa", "Bản tin đã đăng"]
    writes = []
    monkeypatch.setattr(app.registry.portal_search, "write", writes.append)

    with open_portal(app) as portal:
        grant_role(portal["xa-yen-thinh"], "user:hoa", "Editor")
    assert per_state(probe(testapp))[PENDING] == (("/xa-yen-thinh",), None)
    assert search(testapp)[0] == sorted(["Bản nháp huyện của Hoa", "Bản nháp xã của Lan",
                                         "Bản nháp xã của Minh", "Bản tin đã đăng"])

    with open_portal(app) as portal:
        revoke_role(portal["xa-yen-thinh"], "user:hoa", "Editor")
        grant_role(portal, "user:hoa", "Manager")
    assert set(search(testapp)[0]) == ALL

    with open_portal(app) as portal:
        revoke_role(portal, "user:hoa", "Manager")
    assert search(testapp)[0] == ["Bản nháp huyện của Hoa", "Bản tin đã đăng"]
    assert writes == []                              # nothing was reindexed
