"""Colander schemas of procedures: the single source of their form and validation
(Vietnamese messages). Bound with ``request`` and ``context`` (the section when adding,
the procedure when editing)."""
import re

import colander
import deform

from portal_core.content.schemas import NO_MARKUP, ContentSchema, Lines, PortalSchema, \
    file_node, has_markup, http_url, lines_node, no_markup, rich_text_node, text_node, \
    textarea_node
from portal_core.i18n import _
from portal_core.text import nfc

from . import indexes
from .resources import IProcedureSection, LEVELS, ONLINE_LEVELS, SUBMISSION_WAYS

#: A national procedure code: ``1.001193`` or ``2.000986.000.00.00.H12``.
CODE = re.compile(r"^\d\.\d{6}(?:\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$")
LINE_MAX = 500
DOSSIER_MAX = 50
#: Top-level plain-text fields checked for markup by the schema's validator.
PLAIN_FIELDS = ("title", "description", "agency", "applicants", "processing_time", "fees",
                "result", "decision")


def section_of(context):
    return context if IProcedureSection.providedBy(context) else context.__parent__


def clean_code(value):
    return nfc(value).strip().upper() if isinstance(value, str) else value


def _validate_code(node, value):
    no_markup(node, value)
    if not CODE.match(value):
        raise colander.Invalid(node, _(
            "Mã thủ tục không hợp lệ (ví dụ: 1.001193 hoặc 2.000986.000.00.00.H12)."))


def _field_choices(context):
    values = list(section_of(context).fields)
    current = getattr(context, "field", "")
    if not IProcedureSection.providedBy(context) and current and current not in values:
        values.append(current)       # a field removed from the list stays on old records
    return values


@colander.deferred
def _field_widget(node, kw):
    values = [("", _("— Chọn —"))] + [(v, v) for v in _field_choices(kw["context"])]
    return deform.widget.SelectWidget(values=values)


@colander.deferred
def _field_validator(node, kw):
    return colander.OneOf(_field_choices(kw["context"]),
                          msg_err=_("Giá trị không có trong danh mục."))


def choice_node(title, choices, missing=colander.required, **kw):
    return colander.SchemaNode(
        colander.String(), title=title, missing=missing,
        missing_msg=_("Vui lòng chọn ${title}.", mapping={"title": title}),
        widget=deform.widget.SelectWidget(values=[("", _("— Chọn —"))] + list(choices)),
        validator=colander.OneOf([v for v, _l in choices],
                                 msg_err=_("Giá trị không có trong danh mục.")), **kw)


class DossierRow(colander.MappingSchema):
    """One dossier component; ``keep`` (hidden) names the stored item whose template
    stays when no new file is chosen."""

    name = text_node(_("Tên giấy tờ"), max_length=LINE_MAX, missing="")
    quantity = text_node(_("Số lượng"), max_length=100, missing="",
                         description=_("Ví dụ: 01 bản chính"))
    template = file_node(_("Mẫu đơn, tờ khai"))
    keep = colander.SchemaNode(colander.String(), missing="",
                               widget=deform.widget.HiddenWidget())

    def validator(self, node, value):
        error = colander.Invalid(node)
        for name in ("name", "quantity"):
            if has_markup(value.get(name) or ""):
                error[name] = NO_MARKUP
        if not value.get("name") and (value.get("quantity") or value.get("template")):
            error["name"] = _("Vui lòng nhập tên giấy tờ.")
        if error.children:
            raise error


class Dossier(colander.SequenceSchema):
    row = DossierRow(title=_("Giấy tờ"))


class ProcedureSchema(ContentSchema):
    """An administrative procedure (thủ tục hành chính); ``title`` is its name."""

    code = colander.SchemaNode(colander.String(), title=_("Mã thủ tục"),
                               description=_("Mã trên Cơ sở dữ liệu quốc gia về thủ tục "
                                             "hành chính, ví dụ: 1.001193"),
                               preparer=clean_code, validator=_validate_code,
                               missing_msg=_("Vui lòng nhập mã thủ tục."))
    field = colander.SchemaNode(colander.String(), title=_("Lĩnh vực"), widget=_field_widget,
                                validator=_field_validator,
                                missing_msg=_("Vui lòng chọn lĩnh vực."))
    level = choice_node(_("Cấp thực hiện"), LEVELS)
    agency = text_node(_("Cơ quan thực hiện"), max_length=LINE_MAX,
                       missing_msg=_("Vui lòng nhập cơ quan thực hiện."))
    applicants = textarea_node(_("Đối tượng thực hiện"), max_length=LINE_MAX, rows=2)
    description = textarea_node(_("Tóm tắt"), max_length=2000, rows=2)
    steps = rich_text_node(_("Trình tự thực hiện"))
    submission = colander.SchemaNode(
        colander.Set(), title=_("Cách thức thực hiện"), missing=(),
        widget=deform.widget.CheckboxChoiceWidget(values=SUBMISSION_WAYS),
        validator=colander.ContainsOnly([v for v, _l in SUBMISSION_WAYS]),
        preparer=lambda v: tuple(w for w, _l in SUBMISSION_WAYS if w in v)
        if isinstance(v, (set, frozenset)) else v)
    dossier = Dossier(title=_("Thành phần hồ sơ"), missing=(),
                      description=_("Mỗi giấy tờ một dòng: tên, số lượng và mẫu đơn (nếu "
                                    "có). Để trống tệp để giữ mẫu hiện có."),
                      validator=colander.Length(max=DOSSIER_MAX, max_err=_(
                          "Tối đa ${max} giấy tờ.")),
                      preparer=lambda rows: [r for r in rows if r.get("name")]
                      if isinstance(rows, list) else rows,
                      widget=deform.widget.SequenceWidget(min_len=1))
    processing_time = text_node(_("Thời hạn giải quyết"), max_length=LINE_MAX, missing="",
                                description=_("Ví dụ: 03 ngày làm việc"))
    fees = textarea_node(_("Phí, lệ phí"), max_length=LINE_MAX, rows=2)
    result = textarea_node(_("Kết quả thực hiện"), max_length=LINE_MAX, rows=2)
    conditions = rich_text_node(_("Yêu cầu, điều kiện thực hiện"))
    legal_basis = lines_node(_("Căn cứ pháp lý"),
                             _("Mỗi dòng một văn bản: số/ký hiệu, có thể thêm “ - trích "
                               "yếu”. Ví dụ: 123/2015/QH13 - Luật Hộ tịch"),
                             max_chars=LINE_MAX)
    decision = text_node(_("Quyết định công bố"), max_length=LINE_MAX, missing="",
                         description=_("Số/ký hiệu, có thể thêm “ - trích yếu”."))
    online_level = choice_node(_("Dịch vụ công trực tuyến"), ONLINE_LEVELS,
                               missing="khong")
    national_url = colander.SchemaNode(
        colander.String(), title=_("Liên kết Cổng Dịch vụ công quốc gia"), missing="",
        preparer=lambda v: v.strip() if isinstance(v, str) else v,
        validator=http_url)

    def validator(self, node, value):
        super().validator(node, value)
        error = colander.Invalid(node)
        for name in PLAIN_FIELDS:
            if has_markup(value.get(name) or ""):
                error[name] = NO_MARKUP
        code = value.get("code")
        if code:
            context = self.bindings["context"]
            owner = indexes.code_owner(section_of(context), code)
            if owner is not None and owner != getattr(context, "uid", None):
                error["code"] = _("Mã thủ tục “${code}” đã có trong chuyên trang; mỗi "
                                  "thủ tục chỉ được nhập một lần.", mapping={"code": code})
        if error.children:
            raise error


class SectionSchema(ContentSchema):
    """The procedures section itself: name, title, description."""


class FieldsSchema(PortalSchema):
    """The site admin's list of fields (lĩnh vực)."""

    fields = colander.SchemaNode(Lines(), title=_("Lĩnh vực"),
                                 description=_("Mỗi dòng một lĩnh vực."))

    def validator(self, node, value):
        error = colander.Invalid(node)
        if not value.get("fields"):
            error["fields"] = _("Danh mục không được để trống.")
        elif any(has_markup(v) for v in value["fields"]):
            error["fields"] = NO_MARKUP
        if error.children:
            raise error
