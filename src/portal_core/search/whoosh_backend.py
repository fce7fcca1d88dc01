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
#: Posting-pool memory of a rebuild writer: enough for a chunk to be sorted in memory
#: (beyond it Whoosh spills the postings to temporary files and merges them back).
REBUILD_LIMITMB = 256
ONE_MINUTE = datetime.timedelta(minutes=1)
#: Per-segment docnum sets kept (public documents, each grant's documents).
SEGMENT_SETS = 256
#: Visible-docnum filters kept per thread's view (one per access: user and minute).
VIEW_FILTERS = 8


class _View:
    """One thread's view of the index: a searcher on one generation, its segments
    (``leaves``: sub-searcher and docnum offset), the visible docnums per access and
    the facet columns per segment."""

    def __init__(self, name, ix):
        self.name, self.ix = name, ix
        # read before the searcher opens: if a commit comes in between, the view is
        # merely reopened once more
        self.generation = ix.latest_generation()
        self.searcher = searcher = ix.searcher()
        self.leaves = list(searcher.leaf_searchers())
        self.allowed = OrderedDict()
        self.columns = {}

    def current(self, name):
        return name == self.name and self.ix.latest_generation() == self.generation

    def column(self, leaf, field):
        """A reader of ``field``'s column in segment ``leaf`` (None if it has none)."""
        key = (id(leaf), field)
        try:
            return self.columns[key]
        except KeyError:
            reader = leaf.reader()
            column = reader.column_reader(field, translate=True) \
                if reader.has_column(field) else None
            self.columns[key] = column
            return column


class WhooshBackend(SearchBackend):
    """Whoosh index under ``root`` (a directory; None keeps it in memory)."""

    def __init__(self, root=None, lock_timeout=10.0):
        self.store = IndexStore(root)
        self.lock_timeout = lock_timeout
        self._local = threading.local()
        self._segment_sets = OrderedDict()
        self._segment_sets_lock = threading.Lock()

    # -- reading ---------------------------------------------------------------------
    def _view(self):
        """This thread's view of the current index, reopened if the index changed."""
        name = self.store.current_name()
        view = getattr(self._local, "view", None)
        if view is not None and view.current(name):
            return view
        # Not Searcher.refresh(): it reuses segment readers by segment id and so misses
        # deletions committed into an existing segment.
        if view is not None:
            view.searcher.close()
        ix = self.store.open(name)
        view = self._local.view = _View(name, ix)
        return view

    def searcher(self):
        """This thread's searcher on the current index, reopened if the index changed."""
        return self._view().searcher

    def _segment_set(self, view, leaf, key, make_query):
        """The docnums of segment ``leaf`` matching ``make_query()``, cached by segment:
        a segment's documents never change, they can only be deleted, and deleted
        documents match no query, so the set stays valid for as long as the segment
        lives. ``key`` names the query."""
        cache_key = (view.name, leaf.reader().segment().segment_id(), key)
        with self._segment_sets_lock:
            found = self._segment_sets.get(cache_key)
            if found is not None:
                self._segment_sets.move_to_end(cache_key)
                return found
        found = frozenset(leaf.docs_for_query(make_query()))
        with self._segment_sets_lock:
            self._segment_sets[cache_key] = found
            while len(self._segment_sets) > SEGMENT_SETS:
                self._segment_sets.popitem(last=False)
        return found

    def _allowed(self, view, access):
        """The docnums ``access`` may see in ``view`` (a set: Whoosh takes it as a filter;
        callers must not change it). Public documents and each grant's documents are
        cached per segment; what is not live at ``access.now`` (effective later or
        expired: few documents) is looked up per view and minute."""
        found = view.allowed.get(access)
        if found is not None:
            return found
        now = _naive(access.now)
        found = set()
        for leaf, offset in view.leaves:
            if leaf.reader().segment() is None:
                continue
            public = self._segment_set(view, leaf, "public", public_query)
            hidden = set(leaf.docs_for_query(not_live_query(now))) if public else ()
            part = public - hidden if hidden else public
            granted = [self._segment_set(view, leaf, grant, lambda g=grant: grant_query(g))
                       for grant in access.grants if grant_query(grant) is not None]
            if granted:
                part = part.union(*granted)
            if offset:
                found.update(docnum + offset for docnum in part)
            else:
                found.update(part)
        view.allowed[access] = found
        while len(view.allowed) > VIEW_FILTERS:
            view.allowed.popitem(last=False)
        return found

    def search(self, query):
        view = self._view()
        searcher = view.searcher
        allowed = self._allowed(view, query.access)
        if not allowed:  # Whoosh reads an empty filter as "no filter"
            return SearchResults(hits=[], total=0, page=query.page, page_size=query.page_size)
        match = text_query(query.parsed)
        terms = [wq.Term(_field(k), v) for k, v in sorted(query.filters.items()) if v]
        if terms:
            match = wq.And([match] + terms) if match is not None else wq.And(terms)
        if match is None:
            match = wq.Every()
        facets, total, exact = self._count(view, match, allowed, query.facets)
        end = query.page * query.page_size
        if query.sort == "date" or not query.parsed:
            found = _top(searcher.search(match, filter=allowed, limit=end,
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
        first = _top(searcher.search(title_query(parsed, terms), filter=allowed, limit=end))
        if len(first) >= end:
            return first
        seen = {hit.docnum for hit in first}
        rest = searcher.search(body_query(parsed, match), filter=allowed, mask=seen or None,
                               limit=end - len(first))
        return first + _top(rest)

    def _count(self, view, match, allowed, facet_names):
        """Facet counts and the number of matches, unscored. Counting stops past
        ``EXACT_COUNT_LIMIT`` matches (then the total and the facet counts are lower
        bounds, shown as "more than")."""
        counts = {name: {} for name in facet_names}
        total, exact = 0, True
        for leaf, offset in view.leaves:
            columns = [(counts[name], view.column(leaf, _field(name))) for name in facet_names]
            for docnum in leaf.docs_for_query(match):
                if docnum + offset not in allowed:
                    continue
                total += 1
                for found, column in columns:
                    value = column[docnum] if column is not None else None
                    found[value] = found.get(value, 0) + 1
                if total >= EXACT_COUNT_LIMIT:
                    exact = False
                    break
            if not exact:
                break
        facets = {name: sorted(((v, n) for v, n in found.items() if v not in ("-", "", None)),
                               key=lambda item: (-item[1], str(item[0])))
                  for name, found in counts.items()}
        return facets, total, exact

    def suggest(self, parsed, access, limit=8):
        if not parsed.prefix:
            return []
        view = self._view()
        searcher = view.searcher
        words = [wq.Term("all", w) for w in parsed.folded[:-1]]
        match = wq.And(words + [wq.Prefix("title", parsed.prefix)])
        allowed = self._allowed(view, access)
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
                    writer.update_document(**_fields(doc))
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
                    self._write_into(name, chunk, limitmb=REBUILD_LIMITMB)
                    chunk = []
            if chunk:
                self._write_into(name, chunk, limitmb=REBUILD_LIMITMB)
        except BaseException:
            self.store.clear_rebuilding()
            raise
        self.store.make_current(name)
        return name


def _fields(doc):
    """The Whoosh fields of ``doc`` as written: ``text`` is only stored (for snippets and
    ``Hit``), not analysed: matching uses ``all`` and ranking ``text_x``, so indexing it
    would analyse every body a third time for nothing."""
    fields_ = to_whoosh(doc)
    if "text" in fields_:
        fields_["_stored_text"] = fields_["text"]
        fields_["text"] = ""
    return fields_


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
    that minute pass here and are checked exactly when shown. (``_allowed`` computes the
    same set as public minus not live, plus each grant.)"""
    now = _naive(access.now)
    clauses = [wq.And([public_query(),
                       wq.DateRange("effective", None, now + ONE_MINUTE),
                       wq.DateRange("expires", now, None, startexcl=True)])]
    clauses += [q for q in map(grant_query, access.grants) if q is not None]
    return clauses[0] if len(clauses) == 1 else wq.Or(clauses)


def public_query():
    return wq.Term("public", True)


def not_live_query(now):
    """Documents not live at ``now`` (a naive UTC datetime rounded down to the minute):
    effective after the minute, or expired. Every public document has both dates (the
    schema fills in 1970 and 9999), so public minus these is ``access_query``'s first
    clause."""
    return wq.Or([wq.DateRange("effective", now + ONE_MINUTE, None, startexcl=True),
                  wq.DateRange("expires", None, now)])


def grant_query(grant):
    """The non-public documents ``grant`` shows (None if it shows none)."""
    who = [wq.Term("lineage", uid) for uid in sorted(grant.within)]
    if grant.owner:
        who.append(wq.Term("creator", grant.owner))
    if not (who and grant.states):
        return None
    return wq.And([wq.Or([wq.Term("state", s) for s in sorted(grant.states)]), wq.Or(who)])


def _top(results):
    """The hits of ``results`` (not ``list(results)``: that asks for ``len()``, which
    counts every match of the query)."""
    return list(iter(results))


def _field(name):
    """The index field of a filter: a core field by its name, else a type's facet."""
    return name if name in CORE_FIELDS else "facet_" + name



