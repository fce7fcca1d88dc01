"""Documents (Văn bản): legal and administrative documents with their record fields,
files, relations, a lookup page, editable vocabularies and a home block."""
from portal_core.content import TypeInfo
from portal_core.events import ObjectAdded, ObjectModified, ObjectRemoved
from portal_core.i18n import _
from portal_core.search import Facet, Searchable

from . import indexes, setuphandlers
from .resources import LegalDocument, LegalDocumentSection
from .schemas import LegalDocumentSchema, SectionSchema


def includeme(config):
    config.add_plugin(
        "documents", title=_("Văn bản"), version=1,
        description=_("Văn bản quy phạm pháp luật, chỉ đạo điều hành: tra cứu, tệp đính "
                      "kèm, văn bản liên quan, khối văn bản mới trên trang chủ."),
        on_enable=setuphandlers.on_enable, on_disable=setuphandlers.on_disable,
        demo=setuphandlers.demo)
    config.add_section("documents", title="Văn bản", slug="van-ban",
                       factory=LegalDocumentSection, order=30)
    config.add_content_type(TypeInfo(
        name="LegalDocument", factory=LegalDocument, schema=LegalDocumentSchema,
        title=_("Văn bản"), addable_to=("LegalDocumentSection",), icon="file-text",
        plugin="documents", workflow="editorial",
        search=Searchable(
            text=("description", "body", "signer", "agency", "recipients_text"),
            codes=("number",),
            facets=(Facet("doc_type", "Loại văn bản", "doc_type"),
                    Facet("agency", "Cơ quan ban hành", "agency"),
                    Facet("field", "Lĩnh vực", "field")))))
    config.add_content_type(TypeInfo(
        name="LegalDocumentSection", factory=LegalDocumentSection, schema=SectionSchema,
        title=_("Chuyên trang văn bản"), plugin="documents"))
    config.add_subscriber(indexes.index_on_add, ObjectAdded)
    config.add_subscriber(indexes.reindex_on_modify, ObjectModified)
    config.add_subscriber(indexes.unindex_on_remove, ObjectRemoved)
    config.add_block("documents.latest", "portal_plugins.documents.views.latest_documents_block",
                     renderer="portal_plugins.documents:templates/block_latest.pt",
                     slot="home", title="Văn bản mới", plugin="documents", order=20,
                     cached=True)
    config.scan(".views")
