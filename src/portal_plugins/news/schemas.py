"""Colander schemas of news content: the single source of its forms and validation."""
import colander
import deform

from portal_core.content.schemas import (ContentSchema, image_node, rich_text_node,
                                         text_node, textarea_node)
from portal_core.i18n import _
from portal_core.interfaces import ISection


def _section(context):
    return context if ISection.providedBy(context) else context.__parent__


@colander.deferred
def _category_widget(node, kw):
    values = [("", _("— Chưa phân loại —"))] + [
        (c.__name__, c.title) for c in _section(kw["context"]).categories()]
    return deform.widget.SelectWidget(values=values)


@colander.deferred
def _category_validator(node, kw):
    names = [""] + [c.__name__ for c in _section(kw["context"]).categories()]
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
