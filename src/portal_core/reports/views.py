"""Editorial board pages: ``@@activity-report`` and ``@@freshness``.

``@@activity-report`` shows the activity of a period as a page with a bar chart, or as
a CSV file with ``?format=csv``. ``@@freshness`` shows the days since each site last
published. On the portal, a site admin changes the freshness threshold there with a
POST. On the portal both pages cover every site; on another site they cover that site.
"""
import csv
import io

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config

from ..csvexport import csv_cell
from ..i18n import _, flash
from ..interfaces import IPortal, ISite
from ..security.permissions import MANAGE_SITE, REVIEW
from ..sites import all_sites
from ..text import fold, slugify
from .activity import NO_UNIT, activity_report, format_wait, period_from
from .freshness import (MAX_DAYS, OVERRIDE, default_threshold, freshness_of, parse_days,
                        threshold)
from .svg import bar_chart

ACTIVITY = "portal_core:templates/activity_report.pt"
FRESHNESS = "portal_core:templates/freshness.pt"
TOP_CONTRIBUTORS = 10
IDLE = _("Không có bài")


def report_sites(context, request):
    """The sites a report on ``context`` covers: every site of the portal when
    ``context`` is the portal, else ``context`` alone. A site where the user may not
    review is left out."""
    sites = all_sites(context) if IPortal.providedBy(context) else [context]
    return [s for s in sites if s is context or request.has_permission(REVIEW, s)]


def _type_columns(report, registry, translate):
    """``[(type name, title)]`` of the types published in the period, by title."""
    columns = []
    for name in report.types:
        info = registry.portal_types.get(name)
        columns.append((name, translate(info.title) if info is not None else name))
    return sorted(columns, key=lambda column: fold(column[1]))


def _unit(name, translate):
    return name or translate(NO_UNIT)


def _row(label, tally, columns, translate):
    return {"label": label, "submitted": tally.submitted, "published": tally.published,
            "rejected": tally.rejected, "wait": translate(format_wait(tally.median_wait)),
            "counts": [tally.by_type.get(name, 0) for name, _title in columns],
            "idle": tally.idle}


def activity_tables(report, request, columns, overall=False):
    """The report as tables of row dicts, shared by the page and the CSV file: one row
    per site (when there are several), each site's units, then with ``overall`` the
    units over all sites.

    Each table has a ``title``, the ``head`` of its first column, its ``rows``, an
    optional ``total`` row and the ``scope`` it has in the CSV file (None: not there).
    """
    translate = request.localizer.translate

    def unit_rows(tallies):
        return [_row(_unit(t.key, translate), t, columns, translate) for t in tallies]

    everywhere = translate(_("Tất cả các trang"))
    tables = []
    if len(report.sites) > 1:
        tables.append({"title": translate(_("Theo trang")), "head": translate(_("Trang")),
                       "rows": [_row(s.site.title, s.total, columns, translate)
                                for s in report.sites], "total": None, "scope": None})
    for site in report.sites:
        tables.append({"title": site.site.title, "head": translate(_("Đơn vị")),
                       "rows": unit_rows(site.units), "scope": site.site.title,
                       "total": _row(translate(_("Tổng cộng")), site.total, columns,
                                     translate)})
    if overall:
        tables.append({"title": translate(_("Theo đơn vị, tất cả các trang")),
                       "head": translate(_("Đơn vị")), "rows": unit_rows(report.units),
                       "total": None, "scope": everywhere})
    return tables


def _chart(report, tables, request):
    """Bars of published items per site when there are several, else per unit (of the
    last table: the units over all sites on the portal, the site's units elsewhere)."""
    translate = request.localizer.translate
    mapping = {"first": report.period.first.strftime("%d/%m/%Y"),
               "last": report.period.last.strftime("%d/%m/%Y")}
    if len(report.sites) > 1:
        title = _("Số bài được đăng theo trang, ${first} – ${last}", mapping=mapping)
        bars = [(s.site.title, s.total.published) for s in report.sites]
    else:
        title = _("Số bài được đăng theo đơn vị, ${first} – ${last}", mapping=mapping)
        bars = [(row["label"], row["published"]) for row in tables[-1]["rows"]]
    return bar_chart(bars, translate(title), chart_id="activity-chart")


def _csv_response(context, report, tables, columns, request):
    """The per-site and per-unit rows as CSV: UTF-8 with a BOM so that Excel reads the
    Vietnamese, one header row, then an attachment named after the site and period."""
    translate = request.localizer.translate
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([translate(h) for h in (
        _("Trang"), _("Đơn vị"), _("Gửi duyệt"), _("Được đăng"), _("Bị trả lại"),
        _("Thời gian chờ duyệt (trung vị)"))] + [title for _name, title in columns]
        + [translate(_("Ghi chú"))])
    idle = translate(IDLE)
    for table in tables:
        if table["scope"] is None:
            continue
        for row in table["rows"] + ([table["total"]] if table["total"] else []):
            writer.writerow([csv_cell(v) for v in (
                [table["scope"], row["label"], row["submitted"], row["published"],
                 row["rejected"], row["wait"]] + row["counts"]
                + [idle if row["idle"] else ""])])
    name = "bao-cao-hoat-dong-%s-%s-%s.csv" % (
        slugify(context.__name__ or "") or "cong", report.period.first.strftime("%Y%m%d"),
        report.period.last.strftime("%Y%m%d"))
    response = Response(body=out.getvalue().encode("utf-8-sig"), content_type="text/csv",
                        charset="utf-8")
    response.content_disposition = 'attachment; filename="%s"' % name
    response.cache_control = "private, no-store"
    return response


@view_config(context=ISite, name="activity-report", renderer=ACTIVITY, permission=REVIEW,
             request_method="GET")
def activity_report_view(context, request):
    """Activity in the period of ``?from=&to=`` (default: this year), as a page or as
    CSV with ``?format=csv``. Reads the authored indexes, items and users."""
    period, errors = period_from(request.GET)
    sites = report_sites(context, request)
    units = ({(u.unit or "").strip() for u in request.root.users.values()} - {""}
             if IPortal.providedBy(context) else ())
    report = activity_report(sites, request.root.users, period, units)
    translate = request.localizer.translate
    columns = _type_columns(report, request.registry, translate)
    tables = activity_tables(report, request, columns,
                             overall=IPortal.providedBy(context))
    if request.GET.get("format") == "csv":
        return _csv_response(context, report, tables, columns, request)
    contributors = [{"name": p.label, "unit": _unit(p.unit, translate),
                     "published": p.published, "submitted": p.submitted}
                    for p in report.top_contributors(TOP_CONTRIBUTORS)]
    query = {"from": period.first.isoformat(), "to": period.last.isoformat()}
    return {"period": period, "errors": errors, "tables": tables, "columns": columns,
            "chart": _chart(report, tables, request), "contributors": contributors,
            "values": query,
            "csv_url": request.resource_url(context, "@@activity-report",
                                            query=dict(query, format="csv"))}


def _since(days):
    if days is None:
        return _("chưa có bài")
    if days == 0:
        return _("hôm nay")
    return _("${n} ngày trước", mapping={"n": days})


def freshness_page(context, request, error=None):
    """The values of the freshness page (reads the listings' first entries only)."""
    portal = request.root
    limit = threshold(portal, request.registry)
    rows = freshness_of(report_sites(context, request), request.registry, limit)
    editable = IPortal.providedBy(context) and request.has_permission(MANAGE_SITE, context)
    return {"rows": rows, "limit": limit, "since": _since, "error": error,
            "stale_count": sum(1 for row in rows if row.stale), "editable": editable,
            "override": portal.settings.get(OVERRIDE, ""),
            "default_days": default_threshold(request.registry), "max_days": MAX_DAYS,
            "csrf_token": request.session.get_csrf_token() if editable else None}


@view_config(context=ISite, name="freshness", renderer=FRESHNESS, permission=REVIEW,
             request_method="GET")
def freshness_view(context, request):
    """Days since the last publication of each site and section; stale ones flagged."""
    return freshness_page(context, request)


@view_config(context=IPortal, name="freshness", renderer=FRESHNESS, permission=MANAGE_SITE,
             request_method="POST")
def freshness_update(context, request):
    """Set the portal's threshold from ``days``; empty goes back to the default.

    Writes ``portal.settings``. Pyramid checks the CSRF token first.
    """
    value = request.POST.get("days", "").strip()
    if not value:
        context.settings.pop(OVERRIDE, None)
        flash(request, _("Đã dùng lại ngưỡng mặc định: ${days} ngày.",
                         mapping={"days": default_threshold(request.registry)}))
    else:
        try:
            days = parse_days(value[:20])
        except ValueError:
            request.response.status = 400
            return freshness_page(context, request, error=_(
                "Số ngày phải là số nguyên từ 1 đến ${max}.", mapping={"max": MAX_DAYS}))
        context.settings[OVERRIDE] = days
        flash(request, _("Đã lưu ngưỡng: ${days} ngày.", mapping={"days": days}))
    return HTTPSeeOther(request.resource_url(context, "@@freshness"))
