"""Enable/disable hooks and demo content of the notices plugin."""
import datetime

from portal_core.content import add, utcnow
from portal_core.workflow import publish_now

from .resources import Notice


def on_enable(site, section, request):
    """Nothing to create: the section starts empty."""


def on_disable(site, section, request):
    """Nothing to undo: the section and its notices stay, hidden while disabled."""


DEMO_NOTICES = (
    ("Thông báo lịch tiếp công dân tháng 12 năm 2026",
     "Chủ tịch Ủy ban nhân dân tiếp công dân định kỳ vào ngày 15 hằng tháng tại Trụ sở "
     "tiếp công dân.",
     "<p>Công dân có nhu cầu phản ánh, kiến nghị đăng ký trước tại Bộ phận tiếp công dân "
     "hoặc qua số điện thoại đường dây nóng.</p><p>Khi đến, công dân mang theo căn cước "
     "và các giấy tờ liên quan.</p>"),
    ("Thông báo tạm dừng cấp điện để bảo dưỡng lưới điện",
     "Điện lực thông báo tạm ngừng cấp điện từ 7 giờ đến 11 giờ ngày 5/12 tại các thôn "
     "Nà Pục, Bản Mới.",
     "<p>Mong bà con chủ động sắp xếp công việc sinh hoạt, sản xuất. Thời gian có điện "
     "trở lại có thể sớm hơn dự kiến.</p>"),
    ("Thông báo tuyển dụng viên chức năm 2026",
     "Ủy ban nhân dân thông báo tuyển dụng 12 chỉ tiêu viên chức sự nghiệp giáo dục.",
     "<p>Thời gian nhận hồ sơ: từ ngày 1/12 đến hết ngày 30/12/2026 tại Phòng Nội vụ. "
     "Chi tiết chỉ tiêu, điều kiện dự tuyển xem trong thông báo.</p>"),
)


def demo(site, section, request):
    """A few notices for the demo portal, one day apart, the newest three hours ago."""
    last = utcnow().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=3)
    start = last - datetime.timedelta(days=len(DEMO_NOTICES) - 1)
    for offset, (title, summary, body) in enumerate(DEMO_NOTICES):
        notice = Notice(title=title, description=summary, body=body, tags=("demo",),
                        effective=start + datetime.timedelta(days=offset))
        add(section, notice, request)
        publish_now(notice, request)
