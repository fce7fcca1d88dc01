"""Enable/disable hooks and demo content of the news plugin."""
import datetime

from portal_core.content import add, utcnow
from portal_core.workflow import publish_now

from .resources import NewsArticle, NewsCategory

DEFAULT_CATEGORIES = (
    ("tin-hoat-dong", "Tin hoạt động"),
    ("chinh-tri", "Chính trị"),
    ("kinh-te", "Kinh tế"),
    ("van-hoa-xa-hoi", "Văn hóa - Xã hội"),
    ("quoc-phong-an-ninh", "Quốc phòng - An ninh"),
)


def on_enable(site, section, request):
    """Create the default categories once (an existing section keeps its own)."""
    if section.categories():
        return
    for name, title in DEFAULT_CATEGORIES:
        if name not in section:
            add(section, NewsCategory(title=title), request, name=name)


def on_disable(site, section, request):
    """Nothing to undo: the section and its articles stay, hidden while disabled."""


DEMO_ARTICLES = (
    ("kinh-te", "Nông dân vùng cao mở rộng diện tích trồng cây dong riềng",
     "Vụ năm nay, bà con các xã vùng cao đã trồng hơn 300 ha dong riềng, tăng 40 ha so "
     "với năm trước, nhờ giá thu mua ổn định và hỗ trợ giống của huyện.",
     "<p>Theo Phòng Nông nghiệp và Phát triển nông thôn, diện tích dong riềng tập trung "
     "chủ yếu ở các xã phía Bắc. Cây dong riềng phù hợp đất đồi, ít sâu bệnh và cho thu "
     "nhập khá.</p><p>Huyện tiếp tục hỗ trợ giống, hướng dẫn kỹ thuật và kết nối tiêu "
     "thụ cho các hợp tác xã chế biến miến.</p>", "Hoàng Văn Minh"),
    ("van-hoa-xa-hoi", "Khai mạc Lễ hội Lồng tồng xuân năm 2026",
     "Lễ hội Xuống đồng (Lồng tồng) thu hút hàng nghìn người dân và du khách về dự với "
     "nhiều trò chơi dân gian đặc sắc của đồng bào Tày, Nùng.",
     "<p>Sáng ngày mùng 8 tháng Giêng, tại sân vận động trung tâm đã diễn ra lễ khai "
     "mạc Lễ hội Lồng tồng. Phần lễ gồm nghi thức cầu mùa, cầu cho mưa thuận gió "
     "hòa.</p><p>Phần hội có ném còn, kéo co, đẩy gậy, thi hát then, đàn tính và gian "
     "hàng giới thiệu sản phẩm OCOP của địa phương.</p>", "Lường Thị Hoa"),
    ("chinh-tri", "Hội nghị tổng kết công tác cải cách hành chính năm 2025",
     "Ủy ban nhân dân đánh giá kết quả cải cách hành chính, nâng cao chất lượng giải "
     "quyết thủ tục hành chính tại bộ phận một cửa.",
     "<p>Năm 2025, tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt trên 98%. "
     "Dịch vụ công trực tuyến toàn trình được người dân sử dụng ngày càng nhiều.</p>"
     "<p>Hội nghị đề ra nhiệm vụ trọng tâm năm 2026: đẩy mạnh chuyển đổi số, số hóa hồ "
     "sơ và nâng cao chỉ số hài lòng của người dân.</p>", "Ban biên tập"),
    ("tin-hoat-dong", "Ra quân đợt cao điểm phòng chống cháy rừng mùa khô",
     "Lực lượng kiểm lâm, công an và dân quân các xã phối hợp tuần tra, phát dọn đường "
     "băng cản lửa trước mùa khô hanh.",
     "<p>Đợt cao điểm kéo dài đến hết tháng 4. Các thôn, bản được yêu cầu cử người trực "
     "24/24 giờ tại các khu rừng có nguy cơ cháy cao.</p><p>Người dân phát hiện cháy rừng "
     "hãy báo ngay cho chính quyền địa phương hoặc gọi số 112.</p>", "Nông Văn Đức"),
    ("quoc-phong-an-ninh", "Lễ giao nhận quân năm 2026",
     "Các thanh niên trúng tuyển đã lên đường nhập ngũ trong không khí phấn khởi, tự hào.",
     "<p>Năm nay toàn huyện có 120 thanh niên lên đường nhập ngũ, 100% đạt tiêu chuẩn "
     "sức khỏe, nhiều người có trình độ cao đẳng, đại học.</p>", "Ban Chỉ huy Quân sự"),
)


def demo(site, section, request):
    """A few realistic articles for the demo portal, one day apart, the last two hours ago."""
    last = utcnow().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=2)
    start = last - datetime.timedelta(days=len(DEMO_ARTICLES) - 1)
    for offset, (category, title, lead, body, author) in enumerate(DEMO_ARTICLES):
        article = NewsArticle(title=title, description=lead, body=body, author=author,
                              source="Cổng thông tin điện tử", category=category,
                              effective=start + datetime.timedelta(days=offset),
                              tags=("demo",))
        add(section, article, request)
        publish_now(article, request)
