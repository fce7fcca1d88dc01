"""Enable/disable hooks and demo content of the consultation plugin."""
import datetime

from portal_core.content import add
from portal_core.workflow import publish_now

from . import resources
from .resources import APPROVED, Draft


def on_enable(site, section, request):
    """Nothing to create: the section starts empty."""


def on_disable(site, section, request):
    """Nothing to undo: drafts and comments stay, hidden while disabled."""


OPEN_DRAFT = dict(
    title="Dự thảo Nghị quyết quy định mức chi hỗ trợ hoạt động của tổ hòa giải ở cơ sở",
    description="Ủy ban nhân dân lấy ý kiến nhân dân, cơ quan, tổ chức về dự thảo Nghị quyết "
                "của Hội đồng nhân dân quy định mức chi hỗ trợ cho hòa giải viên và tổ hòa "
                "giải ở cơ sở.",
    agency="Phòng Tư pháp",
    body="<p>Dự thảo gồm 2 chương, 6 điều. Mức chi hỗ trợ hòa giải viên đề xuất "
         "<strong>300.000 đồng/vụ, việc</strong>; hỗ trợ tổ hòa giải 200.000 đồng/tháng.</p>"
         "<p>Ý kiến góp ý xin gửi qua biểu mẫu trên trang này hoặc gửi văn bản về Phòng Tư "
         "pháp trước thời hạn kết thúc lấy ý kiến.</p>",
    structure=("Chương I. Những quy định chung", "Điều 1. Phạm vi điều chỉnh",
               "Điều 2. Đối tượng áp dụng", "Chương II. Mức chi cụ thể",
               "Điều 3. Mức chi thù lao cho hòa giải viên",
               "Điều 4. Mức chi hỗ trợ tổ hòa giải", "Điều 5. Nguồn kinh phí",
               "Điều 6. Tổ chức thực hiện"),
)
DEMO_COMMENTS = (
    ("Nguyễn Văn Hùng", "Tổ hòa giải thôn Nà Pục", "dieu-3",
     "Đề nghị nâng mức thù lao lên 400.000 đồng/vụ việc vì nhiều vụ việc phải đi lại "
     "nhiều lần."),
    ("Hoàng Thị Lan", "", "", "Nhất trí với dự thảo. Đề nghị quy định rõ thời hạn thanh "
     "toán thù lao cho hòa giải viên."),
)
CLOSED_DRAFT = dict(
    title="Dự thảo Quyết định ban hành Quy chế quản lý cụm công nghiệp trên địa bàn",
    description="Dự thảo quy chế phối hợp quản lý cụm công nghiệp giữa các phòng chuyên môn "
                "và Ủy ban nhân dân các xã.",
    agency="Phòng Kinh tế và Hạ tầng",
    structure=("Chương I. Quy định chung", "Điều 1. Phạm vi điều chỉnh",
               "Điều 2. Nguyên tắc phối hợp", "Chương II. Nội dung phối hợp",
               "Điều 3. Phối hợp trong công tác quy hoạch"),
    report="<p>Trong thời gian lấy ý kiến đã nhận 12 ý kiến góp ý; đã tiếp thu 9 ý kiến, "
           "giải trình 3 ý kiến. Nội dung tiếp thu chủ yếu tại Điều 2 và Điều 3.</p>",
)


def demo(site, section, request):
    """An open draft with two approved comments and a closed one with its report."""
    now = resources.utcnow().replace(minute=0, second=0, microsecond=0)
    day = datetime.timedelta(days=1)
    draft = Draft(tags=("demo",), effective=now - 5 * day, opens=now - 5 * day,
                  closes=now + 25 * day, **OPEN_DRAFT)
    add(section, draft, request)
    publish_now(draft, request)
    for offset, (name, organisation, article, text) in enumerate(DEMO_COMMENTS):
        moment = now - (3 - offset) * day
        comment = draft.add_comment(
            moment, name=name, contact="demo%d@example.vn" % offset,
            organisation=organisation, article=article,
            article_label=draft.article_label(article), text=text, consent_at=moment)
        draft.moderate(comment.id, APPROVED, "admin", moment + day / 2)
    closed = Draft(tags=("demo",), effective=now - 60 * day, opens=now - 60 * day,
                   closes=now - 30 * day, **CLOSED_DRAFT)
    add(section, closed, request)
    publish_now(closed, request)
