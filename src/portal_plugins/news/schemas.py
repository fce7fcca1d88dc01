"""Colander schemas of news content: the single source of its forms and validation."""
import colander
import deform

from portal_core.content.schemas import (ContentSchema, image_node, rich_text_node,
                                         text_node, textarea_node)
from portal_core.i18n import _
from portal_core.interfaces import ISection


def _section(context):
    return context if ISection.providedBy(context) else context.__parent__


def _category_choices(context):
    """``(name, title)`` of the section's categories; an article whose category was
    deleted (it may come back from the trash) keeps it as a choice."""
    choices = [("", _("— Chưa phân loại —"))] + [
        (c.__name__, c.title) for c in _section(context).categories()]
    current = getattr(context, "category", "") if not ISection.providedBy(context) else ""
    if current and current not in dict(choices):
        choices.append((current, _("${name} (đã xóa)", mapping={"name": current})))
    return choices


@colander.deferred
def _category_widget(node, kw):
    return deform.widget.SelectWidget(values=_category_choices(kw["context"]))


@colander.deferred
def _category_validator(node, kw):
    names = [name for name, _title in _category_choices(kw["context"])]
    return colander.OneOf(names, msg_err=_("Chuyên mục không tồn tại."))


class NewsCategorySchema(ContentSchema):
    """A category: name, title and a short description."""


class NewsArticleSchema(ContentSchema):
    """A news article (tin bài)."""

    description = textarea_node(_("Sapo (tóm tắt)"), max_length=1000)
    body = rich_text_node(_("Nội dung bài viết"))
    image = image_node(_("Ảnh đại diện"))
    image_caption = text_node(_("Chú thích ảnh"), max_length=300, missing="")
    author = text_node(_("Tác giả"), max_length=200, missing="")
    source = text_node(_("Nguồn"), max_length=300, missing="")
    category = colander.SchemaNode(colander.String(), title=_("Chuyên mục"), missing="",
                                   widget=_category_widget, validator=_category_validator)
