"""Notice content: the section (Thông báo) and its notices with attachments."""
from zope.interface import implementer

from portal_core.attachments import AttachmentList
from portal_core.content import Item, Section
from portal_core.interfaces import IListable, ISection
from portal_core.listing import WithListing


class INoticeSection(ISection):
    """The notices section (Thông báo)."""


class INotice(IListable):
    """An official notice (thông báo)."""


@implementer(INoticeSection)
class NoticeSection(WithListing, Section):
    """Holds notices; ``listing`` orders the live ones newest first."""

    type_name = "NoticeSection"


@implementer(INotice)
class Notice(AttachmentList, Item):
    """A notice: summary (the description), sanitised HTML body, attached files
    (``AttachmentList``: appended one per save, served at ``@@file/N``)."""

    type_name = "Notice"
    body = ""
