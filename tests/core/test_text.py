import unicodedata

import pytest

from portal_core.text import fold, is_valid_name, nfc, plain_text, sanitize_html, slugify


@pytest.mark.parametrize("title,slug", [
    ("Chợ Đồn", "cho-don"),
    ("CHỢ ĐỒN", "cho-don"),
    ("Lễ hội Lồng tồng xuân 2026", "le-hoi-long-tong-xuan-2026"),
    ("  Thông báo: lịch tiếp công dân!!  ", "thong-bao-lich-tiep-cong-dan"),
    ("Quyết định số 15/2021/QĐ-UBND", "quyet-dinh-so-15-2021-qd-ubnd"),
    ("..", ""),
    ("@@x", "x"),
    ("\x00", ""),
])
def test_slugify_vietnamese(title, slug):
    assert slugify(title) == slug


def test_slugify_decomposed_input_equals_composed():
    decomposed = unicodedata.normalize("NFD", "Yên Thịnh")
    assert slugify(decomposed) == slugify("Yên Thịnh") == "yen-thinh"


def test_slug_is_bounded_and_cut_at_a_word():
    slug = slugify("Đường " * 100)
    assert len(slug) <= 80 and not slug.endswith("-")
    assert set(slug.split("-")) == {"duong"}


def test_fold_maps_d_stroke_and_strips_marks():
    assert fold("Đắk Lắk ĐỒNG") == "dak lak dong"


def test_nfc_composes():
    assert nfc(unicodedata.normalize("NFD", "Việt")) == "Việt"
    assert len(nfc(unicodedata.normalize("NFD", "ệ"))) == 1


@pytest.mark.parametrize("name,ok", [
    ("tin-tuc", True), ("a", True), ("bai-1", True),
    ("..", False), ("@@x", False), ("%00", False), ("a/b", False), ("-a", False),
    ("Tin", False), ("", False), ("tin tuc", False), ("x" * 101, False),
])
def test_valid_names(name, ok):
    assert is_valid_name(name) is ok


def test_sanitize_removes_scripts_and_handlers():
    html = ('<p onclick="x()">Xin chào<script>alert(1)</script></p>'
            '<a href="javascript:alert(1)">x</a><img src="x" onerror="y()"><iframe></iframe>')
    clean = sanitize_html(html)
    assert "<script" not in clean and "onclick" not in clean and "onerror" not in clean
    assert "javascript:" not in clean and "<iframe" not in clean
    assert "<p>Xin chào</p>" in clean


def test_sanitize_keeps_formatting():
    html = '<h2>Tiêu đề</h2><p><strong>đậm</strong> <em>nghiêng</em> <a href="https://a.vn">liên kết</a></p>'
    clean = sanitize_html(html)
    for fragment in ("<h2>Tiêu đề</h2>", "<strong>đậm</strong>", "<em>nghiêng</em>", 'href="https://a.vn"'):
        assert fragment in clean


def test_plain_text():
    assert plain_text("<p>Một <b>hai</b></p>\n<p>ba</p>") == "Một hai ba"
