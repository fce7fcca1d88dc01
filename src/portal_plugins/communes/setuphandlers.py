"""Demo content of the communes plugin: two commune sites with their own news."""
from portal_core.content import add
from portal_core.plugins import enable, section_of
from portal_core.workflow import publish_now

from .resources import CommuneSite

DEMO = (
    ("yen-thinh", "Xã Yên Thịnh", "Xã Yên Thịnh ra quân làm đường giao thông nông thôn",
     "Hơn 200 người dân các thôn đã tham gia mở rộng 3 km đường liên thôn."),
    ("bang-lung", "Thị trấn Bằng Lũng", "Thị trấn Bằng Lũng tổ chức ngày hội đại đoàn kết",
     "Các tổ dân phố tổ chức ngày hội với nhiều hoạt động văn hóa, thể thao."),
)


def demo(portal, section, request):
    """Two commune sites, news enabled (when installed), one published article each."""
    has_news = request.registry.portal_plugins.get("news") is not None
    for name, title, headline, lead in DEMO:
        if name in section:
            continue
        site = CommuneSite(title=title, creator="admin")
        site.settings.update(name=title, level="xa", emblem_text="Trang thông tin điện tử")
        add(section, site, request, name=name)
        if not has_news:
            continue
        from portal_plugins.news.resources import NewsArticle
        enable(site, "news", request)
        article = NewsArticle(title=headline, description=lead, creator="admin",
                              body="<p>%s</p>" % lead)
        add(section_of(site, "news"), article, request)
        publish_now(article, request)
