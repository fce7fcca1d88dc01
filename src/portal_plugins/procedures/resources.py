"""Administrative procedures (thủ tục hành chính): the section with its editable list of
fields and its code index, and the procedure record itself."""
from BTrees.OOBTree import OOBTree
from zope.interface import implementer

from portal_core.content import Item, Section
from portal_core.i18n import _
from portal_core.interfaces import IListable, ISection
from portal_core.listing import WithListing

#: Seed of the editable list of fields (lĩnh vực).
DEFAULT_FIELDS = ("Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Đăng ký kinh doanh",
                  "Bảo trợ xã hội", "Người có công", "Tư pháp", "Giáo dục và Đào tạo",
                  "Y tế", "Nông nghiệp", "Tài nguyên và Môi trường", "Giao thông vận tải",
                  "Văn hóa", "Nội vụ")
#: Levels (stored value → label).
LEVELS = (("tinh", _("Cấp tỉnh")), ("huyen", _("Cấp huyện")), ("xa", _("Cấp xã")))
#: Online public-service levels (stored value → label).
ONLINE_LEVELS = (("toan-trinh", _("Toàn trình")), ("mot-phan", _("Một phần")),
                 ("khong", _("Không")))
#: Ways to submit a dossier (stored value → label).
SUBMISSION_WAYS = (("truc-tiep", _("Trực tiếp")), ("buu-chinh", _("Qua dịch vụ bưu chính")),
                   ("truc-tuyen", _("Trực tuyến")))


class IProcedureSection(ISection):
    """The procedures section (Thủ tục hành chính)."""


class IProcedure(IListable):
    """An administrative procedure (thủ tục hành chính)."""


@implementer(IProcedureSection)
class ProcedureSection(WithListing, Section):
    """Holds the procedures. Besides the listing it keeps:

    - ``fields``: the editable list of fields (a tuple; site admins change it);
    - ``codes``: ``normalized code → uid`` of every procedure in it, drafts included,
      kept by the plugin's subscribers in the same transaction (uniqueness, no scan);
    - ``indexed``: ``uid → normalized code`` as last indexed, to undo it.
    """

    type_name = "ProcedureSection"
    fields = DEFAULT_FIELDS
    codes = indexed = None

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.codes = OOBTree()
        self.indexed = OOBTree()


class DossierItem:
    """One component of the dossier (thành phần hồ sơ): its name, the quantity as text
    ("01 bản chính") and an optional form template (``BlobFile``). Immutable: editing
    builds new items, so a tuple of them on the procedure is a plain value."""

    __slots__ = ("name", "quantity", "template")

    def __init__(self, name, quantity="", template=None):
        self.name, self.quantity, self.template = name, quantity, template

    def __getstate__(self):
        return (self.name, self.quantity, self.template)

    def __setstate__(self, state):
        self.name, self.quantity, self.template = state

    def __eq__(self, other):
        return isinstance(other, DossierItem) and \
            self.__getstate__() == other.__getstate__()

    def __hash__(self):
        return hash((self.name, self.quantity))


@implementer(IProcedure)
class Procedure(Item):
    """A procedure record: national code, name (the title), field, level, agency,
    applicants, steps, ways to submit, dossier, time limit, fees, result, conditions,
    legal basis, announcing decision, online-service level and national-portal link.

    ``dossier_items`` is a tuple of ``DossierItem``; the form reads and writes it through
    ``dossier`` (see there), so that an empty upload keeps the stored template.
    """

    type_name = "Procedure"
    code = ""
    field = ""
    level = ""
    agency = ""
    applicants = ""
    steps = ""               # sanitised HTML
    submission = ()          # values of SUBMISSION_WAYS
    processing_time = ""
    fees = ""
    result = ""
    conditions = ""          # sanitised HTML
    legal_basis = ()         # lines "number - title"
    decision = ""            # "number - title" of the announcing decision
    online_level = "khong"
    national_url = ""
    dossier_items = ()

    @property
    def dossier(self):
        """The dossier as the form shows it: ``{name, quantity, keep}`` where ``keep``
        is the 1-based position of the item whose template to keep ("" without one)."""
        return [{"name": item.name, "quantity": item.quantity,
                 "keep": str(number) if item.template is not None else ""}
                for number, item in enumerate(self.dossier_items, 1)]

    @dossier.setter
    def dossier(self, rows):
        """Rows from the form: a new ``template`` upload wins, else ``keep`` names the
        stored item whose template stays; rows without a name are left out."""
        old = self.dossier_items
        items = []
        for row in rows:
            if not row.get("name"):
                continue
            template = row.get("template")
            if template is None:
                keep = row.get("keep") or ""
                number = int(keep) if keep.isdigit() else 0
                template = old[number - 1].template if 1 <= number <= len(old) else None
            items.append(DossierItem(row["name"], row.get("quantity", ""), template))
        self.dossier_items = tuple(items)

    @property
    def level_label(self):
        return dict(LEVELS).get(self.level, self.level)

    @property
    def online_label(self):
        return dict(ONLINE_LEVELS).get(self.online_level, self.online_level)

    @property
    def submission_labels(self):
        labels = dict(SUBMISSION_WAYS)
        return [labels[way] for way in self.submission if way in labels]

    @property
    def dossier_text(self):
        """The dossier as plain text (for search)."""
        return "\n".join("%s %s" % (item.name, item.quantity) for item in self.dossier_items)

    @property
    def legal_text(self):
        return "\n".join(tuple(self.legal_basis) + (self.decision,))
