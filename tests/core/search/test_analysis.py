"""Vietnamese analysis end to end: typed query → ParsedQuery → a real (in-memory) Whoosh
index of search documents; plus the analysis helpers and highlighted snippets."""
import unicodedata

import pytest

pytest.register_assert_rewrite("portal_core.search.conformance")

from portal_core.search.analysis import (MAX_QUERY_CHARS, MAX_QUERY_WORDS,  # noqa: E402
                                         ParsedQuery, codes, normalize_code)
from portal_core.search.conformance import anonymous, found, make_doc, query, uids  # noqa: E402
from portal_core.search.snippets import highlight  # noqa: E402
from portal_core.search.whoosh_backend import WhooshBackend  # noqa: E402


def nfd(text):
    return unicodedata.normalize("NFD", text)


CORPUS = [
    make_doc("chodon", "Chợ Đồn tổ chức hội nghị tổng kết", "Ủy ban nhân dân huyện Chợ Đồn."),
    make_doc("nfd", nfd("Đèo Giàng mùa lúa chín"), nfd("Xã Đèo Giàng vào mùa gặt.")),
    make_doc("qd", "Ban hành kế hoạch phòng chống thiên tai",
             "Căn cứ Quyết định số 15/2021/QĐ-UBND của UBND tỉnh."),
    make_doc("qd-title", "Quyết định 08/2023/QĐ-UBND về bảng giá đất", "Bảng giá đất mới."),
    make_doc("qd-sentence", "Quy định về thu phí",
             "Thực hiện Quyết định số 27/2020/QĐ-UBND. Theo đó, mức thu phí giữ nguyên."),
    make_doc("qd-dash", "Thông báo của tỉnh", "Ủy ban nhân dân tỉnh - 09/2022/QĐ-UBND."),
    make_doc("kh", "Triển khai tiêm chủng", "Thực hiện Kế hoạch 123/KH-UBND ngày 5 tháng 3."),
    make_doc("spaced", "Nghị định về đầu tư công", "Theo Nghị định 40 / 2020 / NĐ-CP."),
]


@pytest.fixture(scope="module")
def backend():
    backend = WhooshBackend(None)
    backend.store.ensure()
    backend.write(CORPUS)
    return backend


#: Longer than the limit, which falls inside the last document number.
LONG_QUERY = "thiên tai " + "15/2021/QĐ-UBND " * 12


@pytest.mark.parametrize("q, expected", [
    # diacritics, case and Unicode normal forms
    ("Chợ Đồn", {"chodon"}),
    ("cho don", {"chodon"}),
    ("CHỢ ĐỒN", {"chodon"}),
    ("CHO DON", {"chodon"}),
    (nfd("Chợ Đồn"), {"chodon"}),
    ("Đồn", {"chodon"}),
    ("don", {"chodon"}),
    ("đồn", {"chodon"}),
    ("deo giang", {"nfd"}),
    ("Đèo Giàng", {"nfd"}),
    (nfd("Đèo Giàng"), {"nfd"}),
    # every word must be there (AND)
    ("cho don tong ket", {"chodon"}),
    ("cho don thien tai", set()),
    ("hội nghị lúa", set()),
    # document numbers
    ("15/2021/QĐ-UBND", {"qd"}),
    ("15/2021/qd-ubnd", {"qd"}),
    ("15/2021/QD-UBND", {"qd"}),
    ("15/2021", {"qd"}),
    ("15 / 2021 / QĐ-UBND", {"qd"}),
    ("16/2021/QĐ-UBND", set()),
    ("15/2022/QĐ-UBND", set()),
    ("15/2021/QĐ-UBND thiên tai", {"qd"}),
    ("15/2021/QĐ-UBND tổng kết", set()),
    ("08/2023/QĐ-UBND", {"qd-title"}),
    ("123/KH-UBND", {"kh"}),
    ("123/kh-ubnd", {"kh"}),
    ("27/2020/QĐ-UBND", {"qd-sentence"}),   # followed by ". Theo đó"
    ("09/2022/QĐ-UBND", {"qd-dash"}),       # preceded by "tỉnh - "
    ("40/2020/NĐ-CP", {"spaced"}),          # written "40 / 2020 / NĐ-CP"
    ("40 / 2020 / nd-cp", {"spaced"}),
    # a query cut at the length limit inside a word keeps only whole words
    (LONG_QUERY, {"qd"}),
])
def test_query_matches(backend, q, expected):
    assert found(backend, q) == expected


def test_a_query_is_cut_between_words():
    """Guards LONG_QUERY above: the limit falls inside "QĐ-UBND"; the half number is
    dropped (as "15/2021/qd-ubn" it would have to match exactly, and nothing would)."""
    assert LONG_QUERY[MAX_QUERY_CHARS - 3:MAX_QUERY_CHARS + 1] == "UBND"
    parsed = ParsedQuery(LONG_QUERY)
    assert parsed.truncated and parsed.folded == ["thien", "tai"]
    assert set(parsed.codes) == {"15/2021/qd-ubnd"}
    assert len(parsed.text) < MAX_QUERY_CHARS


@pytest.fixture
def ranking():
    backend = WhooshBackend(None)
    backend.store.ensure()
    backend.write([
        make_doc("ban", "Ban hành kế hoạch phòng chống thiên tai"),
        make_doc("bàn", "Bàn giao nhà đại đoàn kết"),
        make_doc("text-ban", "Họp trực tuyến", "Ban chỉ đạo họp trực tuyến với các xã."),
        make_doc("text-bàn", "Họp trực tuyến", "Các đại biểu bàn về kế hoạch họp trực tuyến."),
    ])
    return backend


@pytest.mark.parametrize("q, first", [("bàn", "bàn"), ("BÀN", "bàn"), ("ban", "ban"),
                                      ("bàn giao", "bàn"), ("ban hanh", "ban")])
def test_exact_diacritics_rank_first_in_titles(ranking, q, first):
    results = ranking.search(query(q))
    assert uids(results)[0] == first
    assert results.total == (4 if len(q.split()) == 1 else 1)


def test_exact_diacritics_rank_first_in_texts(ranking):
    assert uids(ranking.search(query("bàn truc tuyen"))) == ["text-bàn", "text-ban"]


@pytest.mark.parametrize("typed, titles", [
    ("cho d", ["Chợ Đồn tổ chức hội nghị tổng kết"]),
    ("Chợ Đ", ["Chợ Đồn tổ chức hội nghị tổng kết"]),
    ("quyết định 08", ["Quyết định 08/2023/QĐ-UBND về bảng giá đất"]),
    ("deo gi", [nfd("Đèo Giàng mùa lúa chín")]),
    ("cho x", []),
    ("cho don ", []),            # a finished word: nothing is being typed
])
def test_prefix_suggestions(backend, typed, titles):
    assert [d["title"] for d in backend.suggest(ParsedQuery(typed), anonymous())] == titles


# -- ParsedQuery -----------------------------------------------------------------------------

def test_parsed_query_splits_words_and_codes():
    parsed = ParsedQuery("  Quyết định 15/2021/QĐ-UBND về Chợ Đồn chợ")
    assert parsed.words == ["quyết", "định", "về", "chợ", "đồn"]
    assert parsed.folded == ["quyet", "dinh", "ve", "cho", "don"]
    assert parsed.codes == ["15/2021/qd-ubnd"]
    assert parsed.prefix == "cho" and parsed.has_accents and not parsed.truncated
    assert not ParsedQuery("cho don").has_accents


def test_a_2000_character_query_is_truncated():
    parsed = ParsedQuery("thông báo lịch tiếp dân " * 84)
    assert parsed.truncated
    assert len(parsed.text) <= MAX_QUERY_CHARS
    assert parsed.folded == ["thong", "bao", "lich", "tiep", "dan"]


def test_too_many_words_are_truncated():
    parsed = ParsedQuery(" ".join("tu%d" % i for i in range(20)))
    assert parsed.truncated
    assert parsed.words == ["tu%d" % i for i in range(MAX_QUERY_WORDS)]
    assert not ParsedQuery(" ".join("tu%d" % i for i in range(MAX_QUERY_WORDS))).truncated


@pytest.mark.parametrize("q", ["", "   ", None, "!!! ... ---", "/ - . ?", "“” «» …"])
def test_empty_and_punctuation_only_queries_are_false(q):
    assert not ParsedQuery(q)


@pytest.mark.parametrize("q", ["<script>alert(1)</script>", "<b onclick='x()'>Chợ</b>",
                               "a\x00b", "%s%s%(x)s {0} \\ ' \" ;--", "*:* OR title:x~2^3"])
def test_hostile_queries_do_not_raise(backend, q):
    parsed = ParsedQuery(q)
    results = backend.search(query(q, facets=("type",)))
    assert results.total >= 0
    backend.suggest(parsed, anonymous())
    backend.corrections(parsed)
    assert "<script>" not in highlight("<script>alert(1)</script> Chợ", parsed)


# -- codes ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value, normalized", [
    ("15/2021/QĐ-UBND", "15/2021/qd-ubnd"),
    ("15 / 2021 / QĐ-UBND", "15/2021/qd-ubnd"),
    (nfd("15/2021/QĐ-UBND"), "15/2021/qd-ubnd"),
    ("123/KH-UBND", "123/kh-ubnd"),
])
def test_normalize_code(value, normalized):
    assert normalize_code(value) == normalized


@pytest.mark.parametrize("text, expected", [
    ("Căn cứ Quyết định số 15/2021/QĐ-UBND của UBND tỉnh", ["15/2021/qd-ubnd"]),
    ("số 123/KH-UBND và 45/2020/NĐ-CP.", ["123/kh-ubnd", "45/2020/nd-cp"]),
    ("Quyết định số 27/2020/QĐ-UBND. Theo đó", ["27/2020/qd-ubnd"]),
    ("UBND tỉnh - 09/2022/QĐ-UBND", ["09/2022/qd-ubnd"]),
    ("theo 40 / 2020 / NĐ-CP", ["40/2020/nd-cp"]),
    ("(01/2024/TT-BTC)", ["01/2024/tt-btc"]),
    ("QĐ-UBND không có số", []),
    ("1.000.000 đồng", []),
    ("", []),
    (None, []),
])
def test_codes_found_in_text(text, expected):
    assert codes(text) == expected


def test_codes_stay_fast_on_long_texts():
    """Long runs of separators used to backtrack quadratically (seconds per document)."""
    assert codes("1." * 10000 + " 1/2") == ["1/2"]
    assert codes("a - " * 5000) == []


# -- snippets ------------------------------------------------------------------------------

def test_highlight_marks_folded_matches():
    assert str(highlight("Huyện Chợ Đồn tổ chức", ParsedQuery("cho don"))) == \
        "Huyện <mark>Chợ</mark> <mark>Đồn</mark> tổ chức"
    assert str(highlight("Bàn giao và ban hành", ParsedQuery("bàn"))) == \
        "<mark>Bàn</mark> giao và <mark>ban</mark> hành"


def test_highlight_escapes_html():
    marked = str(highlight('<b onclick="x">Chợ</b> & <script>alert(1)</script>',
                           ParsedQuery("chợ script")))
    assert "<b" not in marked and "<script>" not in marked
    assert marked.startswith("&lt;b onclick=&#34;x&#34;&gt;<mark>Chợ</mark>&lt;/b&gt; &amp; ")
    assert "&lt;<mark>script</mark>&gt;" in marked


def test_highlight_cuts_long_texts_around_the_first_match():
    text = "mở đầu " * 100 + "Chợ Đồn" + " kết thúc" * 100
    marked = str(highlight(text, ParsedQuery("chợ đồn"), size=120))
    assert marked.startswith("… ") and marked.endswith(" …")
    assert "<mark>Chợ</mark> <mark>Đồn</mark>" in marked
    shown = marked.replace("<mark>", "").replace("</mark>", "")
    assert len(shown) <= 120 + 4
    assert "mở đầu" in shown and "kết thúc" in shown


def test_highlight_without_a_match_shows_the_beginning():
    text = "mở đầu " * 100
    marked = str(highlight(text, ParsedQuery("cho don"), size=50))
    assert marked.startswith("mở đầu") and marked.endswith(" …") and "<mark>" not in marked
    assert str(highlight("Ngắn gọn", ParsedQuery("gon"))) == "Ngắn <mark>gọn</mark>"
    assert str(highlight(None, ParsedQuery("x"))) == ""
    assert str(highlight("a < b", None)) == "a &lt; b"


@pytest.mark.parametrize("text, prefix", [
    ("cho d", "d"), ("Chợ Đ", "d"), ("cho don ", ""), ("quyết định 15/2021/QĐ-UBND", ""),
    ("15/2021/QĐ-UBND cong", "cong"), ("a " * 20 + "b", ""),
])
def test_the_prefix_is_the_last_word_being_typed(text, prefix):
    assert ParsedQuery(text).prefix == prefix


def test_repeated_numbers_are_searched_once():
    assert ParsedQuery("15/2021/QĐ-UBND 15/2021/qd-ubnd").codes == ["15/2021/qd-ubnd"]
