"""The footer block "Lượt truy cập …" and ``@@stats``, where a site's administrator sets the
total carried over from an older system."""
import colander
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..content.schemas import PortalSchema
from ..forms import FormView
from ..i18n import _, flash
from ..interfaces import IListable, ISite
from ..plugins.state import find_site
from ..security.permissions import MANAGE_SITE
from .api import format_number, site_figures
from .storage import set_start_total, site_stats

MAX_START_TOTAL = 10 ** 12
_SEPARATORS = str.maketrans("", "", ". ,\u00a0_")


def visits_block(context, request):
    """Footer block values: the site's figures, formatted for the page's language.
    Reads a few ``Length`` objects; writes nothing."""
    site = find_site(context)
    if site is None:
        return None
    figures = site_figures(site, request.registry.portal_stats)
    language = request.locale_name
    values = {name: format_number(getattr(figures, name), language)
              for name in ("total", "today", "month", "online")}
    values["item"] = None
    if IListable.providedBy(context):  # flushed views only: the page stays cacheable
        stats = site_stats(context._p_jar.root(), site.uid)
        values["item"] = format_number(stats.of_item(context.uid) if stats else 0, language)
    return values


class VisitCount(colander.String):
    """A non-negative whole number; thousands separators (``1.379.407``) are accepted."""

    def deserialize(self, node, cstruct):
        value = super().deserialize(node, cstruct)
        if value is colander.null:
            return colander.null
        digits = value.strip().translate(_SEPARATORS)
        if not digits:
            return colander.null
        if not digits.isascii() or not digits.isdigit():
            raise colander.Invalid(node, _("Hãy nhập một số nguyên không âm, ví dụ "
                                           "1379407 hoặc 1.379.407."))
        number = int(digits)
        if number > MAX_START_TOTAL:
            raise colander.Invalid(node, _("Số quá lớn."))
        return number

    def serialize(self, node, appstruct):
        if appstruct is colander.null:
            return colander.null
        return str(appstruct)


class StartTotalSchema(PortalSchema):
    start_total = colander.SchemaNode(
        VisitCount(), title=_("Tổng lượt truy cập ban đầu"),
        description=_("Số lượt truy cập đã có trên hệ thống cũ; số hiển thị là số này cộng "
                      "với số lượt đếm được trên cổng."),
        missing_msg=_("Hãy nhập tổng lượt truy cập ban đầu (0 nếu không có)."))


@view_config(context=ISite, name="stats", renderer="portal_core:templates/stats_admin.pt",
             permission=MANAGE_SITE)
class StatsView(FormView):
    """``@@stats``: the site's figures and its starting total (one ZODB write on save)."""

    schema = StartTotalSchema
    buttons = ("save", "cancel")
    title = _("Thống kê truy cập")

    def figures(self):
        return site_figures(self.context, self.request.registry.portal_stats)

    def appstruct(self):
        return {"start_total": self.figures().start_total}

    def save_success(self, appstruct):
        root = self.context._p_jar.root()
        set_start_total(root, self.context.uid, appstruct["start_total"])
        flash(self.request, _("Đã lưu tổng lượt truy cập ban đầu."), "success")
        return HTTPSeeOther(self.request.resource_url(self.context, "@@stats"))

    def cancel(self):
        return HTTPSeeOther(self.request.resource_url(self.context, "@@admin"))

    def response(self, html, form):
        values = super().response(html, form)
        figures = self.figures()
        language = self.request.locale_name
        values["figures"] = [
            (_("Tổng lượt truy cập (đang hiển thị)"), format_number(figures.total, language)),
            (_("Trong đó: chuyển từ hệ thống cũ"), format_number(figures.start_total, language)),
            (_("Đếm được trên cổng"), format_number(figures.counted, language)),
            (_("Hôm nay"), format_number(figures.today, language)),
            (_("Tháng này"), format_number(figures.month, language)),
            (_("Đang trực tuyến"), format_number(figures.online, language)),
        ]
        return values
