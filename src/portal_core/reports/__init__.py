"""Reports for the editorial board, on every site whatever plugins it has.

``@@activity-report`` counts submissions, approvals and rejections per site and unit
over a period, as a page with a chart or as CSV. ``@@freshness`` gives the days since
each site's last publication.

Public API: ``activity_report``, ``period_from``, ``Period``, ``stale_sites``,
``freshness_of``, ``threshold``, ``bar_chart``.
"""
from .activity import Period, activity_report, period_from  # noqa: F401  (public API)
from .freshness import freshness_of, stale_sites, threshold  # noqa: F401  (public API)
from .svg import bar_chart  # noqa: F401  (public API)


def includeme(config):
    from ..i18n import _
    from ..interfaces import ISite
    from ..security.permissions import REVIEW
    config.add_admin_link("reports.activity", _("Báo cáo hoạt động biên tập"),
                          "activity-report", REVIEW, context=ISite, order=50)
    config.add_admin_link("reports.freshness", _("Tình hình cập nhật các trang"),
                          "freshness", REVIEW, context=ISite, order=51)
    config.scan(".views")
