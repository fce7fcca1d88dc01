"""News content: the section, its categories (chuyên mục) and articles."""
from zope.interface import implementer

from portal_core.content import Content, Item, Section
from portal_core.interfaces import IContent, IListable, ISection
from portal_core.listing import WithListing


class INewsSection(ISection):
    """The news section (Tin tức)."""


class INewsCategory(IContent):
    """A news category (chuyên mục) inside the news section."""


class INewsArticle(IListable):
    """A news article (tin bài)."""


@implementer(INewsSection)
class NewsSection(WithListing, Section):
    """Holds articles and categories; ``listing`` orders live articles newest first,
    ``category_names`` names the categories so that no page scans the section."""

    type_name = "NewsSection"
    category_names = ()

    def categories(self):
        """The section's categories in name order (reads only those objects)."""
        return [self[name] for name in self.category_names if name in self]


@implementer(INewsCategory)
class NewsCategory(WithListing, Content):
    """A category; its own ``listing`` holds the articles filed under it (kept by the
    news subscribers, since the articles live in the section)."""

    type_name = "NewsCategory"


@implementer(INewsArticle)
class NewsArticle(Item):
    """An article: lead (the description), sanitised HTML body, lead image, byline."""

    type_name = "NewsArticle"
    body = ""
    image = None
    image_caption = ""
    author = ""
    source = ""
    category = ""

    @property
    def lead(self):
        return self.description
