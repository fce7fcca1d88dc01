"""News (Tin tức): a section with categories, articles, listings and a home block."""
from portal_core.content import TypeInfo
from portal_core.i18n import _
from portal_core.search import Searchable
from portal_core.events import ObjectAdded, ObjectModified, ObjectRemoved, WorkflowTransitioned

from . import setuphandlers, subscribers
from .resources import NewsArticle, NewsCategory, NewsSection
from .schemas import NewsArticleSchema, NewsCategorySchema


def includeme(config):
    config.add_plugin(
        "news", title=_("Tin tức"), version=1,
        description=_("Tin tức, sự kiện theo chuyên mục, khối tin mới trên trang chủ."),
        on_enable=setuphandlers.on_enable, on_disable=setuphandlers.on_disable,
        demo=setuphandlers.demo)
    config.add_section("news", title="Tin tức", slug="tin-tuc", factory=NewsSection, order=10)
    config.add_content_type(TypeInfo(
        name="NewsArticle", factory=NewsArticle, schema=NewsArticleSchema, title=_("Tin bài"),
        addable_to=("NewsSection",), icon="newspaper", plugin="news",
        workflow="editorial",
        search=Searchable(text=("description", "body", "image_caption", "author", "source"))))
    config.add_content_type(TypeInfo(
        name="NewsCategory", factory=NewsCategory, schema=NewsCategorySchema,
        title=_("Chuyên mục"), addable_to=("NewsSection",), icon="folder", plugin="news"))
    config.add_content_type(TypeInfo(
        name="NewsSection", factory=NewsSection, schema=NewsCategorySchema,
        title=_("Chuyên trang tin tức"), plugin="news"))
    config.add_subscriber(subscribers.file_in_category, ObjectAdded)
    config.add_subscriber(subscribers.file_in_category, ObjectModified)
    config.add_subscriber(subscribers.file_in_category, WorkflowTransitioned)
    config.add_subscriber(subscribers.unfile_from_category, ObjectRemoved)
    config.add_subscriber(subscribers.register_category, ObjectAdded)
    config.add_subscriber(subscribers.unregister_category, ObjectRemoved)
    config.add_block("news.latest", "portal_plugins.news.views.latest_news_block",
                     renderer="portal_plugins.news:templates/block_latest.pt", slot="home",
                     title="Tin mới", plugin="news", order=10, cached=True)
    config.add_block("news.categories", "portal_plugins.news.views.categories_block",
                     renderer="portal_plugins.news:templates/block_categories.pt",
                     slot="sidebar", title="Chuyên mục tin tức", plugin="news", order=10,
                     cached=True)
    config.scan(".views")
