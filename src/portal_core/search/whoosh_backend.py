"""The embedded search backend on Whoosh.

Readers keep one searcher per thread and ``refresh()`` it; writers take Whoosh's
directory lock (several processes may write: each waits its turn) and never replace a
document by an older version of it.
"""
import datetime
import threading
from collections import OrderedDict

from whoosh import query as wq
from whoosh import sorting

from .backend import SearchBackend, SearchResults, Hit
from .whoosh_schema import from_whoosh, to_whoosh, _naive
from .whoosh_store import IndexStore

CORE_FIELDS = frozenset(("type", "section", "site", "year", "plugin", "lineage", "state",
                         "creator", "uid"))
EXACT_COUNT_LIMIT = 1000
REBUILD_CHUNK = 2000
ONE_MINUTE = datetime.timedelta(minutes=1)


class WhooshBackend(SearchBackend):
    """Whoosh index under ``root`` (a directory; None keeps it in memory)."""

    def __init__(self, root=None, lock_timeout=10.0):
        self.store = IndexStore(root)
        self.lock_timeout = lock_timeout
        self._local = threading.local()
        self._filters = OrderedDict()
        self._filters_lock = threading.Lock()

    # -- reading ---------------------------------------------------------------------
    def searcher(self):
        """This thread's searcher on the current index, refreshed if the index changed."""
        name = self.store.current_name()
        cached = getattr(self._local, "searcher", None)
        if cached is not None and self._local.name == name and cached.up_to_date():
            return cached
        # Not Searcher.refresh(): it reuses segment readers by segment id and so misses
        # deletions committed into an existing segment.
        if cached is not None:
            cached.close()
        searcher = self.store.open(name).searcher()
        self._local.searcher, self._local.name = searcher, name
        return searcher

    def _allowed(self, searcher, access):
        """The docnums ``access`` may see, cached per searcher generation and access (a
        set: Whoosh takes it as a filter; callers must not change it)."""
        key = (id(searcher.reader()), searcher.reader().generation(), access)
        with self._filters_lock:
            found = self._filters.get(key)
            if found is not None:
                self._filters.move_to_end(key)
                return found
        found = set(searcher.docs_for_query(access_query(access)))
        with self._filters_lock:
            self._filters[key] = found
            while len(self._filters) > 64:
                self._filters.popitem(last=False)
        return found

    def search(self, query):
        searcher = self.searcher()
        allowed = self._allowed(searcher, query.access)
        if not allowed:  # Whoosh reads an empty filter as "no filter"
            return SearchResults(hits=[], total=0, page=query.page, page_size=query.page_size)
        match = text_query(query.parsed)
        terms = [wq.Term(_field(k), v) for k, v in sorted(query.filters.items()) if v]
        if terms:
            match = wq.And([match] + terms) if match is not None else wq.And(terms)
        if match is None:
            match = wq.Every()
        facets, total, exact = self._count(searcher, match, allowed, query.facets)
        end = query.page * query.page_size
        if query.sort == "date" or not query.parsed:
            found = list(searcher.search(match, filter=allowed, limit=end,
                                         sortedby=sorting.FieldFacet("date", reverse=True)))
        else:
            found = self._ranked(searcher, query.parsed, terms, match, allowed, end)
        hits = [Hit(from_whoosh(hit.fields()), hit.score or 0.0)
                for hit in found[end - query.page_size:end]]
        return SearchResults(hits=hits, total=total, exact=exact, facets=facets,
                             page=query.page, page_size=query.page_size)

    def _ranked(self, searcher, parsed, terms, match, allowed, end):
        """The best ``end`` hits: items with every word in their title first (a small
        posting list, cheap to score, exact diacritics first), then the rest by BM25 on
        all text. Broad queries fill the first pages from titles alone."""
        first = list(searcher.search(title_query(parsed, terms), filter=allowed, limit=end))
        if len(first) >= end:
            return first
        seen = {hit.docnum for hit in first}
        rest = searcher.search(body_query(parsed, match), filter=allowed, mask=seen or None,
                               limit=end - len(first))
        return first + list(rest)

    def _count(self, searcher, match, allowed, facet_names):
        """Facet counts and the number of matches, unscored. Counting stops past
        ``EXACT_COUNT_LIMIT`` matches (then the total and the facet counts are lower
        bounds, shown as "more than")."""
        columns = [(name, _column(searcher, _field(name))) for name in facet_names]
        counts = {name: {} for name in facet_names}
        total = 0
        for docnum in searcher.docs_for_query(match):
            if docnum not in allowed:
                continue
            total += 1
            for name, column in columns:
                value = column[docnum] if column is not None else None
                found = counts[name]
                found[value] = found.get(value, 0) + 1
            if total >= EXACT_COUNT_LIMIT:
                exact = False
                break
        else:
            exact = True
        facets = {name: sorted(((v, n) for v, n in found.items() if v not in ("-", "", None)),
                               key=lambda item: (-item[1], str(item[0])))
                  for name, found in counts.items()}
        return facets, total, exact

    def suggest(self, parsed, access, limit=8):
        if not parsed.prefix:
            return []
        searcher = self.searcher()
        words = [wq.Term("all", w) for w in parsed.folded[:-1]]
        match = wq.And(words + [wq.Prefix("title", parsed.prefix)])
        allowed = self._allowed(searcher, access)
        if not allowed:
            return []
        results = searcher.search(match, filter=allowed, limit=limit)
        return [from_whoosh(hit.fields()) for hit in results]

    def corrections(self, parsed, limit=3):
        searcher = self.searcher()
        corrector = searcher.corrector("all")
        reader = searcher.reader()
        fixed, changed = [], False
        for word in parsed.folded:
            if reader.doc_frequency("all", word):
                fixed.append(word)
                continue
            found = corrector.suggest(word, limit=1)
            if found:
                fixed.append(found[0])
                changed = True
            else:
                fixed.append(word)
        return " ".join(fixed) if changed else None

    def count(self):
        searcher = self.searcher()
        return searcher.doc_count() - len(list(searcher.docs_for_query(
            wq.Term("deleted", True))))

    def status(self):
        return {"backend": "whoosh", "location": self.store.root or "memory",
                "index": self.store.current_name(), "documents": self.count(),
                "rebuilding": self.store.rebuilding_name()}

    # -- writing ---------------------------------------------------------------------
    def _targets(self):
        names = [self.store.current_name(), self.store.rebuilding_name()]
        return [n for n in dict.fromkeys(names) if n]

    def _writer(self, name, **kw):
        return self.store.open(name).writer(timeout=self.lock_timeout, delay=0.02, **kw)

    def write(self, docs):
        newest = {}
        for doc in docs:
            known = newest.get(doc["uid"])
            if known is None or known["version"] <= doc["version"]:
                newest[doc["uid"]] = doc
        if newest:
            for name in self._targets():
                self._write_into(name, list(newest.values()))

    def _write_into(self, name, docs, **kw):
        writer = self._writer(name, **kw)
        try:
            with writer.searcher() as searcher:
                for doc in docs:
                    stored = searcher.document(uid=doc["uid"])
                    if stored is not None and stored.get("version", 0) > doc["version"]:
                        continue
                    writer.update_document(**to_whoosh(doc))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def remove_where(self, version, **terms):
        match = wq.And([wq.Term(_field(k), v) for k, v in sorted(terms.items())]
                       + [wq.NumericRange("version", None, version)])
        for name in self._targets():
            writer = self._writer(name)
            try:
                writer.delete_by_query(match)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()

    def rebuild(self, docs, live_version):
        with self.store.lock("rebuild"):
            return self._rebuild(docs, live_version)

    def _rebuild(self, docs, live_version):
        name = self.store.create()
        self.store.mark_rebuilding(name)
        try:
            chunk = []
            for doc in docs:
                chunk.append(dict(doc, version=min(doc["version"], live_version)))
                if len(chunk) >= REBUILD_CHUNK:
                    self._write_into(name, chunk, limitmb=128)
                    chunk = []
            if chunk:
                self._write_into(name, chunk, limitmb=128)
        except BaseException:
            self.store.clear_rebuilding()
            raise
        self.store.make_current(name)
        return name


def _codes_query(parsed):
    return [wq.Or([wq.Term("codes", code, boost=5.0), wq.Prefix("codes", code + "/"),
                   wq.Prefix("codes", code + "-")]) for code in parsed.codes]


def text_query(parsed):
    """What must match: every folded word somewhere in the item, every document number
    exactly or as the beginning of a longer one. None for an empty query."""
    if not parsed:
        return None
    required = [wq.Term("all", w) for w in parsed.folded] + _codes_query(parsed)
    return required[0] if len(required) == 1 else wq.And(required)


def _with_exact(match, fields, words):
    """``match``, scored higher where ``words`` occur with their diacritics as typed."""
    exact = [wq.Term(f, w) for w in words for f in fields]
    return wq.AndMaybe(match, wq.Or(exact)) if exact else match


def title_query(parsed, terms=()):
    """Items with every folded word in their title (and the numbers, and ``terms``);
    titles with the words exactly as typed first ("ban" before "bàn" and vice versa)."""
    required = [wq.Term("title", w) for w in parsed.folded] + _codes_query(parsed) + list(terms)
    return _with_exact(wq.And(required), ("title_x",), parsed.words)


def body_query(parsed, match):
    """All matches; accented words found as typed score higher (unaccented queries skip
    this: it would cost a second pass over broad posting lists)."""
    accented = [w for w in parsed.words if w not in parsed.folded]
    return _with_exact(match, ("title_x", "text_x"), accented)


def access_query(access):
    """Public, live items, plus what the access's grants add. ``access.now`` is rounded
    down to the minute (so the filter can be cached): items that become effective within
    that minute pass here and are checked exactly when shown."""
    now = _naive(access.now)
    clauses = [wq.And([wq.Term("public", True),
                       wq.DateRange("effective", None, now + ONE_MINUTE),
                       wq.DateRange("expires", now, None, startexcl=True)])]
    for grant in access.grants:
        who = [wq.Term("lineage", uid) for uid in sorted(grant.within)]
        if grant.owner:
            who.append(wq.Term("creator", grant.owner))
        if who and grant.states:
            clauses.append(wq.And([wq.Or([wq.Term("state", s) for s in sorted(grant.states)]),
                                   wq.Or(who)]))
    return clauses[0] if len(clauses) == 1 else wq.Or(clauses)


def _field(name):
    """The index field of a filter: a core field by its name, else a type's facet."""
    return name if name in CORE_FIELDS else "facet_" + name


def _column(searcher, field):
    """A reader of ``field``'s stored column by docnum (None if it has none)."""
    reader = searcher.reader()
    if not reader.has_column(field):
        return None
    return reader.column_reader(field, translate=True)

