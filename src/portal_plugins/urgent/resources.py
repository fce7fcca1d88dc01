"""Urgent notice content: the section and its notices with a severity level."""
from zope.interface import implementer

from portal_core.content import Item, Section
from portal_core.i18n import _
from portal_core.interfaces import IListable, ISection
from portal_core.listing import WithListing

#: stored values, most severe first, with their Vietnamese labels
SEVERITIES = (
    ("emergency", _("Khẩn cấp")),
    ("warning", _("Cảnh báo")),
    ("info", _("Thông tin")),
)
SEVERITY_RANK = {value: rank for rank, (value, _label) in enumerate(SEVERITIES)}
SEVERITY_LABELS = dict(SEVERITIES)


class IUrgentSection(ISection):
    """The urgent notices section (Thông báo khẩn)."""


class IUrgentNotice(IListable):
    """An urgent notice shown as a banner on every page while live."""


@implementer(IUrgentSection)
class UrgentSection(WithListing, Section):
    """Holds urgent notices; ``listing`` holds the published ones newest first, which is
    all the banner reads."""

    type_name = "UrgentSection"


@implementer(IUrgentNotice)
class UrgentNotice(Item):
    """A short notice: ``severity`` (info/warning/emergency), ``message``, ``link``."""

    type_name = "UrgentNotice"
    severity = "info"
    message = ""
    link = ""

    @property
    def rank(self):
        """0 for the most severe level (unknown values sort last)."""
        return SEVERITY_RANK.get(self.severity, len(SEVERITIES))

    @property
    def severity_label(self):
        return SEVERITY_LABELS.get(self.severity, SEVERITY_LABELS["info"])
