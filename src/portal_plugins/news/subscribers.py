"""Keep categories and their listings in step with the articles (same transaction)."""
from portal_core.interfaces import ISection

from .resources import INewsArticle, INewsCategory, INewsSection


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


def register_category(event):
    """ObjectAdded of a category: remember its name on the section."""
    category, section = event.object, event.parent
    if INewsCategory.providedBy(category) and INewsSection.providedBy(section):
        section.category_names = tuple(sorted(set(section.category_names)
                                              | {category.__name__}))


def unregister_category(event):
    """ObjectRemoved of a category: forget it and uncategorise its articles."""
    category, section = event.object, event.parent
    if INewsCategory.providedBy(category) and INewsSection.providedBy(section):
        section.category_names = tuple(n for n in section.category_names
                                       if n != category.__name__)
        for article in list(category.listing):
            article.category = ""
            category.listing.unindex(article)
