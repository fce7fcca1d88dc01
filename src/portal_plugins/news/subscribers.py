"""Keep each category's listing in step with its articles (same transaction)."""
from portal_core.interfaces import ISection

from .resources import INewsArticle, INewsSection


def _section(article):
    parent = article.__parent__
    return parent if parent is not None and INewsSection.providedBy(parent) else None


def file_in_category(event):
    """ObjectAdded/Modified: list the article under its (possibly new) category only."""
    article = event.object
    section = _section(article)
    if not INewsArticle.providedBy(article) or section is None:
        return
    for category in section.categories():
        if category.__name__ == article.category:
            category.listing.index(article)
        elif article in category.listing:
            category.listing.unindex(article)


def unfile_from_category(event):
    """ObjectRemoved: take the article out of its category's listing."""
    article = event.object
    parent = event.parent
    if INewsArticle.providedBy(article) and ISection.providedBy(parent):
        category = parent.get(article.category) if article.category else None
        if category is not None and hasattr(category, "listing"):
            category.listing.unindex(article)
