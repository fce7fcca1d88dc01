"""Colander schema of legal documents: the single source of their form and validation
(Vietnamese messages). Bound with ``request`` and ``context`` (the section when adding,
the document when editing)."""
import datetime
import re

import colander
import deform

from portal_core.content.schemas import ContentSchema, file_node, has_markup, \
    http_url, lines_node, no_markup, rich_text_node, text_node, textarea_node
from portal_core.dates import VIETNAM, parse_date
from portal_core.i18n import _
from portal_core.text import nfc

from . import indexes
from .resources import ILegalDocumentSection, RELATIONS, VALIDITY

LIST_MAX = 100
NUMBER = re.compile(r"^[\w.\-]+(?:/[\w.\-]+)+$")


def section_of(context):
    return context if ILegalDocumentSection.providedBy(context) else context.__parent__


def today():
    """Today's date in Vietnam."""
    return datetime.datetime.now(VIETNAM).date()


def clean_number(value):
    """A number as typed, NFC, without spaces around "/" and at the ends."""
    return re.sub(r"\s*/\s*", "/", nfc(value).strip()) if isinstance(value, str) else value


def _validate_number(node, value):
    no_markup(node, value)
    if len(value) > 60 or not NUMBER.match(value):
        raise colander.Invalid(node, _(
            "Số/ký hiệu không hợp lệ (ví dụ: 15/2021/QĐ-UBND hoặc 123/KH-UBND)."))


class VNDate(colander.SchemaType):
    """A calendar date typed as ``YYYY-MM-DD`` (date inputs) or ``dd/mm/yyyy``; an
    impossible date (31/02/2024) is refused with a Vietnamese message."""

    def serialize(self, node, appstruct):
        if appstruct in (colander.null, None):
            return colander.null
        return appstruct.isoformat()

    def deserialize(self, node, cstruct):
        if cstruct in (colander.null, None) or not str(cstruct).strip():
            return colander.null
        try:
            return parse_date(str(cstruct))
        except ValueError:
            raise colander.Invalid(node, _(
                "Ngày không hợp lệ: “${value}” (nhập ngày/tháng/năm có thật, ví dụ "
                "15/03/2024).", mapping={"value": str(cstruct)[:30]}))


def date_node(title, missing=None, **kw):
    return colander.SchemaNode(
        VNDate(), title=title, missing=missing,
        missing_msg=_("Vui lòng nhập ${title}.", mapping={"title": title}),
        widget=deform.widget.TextInputWidget(attributes={"type": "date"}), **kw)


class DocumentRefs(colander.String):
    """Other documents of the section chosen by number, one a line (``số | cơ quan`` when
    two agencies used the same number); stored as a tuple of uids."""

    def serialize(self, node, appstruct):
        if appstruct in (colander.null, None):
            return colander.null
        section = section_of(node.bindings["context"])
        lines = []
        for uid in appstruct:
            doc = indexes.document(section, uid)
            if doc is not None:
                ambiguous = len(indexes.find_by_number(section, doc.number)) > 1
                lines.append("%s | %s" % (doc.number, doc.agency) if ambiguous
                             else doc.number)
        return "\n".join(lines)

    def deserialize(self, node, cstruct):
        value = super().deserialize(node, cstruct)
        if value is colander.null:
            return ()
        context = node.bindings["context"]
        section = section_of(context)
        own = None if context is section else context.uid
        uids, errors = [], []
        for line in value.splitlines()[:LIST_MAX]:
            number, _sep, agency = nfc(line).partition("|")
            number = clean_number(number)
            if not number:
                continue
            found = indexes.find_by_number(section, number)
            if agency.strip():
                found = [d for d in found
                         if indexes.agency_key(d.agency) == indexes.agency_key(agency)]
            if not found:
                errors.append(_("không có văn bản số “${number}”",
                                mapping={"number": number[:60]}))
            elif len(found) > 1:
                errors.append(_("số “${number}” thuộc nhiều cơ quan, hãy ghi “số | cơ "
                                "quan ban hành”", mapping={"number": number[:60]}))
            elif found[0].uid == own:
                errors.append(_("văn bản không thể liên quan đến chính nó"))
            else:
                uids.append(found[0].uid)
        if errors:
            translate = node.bindings["request"].localizer.translate
            message = "; ".join(translate(e) for e in errors)
            raise colander.Invalid(node, message[:1].upper() + message[1:] + ".")
        return tuple(dict.fromkeys(uids))


def _choices(context, attribute):
    values = list(getattr(section_of(context), attribute))
    current = getattr(context, attribute[:-1] if attribute != "agencies" else "agency", "")
    if not ILegalDocumentSection.providedBy(context) and current and current not in values:
        values.append(current)       # a value removed from the list stays on old documents
    return values


def _vocabulary_node(title, attribute, required=True):
    @colander.deferred
    def widget(node, kw):
        values = [("", _("— Chọn —"))] + [(v, v) for v in _choices(kw["context"], attribute)]
        return deform.widget.SelectWidget(values=values)

    @colander.deferred
    def validator(node, kw):
        return colander.OneOf(_choices(kw["context"], attribute),
                              msg_err=_("Giá trị không có trong danh mục."))

    return colander.SchemaNode(
        colander.String(), title=title, widget=widget, validator=validator,
        missing=colander.required if required else "",
        missing_msg=_("Vui lòng chọn ${title}.", mapping={"title": title}))


class LegalDocumentSchema(ContentSchema):
    """A legal or administrative document (văn bản)."""

    number = colander.SchemaNode(colander.String(), title=_("Số/ký hiệu"),
                                 description=_("Ví dụ: 15/2021/QĐ-UBND"),
                                 preparer=clean_number, validator=_validate_number,
                                 missing_msg=_("Vui lòng nhập số/ký hiệu."))
    doc_type = _vocabulary_node(_("Loại văn bản"), "doc_types")
    agency = _vocabulary_node(_("Cơ quan ban hành"), "agencies")
    field = _vocabulary_node(_("Lĩnh vực"), "fields", required=False)
    description = textarea_node(_("Trích yếu"), max_length=2000, rows=3)
    issue_date = date_node(_("Ngày ban hành"), missing=colander.required)
    valid_from = date_node(_("Ngày có hiệu lực"))
    valid_until = date_node(_("Ngày hết hiệu lực"))
    validity = colander.SchemaNode(
        colander.String(), title=_("Tình trạng hiệu lực"), missing="valid",
        widget=deform.widget.SelectWidget(values=VALIDITY),
        validator=colander.OneOf([v for v, _l in VALIDITY]))
    normative = colander.SchemaNode(colander.Boolean(), title=_("Văn bản quy phạm pháp luật"),
                                    missing=False)
    signer = text_node(_("Người ký"), max_length=200, missing="")
    signer_title = text_node(_("Chức vụ người ký"), max_length=200, missing="")
    recipients = lines_node(_("Nơi nhận"), _("Mỗi dòng một đơn vị."))
    csdlqg_url = colander.SchemaNode(
        colander.String(), title=_("Liên kết Cơ sở dữ liệu quốc gia về pháp luật"),
        missing="", preparer=lambda v: v.strip() if isinstance(v, str) else v,
        validator=http_url)
    main_file = file_node(_("Tệp văn bản"))
    extra_file = file_node(_("Tệp kèm theo"))
    body = rich_text_node(_("Nội dung (nếu có)"))
    replaces = colander.SchemaNode(DocumentRefs(), title=RELATIONS[0][1], missing=(),
                                   description=_("Số/ký hiệu, mỗi dòng một văn bản."),
                                   widget=deform.widget.TextAreaWidget(rows=2))
    amends = colander.SchemaNode(DocumentRefs(), title=RELATIONS[1][1], missing=(),
                                 widget=deform.widget.TextAreaWidget(rows=2))
    guides = colander.SchemaNode(DocumentRefs(), title=RELATIONS[2][1], missing=(),
                                 widget=deform.widget.TextAreaWidget(rows=2))
    based_on = colander.SchemaNode(DocumentRefs(), title=RELATIONS[3][1], missing=(),
                                   widget=deform.widget.TextAreaWidget(rows=2))

    def validator(self, node, value):
        super().validator(node, value)
        error = colander.Invalid(node)
        for name in ("title", "description", "signer", "signer_title"):
            if has_markup(value.get(name) or ""):
                error[name] = _("Không được nhập mã HTML hay script vào ô này.")
        issued = value.get("issue_date")
        if issued and issued > today():
            error["issue_date"] = _("Ngày ban hành không thể ở tương lai.")
            issued = None
        elif issued and issued.year < 1945:
            error["issue_date"] = _("Ngày ban hành không hợp lệ.")
            issued = None
        start, end = value.get("valid_from"), value.get("valid_until")
        if start and end and end <= start:
            error["valid_until"] = _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
        if issued and value.get("number") and value.get("agency"):
            context = self.bindings["context"]
            owner = indexes.number_owner(section_of(context), value["agency"], issued.year,
                                         value["number"])
            if owner is not None and owner != getattr(context, "uid", None):
                error["number"] = _(
                    "Số/ký hiệu “${number}” của ${agency} năm ${year} đã có; mỗi số chỉ "
                    "được dùng một lần.", mapping={"number": value["number"],
                                                   "agency": value["agency"],
                                                   "year": issued.year})
        if error.children:
            raise error


class SectionSchema(ContentSchema):
    """The documents section itself: name, title, description."""
