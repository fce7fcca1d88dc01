"""The ``portal CONFIG_URI COMMAND ...`` console script: evolve, plugins, adduser,
purge-trash.

Each command runs in one explicit transaction on its own ZODB connection (``evolve``
commits once per step); any error aborts it, so a failed command writes nothing.
"""
import argparse
import getpass
import sys
import time
from contextlib import contextmanager

import plaster
import transaction
from pyramid.interfaces import IRequestFactory
from pyramid.paster import get_app, setup_logging
from pyramid.request import Request
from pyramid.scripting import prepare
from pyramid.traversal import find_resource, resource_path
from transaction.interfaces import NoTransaction

from . import evolve, plugins, trash
from .bootstrap import ROOT_KEY
from .interfaces import ISite
from .security import GRANTABLE_ROLES, grant_role
from .security.password_policy import WeakPassword, check_password
from .security.principals import validate_login


class CommandError(Exception):
    """A failure reported to the user as ``portal: lỗi: ...`` with exit ``code``."""

    def __init__(self, message, code=1):
        super().__init__(message)
        self.code = code


@contextmanager
def portal_env(config_uri):
    """Yield ``(portal, request)`` inside a transaction on a fresh connection.

    Builds the app from ``config_uri`` (which creates the portal on first start), commits
    on success, aborts on error; always closes the connection and the databases.
    """
    try:
        setup_logging(config_uri)
        app = get_app(config_uri)
    except (OSError, LookupError, ValueError, plaster.PlasterError) as error:
        raise CommandError("không đọc được cấu hình %s: %s" % (config_uri, error), 2)
    registry = app.registry
    registry.portal_search_writer.synchronous = True  # the command exits right after
    tm = transaction.TransactionManager(explicit=True)
    tm.begin()
    conn = registry._zodb_databases[""].open(transaction_manager=tm)
    request = registry.queryUtility(IRequestFactory, default=Request).blank("/")
    request._primary_zodb_conn = conn  # the root factory reuses this connection
    env = prepare(request=request, registry=registry)
    request.tm = tm
    try:
        request.root = request.context = conn.root()[ROOT_KEY]
        yield request.root, request
        if _in_transaction(tm):
            tm.commit()
    except BaseException:
        if _in_transaction(tm):
            tm.abort()
        raise
    finally:
        conn.close()
        env["closer"]()
        for db in registry._zodb_databases.values():
            db.close()


def _in_transaction(tm):
    try:
        tm.get()
    except NoTransaction:
        return False
    return True


def find_site(portal, path):
    """The ``ISite`` at traversal ``path`` from ``portal``; CommandError (exit 2) if none."""
    try:
        site = find_resource(portal, path or "/")
    except KeyError:
        raise CommandError("không tìm thấy đường dẫn --site %s" % path, 2)
    if not ISite.providedBy(site):
        raise CommandError("%s không phải là một trang (Site)" % path, 2)
    return site


def read_password(login, stdin=None):
    """The new password: stdin's first line when piped, else asked twice on the terminal;
    it must satisfy the password policy (``security.password_policy``)."""
    stdin = stdin or sys.stdin
    if stdin.isatty():
        password = getpass.getpass("Mật khẩu cho %s: " % login)
        if getpass.getpass("Nhập lại mật khẩu: ") != password:
            raise CommandError("hai lần nhập mật khẩu không khớp")
    else:
        password = stdin.readline().strip()
    try:
        check_password(password, login)
    except WeakPassword as error:
        raise CommandError(str(error))
    return password


def cmd_evolve(portal, request, tm, args):
    """Run pending upgrade steps (``--dry-run``: run them all, then abort)."""
    steps = evolve.pending_steps(portal, request.registry)
    if not steps:
        print("Không có bước nâng cấp nào đang chờ (nothing to do).")
        return
    done = evolve.run_steps(portal, request, tm, dry_run=args.dry_run, out=print)
    if args.dry_run:
        print("Chạy thử: không lưu thay đổi nào; %d bước đang chờ." % len(steps))
    else:
        print("Đã chạy %d bước nâng cấp." % len(done))


def cmd_plugins_list(portal, request, tm, args):
    """Print installed plugins with their state on the site, then those that failed."""
    site = find_site(portal, args.site)
    row = "%-16s %-36s %-8s %s"
    print(row % ("NAME", "TITLE", "ENABLED", "SECTION"))
    for plugin in request.registry.portal_plugins:
        section = plugins.section_of(site, plugin.name)
        print(row % (plugin.name, plugin.title,
                     "yes" if plugins.is_enabled(site, plugin.name) else "no",
                     resource_path(section) if section is not None else "-"))
    for name, error in sorted(request.registry.portal_plugins.failed.items()):
        print(row % (name, "(không tải được / failed to load)", "-", error))


def cmd_plugins_switch(portal, request, tm, args):
    """Enable or disable plugin ``args.name`` on the site."""
    site = find_site(portal, args.site)
    switch = plugins.enable if args.action == "enable" else plugins.disable
    try:
        switch(site, args.name, request)
    except plugins.PluginError as error:
        raise CommandError(str(error))
    state = "bật" if args.action == "enable" else "tắt"
    print("Đã %s plugin %s tại %s" % (state, args.name, resource_path(site)))


def cmd_adduser(portal, request, tm, args):
    """Create user ``args.login`` (unless it exists) and grant ``args.role`` on the site."""
    site = find_site(portal, args.site)
    login = args.login
    if login in portal.users:
        print("Người dùng %s đã có; chỉ cấp thêm vai trò." % login)
    else:
        try:
            validate_login(login)
        except ValueError as error:
            raise CommandError(str(error))
        password = read_password(login)
        try:
            portal.users.add(login, password, fullname=args.fullname, email=args.email)
        except ValueError as error:
            raise CommandError(str(error))
        print("Đã tạo người dùng %s." % login)
    grant_role(site, "user:" + login, args.role)
    print("Đã cấp vai trò %s cho %s tại %s" % (args.role, login, resource_path(site)))


def cmd_purge_trash(portal, request, tm, args):
    """Delete for good the site's trash entries older than ``portal.trash_days`` days."""
    site = find_site(portal, args.site)
    days = trash.retention_days(request.registry)
    count = trash.purge_expired(site, days=days)
    print("Đã xóa hẳn %d mục quá %d ngày khỏi thùng rác của %s"
          % (count, days, resource_path(site)))


def cmd_reindex(portal, request, tm, args):
    """Rebuild the search index from the database (into a fresh directory, then swapped
    in; the portal keeps serving searches from the old one meanwhile)."""
    from .search import rebuild, search_backend
    started = time.monotonic()
    count = rebuild(request.registry)
    status = search_backend(request.registry).status()
    print("Đã lập lại chỉ mục tìm kiếm: %d mục trong %.1f giây (%s)"
          % (count, time.monotonic() - started, status["location"]))


def make_parser():
    """The argparse parser with one subcommand per command."""
    parser = argparse.ArgumentParser(
        prog="portal", description="Công cụ quản trị Cổng (Cổng administration tool).")
    parser.add_argument("config_uri", metavar="CONFIG_URI",
                        help="tệp cấu hình, ví dụ development.ini")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    site_help = "đường dẫn tới trang (Site), mặc định / — ví dụ /xa-thi-tran/yen-thinh"

    p = commands.add_parser("evolve", help="chạy các bước nâng cấp dữ liệu đang chờ")
    p.add_argument("--dry-run", action="store_true",
                   help="chạy thử mọi bước rồi hủy, không lưu gì")
    p.set_defaults(func=cmd_evolve)

    p = commands.add_parser("plugins", help="liệt kê, bật hoặc tắt plugin trên một trang")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = actions.add_parser("list", help="liệt kê plugin đã cài và trạng thái trên trang")
    p.add_argument("--site", default="/", help=site_help)
    p.set_defaults(func=cmd_plugins_list)
    for action, text in (("enable", "bật"), ("disable", "tắt (không xóa dữ liệu)")):
        p = actions.add_parser(action, help="%s một plugin trên trang" % text)
        p.add_argument("name", metavar="NAME", help="tên plugin, ví dụ news")
        p.add_argument("--site", default="/", help=site_help)
        p.set_defaults(func=cmd_plugins_switch)

    p = commands.add_parser(
        "adduser", help="tạo người dùng (mật khẩu đọc từ stdin hoặc hỏi) và cấp vai trò")
    p.add_argument("login", metavar="LOGIN", help="tên đăng nhập (a-z 0-9 . _ -)")
    p.add_argument("--role", required=True, choices=GRANTABLE_ROLES,
                   help="vai trò cấp trên trang")
    p.add_argument("--site", default="/", help=site_help)
    p.add_argument("--fullname", default="", help="họ và tên")
    p.add_argument("--email", default="", help="thư điện tử")
    p.set_defaults(func=cmd_adduser)

    p = commands.add_parser("reindex", help="lập lại toàn bộ chỉ mục tìm kiếm từ cơ sở dữ liệu")
    p.set_defaults(func=cmd_reindex)

    p = commands.add_parser("purge-trash",
                            help="xóa hẳn các mục đã ở trong thùng rác quá hạn giữ lại")
    p.add_argument("--site", default="/", help=site_help)
    p.set_defaults(func=cmd_purge_trash)
    return parser


def main(argv=None):
    """Entry point of the ``portal`` script; returns the exit code (0 on success)."""
    try:
        args = make_parser().parse_args(argv)
    except SystemExit as exit:
        return exit.code
    try:
        with portal_env(args.config_uri) as (portal, request):
            args.func(portal, request, request.tm, args)
            rebuilding = getattr(request.registry, "portal_search_rebuilding", None)
            if rebuilding is not None and rebuilding.is_alive():
                print("Đang lập lại chỉ mục tìm kiếm…", file=sys.stderr)
                rebuilding.join()
    except CommandError as error:
        print("portal: lỗi: %s" % error, file=sys.stderr)
        return error.code
    except KeyboardInterrupt:
        print("portal: đã hủy", file=sys.stderr)
        return 130
    return 0
