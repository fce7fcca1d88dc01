"""Notice content: the section (Thông báo) and its notices with attachments."""
from zope.interface import implementer

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
class Notice(Item):
    """A notice: summary (the description), sanitised HTML body, attached files.

    ``attachments`` is a tuple of ``portal_core.blobs.BlobFile``; files are only ever
    appended (their 1-based position is their address, ``@@file/N``). The form's single
    upload field is ``attachment``: assigning it appends a file, so the generic add and
    edit forms (which set attributes from the schema) add one file per save.
    """

    type_name = "Notice"
    body = ""
    attachments = ()

    @property
    def attachment(self):
        """The newest attachment (None without any)."""
        return self.attachments[-1] if self.attachments else None

    @attachment.setter
    def attachment(self, value):
        if value is not None and value is not self.attachment:
            self.attachments = self.attachments + (value,)
