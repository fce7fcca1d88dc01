"""An editor writes a news article in TinyMCE on a phone; an anonymous reader finds it.

The real portal runs on waitress (``live_server``) and Debian's Chromium is driven by
Playwright at a 375×667 viewport. Nothing is mocked: login, deform's add form with the
TinyMCE editor served from deform's static files, sanitising, listings and home block.
"""
import re
import unicodedata

import pytest

from portal_core.testing import ADMIN_PASSWORD

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 375, 667
# Bounded waits (ms). Page loads get more: the first render of each page compiles its
# Chameleon and deform templates, seconds on a busy two-core CI box.
TIMEOUT = 5_000
NAV_TIMEOUT = 20_000
EDITOR_TIMEOUT = 10_000  # TinyMCE fetches its model, theme, skin, icons and language

TITLE = unicodedata.normalize("NFC", "Khánh thành cầu treo bản Nà Làng")
BEFORE = unicodedata.normalize("NFC", "Sáng nay, cây cầu treo dài 120 mét đã ")
BOLD = unicodedata.normalize("NFC", "chính thức")
AFTER = unicodedata.normalize("NFC", " đưa vào sử dụng, bà con đi lại an toàn hơn.")


def mobile_context(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT},
                                  device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="vi-VN")
    context.set_default_timeout(TIMEOUT)
    context.set_default_navigation_timeout(NAV_TIMEOUT)
    return context


def watch_errors(page, errors):
    """Collect JS exceptions, console errors, HTTP errors and failed requests."""
    page.on("pageerror", lambda exc: errors.append("%s: pageerror %s" % (page.url, exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(
        "%s: console.error %s (%s)" % (page.url, msg.text, msg.location.get("url"))))
    page.on("response", lambda resp: resp.status >= 400 and errors.append(
        "%s: HTTP %d %s" % (page.url, resp.status, resp.url)))
    page.on("requestfailed", lambda req: errors.append(
        "%s: request failed %s (%s)" % (page.url, req.url, req.failure)))


def assert_mobile_layout(page):
    """Standards mode (a missing doctype means quirks mode) and nothing wider than 375 px."""
    mode = page.evaluate("document.compatMode")
    assert mode == "CSS1Compat", "%s renders in quirks mode (%s): no <!DOCTYPE html>" % (
        page.url, mode)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, "%s overflows horizontally: scrollWidth %d > %d" % (
        page.url, width, WIDTH)


def open_ok(page, url):
    response = page.goto(url)
    assert response is not None and response.status == 200, (url, response and response.status)
    return response


def test_article_written_in_tinymce_on_mobile_reaches_anonymous_readers(
        live_server, browser, tmp_path):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    errors = []

    # --- the editor, on a phone -------------------------------------------------------
    editor_context = mobile_context(browser)
    page = editor_context.new_page()
    watch_errors(page, errors)

    open_ok(page, live_server + "/@@login")
    page.fill("#login", "admin")
    page.fill("#password", ADMIN_PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_selector("form[action$='@@logout']", state="attached", timeout=NAV_TIMEOUT)
    assert editor_context.cookies(), "logging in set no session cookie"

    open_ok(page, live_server + "/tin-tuc/@@add/NewsArticle")
    body_id = page.get_attribute("textarea[name=body]", "id")
    assert body_id, "no body textarea on the add form"
    try:
        page.wait_for_function(
            "id => window.tinymce && tinymce.get(id) && tinymce.get(id).initialized",
            arg=body_id, timeout=EDITOR_TIMEOUT)
        started = True
    except PlaywrightTimeout:
        started = False
    if not started:
        pytest.fail("TinyMCE did not start on the add form within %d ms; browser errors:\n%s"
                    % (EDITOR_TIMEOUT, "\n".join(errors) or "(none)"))
    page.wait_for_selector("#%s_ifr" % body_id, state="visible", timeout=EDITOR_TIMEOUT)
    editable = page.frame_locator("#%s_ifr" % body_id).locator("body#tinymce")
    editable.wait_for(state="visible")

    # Type the paragraph, press Bold in the toolbar (it wraps on a phone; should it ever fold
    # into the "more" drawer, open that first), type the phrase, end the bold run with Ctrl+B.
    def toolbar_button(english_label):  # labels are translated (language "vi")
        label = page.evaluate("([id, t]) => tinymce.get(id).translate(t)",
                              [body_id, english_label])
        return page.locator(".tox-tbtn[aria-label='%s']" % label)

    bold_button = toolbar_button("Bold")
    more_button = toolbar_button("Reveal or hide additional toolbar items")
    editable.click()
    page.keyboard.type(BEFORE)
    if not bold_button.is_visible():
        more_button.click()
    bold_button.click()
    assert bold_button.get_attribute("aria-pressed") == "true"
    page.keyboard.type(BOLD)
    page.keyboard.press("Control+b")
    assert bold_button.get_attribute("aria-pressed") == "false"
    page.keyboard.type(AFTER)
    assert editable.locator("p strong").all_text_contents() == [BOLD], \
        page.evaluate("id => tinymce.get(id).getContent()", body_id)

    page.fill("input[name=title]", TITLE)
    page.click("button[name=save]")
    page.wait_for_url(re.compile(r"/tin-tuc/[a-z0-9-]+/$"), timeout=NAV_TIMEOUT)
    article_url = page.url
    assert page.locator("article.news-article h1").text_content().strip() == TITLE

    # The new article is a draft: send it for review, then approve it (the admin may both).
    for button in ("submit", "publish"):
        page.click(".stafftools form.workflow button[value=%s]" % button)
        page.wait_for_url(article_url, timeout=NAV_TIMEOUT)
    assert page.locator(".stafftools .state-published").count() == 1
    editor_context.close()

    # --- an anonymous reader, on a phone, with no cookies -------------------------------
    reader = mobile_context(browser)
    assert reader.cookies() == []
    page = reader.new_page()
    watch_errors(page, errors)

    open_ok(page, live_server + "/")
    latest = page.locator("section.news-latest")
    assert latest.locator("h2").text_content().strip() == "Tin mới"
    latest.get_by_role("link", name=TITLE, exact=True).wait_for(state="visible")
    assert_mobile_layout(page)

    open_ok(page, live_server + "/tin-tuc/")
    listing_link = page.locator("ul.news-listing").get_by_role("link", name=TITLE, exact=True)
    listing_link.wait_for(state="visible")
    listing_link.click()
    page.wait_for_url(article_url, timeout=NAV_TIMEOUT)

    article = page.locator("article.news-article")
    assert article.locator("h1").text_content().strip() == TITLE
    body_text = unicodedata.normalize("NFC", article.locator(".body").text_content())
    assert BEFORE + BOLD + AFTER in body_text.replace("\xa0", " ")
    strong = article.locator(".body p strong")
    assert strong.all_text_contents() == [BOLD]
    assert_mobile_layout(page)

    shot = tmp_path / "article-375.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0

    assert reader.cookies() == [], "an anonymous reader was given cookies: %r" % (
        reader.cookies(),)
    reader.close()

    assert not errors, "browser errors:\n" + "\n".join(errors)
