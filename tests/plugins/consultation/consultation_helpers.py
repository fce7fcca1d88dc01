"""Helpers of the consultation tests: the section path, dates, form filling."""
from portal_core.dates import VIETNAM
from portal_core.testing import csrf_token, sample_document

SECTION = "/du-thao/"
PDF = sample_document("pdf")
STRUCTURE = ("Chương I. Những quy định chung\nĐiều 1. Phạm vi điều chỉnh\n"
             "Điều 2. Đối tượng áp dụng\nChương II. Mức chi\nĐiều 3. Mức chi hỗ trợ")
EMAIL = "nguyen.van.an@example.vn"
PHONE = "0912 345 678"


def vn(moment):
    """``(date, time)`` strings of an aware datetime in Vietnam time."""
    moment = moment.astimezone(VIETNAM)
    return moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M")


def set_datetime(form, name, date, time="00:00"):
    """Fill the date and time inputs of the deform mapping ``name``."""
    index, inside = 0, False
    for field_name, field in form.field_order:
        if field_name == "__start__" and field.value == name + ":mapping":
            inside = True
        elif field_name == "date":
            if inside:
                form.set("date", date, index=index)
                form.set("time", time, index=index)
                return
            index += 1
    raise AssertionError("no date field %s" % name)


def comment_fields(page, **values):
    """The comment form of ``page`` filled with a valid comment, then ``values``."""
    form = page.forms["comment-form"]
    defaults = {"name": "Nguyễn Văn An", "contact": EMAIL, "organisation": "",
                "text": "Đề nghị nâng mức chi.", "consent": True}
    defaults.update(values)
    for key, value in defaults.items():
        form[key] = value
    return form


def post_comment(testapp, path, status=303, **values):
    """POST a comment straight to ``@@comment`` with a fresh session's CSRF token."""
    token = csrf_token(testapp.get("/@@login"))
    data = {"csrf_token": token, "name": "Nguyễn Văn An", "contact": EMAIL,
            "organisation": "", "article": "", "text": "Ý kiến", "consent": "true",
            "website": "", "send": "send"}
    data.update(values)
    return testapp.post(path + "@@comment", data, status=status)

