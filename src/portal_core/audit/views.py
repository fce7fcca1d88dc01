"""``@@audit`` (the log of a site and the sites below it, filtered and paged) and
``@@audit.csv`` (the same filters as a CSV file Excel opens with Vietnamese intact)."""
import csv
import datetime
import io
import itertools

from pyramid.response import Response
from pyramid.traversal import resource_path
from pyramid.view import view_config

from ..csvexport import csv_cell
from ..dates import VIETNAM, local, parse_date
from ..i18n import _
from ..interfaces import ISite
from ..security.permissions import MANAGE_SITE
from ..text import fold, slugify
from .storage import audit_log, in_scope

PAGE_SIZE = 50
MAX_CSV_ROWS = 200000
MAX_FILTER = 200
REASONS = {"password": _("sai tên đăng nhập hoặc mật khẩu"),
           "locked": _("tài khoản tạm khóa vì đăng nhập sai nhiều lần"),
           "address": _("địa chỉ tạm bị chặn vì đăng nhập sai nhiều lần"),
           "disabled": _("tài khoản đã bị vô hiệu hóa")}


class AuditFilter:
    """The query-string filters: ``from``/``to`` (dates in Vietnam time, both included),
    ``actor`` (a login; for failed logins, the login that was tried), ``action`` (a code),
    ``q`` (text in the object's title or path) and ``page``."""

    def __init__(self, request, scope):
        params = request.GET
        self.scope = scope
        self.errors = []
        self.values = {key: params.get(key, "").strip()[:MAX_FILTER]
                       for key in ("from", "to", "actor", "action", "q")}
        self.start = self._moment("from", _("Ngày bắt đầu không hợp lệ."))
        end = self._moment("to", _("Ngày kết thúc không hợp lệ."))
        self.end = end + datetime.timedelta(days=1) if end is not None else None
        self.actor = fold(self.values["actor"]) or None
        self.action = (self.values["action"] if self.values["action"]
                       in request.registry.portal_audit_actions else None)
        self.text = fold(self.values["q"]) or None
        try:
            self.page = max(1, int(params.get("page", 1)))
        except ValueError:
            self.page = 1

    def _moment(self, key, error):
        try:
            day = parse_date(self.values[key])
        except ValueError:
            self.errors.append(error)
            self.values[key] = ""
            return None
        if day is None:
            return None
        self.values[key] = day.isoformat()
        return datetime.datetime.combine(day, datetime.time(0), tzinfo=VIETNAM)

    def query(self, **changes):
        """The filters (non-empty) as a query dict, with ``changes`` applied."""
        query = {key: value for key, value in self.values.items() if value}
        query.update(changes)
        return query

    def matches(self, entry):
        if not in_scope(entry, self.scope):
            return False
        if self.action is not None and entry.action != self.action:
            return False
        if self.actor is not None:
            tried = (entry.details or {}).get("login") if entry.action == "login-failed" \
                else None
            if self.actor not in (fold(entry.actor or ""), fold(tried or "")):
                return False
        if self.text is not None:
            haystack = fold(entry.title or "") + "\n" + fold(entry.path or "")
            if self.text not in haystack:
                return False
        return True

    def entries(self, log):
        """Matching entries newest first (lazily; reads only the days in range)."""
        if log is None:
            return iter(())
        return (e for e in log.entries(self.start, self.end) if self.matches(e))


def _state_title(registry, name, translate):
    for workflow in getattr(registry, "portal_workflows", {}).values():
        for state in workflow.states:
            if state.name == name:
                return translate(state.title)
    return name or "—"


def describe(entry, request):
    """The entry's details as one line of Vietnamese text."""
    translate = request.localizer.translate
    details = entry.details or {}
    action = entry.action
    if action == "login-failed":
        reason = REASONS.get(details.get("reason"))
        text = translate(_("Tên đăng nhập: ${login}; lý do: ${reason}", mapping={
            "login": details.get("login") or "", "reason": translate(reason) if reason
            else details.get("reason") or ""}))
    elif action in ("role-granted", "role-revoked"):
        text = "%s: %s" % (details.get("principal", ""), ", ".join(details.get("roles", ())))
    elif action in ("plugin-enabled", "plugin-disabled"):
        name = details.get("plugin", "")
        plugin = request.registry.portal_plugins.get(name)
        text = "%s (%s)" % (translate(plugin.title), name) if plugin is not None else name
    elif action == "transition":
        registry = request.registry
        text = "%s: %s → %s" % (details.get("transition", ""),
                                _state_title(registry, details.get("source"), translate),
                                _state_title(registry, details.get("dest"), translate))
        if details.get("comment"):
            text += " — " + translate(_("Lý do: ${comment}",
                                        mapping={"comment": details["comment"]}))
    elif action in ("deleted", "restored"):
        text = details.get("type", "")
    else:                                    # a plugin's action: its details as they are
        text = "; ".join("%s: %s" % (key, value) for key, value in sorted(details.items())
                         if key != "forwarded_for")
    if details.get("forwarded_for"):
        text = (text + " · " if text else "") + "X-Forwarded-For: " + details["forwarded_for"]
    return text


def _row(entry, request):
    label = request.registry.portal_audit_actions.get(entry.action)
    return {"entry": entry,
            "action": request.localizer.translate(label) if label else entry.action,
            "details": describe(entry, request)}


@view_config(context=ISite, name="audit", renderer="portal_core:audit/templates/audit.pt",
             permission=MANAGE_SITE)
def audit_view(context, request):
    """A page of this site's entries (and its sub-sites'), newest first, 50 a page.

    Reads the log; writes nothing.
    """
    filters = AuditFilter(request, resource_path(context))
    log = audit_log(request.root)
    skip = (filters.page - 1) * PAGE_SIZE
    found = list(itertools.islice(filters.entries(log), skip, skip + PAGE_SIZE + 1))
    rows = [_row(entry, request) for entry in found[:PAGE_SIZE]]

    def url(**changes):
        return request.resource_url(context, "@@audit", query=filters.query(**changes))

    return {"rows": rows, "filters": filters,
            "actions": request.registry.portal_audit_actions,
            "page": filters.page,
            "prev_url": url(page=filters.page - 1) if filters.page > 1 else None,
            "next_url": url(page=filters.page + 1) if len(found) > PAGE_SIZE else None,
            "csv_url": request.resource_url(context, "@@audit.csv",
                                            query=filters.query())}


def _filename(context):
    stamp = local(datetime.datetime.now(datetime.timezone.utc)).strftime("%Y%m%d-%H%M")
    name = slugify(context.__name__ or "") or "cong"
    return "nhat-ky-%s-%s.csv" % (name, stamp)


@view_config(context=ISite, name="audit.csv", permission=MANAGE_SITE)
def audit_csv_view(context, request):
    """All matching entries (up to ``MAX_CSV_ROWS``) as CSV: UTF-8 with a BOM so Excel
    reads Vietnamese correctly; times in Vietnam time. Reads the log; writes nothing."""
    translate = request.localizer.translate
    filters = AuditFilter(request, resource_path(context))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([translate(h) for h in (
        _("Thời gian (giờ Việt Nam)"), _("Người thực hiện"), _("Hành động"),
        _("Đối tượng"), _("Đường dẫn"), _("Trang"), _("Chi tiết"), _("Địa chỉ IP"))])
    count = 0
    for entry in filters.entries(audit_log(request.root)):
        if count == MAX_CSV_ROWS:
            writer.writerow([translate(_("… đã dừng ở ${count} dòng; hãy thu hẹp khoảng "
                                         "thời gian.", mapping={"count": count}))])
            break
        row = _row(entry, request)
        writer.writerow([csv_cell(v) for v in (
            local(entry.time).strftime("%d/%m/%Y %H:%M:%S"), entry.actor, row["action"],
            entry.title, entry.path, entry.site, row["details"], entry.ip)])
        count += 1
    response = Response(body=out.getvalue().encode("utf-8-sig"),
                        content_type="text/csv", charset="utf-8")
    response.content_disposition = 'attachment; filename="%s"' % _filename(context)
    response.cache_control = "private, no-store"
    return response
