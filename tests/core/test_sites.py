"""The portal's registry of sites: added, trashed, restored, deleted."""
from portal_core.bootstrap import blank_request
from portal_core.content import Site, remove
from portal_core.sites import all_sites
from portal_core.testing import open_portal, store


def names(portal):
    return [s.title for s in all_sites(portal)]


def test_sites_are_listed_after_the_portal(app):
    store(app, "/", Site(title="Xã Yên Thịnh"), name="yen-thinh")
    store(app, "/", Site(title="Thị trấn Bằng Lũng"), name="bang-lung")
    with open_portal(app, commit=False) as portal:
        assert names(portal) == [portal.title, "Thị trấn Bằng Lũng", "Xã Yên Thịnh"]


def test_deleted_sites_leave_the_registry(app):
    store(app, "/", Site(title="Xã Yên Thịnh"), name="yen-thinh")
    with open_portal(app) as portal:
        remove(portal, "yen-thinh", blank_request(app.registry, portal))
    with open_portal(app, commit=False) as portal:
        assert names(portal) == [portal.title]
