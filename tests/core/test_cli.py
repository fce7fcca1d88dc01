"""The ``portal`` console script, run in-process through ``main()`` and once for real."""
import importlib.metadata
import io
import subprocess
import sys
import unicodedata
from contextlib import contextmanager
from pathlib import Path

import pytest
import transaction
import ZODB
from ZODB.FileStorage import FileStorage

from portal_core import cli
from portal_core.bootstrap import ROOT_KEY
from portal_core.content.resources import Site
from portal_core.plugins import is_enabled, section_of
from portal_core.plugins import loader
from portal_core.security import roles_in

ADMIN_PASSWORD = "admin-pass-123"
SCRIPT = Path(sys.executable).with_name("portal")


@pytest.fixture
def ini(tmp_path):
    path = tmp_path / "test.ini"
    path.write_text(
        "[app:main]\nuse = egg:cong-portal\n"
        "zodbconn.uri = file://{0}/Data.fs?blobstorage_dir={0}/blobs\n"
        "portal.secret = test-secret-0123456789abcdef\n"
        "portal.admin_password = {1}\nportal.plugins = *\n".format(tmp_path, ADMIN_PASSWORD))
    return str(path)


@pytest.fixture
def run(ini, capsys, monkeypatch):
    """``run(*args, stdin="")`` → ``(exit code, stdout, stderr)`` of ``portal INI args``."""
    def _run(*args, stdin=""):
        if isinstance(stdin, str):
            stdin = io.StringIO(stdin)
        monkeypatch.setattr(sys, "stdin", stdin)
        code = cli.main([ini, *args])
        out, err = capsys.readouterr()
        return code, out, err
    return _run


@pytest.fixture
def portal_db(tmp_path, run):
    """``with portal_db() as portal:`` opens the CLI's database afresh; commits on exit."""
    run("evolve")  # the first start creates the portal

    @contextmanager
    def _open():
        db = ZODB.DB(FileStorage(str(tmp_path / "Data.fs"), blob_dir=str(tmp_path / "blobs")))
        tm = transaction.TransactionManager()
        conn = db.open(transaction_manager=tm)
        try:
            with tm:
                yield conn.root()[ROOT_KEY]
        finally:
            conn.close()
            db.close()
    return _open


@pytest.fixture
def news(run):
    """Skip plugin tests when the ``news`` plugin is not (yet) loadable."""
    code, out, _ = run("plugins", "list")
    line = next((l for l in out.splitlines() if l.startswith("news ")), "")
    if not line or "failed" in line:
        pytest.skip("news plugin not installed or failed to load: %r" % line)
    return "news"


def plugin_row(out, name):
    return next(l.split() for l in out.splitlines() if l.startswith(name + " "))


# evolve

def test_evolve_on_fresh_portal_has_nothing_to_do(run):
    code, out, err = run("evolve")
    assert code == 0
    assert "nothing to do" in out


def test_evolve_dry_run_changes_nothing_then_evolve_applies(run, portal_db):
    nfd_title = unicodedata.normalize("NFD", "Cổng Yên Thịnh")
    with portal_db() as portal:
        portal.evolved["core"] = 1
        portal.title = nfd_title

    code, out, _ = run("evolve", "--dry-run")
    assert code == 0
    assert "core: 1 → 2" in out
    with portal_db() as portal:
        assert portal.evolved["core"] == 1
        assert portal.title == nfd_title

    code, out, _ = run("evolve")
    assert code == 0
    assert "core: 1 → 2" in out and "core: 2 → 3" in out and "core: 3 → 4" in out
    with portal_db() as portal:
        assert portal.evolved["core"] == 4
        assert portal.title == unicodedata.normalize("NFC", nfd_title)
    assert "nothing to do" in run("evolve")[1]


# plugins

def test_plugins_list_enable_disable_round_trip(run, portal_db, news):
    code, out, _ = run("plugins", "list")
    assert code == 0
    assert plugin_row(out, "news")[-2:] == ["yes", "/tin-tuc"]

    code, out, _ = run("plugins", "disable", "news")
    assert code == 0
    assert plugin_row(run("plugins", "list")[1], "news")[-2:] == ["no", "/tin-tuc"]
    with portal_db() as portal:
        assert not is_enabled(portal, "news")
        assert "tin-tuc" in portal
        assert section_of(portal, "news") is portal["tin-tuc"]

    assert run("plugins", "enable", "news")[0] == 0
    assert plugin_row(run("plugins", "list")[1], "news")[-2:] == ["yes", "/tin-tuc"]
    with portal_db() as portal:
        assert is_enabled(portal, "news")
        assert [n for n in portal if n.startswith("tin-tuc")] == ["tin-tuc"]


def test_plugins_on_a_commune_site(run, portal_db, news):
    with portal_db() as portal:
        portal["xa-yen-thinh"] = Site(title="Xã Yên Thịnh")
    out = run("plugins", "list", "--site", "/xa-yen-thinh")[1]
    assert plugin_row(out, "news")[-2:] == ["no", "-"]

    assert run("plugins", "enable", "news", "--site", "/xa-yen-thinh")[0] == 0
    out = run("plugins", "list", "--site", "/xa-yen-thinh/")[1]
    assert plugin_row(out, "news")[-2:] == ["yes", "/xa-yen-thinh/tin-tuc"]
    with portal_db() as portal:
        assert is_enabled(portal["xa-yen-thinh"], "news")
        assert is_enabled(portal, "news")


def test_plugins_list_shows_plugins_that_failed_to_load(run, monkeypatch):
    broken = importlib.metadata.EntryPoint(
        name="broken", value="portal_plugins_no_such_module", group=loader.GROUP)
    installed = list(loader.entry_points())
    monkeypatch.setattr(loader, "entry_points", lambda group=loader.GROUP: installed + [broken])
    code, out, _ = run("plugins", "list")
    assert code == 0
    row = next(l for l in out.splitlines() if l.startswith("broken "))
    assert "failed to load" in row and "ModuleNotFoundError" in row


@pytest.mark.parametrize("action", ["enable", "disable"])
def test_unknown_plugin_is_an_error(run, action):
    code, out, err = run("plugins", action, "khong-co")
    assert code == 1
    assert "Plugin không được cài đặt: khong-co" in err


@pytest.mark.parametrize("path", ["/khong-ton-tai", "/a/b/c"])
def test_bad_site_path_is_a_usage_error(run, path):
    code, _, err = run("plugins", "list", "--site", path)
    assert code == 2
    assert "không tìm thấy" in err and path in err


def test_site_path_must_be_a_site(run, news):
    code, _, err = run("plugins", "disable", "news", "--site", "/tin-tuc")
    assert code == 2
    assert "không phải là một trang" in err


# adduser

def test_adduser_creates_user_and_grants_role(run, portal_db):
    code, out, err = run("adduser", "bien-tap", "--role", "Editor", "--fullname",
                         "Nguyễn Văn An", "--email", "an@example.vn", stdin="mat-khau-dai-1\n")
    assert code == 0, err
    assert "mat-khau-dai-1" not in out + err
    with portal_db() as portal:
        user = portal.users.get("bien-tap")
        assert user.check_password("mat-khau-dai-1")
        assert (user.fullname, user.email) == ("Nguyễn Văn An", "an@example.vn")
        assert roles_in(portal, ["user:bien-tap"]) == {"Editor"}


def test_adduser_on_a_site_grants_locally(run, portal_db):
    with portal_db() as portal:
        portal["xa-yen-thinh"] = Site(title="Xã Yên Thịnh")
    code, _, err = run("adduser", "qt-xa", "--role", "SiteAdmin", "--site", "/xa-yen-thinh",
                       stdin="mat-khau-xa-1\n")
    assert code == 0, err
    with portal_db() as portal:
        assert roles_in(portal["xa-yen-thinh"], ["user:qt-xa"]) == {"SiteAdmin"}
        assert roles_in(portal, ["user:qt-xa"]) == set()


def test_adduser_existing_user_only_grants_role(run, portal_db):
    code, out, _ = run("adduser", "admin", "--role", "Reviewer", stdin="ignored-password\n")
    assert code == 0
    assert "đã có" in out
    with portal_db() as portal:
        assert portal.users.get("admin").check_password(ADMIN_PASSWORD)
        assert roles_in(portal, ["user:admin"]) == {"Manager", "Reviewer"}


def test_adduser_asks_twice_on_a_terminal(run, portal_db, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    answers = iter(["mat-khau-ban-phim-1", "mat-khau-ban-phim-1", "mot-mat-khau", "khac-mat-khau"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: next(answers))
    assert run("adduser", "tty", "--role", "Reader", stdin=Terminal())[0] == 0
    code, _, err = run("adduser", "tty2", "--role", "Reader", stdin=Terminal())
    assert code == 1
    assert "không khớp" in err
    with portal_db() as portal:
        assert portal.users.get("tty").check_password("mat-khau-ban-phim-1")
        assert "tty2" not in portal.users


@pytest.mark.parametrize("args,stdin,message", [
    (["../x", "--role", "Editor"], "mat-khau-dai\n", "Tên đăng nhập không hợp lệ"),
    (["ngan", "--role", "Editor"], "ngan\n", "ít nhất 10 ký tự"),
    (["rong", "--role", "Editor"], "", "ít nhất 10 ký tự"),
    (["bien-tap", "--role", "Editor", "--site", "/khong-co"], "mat-khau-dai\n",
     "không tìm thấy"),
])
def test_adduser_refuses_bad_input_and_writes_nothing(run, portal_db, args, stdin, message):
    code, _, err = run("adduser", *args, stdin=stdin)
    assert code in (1, 2)
    assert message in err
    with portal_db() as portal:
        assert len(portal.users) == 1  # only the first admin
        assert set(portal.__local_roles__) == {"user:admin"}


def test_adduser_unknown_role_is_a_usage_error(run):
    code, _, err = run("adduser", "bien-tap", "--role", "Boss", stdin="mat-khau-dai\n")
    assert code == 2
    assert "Boss" in err


def test_missing_config_file(tmp_path, capsys):
    assert cli.main([str(tmp_path / "khong-co.ini"), "evolve"]) == 2
    assert "khong-co.ini" in capsys.readouterr().err


def test_console_script_reads_password_from_a_pipe(ini, tmp_path, portal_db):
    result = subprocess.run(
        [str(SCRIPT), ini, "adduser", "phong-vien", "--role", "Contributor"],
        input="mat-khau-pipe-1\n", capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "mat-khau-pipe-1" not in result.stdout + result.stderr
    with portal_db() as portal:
        assert portal.users.get("phong-vien").check_password("mat-khau-pipe-1")
        assert roles_in(portal, ["user:phong-vien"]) == {"Contributor"}
