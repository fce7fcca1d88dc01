"""The index over the portal's life: start-up with a missing, stale or corrupt index,
``portal CONFIG reindex``, plugins switched off and on, trash and restore."""
import os

import pytest
import webtest

from portal_core import cli, main
from portal_core.bootstrap import blank_request
from portal_core.plugins import disable, enable
from portal_core.testing import ADMIN_PASSWORD, open_portal, store
from portal_plugins.news.resources import NewsArticle


def finds(app, q):
    page = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"}).get(
        "/@@search", params={"q": q}).text
    return "Tìm thấy <strong>0</strong>" not in page and "Không tìm thấy" not in page


def restart(app, settings, **changes):
    """Close ``app``'s database and build the app again on the same files."""
    for db in app.registry._zodb_databases.values():
        db.close()
    return main({}, **dict(settings, **changes))


@pytest.fixture
def indexed(app):
    store(app, "/tin-tuc", NewsArticle(title="Khánh thành cầu Nà Pài"))
    assert finds(app, "na pai")
    return app


def test_a_missing_index_is_rebuilt_at_start(indexed, settings):
    root = settings["portal.search.dir"]
    for name in os.listdir(root):
        if name == "CURRENT":
            os.remove(os.path.join(root, name))
    app = restart(indexed, settings)
    assert app.registry.portal_search_state == "missing"
    assert finds(app, "na pai")


def test_a_corrupt_index_is_rebuilt_at_start(indexed, settings):
    root = settings["portal.search.dir"]
    current = open(os.path.join(root, "CURRENT")).read()
    for name in os.listdir(os.path.join(root, current)):
        if name.endswith(".toc"):
            with open(os.path.join(root, current, name), "wb") as f:
                f.write(b"not an index")
    app = restart(indexed, settings)
    assert app.registry.portal_search_state == "corrupt"
    assert finds(app, "na pai")


def test_an_index_of_another_schema_is_rebuilt(indexed, settings):
    root = settings["portal.search.dir"]
    current = open(os.path.join(root, "CURRENT")).read()
    with open(os.path.join(root, current, "SCHEMA"), "w") as f:
        f.write("older")
    app = restart(indexed, settings)
    assert app.registry.portal_search_state == "stale"
    assert finds(app, "na pai")


def test_pages_are_served_while_rebuilding_in_the_background(indexed, settings):
    os.remove(os.path.join(settings["portal.search.dir"], "CURRENT"))
    app = restart(indexed, settings, **{"portal.search.rebuild": "background"})
    client = webtest.TestApp(app, extra_environ={"HTTP_HOST": "localhost"})
    assert client.get("/").status_int == 200
    app.registry.portal_search_rebuilding.join(30)
    assert finds(app, "na pai")


def test_start_up_can_only_report(indexed, settings, caplog):
    os.remove(os.path.join(settings["portal.search.dir"], "CURRENT"))
    app = restart(indexed, settings, **{"portal.search.rebuild": "off"})
    assert "reindex" in caplog.text
    assert not finds(app, "na pai")


def test_reindex_command(tmp_path, capsys):
    ini = tmp_path / "search.ini"
    ini.write_text(
        "[app:main]\nuse = egg:cong-portal\n"
        "zodbconn.uri = file://{0}/Data.fs?blobstorage_dir={0}/blobs\n"
        "portal.secret = test-secret-0123456789abcdef\nportal.admin_password = {1}\n"
        "portal.demo = true\nportal.search.dir = {0}/search\n".format(tmp_path, ADMIN_PASSWORD))
    assert cli.main([str(ini), "reindex"]) == 0
    out = capsys.readouterr().out
    count = int(out.split(":")[1].split()[0])
    assert count > 0 and "Đã lập lại chỉ mục tìm kiếm" in out
    before = set(os.listdir(tmp_path / "search"))
    assert cli.main([str(ini), "reindex"]) == 0
    assert set(os.listdir(tmp_path / "search")) != before  # a fresh directory swapped in


def test_disabled_plugins_leave_results_and_come_back(indexed):
    with open_portal(indexed) as portal:
        disable(portal, "news", blank_request(indexed.registry, portal))
    assert not finds(indexed, "na pai")
    with open_portal(indexed) as portal:
        enable(portal, "news", blank_request(indexed.registry, portal))
    assert finds(indexed, "na pai")


def test_trash_and_restore(indexed, testapp, admin):
    from portal_core.trash import api as trash
    with open_portal(indexed) as portal:
        request = blank_request(indexed.registry, portal)
        item = [o for o in portal["tin-tuc"].values() if o.title.startswith("Khánh")][0]
        trash.move_to_trash(item, request)
    assert not finds(indexed, "na pai")
    with open_portal(indexed) as portal:
        request = blank_request(indexed.registry, portal)
        entry = list(trash.entries(portal))[0]
        trash.restore(portal, entry[0], request)
    assert finds(indexed, "na pai")


def test_trashing_a_folder_takes_its_subtree_out(app):
    from portal_core.content import Folder
    from portal_core.trash import api as trash
    store(app, "/", Folder(title="Lưu trữ cũ"), name="luu-tru")
    store(app, "/luu-tru", NewsArticle(title="Tin cũ về lễ hội Lồng Tồng"))
    assert finds(app, "long tong")
    with open_portal(app) as portal:
        trash.move_to_trash(portal["luu-tru"], blank_request(app.registry, portal))
    assert not finds(app, "long tong")
    assert app.registry.portal_search.count() == 0
    with open_portal(app) as portal:
        entry = list(trash.entries(portal))[0]
        trash.restore(portal, entry[0], blank_request(app.registry, portal))
    assert finds(app, "long tong")
