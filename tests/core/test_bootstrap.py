"""First start: the portal is created once, with an admin whose password is printed once."""
import re

import webtest

from portal_core import main
from portal_core.testing import csrf_token


def _start(settings, capsys):
    app = main({}, **settings)
    printed = capsys.readouterr().out
    return app, printed


def _close(app):
    for db in app.registry._zodb_databases.values():
        db.close()


def test_first_start_prints_a_random_admin_password_once(settings, capsys):
    del settings["portal.admin_password"]
    app, printed = _start(settings, capsys)
    match = re.search(r"Password \(shown only this once\): (\S+)", printed)
    assert match and "admin" in printed
    password = match.group(1)
    assert len(password) >= 16
    testapp = webtest.TestApp(app)
    page = testapp.get("/@@login")
    testapp.post("/@@login", {"login": "admin", "password": password,
                              "csrf_token": csrf_token(page)}, status=303)
    assert "Quản trị" in testapp.get("/@@admin").text
    conn = app.registry._zodb_databases[""].open()
    admin = conn.root()["portal"].users.get("admin")
    assert admin.password_hash.startswith("$argon2id$")
    assert password not in repr(admin.__getstate__())
    conn.close()
    _close(app)
    again, printed_again = _start(settings, capsys)
    assert "Password" not in printed_again
    _close(again)


def test_two_starts_print_different_passwords(settings, capsys, tmp_path):
    del settings["portal.admin_password"]
    passwords = []
    for name in ("a", "b"):
        settings["zodbconn.uri"] = "file://%s/%s.fs" % (tmp_path, name)
        app, printed = _start(settings, capsys)
        passwords.append(re.search(r"once\): (\S+)", printed).group(1))
        _close(app)
    assert passwords[0] != passwords[1]


def test_new_portal_has_every_plugin_enabled_and_its_settings(app, portal_of, settings):
    with portal_of() as portal:
        assert portal.settings["name"] == settings["portal.title"]
        assert portal.plugin_state["news"]["enabled"] is True
        assert "tin-tuc" in portal
        assert len(portal["tin-tuc"].listing) == 0       # demo content is off in tests
        assert portal.evolved["core"] == app.registry.portal_upgrades.latest("core")


def test_demo_portal_has_articles_and_contact_details(settings, capsys):
    settings["portal.demo"] = "true"
    app, _printed = _start(settings, capsys)
    page = webtest.TestApp(app).get("/")
    assert page.text.count('class="block news-latest"') == 1
    assert len(re.findall(r'<li>\s*<a href="http://localhost/tin-tuc/', page.text)) >= 5
    assert "vanphong@example.gov.vn" in page.text
    _close(app)
