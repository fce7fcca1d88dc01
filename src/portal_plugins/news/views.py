"""Public news views: section and category listings, the article page, its image, blocks."""
from pyramid.httpexceptions import HTTPNotFound
from pyramid.view import view_config

from portal_core.blobs import file_response
from portal_core.listing import page_number
from portal_core.plugins import find_site, section_of
from portal_core.security.permissions import VIEW
from portal_core.views.content import require_live_or_editor

from .resources import INewsArticle, INewsCategory, INewsSection

PAGE_SIZE = 20
RELATED = 5


def _listing_values(listing, request):
    page = page_number(request)
    items, pages = listing.page(page, PAGE_SIZE)
    if page > pages:
        raise HTTPNotFound()
    return {"items": items, "page": page, "pages": pages}


@view_config(context=INewsSection, renderer="templates/section.pt", permission=VIEW,
             plugin_enabled="news")
def section_view(context, request):
    """All live articles, newest first, 20 a page (from the listing index)."""
    values = _listing_values(context.listing, request)
    values["categories"] = context.categories()
    return values


@view_config(context=INewsCategory, renderer="templates/section.pt", permission=VIEW,
             plugin_enabled="news")
def category_view(context, request):
    """Live articles of one category, newest first."""
    values = _listing_values(context.listing, request)
    values["categories"] = context.__parent__.categories()
    return values


def related_articles(article, limit=RELATED):
    """Newest live articles of the same category, the article itself excluded."""
    category = article.__parent__.get(article.category) if article.category else None
    if category is None or not INewsCategory.providedBy(category):
        return []
    return category.listing.latest(limit, where=lambda other: other is not article)


@view_config(context=INewsArticle, renderer="templates/article.pt", permission=VIEW,
             plugin_enabled="news")
def article_view(context, request):
    """One article with previous/next (by date) and related articles."""
    section = context.__parent__
    preview = require_live_or_editor(context, request)
    newer, older = section.listing.neighbours(context)
    category = section.get(context.category) if context.category else None
    return {"item": context, "newer": newer, "older": older, "category": category,
            "related": related_articles(context), "preview": preview}



@view_config(context=INewsArticle, name="image", permission=VIEW, plugin_enabled="news")
def image_view(context, request):
    """The article's lead image, served from its blob."""
    if context.image is None:
        raise HTTPNotFound()
    require_live_or_editor(context, request)
    return file_response(request, context.image)


def latest_news_block(context, request, limit=6):
    """Home tile: the newest live articles of this site's news section."""
    section = section_of(find_site(context), "news")
    if section is None:
        return None
    return {"section": section, "items": section.listing.latest(limit)}


def categories_block(context, request):
    """Sidebar portlet: the news categories of this site."""
    section = section_of(find_site(context), "news")
    if section is None:
        return None
    return {"section": section, "categories": section.categories()}
