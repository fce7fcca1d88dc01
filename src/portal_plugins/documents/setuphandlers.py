"""Enable/disable hooks and demo content of the documents plugin."""
import datetime

from portal_core.content import add, utcnow
from portal_core.workflow import publish_now

from .resources import LegalDocument


def on_enable(site, section, request):
    """Nothing to create: the section carries default vocabularies at class level."""


def on_disable(site, section, request):
    """Nothing to undo: the section and its documents stay, hidden while disabled."""


DEMO_DOCUMENTS = (
    dict(number="12/2023/QĐ-UBND", doc_type="Quyết định", agency="Ủy ban nhân dân",
         field="Hành chính", signer="Nguyễn Văn An", signer_title="Chủ tịch",
         issue_date=datetime.date(2023, 3, 10), valid_from=datetime.date(2023, 3, 20),
         validity="expired", normative=True,
         title="Quyết định ban hành Quy chế làm việc của Ủy ban nhân dân nhiệm kỳ 2021-2026",
         description="Ban hành Quy chế làm việc của Ủy ban nhân dân nhiệm kỳ 2021-2026.",
         recipients=("Văn phòng HĐND và UBND", "Phòng Nội vụ", "Các xã, thị trấn")),
    dict(number="05/2025/QĐ-UBND", doc_type="Quyết định", agency="Ủy ban nhân dân",
         field="Hành chính", signer="Nguyễn Văn An", signer_title="Chủ tịch",
         issue_date=datetime.date(2025, 2, 14), valid_from=datetime.date(2025, 3, 1),
         validity="valid", normative=True, replaces=("12/2023/QĐ-UBND",),
         title="Quyết định ban hành Quy chế làm việc của Ủy ban nhân dân (thay thế)",
         description="Ban hành Quy chế làm việc mới của Ủy ban nhân dân, thay thế Quyết "
                     "định số 12/2023/QĐ-UBND.",
         recipients=("Văn phòng HĐND và UBND", "Phòng Nội vụ", "Phòng Tư pháp")),
    dict(number="45/KH-UBND", doc_type="Kế hoạch", agency="Ủy ban nhân dân",
         field="Nội vụ", signer="Trần Thị Bình", signer_title="Phó Chủ tịch",
         issue_date=datetime.date(2025, 4, 2), validity="valid",
         based_on=("05/2025/QĐ-UBND",),
         title="Kế hoạch cải cách hành chính năm 2025",
         description="Kế hoạch triển khai công tác cải cách hành chính năm 2025 trên địa "
                     "bàn.", recipients=("Phòng Nội vụ", "Các xã, thị trấn")),
    dict(number="88/CV-UBND", doc_type="Công văn", agency="Ủy ban nhân dân",
         field="Tài chính - Ngân sách", signer="Trần Thị Bình", signer_title="Phó Chủ tịch",
         issue_date=datetime.date(2025, 6, 18), validity="valid",
         guides=("45/KH-UBND",),
         title="Công văn hướng dẫn thực hiện Kế hoạch cải cách hành chính năm 2025",
         description="Hướng dẫn các phòng, ban và xã, thị trấn thực hiện Kế hoạch số "
                     "45/KH-UBND.", recipients=("Phòng Tài chính - Kế hoạch",
                                                "Các xã, thị trấn")),
)


def demo(site, section, request):
    """Four published documents, the later ones related to the earlier ones by number."""
    from .indexes import find_by_number
    now = utcnow()
    for offset, spec in enumerate(DEMO_DOCUMENTS):
        spec = dict(spec)
        for relation in ("replaces", "amends", "guides", "based_on"):
            spec[relation] = tuple(doc.uid for number in spec.get(relation, ())
                                   for doc in find_by_number(section, number))
        doc = LegalDocument(effective=now - datetime.timedelta(days=len(DEMO_DOCUMENTS)
                                                               - offset),
                            tags=("demo",), **spec)
        add(section, doc, request)
        publish_now(doc, request)
