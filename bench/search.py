"""Search benchmark: the embedded Whoosh backend on a generated Vietnamese district portal.

Usage (from /work/main):  .venv/bin/python bench/search.py [--sizes 10000,100000]

For each size N, in a new temporary directory under /tmp (removed at the end):

1. Generates N search documents (the dicts ``portal_core.search.documents.document_for``
   makes) from a fixed seed: Vietnamese titles of 8-20 syllables and bodies of 150-600
   syllables drawn from a Zipf-like distribution over a few thousand syllables and
   administrative words, 6 content types, 10 sections in each of 15 sites, years
   2015-2026, ~10 % not public (draft, pending, archived), a few expired or scheduled
   items, and document numbers ("15/2021/QĐ-UBND", "123/KH-UBND") in ~30 % of them.
2. Build: times ``WhooshBackend.rebuild`` of the N documents (on disk).
3. Queries: 200 mixed queries (accented, unaccented, upper case, full and partial
   document numbers, facet filters, date sort, filters alone), each run once as the
   search page runs it: anonymous ``Access``, facets type/section/site/year, page 1 of
   20. Prints p50/p95 overall and per kind, and the share of all items each kind's
   query matches (its words, numbers and filters; no permission filter).
4. Publish-to-searchable: an ``IndexWriter`` (background thread, as in the app) is
   given one new document at a time; the time until a search finds it (polled every
   10 ms) is taken 20 times.

Prints a Markdown table; writes the raw numbers to bench/results/ as JSON.
"""
import argparse
import bisect
import cProfile
import datetime
import itertools
import json
import os
import platform
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "src"))

from portal_core.search.analysis import ParsedQuery, codes as find_codes  # noqa: E402
from portal_core.search.backend import Access, SearchQuery  # noqa: E402
from portal_core.search.documents import new_version  # noqa: E402
from portal_core.search.queue import REINDEX, IndexWriter  # noqa: E402
from portal_core.search.whoosh_backend import WhooshBackend, text_query  # noqa: E402
from portal_core.text import fold, nfc  # noqa: E402
from whoosh import query as wq  # noqa: E402

FACETS = ("type", "section", "site", "year")
UTC = datetime.timezone.utc
VIETNAM = datetime.timezone(datetime.timedelta(hours=7))

# -- vocabulary -----------------------------------------------------------------------
ONSETS = [("", 6), ("b", 5), ("c", 7), ("ch", 5), ("d", 4), ("đ", 6), ("g", 3), ("gi", 3),
          ("h", 7), ("kh", 4), ("l", 6), ("m", 5), ("n", 5), ("ng", 5), ("nh", 6),
          ("ph", 4), ("qu", 3), ("r", 2), ("s", 3), ("t", 8), ("th", 8), ("tr", 6),
          ("v", 5), ("x", 3), ("p", 1)]
RHYMES = """a ai ao au ay am an ang anh ac ach at ap ăm ăn ăng ăc ăt ăp âm ân âng âc ât âp âu
ây e em en eng et ec ep eo ê êm ên ênh êt êch êp êu i im in inh it ich ip iu ia iêm iên
iêng iêt iêc iêp iêu o oi om on ong ot oc op oa oai oan oang oanh oat oac oach oe oen oet
ô ôi ôm ôn ông ôt ôc ôp ơ ơi ơm ơn ơt ơp u ui um un ung ut uc up ua uân uât uê uy uya
uyên uyêt uynh uych uôi uôm uôn uông uôt uôc ư ưa ưi ưu ưng ưt ưc ươi ươm ươn ương ươt
ươc ươp ươu""".split()
MARKED = set("ăâêôơư")
VOWELS = set("aăâeêioôơuưy")
STOPS = ("p", "t", "c", "ch")
TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]  # ngang sắc huyền hỏi ngã nặng

FUNCTION_WORDS = """của và các những trong được cho với theo về là có đã để trên tại đến từ
này một không người việc số đối_với nhằm đồng_thời bảo_đảm sẽ khi đang còn như cũng hoặc
do nên thì mà""".split()
ADMIN_WORDS = """ủy_ban nhân_dân huyện xã thị_trấn tỉnh quyết_định kế_hoạch thông_báo công_văn
báo_cáo tờ_trình nghị_quyết hội_đồng chủ_tịch phó_chủ_tịch văn_phòng phòng ban cán_bộ
công_chức viên_chức người_dân thực_hiện triển_khai tổ_chức hội_nghị tổng_kết năm tháng
ngày công_tác phát_triển kinh_tế xã_hội văn_hóa giáo_dục y_tế nông_nghiệp nông_thôn_mới
an_ninh quốc_phòng trật_tự an_toàn giao_thông đất_đai tài_nguyên môi_trường xây_dựng
đầu_tư dự_án ngân_sách tài_chính thuế hộ_nghèo chính_sách bảo_hiểm lao_động việc_làm
thanh_niên phụ_nữ cựu_chiến_binh mặt_trận tổ_quốc đảng_ủy chi_bộ đảng_viên tuyên_truyền
phổ_biến pháp_luật cải_cách hành_chính thủ_tục dịch_vụ_công trực_tuyến một_cửa tiếp_dân
khiếu_nại tố_cáo thanh_tra kiểm_tra giám_sát phòng_chống thiên_tai dịch_bệnh lũ_lụt
mưa_bão sạt_lở chương_trình mục_tiêu quốc_gia đề_án nhiệm_vụ giải_pháp chỉ_đạo điều_hành
học_sinh trường_học mầm_non tiểu_học trung_học cơ_sở trạm_y_tế tiêm_chủng vệ_sinh
thực_phẩm chăn_nuôi trồng_trọt lúa ngô chè cây_trồng vật_nuôi thủy_lợi khuyến_nông
hợp_tác_xã doanh_nghiệp hộ_kinh_doanh chợ du_lịch di_tích lễ_hội thể_thao văn_nghệ
bầu_cử đại_biểu cử_tri tiếp_xúc kỳ_họp đường_giao_thông cầu bê_tông điện nước_sạch
chuyển_đổi_số chữ_ký_số hồ_sơ giấy_chứng_nhận quyền_sử_dụng_đất đăng_ký hộ_tịch
khai_sinh kết_hôn chứng_thực cấp_phép xử_phạt vi_phạm hành_vi quản_lý nhà_nước
phê_duyệt ban_hành sửa_đổi bổ_sung hướng_dẫn triệu_tập mời_họp lịch_làm_việc
khen_thưởng thi_đua biểu_dương gương_điển_hình dân_vận quân_sự dân_quân tuyển_quân
nghĩa_vụ phòng_cháy chữa_cháy rừng bảo_vệ kiểm_lâm biên_giới dân_tộc thiểu_số
miền_núi vùng_cao hỗ_trợ kinh_phí vốn vay tín_dụng ngân_hàng chính_sách_xã_hội
người_có_công thương_binh liệt_sĩ bảo_trợ trẻ_em người_cao_tuổi khuyết_tật""".split()
PLACES = """Chợ_Đồn Bằng_Lũng Yên_Thịnh Ngọc_Phái Bản_Thi Xuân_Lạc Đồng_Lạc Nam_Cường
Quảng_Bạch Bằng_Phúc Tân_Lập Đại_Sảo Nghĩa_Tá Lương_Bằng Bình_Trung Yên_Phong
Phong_Huân Yên_Mỹ Bắc_Kạn Thái_Nguyên Hà_Nội Ba_Bể Na_Rì Ngân_Sơn""".split()
SITES = [("/", "Chợ Đồn")] + [("/" + fold(p).replace("_", "-"), p.replace("_", " "))
                              for p in PLACES[1:15]]
# type: (weight, plugin, title openers, sections, share with a document number)
TYPES = {
    "NewsArticle": (0.42, "news", ["", "", "Huyện", "Xã", "Tổ chức"],
                    ["tin-tuc", "tuyen-truyen", "chuyen-doi-so"], 0.05),
    "LegalDocument": (0.20, "documents", ["Quyết định", "Nghị quyết", "Kế hoạch",
                                          "Công văn", "Báo cáo", "Tờ trình"],
                      ["van-ban"], 1.0),
    "Announcement": (0.15, "announcements", ["Thông báo", "Thông báo", "Giấy mời"],
                     ["thong-bao"], 0.5),
    "Event": (0.08, "events", ["Lịch công tác", "Hội nghị", "Lễ"], ["lich-cong-tac"], 0.0),
    "Page": (0.05, "pages", ["Giới thiệu", "Hỏi đáp", "Dự án"],
             ["gioi-thieu", "hoi-dap", "du-an"], 0.0),
    "Procedure": (0.10, "procedures", ["Thủ tục", "Thủ tục"], ["thu-tuc-hanh-chinh"], 0.0),
}
CODE_KINDS_YEAR = ["QĐ-UBND", "NQ-HĐND", "QĐ-UBND", "QĐ-CT"]
CODE_KINDS = ["KH-UBND", "TB-UBND", "BC-UBND", "UBND-VP", "TTr-UBND", "QĐ-UBND",
              "KH-BCĐ", "CV-TCKH", "TB-VP"]
CATEGORIES = ["Thời sự", "Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh",
              "Nông thôn mới", "Chuyển đổi số"]
CREATORS = ["admin", "bientap1", "bientap2", "vanthu", "xa-yen-thinh", "xa-ban-thi"]


def _tone_position(rhyme):
    """Index in ``rhyme`` of the vowel that carries the tone (the "old" style: hòa, ủy)."""
    idx = [i for i, ch in enumerate(rhyme) if ch in VOWELS]
    marked = [i for i in idx if rhyme[i] in MARKED]
    if marked:
        return marked[-1]
    if idx[-1] < len(rhyme) - 1 or len(idx) == 1:  # closed syllable or one vowel
        return idx[-1]
    return idx[1] if len(idx) == 3 else idx[0]


def syllable(onset, rhyme, tone):
    if onset in ("c", "g", "ng") and rhyme[0] in "eêi":
        onset = {"c": "k", "g": "gh", "ng": "ngh"}[onset]
    pos = _tone_position(rhyme)
    return nfc(onset + rhyme[:pos + 1] + TONES[tone] + rhyme[pos + 1:])


def make_vocabulary(rng, size=3000):
    """Ranked units (one or more syllables, a tuple each): function words first, then
    administrative words and place names mixed with generated syllables."""
    names, weights = zip(*ONSETS)
    generated, seen = [], set()
    while len(generated) < size - len(FUNCTION_WORDS) - len(ADMIN_WORDS) - len(PLACES):
        onset = rng.choices(names, weights)[0]
        rhyme = rng.choice(RHYMES)
        if (onset == "gi" and rhyme[0] == "i") or (onset == "qu" and rhyme[0] in "uư"):
            continue
        tones = (1, 5) if rhyme.endswith(STOPS) else range(6)
        word = syllable(onset, rhyme, rng.choice(tones))
        if word not in seen:
            seen.add(word)
            generated.append((word,))
    admin = [tuple(w.split("_")) for w in ADMIN_WORDS]
    rng.shuffle(admin)
    places = [tuple(w.split("_")) for w in PLACES]
    middle = admin + places + generated[:400]
    rng.shuffle(middle)
    # administrative words rank higher: the mixed band is ordered by a noisy key
    middle.sort(key=lambda u: rng.random() * (0.35 if u in admin else 1.0))
    return [tuple(w.split("_")) for w in FUNCTION_WORDS] + middle + generated[400:]


class Zipf:
    """Draws units with probability proportional to 1 / rank ** s."""

    def __init__(self, units, s=1.0, skip=0):
        self.units = units[skip:]
        acc, self.cum = 0.0, []
        for rank in range(1, len(self.units) + 1):
            acc += 1.0 / rank ** s
            self.cum.append(acc)
        self.total = acc

    def draw(self, rng, k):
        cum, total, units = self.cum, self.total, self.units
        return [units[bisect.bisect(cum, rng.random() * total)] for _ in range(k)]


def units(rng, zipf, count):
    """Units drawn from ``zipf`` until they make ``count`` syllables (the last one may
    be cut)."""
    out, have = [], 0
    while have < count:
        for unit in zipf.draw(rng, max(4, count - have)):
            out.append(unit[:count - have])
            have += len(out[-1])
            if have >= count:
                break
    return out


def syllables(rng, zipf, count):
    return [w for unit in units(rng, zipf, count) for w in unit]


def sentence_case(words):
    text = " ".join(words)
    return text[:1].upper() + text[1:]


# -- documents --------------------------------------------------------------------------
class Corpus:
    """The generated documents, with what the queries are drawn from."""

    def __init__(self, n, seed, now):
        self.rng = rng = random.Random(seed)
        self.now = now
        self.vocab = make_vocabulary(rng)
        self.body = Zipf(self.vocab, s=1.0)
        self.title = Zipf(self.vocab, s=0.9, skip=12)
        names, weights = zip(*[(k, v[0]) for k, v in TYPES.items()])
        self.types = (names, list(itertools.accumulate(weights)))
        self.site_weights = list(itertools.accumulate([5.0] + [1.0] * (len(SITES) - 1)))
        self.codes = []
        self.docs = [self.document(i) for i in range(n)]

    def code(self, year):
        rng = self.rng
        if rng.random() < 0.45:
            return "%d/%d/%s" % (rng.randint(1, 60), year, rng.choice(CODE_KINDS_YEAR))
        return "%d/%s" % (rng.randint(1, 450), rng.choice(CODE_KINDS))

    def date(self):
        start = datetime.datetime(2015, 1, 1, tzinfo=UTC).timestamp()
        end = min(self.now - datetime.timedelta(days=1),
                  datetime.datetime(2026, 12, 31, tzinfo=UTC)).timestamp()
        return datetime.datetime.fromtimestamp(self.rng.uniform(start, end), UTC).replace(
            microsecond=0)

    def document(self, i, extra_title=""):
        rng = self.rng
        type_name = rng.choices(self.types[0], cum_weights=self.types[1])[0]
        _, plugin, openers, sections, code_share = TYPES[type_name]
        site, site_title = rng.choices(SITES, cum_weights=self.site_weights)[0]
        section_name = rng.choice(sections)
        section = (site.rstrip("/") + "/" + section_name)
        date = self.date()
        year = date.astimezone(VIETNAM).year
        # title: an opener, words, maybe the number, the place and the year
        opener = rng.choice(openers).split()
        code = self.code(year) if rng.random() < code_share else None
        length = rng.randint(8, 20)
        tail = []
        if code:
            tail += ["số", code]
        if rng.random() < 0.3:
            tail += site_title.split() if rng.random() < 0.7 else ["huyện", "Chợ", "Đồn"]
        if rng.random() < 0.25:
            tail += ["năm", str(year)]
        middle = syllables(rng, self.title, max(2, length - len(opener) - len(tail)))
        title = sentence_case(opener + middle + tail) + extra_title
        # body: sentences of Zipf-drawn words, references to other documents
        drawn = units(rng, self.body, rng.randint(150, 600))
        sentences, pos = [], 0
        while pos < len(drawn):
            step = rng.randint(6, 16)
            sentences.append(sentence_case([w for u in drawn[pos:pos + step] for w in u]))
            pos += step
        if code:
            sentences.insert(0, "Căn cứ %s số %s ngày %d/%d/%d" % (
                " ".join(opener).lower() or "văn bản", code, date.day, date.month, year))
        refs = rng.choices((0, 1, 2), (85, 10, 5))[0] if self.codes else 0
        for _ in range(refs):
            ref = rng.choice(self.codes)
            sentences.insert(rng.randrange(len(sentences) + 1),
                             "Thực hiện văn bản số %s của cấp trên" % ref)
        text = nfc(". ".join(sentences) + ".")
        if code:
            self.codes.append(code)
        # publication state, effective and expiry dates
        roll = rng.random()
        if roll < 0.10:
            state, public = rng.choice(["editorial:draft", "editorial:draft",
                                        "editorial:pending", "editorial:archived"]), False
        else:
            state, public = "editorial:published", True
        effective, expires = date, None
        if 0.10 <= roll < 0.12:  # expired
            expires = date + datetime.timedelta(days=rng.randint(7, 120))
            expires = min(expires, self.now - datetime.timedelta(hours=1))
        elif 0.12 <= roll < 0.125:  # scheduled
            effective = self.now + datetime.timedelta(days=rng.randint(1, 30))
        uid = "%032x" % rng.getrandbits(128)
        facets = {}
        if type_name == "NewsArticle":
            facets["category"] = rng.choice(CATEGORIES)
        elif type_name == "LegalDocument":
            facets["kind"] = opener[0] if opener else "Văn bản"
        return {
            "uid": uid, "path": "%s/item-%d" % (section, i), "site": site,
            "section": section, "plugin": plugin, "type": type_name, "title": nfc(title),
            "text": text, "codes": list(dict.fromkeys(
                ([find_codes(code)[0]] if code else []) + find_codes(title) + find_codes(text))),
            "date": date, "year": year, "effective": effective, "expires": expires,
            "state": state, "public": public, "creator": rng.choice(CREATORS),
            "lineage": [uid, "sec-%s" % section, "site-%s" % site, "portal"],
            "facets": facets, "version": 1, "deleted": False,
        }


# -- queries ----------------------------------------------------------------------------
KINDS = [("accented", 45), ("unaccented", 35), ("upper", 15), ("code", 25),
         ("partial_code", 15), ("filtered", 35), ("date_sort", 20), ("filter_only", 10)]


def query_words(rng, corpus):
    """1-3 words as a visitor types them: administrative words, places, and words seen
    in titles (what people look for), drawn from the ranks that make up titles."""
    want = rng.choice((1, 1, 2, 2, 2, 3))
    out = []
    while len(out) < want:
        unit = corpus.title.draw(rng, 1)[0] if rng.random() < 0.6 else \
            tuple(rng.choice(ADMIN_WORDS + PLACES).split("_"))
        if " ".join(unit) in FUNCTION_WORDS or (out and len(out) + len(unit) > 3):
            continue
        out.extend(w.lower() for w in unit)
    return " ".join(out)


def make_queries(corpus, count=200):
    rng = random.Random(corpus.rng.random())
    plan = [kind for kind, n in KINDS for _ in range(n)]
    if count != len(plan):
        plan = [plan[i * len(plan) // count] for i in range(count)]
    rng.shuffle(plan)
    years = list(range(2015, 2027))
    queries = []
    for kind in plan:
        filters, sort = {}, "relevance"
        if kind in ("accented", "date_sort", "filtered"):
            q = query_words(rng, corpus)
        elif kind == "unaccented":
            q = fold(query_words(rng, corpus))
        elif kind == "upper":
            q = query_words(rng, corpus).upper()
        elif kind == "code":
            q = rng.choice(corpus.codes) if rng.random() < 0.85 else corpus.code(
                rng.choice(years))
            q = fold(q) if rng.random() < 0.2 else q
        elif kind == "partial_code":
            q = rng.choice(corpus.codes)
            q = q.rsplit("/", 1)[0] if q.count("/") == 2 else q.split("-")[0]
        else:  # filter_only: a facet link clicked with no words
            q = ""
        if kind in ("filtered", "filter_only"):
            roll = rng.random()
            if roll < 0.45:
                filters["type"] = rng.choice(list(TYPES))
            elif roll < 0.85:
                filters["year"] = str(rng.choice(years))
            else:
                filters["type"] = rng.choice(list(TYPES))
                filters["year"] = str(rng.choice(years))
            sort = "date" if rng.random() < 0.3 or kind == "filter_only" else "relevance"
        if kind == "date_sort":
            sort = "date"
        queries.append({"kind": kind, "q": q, "filters": filters, "sort": sort})
    return queries


def access(now=None):
    """The anonymous access of the search page (``now`` rounded down to the minute)."""
    now = now or datetime.datetime.now(UTC)
    return Access(now=now.replace(second=0, microsecond=0))


def search_query(spec):
    return SearchQuery(parsed=ParsedQuery(spec["q"]), access=access(),
                       filters=dict(spec["filters"]), facets=FACETS, sort=spec["sort"],
                       page=1, page_size=20)


def match_fraction(backend, spec, n):
    """Share of all N items the query's words, numbers and filters match (no access)."""
    parsed = ParsedQuery(spec["q"])
    match = text_query(parsed)
    terms = [wq.Term(k, v) for k, v in sorted(spec["filters"].items())]
    if terms:
        match = wq.And(([match] if match is not None else []) + terms)
    if match is None:
        return 1.0
    searcher = backend.searcher()
    return sum(1 for _ in searcher.docs_for_query(match)) / n


def pct(values, p):
    """The p-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, -(-len(ordered) * p // 100) - 1))]


# -- the measurements -------------------------------------------------------------------
def run_queries(backend, queries, profile=None):
    """Runs each query once, after a warm-up (the first 10 queries and one sorted by
    date: opening the searcher, the access filter, the per-segment caches); returns the
    seconds the first warm-up query took (cold) and those each query took. With
    ``profile``, a second pass runs under it (its times are not returned)."""
    start = time.perf_counter()
    backend.search(search_query(queries[0]))
    cold = time.perf_counter() - start
    for spec in queries[1:10] + [{"q": "", "filters": {}, "sort": "date"}]:
        backend.search(search_query(spec))
    times = []
    for spec in queries:
        query = search_query(spec)
        start = time.perf_counter()
        results = backend.search(query)
        times.append(time.perf_counter() - start)
        spec["total"], spec["exact"] = results.total, results.exact
        spec["hits"] = len(results.hits)
    if profile is not None:
        profile.enable()
        for spec in queries:
            backend.search(search_query(spec))
        profile.disable()
    return cold, times


def publish_latency(backend, corpus, rounds, rng):
    """Seconds from ``IndexWriter.submit`` of a new document to a search finding it."""
    writer = IndexWriter(backend)  # background thread, as in the app
    out = []
    for i in range(rounds):
        token = "bench%05dx%s" % (i, "".join(rng.choice("kmpqvz") for _ in range(5)))
        doc = corpus.document(10 ** 7 + i, extra_title=" " + token)
        doc["version"] = new_version()
        doc["date"] = doc["effective"] = datetime.datetime.now(UTC) - datetime.timedelta(
            minutes=5)
        doc["year"] = doc["date"].year
        doc.update(state="editorial:published", public=True, expires=None)
        time.sleep(rng.uniform(0.05, 0.5))  # not in step with the writer's interval
        start = time.perf_counter()
        writer.submit([(REINDEX, doc)])
        while True:
            found = backend.search(SearchQuery(parsed=ParsedQuery(token), access=access(),
                                               facets=FACETS))
            if any(h["uid"] == doc["uid"] for h in found.hits):
                out.append(time.perf_counter() - start)
                break
            if time.perf_counter() - start > 60:
                raise RuntimeError("document %d not searchable after 60 s" % i)
            time.sleep(0.01)
    writer.flush()
    return out


def bench_size(n, args, tmp, profile):
    now = datetime.datetime.now(UTC)
    t0 = time.perf_counter()
    corpus = Corpus(n, args.seed, now)
    docs = corpus.docs
    gen_s = time.perf_counter() - t0
    words = [len(d["title"].split()) for d in docs]
    body = [len(d["text"].split()) for d in docs]
    print("N=%d: corpus generated in %.1f s (title %.1f words, body %.0f words on average;"
          " %.0f %% have their own document number, %.0f %% some number or date in"
          " codes; %.0f %% not public, %.1f %% expired or scheduled)" % (
              n, gen_s, statistics.mean(words), statistics.mean(body),
              100 * len(corpus.codes) / n, 100 * sum(1 for d in docs if d["codes"]) / n,
              100 * sum(1 for d in docs if not d["public"]) / n,
              100 * sum(1 for d in docs if d["public"] and (
                  d["expires"] or d["effective"] > now)) / n), flush=True)
    root = os.path.join(tmp, "index-%d" % n)
    backend = WhooshBackend(root)
    backend.store.ensure()
    t0 = time.perf_counter()
    backend.rebuild(iter(docs), live_version=new_version())
    build_s = time.perf_counter() - t0
    size_mb = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(root)
                  for f in fs) / 1e6
    print("  build: %.1f s (%.0f docs/s), index %.0f MB, %d documents" % (
        build_s, n / build_s, size_mb, backend.count()), flush=True)
    del corpus.docs, docs

    queries = make_queries(corpus, args.queries)
    cold, times = run_queries(backend, queries, profile)
    for spec, t in zip(queries, times):
        spec["ms"] = t * 1000
        spec["match"] = match_fraction(backend, spec, n)
    kinds = {}
    for spec in queries:
        kinds.setdefault(spec["kind"], []).append(spec)
    per_kind = {kind: {"n": len(specs), "p50": pct([s["ms"] for s in specs], 50),
                       "p95": pct([s["ms"] for s in specs], 95),
                       "match": statistics.mean(s["match"] for s in specs)}
                for kind, specs in kinds.items()}
    ms = [s["ms"] for s in queries]
    typed = [s["match"] for s in queries if s["kind"] in ("accented", "unaccented", "upper")]
    print("  queries: p50 %.1f ms, p95 %.1f ms, max %.1f ms (the first, cold: %.0f ms);"
          " 1-3 word queries match %.0f %% of items on average" % (
              pct(ms, 50), pct(ms, 95), max(ms), cold * 1000, 100 * statistics.mean(typed)),
          flush=True)
    for kind, _ in KINDS:
        if kind in per_kind:
            k = per_kind[kind]
            print("    %-13s n=%3d  p50 %6.1f ms  p95 %6.1f ms  match %5.1f %%" % (
                kind, k["n"], k["p50"], k["p95"], 100 * k["match"]))
    if args.verbose:
        for s in sorted(queries, key=lambda s: -s["ms"])[:15]:
            print("    slow: %6.1f ms %-12s %r %r %s total=%s" % (
                s["ms"], s["kind"], s["q"], s["filters"], s["sort"], s["total"]))

    publish = publish_latency(backend, corpus, args.publish, random.Random(args.seed + n))
    print("  publish-to-searchable: p50 %.2f s, max %.2f s (%d rounds)" % (
        pct(publish, 50), max(publish), len(publish)), flush=True)
    return {"n": n, "generate_s": gen_s, "build_s": build_s, "index_mb": size_mb,
            "query_p50_ms": pct(ms, 50), "query_p95_ms": pct(ms, 95),
            "query_max_ms": max(ms), "cold_query_ms": cold * 1000,
            "match_fraction_words": statistics.mean(typed),
            "match_fraction_all": statistics.mean(s["match"] for s in queries),
            "per_kind": per_kind, "publish_s": publish,
            "publish_p50_s": pct(publish, 50), "publish_max_s": max(publish),
            "queries": queries}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="comma-separated index sizes (default 10000,100000)")
    parser.add_argument("--quick", action="store_true", help="same as --sizes 2000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--publish", type=int, default=20, help="publish rounds")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--profile", action="store_true",
                        help="cProfile the query loop and print the top functions")
    parser.add_argument("--verbose", action="store_true", help="list the slowest queries")
    parser.add_argument("--keep", action="store_true", help="keep the temporary indexes")
    args = parser.parse_args()
    sizes = [2000] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    import whoosh
    began = time.perf_counter()
    print("Machine: %d cores (nproc), %s, Python %s, Whoosh %s; load average %s; %s" % (
        len(os.sched_getaffinity(0)), platform.machine(), platform.python_version(),
        ".".join(map(str, whoosh.__version__)), " ".join("%.1f" % x for x in os.getloadavg()),
        time.strftime("%Y-%m-%d %H:%M %Z")))
    tmp = tempfile.mkdtemp(prefix="cong-search-bench-", dir="/tmp")
    results = []
    try:
        for n in sizes:
            profile = cProfile.Profile() if args.profile else None
            results.append(bench_size(n, args, tmp, profile))
            if profile is not None:
                pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
                pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    finally:
        if args.keep:
            print("indexes kept in", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print("\n| N | build | publish p50 / max | query p50 / p95 | match (1-3 words) |")
    print("|--:|--:|--:|--:|--:|")
    for r in results:
        print("| %d | %.1f s | %.2f / %.2f s | %.1f / %.1f ms | %.0f %% |" % (
            r["n"], r["build_s"], r["publish_p50_s"], r["publish_max_s"], r["query_p50_ms"],
            r["query_p95_ms"], 100 * r["match_fraction_words"]))
    print("\n| kind | " + " | ".join("N=%d p50 / p95 ms (match)" % r["n"] for r in results)
          + " |")
    print("|---|" + "--:|" * len(results))
    for kind, _ in KINDS:
        cells = []
        for r in results:
            k = r["per_kind"].get(kind)
            cells.append("%.1f / %.1f (%.0f %%)" % (k["p50"], k["p95"], 100 * k["match"])
                         if k else "-")
        print("| %s | %s |" % (kind, " | ".join(cells)))
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    path = os.path.join(HERE, "results", "search-%s.json" % stamp)
    with open(path, "w") as out:
        json.dump({"machine": {"nproc": len(os.sched_getaffinity(0)), "load": os.getloadavg()},
                   "seed": args.seed, "results": results}, out, default=str, indent=1)
    print("\nraw numbers: %s; whole run %.0f s, load average at the end %s" % (
        path, time.perf_counter() - began, " ".join("%.1f" % x for x in os.getloadavg())))


if __name__ == "__main__":
    main()
