"""Enable/disable hooks and demo content of the procedures plugin."""
import datetime
import io

from portal_core.attachments import attachment_file
from portal_core.content import add, utcnow
from portal_core.workflow import publish_now

from .resources import DossierItem, Procedure


def on_enable(site, section, request):
    """Nothing to create: the section carries the default fields at class level."""


def on_disable(site, section, request):
    """Nothing to undo: the section and its procedures stay, hidden while disabled."""


def sample_pdf(*lines):
    """A one-page PDF showing ``lines`` (ASCII) — the demo's form templates."""
    text = " ".join("(%s) Tj 0 -20 Td" % line.replace("(", "[").replace(")", "]")
                    for line in lines)
    stream = ("BT /F1 14 Tf 60 780 Td %s ET" % text).encode("ascii")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = io.BytesIO(b"%PDF-1.4\n"), []
    out.seek(0, 2)
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def _template(filename, *lines):
    return attachment_file(io.BytesIO(sample_pdf(*lines)), filename, max_size=None)


HOTICH_LAW = ("60/2014/QH13 - Luật Hộ tịch",
              "123/2015/NĐ-CP - Nghị định quy định chi tiết một số điều và biện pháp thi "
              "hành Luật Hộ tịch")

DEMO_PROCEDURES = (
    dict(code="1.001193", title="Đăng ký khai sinh", field="Hộ tịch", level="xa",
         agency="Ủy ban nhân dân cấp xã", applicants="Công dân Việt Nam",
         description="Đăng ký khai sinh cho trẻ em sinh ra trên địa bàn xã.",
         steps="<ol><li>Người đi đăng ký khai sinh nộp tờ khai và giấy tờ theo quy định "
               "tại Bộ phận tiếp nhận và trả kết quả của Ủy ban nhân dân cấp xã.</li>"
               "<li>Công chức tư pháp - hộ tịch kiểm tra hồ sơ, ghi vào Sổ hộ tịch.</li>"
               "<li>Chủ tịch Ủy ban nhân dân cấp xã cấp Giấy khai sinh cho người được "
               "đăng ký khai sinh.</li></ol>",
         submission=("truc-tiep", "buu-chinh", "truc-tuyen"),
         dossier=(("Tờ khai đăng ký khai sinh theo mẫu", "01 bản chính",
                   ("to-khai-dang-ky-khai-sinh.pdf", "TO KHAI DANG KY KHAI SINH")),
                  ("Giấy chứng sinh", "01 bản chính", None),
                  ("Giấy tờ tùy thân của người đi đăng ký", "01 bản xuất trình", None)),
         processing_time="Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 "
                         "giờ thì trả kết quả trong ngày làm việc tiếp theo.",
         fees="Miễn lệ phí đăng ký khai sinh đúng hạn.",
         result="Giấy khai sinh (bản chính).", online_level="toan-trinh",
         conditions="<p>Không.</p>", legal_basis=HOTICH_LAW,
         decision="1872/QĐ-BTP - Quyết định công bố thủ tục hành chính lĩnh vực hộ tịch",
         national_url="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-"
                      "tiet.html?ma_thu_tuc=1.001193"),
    dict(code="1.000894", title="Đăng ký kết hôn", field="Hộ tịch", level="xa",
         agency="Ủy ban nhân dân cấp xã", applicants="Công dân Việt Nam",
         description="Đăng ký kết hôn giữa công dân Việt Nam cư trú trong nước.",
         steps="<ol><li>Hai bên nam, nữ nộp tờ khai đăng ký kết hôn.</li><li>Công chức "
               "tư pháp - hộ tịch kiểm tra, nếu đủ điều kiện thì ghi vào Sổ hộ tịch.</li>"
               "<li>Hai bên cùng ký vào Giấy chứng nhận kết hôn.</li></ol>",
         submission=("truc-tiep", "truc-tuyen"),
         dossier=(("Tờ khai đăng ký kết hôn theo mẫu", "01 bản chính",
                   ("to-khai-dang-ky-ket-hon.pdf", "TO KHAI DANG KY KET HON")),),
         processing_time="Ngay trong ngày tiếp nhận hồ sơ.",
         fees="Miễn lệ phí.", result="Giấy chứng nhận kết hôn.", online_level="mot-phan",
         conditions="<p>Nam từ đủ 20 tuổi trở lên, nữ từ đủ 18 tuổi trở lên; việc kết hôn "
                    "do nam và nữ tự nguyện quyết định.</p>",
         legal_basis=HOTICH_LAW + ("52/2014/QH13 - Luật Hôn nhân và gia đình",)),
    dict(code="2.000815", title="Chứng thực bản sao từ bản chính giấy tờ, văn bản",
         field="Chứng thực", level="xa", agency="Ủy ban nhân dân cấp xã",
         applicants="Cá nhân, tổ chức",
         steps="<p>Người yêu cầu chứng thực xuất trình bản chính và bản sao cần chứng "
               "thực; người thực hiện chứng thực đối chiếu và chứng thực bản sao.</p>",
         submission=("truc-tiep",),
         dossier=(("Bản chính giấy tờ, văn bản làm cơ sở để chứng thực", "01 bản", None),
                  ("Bản sao cần chứng thực", "Theo nhu cầu", None)),
         processing_time="Trong ngày làm việc.",
         fees="2.000 đồng/trang; từ trang thứ ba trở lên thu 1.000 đồng/trang, tối đa "
              "200.000 đồng/bản.", result="Bản sao được chứng thực từ bản chính.",
         online_level="khong",
         legal_basis=("23/2015/NĐ-CP - Nghị định về cấp bản sao từ sổ gốc, chứng thực bản "
                      "sao từ bản chính",)),
    dict(code="1.009794", title="Cấp giấy phép xây dựng nhà ở riêng lẻ", field="Xây dựng",
         level="huyen", agency="Ủy ban nhân dân cấp huyện (Phòng Kinh tế - Hạ tầng)",
         applicants="Hộ gia đình, cá nhân",
         description="Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ.",
         steps="<ol><li>Chủ đầu tư nộp hồ sơ tại Bộ phận Một cửa cấp huyện.</li><li>Cơ "
               "quan cấp phép kiểm tra hồ sơ, thực địa trong 07 ngày làm việc.</li><li>Cấp "
               "giấy phép hoặc trả lời bằng văn bản nêu rõ lý do.</li></ol>",
         submission=("truc-tiep", "buu-chinh", "truc-tuyen"),
         dossier=(("Đơn đề nghị cấp giấy phép xây dựng theo mẫu", "01 bản chính",
                   ("don-de-nghi-cap-giay-phep-xay-dung.pdf",
                    "DON DE NGHI CAP GIAY PHEP XAY DUNG")),
                  ("Giấy tờ chứng minh quyền sử dụng đất", "01 bản sao có chứng thực",
                   None),
                  ("Bản vẽ thiết kế xây dựng", "02 bộ", None)),
         processing_time="15 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.",
         fees="Lệ phí cấp giấy phép xây dựng nhà ở riêng lẻ: 75.000 đồng/giấy phép.",
         result="Giấy phép xây dựng.", online_level="mot-phan",
         conditions="<p>Phù hợp với quy hoạch chi tiết xây dựng được phê duyệt.</p>",
         legal_basis=("50/2014/QH13 - Luật Xây dựng",
                      "15/2021/NĐ-CP - Nghị định quy định chi tiết một số nội dung về quản "
                      "lý dự án đầu tư xây dựng")),
    dict(code="2.000720", title="Đăng ký thành lập hộ kinh doanh",
         field="Đăng ký kinh doanh", level="huyen",
         agency="Phòng Tài chính - Kế hoạch cấp huyện", applicants="Cá nhân, hộ gia đình",
         steps="<p>Nộp giấy đề nghị đăng ký hộ kinh doanh; cơ quan đăng ký kinh doanh cấp "
               "Giấy chứng nhận đăng ký hộ kinh doanh trong 03 ngày làm việc.</p>",
         submission=("truc-tiep", "truc-tuyen"),
         dossier=(("Giấy đề nghị đăng ký hộ kinh doanh", "01 bản chính", None),),
         processing_time="03 ngày làm việc.", fees="Theo quy định của Hội đồng nhân dân "
                                                   "tỉnh.",
         result="Giấy chứng nhận đăng ký hộ kinh doanh.", online_level="toan-trinh",
         legal_basis=("01/2021/NĐ-CP - Nghị định về đăng ký doanh nghiệp",)),
    dict(code="2.000488", title="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
         field="Tư pháp", level="tinh", agency="Sở Tư pháp",
         applicants="Công dân Việt Nam",
         submission=("truc-tiep", "buu-chinh", "truc-tuyen"),
         dossier=(("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "01 bản chính", None),),
         processing_time="10 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.",
         fees="200.000 đồng/lần/người.", result="Phiếu lý lịch tư pháp.",
         online_level="toan-trinh",
         legal_basis=("28/2009/QH12 - Luật Lý lịch tư pháp",)),
)


def demo(site, section, request):
    """The demo procedures, published; the form templates are small generated PDFs."""
    now = utcnow()
    for offset, spec in enumerate(DEMO_PROCEDURES):
        spec = dict(spec)
        spec["dossier_items"] = tuple(
            DossierItem(name, quantity, _template(*template) if template else None)
            for name, quantity, template in spec.pop("dossier"))
        procedure = Procedure(effective=now - datetime.timedelta(hours=len(DEMO_PROCEDURES)
                                                                 - offset),
                              tags=("demo",), **spec)
        add(section, procedure, request)
        publish_now(procedure, request)
