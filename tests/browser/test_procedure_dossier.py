"""An editor writes a procedure on a phone: deform's "add" button gives a second dossier
row (its JavaScript is served by the portal), the first row gets a PDF template, and the
saved page lists both rows with the template to download."""
import pytest

from portal_core.testing import ADMIN_PASSWORD, sample_document

pytestmark = pytest.mark.browser
TIMEOUT = 5_000
NAV_TIMEOUT = 20_000
PHONE = {"width": 390, "height": 844}


def test_editor_adds_dossier_rows_with_a_template(browser, live_server, tmp_path):
    template = tmp_path / "to-khai-khai-sinh.pdf"
    template.write_bytes(sample_document("pdf"))
    context = browser.new_context(locale="vi-VN", viewport=PHONE, is_mobile=True,
                                  accept_downloads=True)
    context.set_default_timeout(TIMEOUT)
    context.set_default_navigation_timeout(NAV_TIMEOUT)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(live_server + "/@@login")
    page.fill("#login", "admin")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_selector("form[action$='@@logout']", state="attached")

    page.goto(live_server + "/thu-tuc-hanh-chinh/@@add/Procedure")
    page.fill("input[name=title]", "Đăng ký khai sinh")
    page.fill("input[name=code]", "1.001193")
    page.select_option("select[name=field]", "Hộ tịch")
    page.select_option("select[name=level]", "xa")
    page.fill("input[name=agency]", "Ủy ban nhân dân cấp xã")
    rows = page.locator(".deform-seq-item")
    assert rows.count() == 1
    rows.nth(0).locator("input[name=name]").fill("Tờ khai đăng ký khai sinh")
    rows.nth(0).locator("input[name=quantity]").fill("01 bản chính")
    rows.nth(0).locator("input[type=file]").set_input_files(str(template))
    page.locator(".deform-seq-add").click()
    assert rows.count() == 2
    rows.nth(1).locator("input[name=name]").fill("Giấy chứng sinh")
    rows.nth(1).locator("input[name=quantity]").fill("01 bản chính")
    page.locator("#deform button[name=save]").click()
    page.wait_for_url("**/thu-tuc-hanh-chinh/dang-ky-khai-sinh/")

    dossier = page.locator("table.dossier-items tbody tr")
    assert dossier.count() == 2
    assert "Tờ khai đăng ký khai sinh" in dossier.nth(0).inner_text()
    assert "Giấy chứng sinh" in dossier.nth(1).inner_text()
    with page.expect_download() as download:
        dossier.nth(0).locator("a.template").click()
    assert download.value.suggested_filename == "to-khai-khai-sinh.pdf"
    assert errors == []
    context.close()
