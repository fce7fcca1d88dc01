"""UI language: Vietnamese by default, English with ``?lang=en`` (kept in a cookie), and
the catalogues under ``portal_core/locale`` (English ``portal``, Vietnamese colander and
deform) complete, compiled and in step with the sources."""
import gettext
import io
import pathlib
import re
import shutil
import subprocess
import sys
import unicodedata

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import portal_core

LOCALE = pathlib.Path(portal_core.__file__).parent / "locale"
SRC = LOCALE.parents[1]
PORTAL_POT = LOCALE / "portal.pot"
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "portal.po"
CATALOGUES = [EN_PO, LOCALE / "vi" / "LC_MESSAGES" / "colander.po",
              LOCALE / "vi" / "LC_MESSAGES" / "deform.po"]
PLACEHOLDER = re.compile(r"\$\{[^}]*\}")


def _read_po(path):
    with open(path, "rb") as f:
        return read_po(f)


def _messages(catalog):
    """``{msgid: message}`` of the real (non-header, non-obsolete) entries."""
    return {message.id: message for message in catalog if message.id}


def _set_cookies(response):
    return response.headers.getall("Set-Cookie")


def _lang_cookies(response):
    return [c for c in _set_cookies(response) if c.startswith("lang=")]


# -- pages ------------------------------------------------------------------------------

def test_home_page_is_vietnamese_by_default(testapp):
    page = testapp.get("/")
    assert '<html lang="vi">' in page.text
    assert "Trang chủ" in page.text
    assert "Đăng nhập" in page.text
    assert ">Home<" not in page.text
    assert 'href="http://localhost/?lang=en"' in page.text


def test_home_page_in_english(testapp):
    page = testapp.get("/?lang=en")
    assert '<html lang="en">' in page.text
    assert ">Home<" in page.text
    assert "<title>Home – " in page.text
    assert ">Log in<" in page.text
    assert "Skip to main content" in page.text
    assert "Trang chủ" not in page.text
    assert "Đăng nhập" not in page.text
    # the switch back to Vietnamese is offered, labelled in Vietnamese
    assert 'href="http://localhost/?lang=vi" lang="vi">Tiếng Việt<' in page.text


def test_lang_param_sets_cookie_that_keeps_english(testapp):
    page = testapp.get("/?lang=en")
    [cookie] = _lang_cookies(page)
    assert cookie.startswith("lang=en;")
    assert "Max-Age=31536000" in cookie and "SameSite=Lax" in cookie

    page = testapp.get("/")
    assert '<html lang="en">' in page.text and ">Home<" in page.text
    assert _lang_cookies(page) == []  # already remembered: not sent again

    page = testapp.get("/@@login")
    assert "<h1>Log in</h1>" in page.text

    page = testapp.get("/?lang=vi")
    assert [c.split(";")[0] for c in _lang_cookies(page)] == ["lang=vi"]
    assert "Trang chủ" in page.text
    assert '<html lang="vi">' in testapp.get("/").text


def test_anonymous_visitor_without_lang_param_gets_no_cookie(testapp):
    page = testapp.get("/")
    assert _set_cookies(page) == []
    page = testapp.get("/tin-tuc/")
    assert _set_cookies(page) == []


def test_unknown_language_is_ignored_and_not_remembered(testapp):
    page = testapp.get("/?lang=fr")
    assert '<html lang="vi">' in page.text
    assert _lang_cookies(page) == []


def test_python_messages_are_translated(testapp):
    """``_()`` strings from views (here the 404 page) follow the language too."""
    page = testapp.get("/khong-co-trang-nay", status=404)
    assert "Không tìm thấy trang" in page.text
    page = testapp.get("/khong-co-trang-nay?lang=en", status=404)
    assert "Page not found" in page.text
    assert "Back to the home page" in page.text


def _submit_empty_article(testapp):
    page = testapp.get("/tin-tuc/@@add/NewsArticle")
    form = page.forms["deform"]
    form["title"] = ""
    return form.submit("save", status=400)


def test_add_form_validation_errors_are_vietnamese(testapp, admin):
    page = _submit_empty_article(testapp)
    assert "Bắt buộc" in page.text
    assert "Có lỗi trong dữ liệu bạn gửi" in page.text
    assert "Các lỗi được đánh dấu bên dưới" in page.text
    assert "Required" not in page.text
    assert "There was a problem" not in page.text
    assert ">Tiêu đề</label>" in page.text


def test_add_form_validation_errors_in_english(testapp, admin):
    testapp.get("/?lang=en")  # sets the lang cookie
    page = _submit_empty_article(testapp)
    assert "Required" in page.text
    assert "There was a problem with your submission" in page.text
    assert "Errors have been highlighted below" in page.text
    assert "Bắt buộc" not in page.text
    assert ">Title</label>" in page.text
    assert re.search(r">\s*Save\s*</button>", page.text)


# -- catalogues -------------------------------------------------------------------------

def test_every_portal_message_has_an_english_translation():
    template = _messages(_read_po(PORTAL_POT))
    english = _messages(_read_po(EN_PO))
    assert template, "portal.pot is empty"
    missing = sorted(set(template) - set(english))
    assert not missing, "msgids of portal.pot missing in en/portal.po (run make i18n)"
    untranslated = sorted(msgid for msgid in template
                          if not english[msgid].string or not english[msgid].string.strip())
    assert not untranslated, "untranslated in en/portal.po: %r" % untranslated
    fuzzy = sorted(msgid for msgid in template if english[msgid].fuzzy)
    assert not fuzzy, "fuzzy (unchecked) entries in en/portal.po: %r" % fuzzy


@pytest.mark.parametrize("domain", ["colander", "deform"])
def test_vietnamese_form_catalogues_cover_the_installed_library(domain):
    """Every message of the installed colander/deform has a Vietnamese translation."""
    library = pytest.importorskip(domain)
    upstream = pathlib.Path(library.__file__).parent / "locale" / (domain + ".pot")
    if not upstream.exists():
        pytest.skip("%s ships no .pot" % domain)
    vietnamese = _messages(_read_po(LOCALE / "vi" / "LC_MESSAGES" / (domain + ".po")))
    missing = sorted(msgid for msgid in _messages(_read_po(upstream))
                     if msgid not in vietnamese or not vietnamese[msgid].string)
    assert not missing, "untranslated %s messages: %r" % (domain, missing)


def test_required_is_bat_buoc():
    vietnamese = _messages(_read_po(LOCALE / "vi" / "LC_MESSAGES" / "colander.po"))
    assert vietnamese["Required"].string == "Bắt buộc"


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parent.parent.name + "/" + p.name)
def test_translations_keep_placeholders_and_are_nfc(po_path):
    assert unicodedata.is_normalized("NFC", po_path.read_text(encoding="utf-8"))
    for msgid, message in _messages(_read_po(po_path)).items():
        if message.string:
            assert sorted(PLACEHOLDER.findall(message.string)) == \
                sorted(PLACEHOLDER.findall(msgid)), msgid


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parent.parent.name + "/" + p.name)
def test_compiled_catalogue_matches_its_po(po_path):
    """The shipped .mo is what compiling the .po gives now (i.e. not stale)."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), "%s is not compiled (run make i18n)" % po_path
    compiled = io.BytesIO()
    write_mo(compiled, _read_po(po_path))
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)._catalog
    with open(mo_path, "rb") as f:
        shipped = gettext.GNUTranslations(f)._catalog
    expected.pop("", None)
    shipped.pop("", None)
    assert shipped == expected, "%s is stale: run make i18n" % mo_path


def test_portal_pot_is_up_to_date_with_the_sources(tmp_path):
    """Re-extracting with lingua finds no msgid that portal.pot lacks (or vice versa)."""
    pot_create = pathlib.Path(sys.executable).with_name("pot-create")
    if not pot_create.exists():
        pot_create = shutil.which("pot-create")
        if pot_create is None:
            pytest.skip("lingua (pot-create) is not installed")
    fresh = tmp_path / "portal.pot"
    subprocess.run([str(pot_create), "-c", str(LOCALE / "lingua.cfg"), "-d", "portal",
                    "-k", "_", "-o", str(fresh),
                    str(SRC / "portal_core"), str(SRC / "portal_plugins")],
                   check=True, capture_output=True, cwd=SRC.parent)
    current, shipped = set(_messages(_read_po(fresh))), set(_messages(_read_po(PORTAL_POT)))
    assert current - shipped == set(), "new msgids not in portal.pot: run make i18n"
    assert shipped - current == set(), "portal.pot has msgids no longer used: run make i18n"
