"""Upgrade steps: the registry, the ``add_upgrade_step`` directive and the runner."""
import unicodedata
from contextlib import contextmanager

import pytest
import transaction
from pyramid.config import Configurator
from pyramid.exceptions import ConfigurationConflictError

from portal_core import evolve
from portal_core.evolve import UpgradeRegistry, UpgradeStep


def nfd(text):
    return unicodedata.normalize("NFD", text)


def is_nfc(text):
    return unicodedata.normalize("NFC", text) == text


def noop(portal, request):
    pass


def steps_of(chain):
    return [(s.source, s.dest) for s in chain]


# --- the registry --------------------------------------------------------------------

def test_pending_steps_chain_in_order_whatever_the_registration_order():
    registry = UpgradeRegistry()
    for source in (3, 1, 2):
        registry.register(UpgradeStep("news", source, source + 1, noop))
    assert registry.latest("news") == 4
    assert steps_of(registry.pending("news", 1)) == [(1, 2), (2, 3), (3, 4)]
    assert steps_of(registry.pending("news", 2)) == [(2, 3), (3, 4)]
    assert registry.pending("news", 4) == []
    assert registry.pending("news", 9) == []


def test_a_step_may_jump_versions():
    registry = UpgradeRegistry()
    registry.register(UpgradeStep("core", 1, 3, noop))
    registry.register(UpgradeStep("core", 2, 3, noop))
    registry.register(UpgradeStep("core", 3, 4, noop))
    assert steps_of(registry.pending("core", 1)) == [(1, 3), (3, 4)]
    assert steps_of(registry.pending("core", 2)) == [(2, 3), (3, 4)]


def test_unknown_package_has_nothing_pending():
    registry = UpgradeRegistry()
    assert registry.pending("khong-co", 1) == [] and registry.latest("khong-co") == 0


def test_directive_registers_steps_and_core_has_the_nfc_step():
    config = Configurator(settings={})
    config.include("portal_core.evolve")
    config.add_upgrade_step("news", 1, 2, noop, "Thêm trường tác giả")
    config.commit()
    upgrades = config.registry.portal_upgrades
    assert steps_of(upgrades.pending("core", 1)) == [(1, 2), (2, 3), (3, 4)]
    assert upgrades.pending("core", 1)[0].handler is evolve.normalize_text_to_nfc
    assert [(s.title, s.handler) for s in upgrades.pending("news", 1)] == [
        ("Thêm trường tác giả", noop)]


def test_two_steps_from_one_version_conflict():
    config = Configurator(settings={})
    config.include("portal_core.evolve")
    config.add_upgrade_step("news", 1, 2, noop)
    config.add_upgrade_step("news", 1, 3, noop)
    with pytest.raises(ConfigurationConflictError):
        config.commit()


# --- the runner on a real portal -------------------------------------------------------

@contextmanager
def runner_env(app):
    """``(portal, request, transaction manager)`` on a connection of its own, as the CLI."""
    from portal_core.bootstrap import blank_request
    tm = transaction.TransactionManager()
    conn = app.registry._zodb_databases[""].open(transaction_manager=tm)
    tm.begin()
    try:
        portal = conn.root()["portal"]
        yield portal, blank_request(app.registry, portal), tm
    finally:
        tm.abort()
        conn.close()


TITLES = {
    "portal": "Cổng thông tin điện tử huyện Đồng Văn",
    "section": "Tin tức – sự kiện",
    "category": "Văn hóa - Xã hội",
    "article": "Lễ hội Lồng tồng xuân năm 2026",
    "lead": "Đồng bào Tày, Nùng ném còn, kéo co",
    "folder": "Thư mục cũ",
    "deep": "Tài liệu nhập từ hệ thống cũ",
}


@pytest.fixture
def old_portal(app, portal_of):
    """A portal at core version 1 (before workflows) whose texts were imported in NFD."""
    from portal_core.bootstrap import blank_request
    from portal_core.content import Folder, Item, add
    from portal_plugins.news.resources import NewsArticle
    with portal_of() as portal:
        request = blank_request(app.registry, portal)
        section = portal["tin-tuc"]
        add(section, NewsArticle(title="x"), request, name="le-hoi")
        add(portal, Folder(title="x"), request, name="thu-muc")
        add(portal["thu-muc"], Item(title="x"), request, name="tai-lieu")
        portal.title = nfd(TITLES["portal"])
        section.title = nfd(TITLES["section"])
        section["van-hoa-xa-hoi"].title = nfd(TITLES["category"])
        section["le-hoi"].title = nfd(TITLES["article"])
        section["le-hoi"].description = nfd(TITLES["lead"])
        portal["thu-muc"].title = nfd(TITLES["folder"])
        portal["thu-muc"]["tai-lieu"].title = nfd(TITLES["deep"])
        section["le-hoi"].workflow_state = None          # stored before workflows existed
        portal.evolved["core"] = 1


def stored_texts(portal):
    section = portal["tin-tuc"]
    return {
        "portal": portal.title, "section": section.title,
        "category": section["van-hoa-xa-hoi"].title,
        "article": section["le-hoi"].title, "lead": section["le-hoi"].description,
        "folder": portal["thu-muc"].title, "deep": portal["thu-muc"]["tai-lieu"].title,
    }


def test_fresh_portal_has_nothing_pending(app, portal_of):
    with portal_of() as portal:
        assert evolve.pending_steps(portal, app.registry) == []
        assert portal.evolved["core"] == app.registry.portal_upgrades.latest("core") == 4
    with runner_env(app) as (portal, request, tm):
        lines = []
        assert evolve.run_steps(portal, request, tm, out=lines.append) == []
        assert lines == []


def test_runner_normalizes_nfd_titles_and_records_the_version(app, portal_of, old_portal):
    with portal_of() as portal:
        assert not any(is_nfc(t) for t in stored_texts(portal).values())
        assert steps_of(evolve.pending_steps(portal, app.registry)) == [(1, 2), (2, 3), (3, 4)]
    lines = []
    with runner_env(app) as (portal, request, tm):
        done = evolve.run_steps(portal, request, tm, out=lines.append)
    assert steps_of(done) == [(1, 2), (2, 3), (3, 4)]
    assert lines == ["core: 1 → 2 Chuẩn hóa tiêu đề và mô tả về Unicode NFC",
                     "core: 2 → 3 Nội dung có từ trước khi có quy trình duyệt được coi là đã đăng",
                     "core: 3 → 4 Ghi lại nơi người dùng được giao vai trò"]
    with portal_of() as portal:                                  # committed, seen afresh
        assert stored_texts(portal) == TITLES
        assert portal.evolved["core"] == 4
        assert portal["tin-tuc"]["le-hoi"].workflow_state == "published"
        assert evolve.pending_steps(portal, app.registry) == []


def test_normalized_titles_are_shown_and_found(app, portal_of, old_portal, testapp):
    with runner_env(app) as (portal, request, tm):
        evolve.run_steps(portal, request, tm, out=lambda line: None)
    page = testapp.get("/tin-tuc/le-hoi/")
    assert TITLES["article"] in page.text and nfd(TITLES["article"]) not in page.text


def test_dry_run_changes_nothing(app, portal_of, old_portal):
    lines = []
    with runner_env(app) as (portal, request, tm):
        evolve.run_steps(portal, request, tm, dry_run=True, out=lines.append)
    assert lines == ["core: 1 → 2 Chuẩn hóa tiêu đề và mô tả về Unicode NFC",
                     "core: 2 → 3 Nội dung có từ trước khi có quy trình duyệt được coi là đã đăng",
                     "core: 3 → 4 Ghi lại nơi người dùng được giao vai trò"]
    with portal_of() as portal:
        assert stored_texts(portal) == {k: nfd(v) for k, v in TITLES.items()}
        assert portal.evolved["core"] == 1
        assert portal["tin-tuc"]["le-hoi"].workflow_state is None
        assert steps_of(evolve.pending_steps(portal, app.registry)) == [(1, 2), (2, 3), (3, 4)]


def test_dry_run_of_several_steps_stores_none_of_them(app, portal_of, old_portal):
    def later(portal, request):
        portal.settings["buoc_2"] = True

    app.registry.portal_upgrades.register(UpgradeStep("core", 4, 5, later))
    with runner_env(app) as (portal, request, tm):
        evolve.run_steps(portal, request, tm, dry_run=True, out=lambda line: None)
    with portal_of() as portal:
        assert portal.evolved["core"] == 1
        assert "buoc_2" not in portal.settings
        assert stored_texts(portal)["article"] == nfd(TITLES["article"])
        assert steps_of(evolve.pending_steps(portal, app.registry)) == [(1, 2), (2, 3), (3, 4), (4, 5)]


def test_portal_without_a_version_record_starts_at_one(app, portal_of, old_portal):
    with portal_of() as portal:
        portal.evolved = None
    with runner_env(app) as (portal, request, tm):
        assert steps_of(evolve.run_steps(portal, request, tm, out=lambda line: None)) == [
            (1, 2), (2, 3), (3, 4)]
    with portal_of() as portal:
        assert dict(portal.evolved) == {"core": 4}
        assert stored_texts(portal) == TITLES


def test_steps_run_in_order_one_transaction_each(app, portal_of):
    calls = []

    def step(source):
        def handler(portal, request):
            calls.append((source, dict(portal.evolved)))
            portal.settings["buoc_%d" % source] = True
        return handler

    upgrades = app.registry.portal_upgrades
    for source in (3, 2):
        upgrades.register(UpgradeStep("demo", source, source + 1, step(source)))
    upgrades.register(UpgradeStep("demo", 1, 2, step(1)))
    with portal_of() as portal:
        assert steps_of(evolve.pending_steps(portal, app.registry)) == [(1, 2), (2, 3),
                                                                         (3, 4)]
    with runner_env(app) as (portal, request, tm):
        done = evolve.run_steps(portal, request, tm, out=lambda line: None)
    assert steps_of(done) == [(1, 2), (2, 3), (3, 4)]
    assert [c[0] for c in calls] == [1, 2, 3]
    assert [c[1].get("demo") for c in calls] == [None, 2, 3]     # each sees the last record
    with portal_of() as portal:
        assert portal.evolved["demo"] == 4
        assert all(portal.settings["buoc_%d" % n] for n in (1, 2, 3))


def test_a_failing_step_keeps_the_steps_before_it(app, portal_of):
    def good(portal, request):
        portal.settings["buoc_tot"] = True

    def bad(portal, request):
        portal.settings["buoc_hong"] = True
        raise RuntimeError("hỏng")

    upgrades = app.registry.portal_upgrades
    upgrades.register(UpgradeStep("demo", 1, 2, good))
    upgrades.register(UpgradeStep("demo", 2, 3, bad))
    with runner_env(app) as (portal, request, tm):
        with pytest.raises(RuntimeError):
            evolve.run_steps(portal, request, tm, out=lambda line: None)
    with portal_of() as portal:
        assert portal.evolved["demo"] == 2
        assert portal.settings.get("buoc_tot") is True
        assert "buoc_hong" not in portal.settings
        assert steps_of(evolve.pending_steps(portal, app.registry)) == [(2, 3)]


def test_role_holders_step_records_existing_grants(app, portal_of, old_portal):
    from portal_core.security.roles import holdings
    with portal_of() as portal:
        portal["tin-tuc"].__local_roles__ = {"user:bientap": frozenset({"Editor"})}
        portal.role_holders = None
    with runner_env(app) as (portal, request, tm):
        evolve.run_steps(portal, request, tm, out=lambda line: None)
    with portal_of() as portal:
        assert [(obj.__name__, roles) for obj, roles in holdings(portal, ["user:bientap"])] \
            == [("tin-tuc", frozenset({"Editor"}))]
