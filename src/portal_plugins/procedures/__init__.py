"""Administrative procedures (Thủ tục hành chính): procedure records with their dossier
and form templates, a browse page by field and level, a printable page, links from the
legal basis to published legal documents, an editable list of fields and a sidebar
lookup block."""
from portal_core.content import TypeInfo
from portal_core.events import ObjectAdded, ObjectModified, ObjectRemoved
from portal_core.i18n import _
from portal_core.search import Facet, Searchable

from . import indexes, setuphandlers
from .resources import Procedure, ProcedureSection
from .schemas import ProcedureSchema, SectionSchema


def includeme(config):
    config.add_plugin(
        "procedures", title=_("Thủ tục hành chính"), version=1,
        description=_("Thủ tục hành chính: tra cứu theo lĩnh vực và cấp thực hiện, thành "
                      "phần hồ sơ với mẫu đơn, căn cứ pháp lý, trang in."),
        on_enable=setuphandlers.on_enable, on_disable=setuphandlers.on_disable,
        demo=setuphandlers.demo)
    config.add_section("procedures", title="Thủ tục hành chính", slug="thu-tuc-hanh-chinh",
                       factory=ProcedureSection, order=40)
    config.add_content_type(TypeInfo(
        name="Procedure", factory=Procedure, schema=ProcedureSchema,
        title=_("Thủ tục hành chính"), addable_to=("ProcedureSection",), icon="clipboard",
        plugin="procedures", workflow="editorial",
        search=Searchable(
            text=("code", "description", "agency", "applicants", "steps", "dossier_text",
                  "processing_time", "fees", "result", "conditions", "legal_text"),
            codes=("code",),
            facets=(Facet("procedure_field", "Lĩnh vực", "field"),
                    Facet("procedure_level", "Cấp thực hiện", "level_label"),
                    Facet("online_level", "Dịch vụ công trực tuyến", "online_label")))))
    config.add_content_type(TypeInfo(
        name="ProcedureSection", factory=ProcedureSection, schema=SectionSchema,
        title=_("Chuyên trang thủ tục hành chính"), plugin="procedures"))
    config.add_subscriber(indexes.index_on_add, ObjectAdded)
    config.add_subscriber(indexes.reindex_on_modify, ObjectModified)
    config.add_subscriber(indexes.unindex_on_remove, ObjectRemoved)
    config.add_block("procedures.lookup", "portal_plugins.procedures.views.lookup_block",
                     renderer="portal_plugins.procedures:templates/block_lookup.pt",
                     slot="sidebar", title="Tra cứu thủ tục hành chính",
                     plugin="procedures", order=30, cached=True,
                     vary="portal_plugins.procedures.views.lookup_block_vary")
    config.scan(".views")
