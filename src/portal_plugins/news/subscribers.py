"""Keep categories and their listings in step with the articles (same transaction)."""
from portal_core.interfaces import ISection
from portal_core.listing import listed

from .resources import INewsArticle, INewsCategory, INewsSection


def _section(article):
    parent = article.__parent__
    return parent if parent is not None and INewsSection.providedBy(parent) else None


def file_in_category(event):
    """ObjectAdded/Modified/WorkflowTransitioned: list a published article under its
    (possibly new) category only; an unpublished one under none."""
    article = event.object
    section = _section(article)
    if not INewsArticle.providedBy(article) or section is None:
        return
    public = listed(article, event.request.registry)
    for category in section.categories():
        if public and category.__name__ == article.category:
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
    """ObjectRemoved of a category: forget its name. Its articles keep their category and
    the category keeps its listing, so restoring it from the trash files them again."""
    category, section = event.object, event.parent
    if INewsCategory.providedBy(category) and INewsSection.providedBy(section):
        section.category_names = tuple(n for n in section.category_names
                                       if n != category.__name__)
