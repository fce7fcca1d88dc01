"""Legal documents (văn bản): the section with its vocabularies and indexes, and the
document itself."""
from BTrees.OOBTree import OOBTree
from zope.interface import implementer

from portal_core.content import Item, Section
from portal_core.interfaces import IListable, ISection
from portal_core.listing import WithListing

DEFAULT_DOC_TYPES = ("Nghị quyết", "Quyết định", "Chỉ thị", "Kế hoạch", "Công văn",
                     "Thông báo", "Báo cáo", "Tờ trình", "Hướng dẫn", "Chương trình")
DEFAULT_AGENCIES = ("Hội đồng nhân dân", "Ủy ban nhân dân", "Văn phòng HĐND và UBND",
                    "Phòng Tài chính - Kế hoạch", "Phòng Nội vụ", "Phòng Tư pháp")
DEFAULT_FIELDS = ("Hành chính", "Tài chính - Ngân sách", "Đất đai - Tài nguyên môi trường",
                  "Xây dựng - Giao thông", "Nông nghiệp", "Văn hóa - Xã hội", "Giáo dục",
                  "Y tế", "Nội vụ", "Tư pháp", "Quốc phòng - An ninh")

#: Validity statuses (stored value → label).
VALIDITY = (("valid", "Còn hiệu lực"), ("expired", "Hết hiệu lực"),
            ("pending", "Chưa có hiệu lực"))
#: Relation kinds (stored value → label on the source, label on the target).
RELATIONS = (
    ("replaces", "Thay thế văn bản", "Bị thay thế bởi"),
    ("amends", "Sửa đổi, bổ sung văn bản", "Được sửa đổi, bổ sung bởi"),
    ("guides", "Hướng dẫn văn bản", "Được hướng dẫn bởi"),
    ("based_on", "Căn cứ văn bản", "Là căn cứ của"),
)
RELATION_NAMES = tuple(name for name, _f, _r in RELATIONS)


class ILegalDocumentSection(ISection):
    """The documents section (Văn bản)."""


class ILegalDocument(IListable):
    """A legal or administrative document (văn bản)."""


@implementer(ILegalDocumentSection)
class LegalDocumentSection(WithListing, Section):
    """Holds the documents. Besides the listing it keeps (all maintained by the plugin's
    subscribers in the same transaction, never by a scan):

    - ``doc_types``/``agencies``/``fields``: the editable vocabularies (tuples);
    - ``numbers``: ``(folded agency, year, normalized number) → uid`` (uniqueness);
    - ``by_number``: ``normalized number → {uid: None}`` (relations chosen by number);
    - ``by_uid``: ``uid → document``;
    - ``reverse``: ``target uid → {(relation, source uid): None}`` (reverse links);
    - ``indexed``: ``uid → (number key, relations)`` as last indexed, to undo it.
    """

    type_name = "LegalDocumentSection"
    doc_types = DEFAULT_DOC_TYPES
    agencies = DEFAULT_AGENCIES
    fields = DEFAULT_FIELDS
    numbers = by_number = by_uid = reverse = indexed = None

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        for name in ("numbers", "by_number", "by_uid", "reverse", "indexed"):
            setattr(self, name, OOBTree())


@implementer(ILegalDocument)
class LegalDocument(Item):
    """A document: number/symbol, type, issuing agency, field, signer, dates, validity,
    summary (the description), recipients, national database link, files, relations."""

    type_name = "LegalDocument"
    number = ""
    doc_type = ""
    agency = ""
    field = ""
    signer = ""
    signer_title = ""
    issue_date = None       # datetime.date
    valid_from = None       # datetime.date: the document's own effective date
    valid_until = None      # datetime.date
    validity = "valid"
    normative = False       # văn bản quy phạm pháp luật
    body = ""
    recipients = ()
    csdlqg_url = ""
    main_file = None        # BlobFile
    extra_file = None       # BlobFile (an editable copy, an annex)
    replaces = amends = guides = based_on = ()   # uids of other documents

    @property
    def summary(self):
        return self.description

    @property
    def recipients_text(self):
        return "\n".join(self.recipients)

    @property
    def year(self):
        return self.issue_date.year if self.issue_date else None

    @property
    def validity_label(self):
        return dict(VALIDITY).get(self.validity, self.validity)

    def relations(self):
        """``(relation, target uid)`` pairs this document declares."""
        return tuple((name, uid) for name in RELATION_NAMES
                     for uid in (getattr(self, name, ()) or ()))

    def files(self):
        """``(key, BlobFile)`` of the attached files."""
        return [(key, getattr(self, key)) for key in ("main_file", "extra_file")
                if getattr(self, key, None) is not None]
