"""The ZODB root: the traversal root factory and first-start creation of the portal."""
import logging
import sys

import transaction
from pyramid.request import Request
from pyramid_zodbconn import get_connection

from .content.resources import Portal
from .security.passwords import random_password
from .security.roles import MANAGER, grant_role
from .security.principals import Users

log = logging.getLogger(__name__)
ROOT_KEY = "portal"
DEMO_CONTACTS = {
    "head_of_unit": "Ủy ban nhân dân huyện",
    "address": "Trụ sở Ủy ban nhân dân huyện, tổ dân phố 1, thị trấn trung tâm huyện",
    "phone": "0209 000 0000",
    "email": "vanphong@example.gov.vn",
}


def root_factory(request):
    """The ``Portal`` at the ZODB root's ``portal`` key (created at start-up)."""
    return get_connection(request).root()[ROOT_KEY]


def blank_request(registry, portal=None, path="/"):
    """A request for work outside HTTP (start-up, CLI): same registry, no identity."""
    request = Request.blank(path)
    request.registry = registry
    if portal is not None:
        request.root = request.context = portal
    return request


def create_portal(registry, title, admin_login="admin", admin_password=None, demo=False,
                  tm=None):
    """Build a new ``Portal`` with an admin (Manager) and every installed plugin enabled.

    Returns ``(portal, admin_password)``. Writes nothing itself: the caller stores the
    portal and commits (``tm``, its transaction manager, carries what follows commit).
    """
    from .evolve import mark_current
    from .plugins.state import enable
    portal = Portal(title=title)
    portal.__name__ = ""
    portal.settings.update(name=title, level=registry.settings.get("portal.level", "huyen"),
                           emblem_text="Cổng thông tin điện tử")
    portal.users = Users()
    password = admin_password or random_password()
    portal.users.add(admin_login, password, fullname="Quản trị hệ thống")
    grant_role(portal, "user:" + admin_login, MANAGER)
    request = blank_request(registry, portal)
    if tm is not None:
        request.tm = tm
    for plugin in registry.portal_plugins.in_dependency_order():
        enable(portal, plugin.name, request)
    if demo:
        portal.settings.update(DEMO_CONTACTS)
        for plugin in registry.portal_plugins:
            if plugin.demo is not None:
                from .plugins.state import section_of
                plugin.demo(portal, section_of(portal, plugin.name), request)
    mark_current(portal, registry)
    return portal, password


def ensure_portal(registry, out=None):
    """Create the portal on first start and print the admin password once (never stored).

    Reads the database named by ``zodbconn.uri``; commits one transaction when it creates.
    """
    settings = registry.settings
    db = registry._zodb_databases[""]  # opened by pyramid_zodbconn from zodbconn.uri
    tm = transaction.TransactionManager()
    conn = db.open(transaction_manager=tm)
    try:
        with tm:
            root = conn.root()
            if ROOT_KEY in root:
                return False
            title = settings.get("portal.title", "Cổng thông tin điện tử")
            demo = settings.get("portal.demo", "false").lower() == "true"
            portal, password = create_portal(
                registry, title, admin_password=settings.get("portal.admin_password"),
                demo=demo, tm=tm)
            root[ROOT_KEY] = portal
        if not settings.get("portal.admin_password"):
            out = out or sys.stdout
            banner = "=" * 64
            print("%s\nCổng: a new portal was created.\n  Log in at /@@login as: admin\n"
                  "  Password (shown only this once): %s\n%s" % (banner, password, banner),
                  file=out, flush=True)
        log.info("Created a new portal %r", portal.title)
        return True
    finally:
        conn.close()
