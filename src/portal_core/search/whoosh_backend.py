"""The embedded search backend on Whoosh.

Readers keep one searcher per thread, reopened (not ``refresh()``-ed) when the index
changes, reading files without mmap; what each query needs per document (the visible
documents, facet values, dates) is cached per segment and shared by the threads.
Writers take Whoosh's directory lock (several processes may write: each waits its turn),
never replace a document by an older version of it, and merge at most a few small
segments per live write. ``bench/search.py`` measures all this.
"""
import datetime
import heapq
import threading
from collections import OrderedDict

from whoosh import query as wq
from whoosh.reading import SegmentReader

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
#: A live write (publish, edit, removal) merges small segments once there are
#: ``LIVE_MERGE_FANIN`` of them, at most ``LIVE_MERGE_DOCS`` documents (see _merge_live).
LIVE_MERGE_DOCS = 1000
LIVE_MERGE_FANIN = 6
#: What is kept per segment (public documents, each grant's documents, facet values and
#: dates), for all segments of the index.
SEGMENT_DATA = 1024
#: Visible-docnum filters kept per thread's view (one per access: user and minute).
VIEW_FILTERS = 8


class _View:
    """One thread's view of the index: a searcher on one generation, its segments
    (``leaves``: sub-searcher and docnum offset) and the visible docnums per access."""

    def __init__(self, name, ix):
        self.name, self.ix = name, ix
        # read before the searcher opens: if a commit comes in between, the view is
        # merely reopened once more
        self.generation = ix.latest_generation()
        self.searcher = searcher = ix.searcher()
        self.leaves = list(searcher.leaf_searchers())
        self.allowed = OrderedDict()

    def current(self, name):
        return name == self.name and self.ix.latest_generation() == self.generation


class WhooshBackend(SearchBackend):
    """Whoosh index under ``root`` (a directory; None keeps it in memory)."""

    def __init__(self, root=None, lock_timeout=10.0):
        self.store = IndexStore(root)
        self.lock_timeout = lock_timeout
        self._local = threading.local()
        self._segment_data = OrderedDict()
        self._segment_data_lock = threading.Lock()

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
        view = self._local.view = _View(name, self._open(name))
        return view

    def _open(self, name):
        """The Whoosh index ``name``, read without mmap: Whoosh reads a compound segment
        through mmap by copying each of its files into a BytesIO, which at 100,000
        items costs 0.7 s and 1.7 GB for every searcher (one per thread, reopened at
        every change, and one in every write for the version check). Plain reads copy
        nothing; the per-document lookups they make slower are cached (_per_segment)."""
        ix = self.store.open(name)
        if getattr(ix.storage, "supports_mmap", False):
            ix.storage.supports_mmap = False
        return ix

    def searcher(self):
        """This thread's searcher on the current index, reopened if the index changed."""
        return self._view().searcher

    def _per_segment(self, view, leaf, key, make):
        """``make(leaf)`` for segment ``leaf``, cached by segment and shared by all threads
        (the value must never be changed). A segment's documents never change, they can
        only be deleted, and deleted documents match no query: what is computed from a
        segment stays valid for as long as it lives. ``key`` names what is computed."""
        cache_key = (view.name, leaf.reader().segment().segment_id(), key)
        with self._segment_data_lock:
            found = self._segment_data.get(cache_key)
            if found is not None:
                self._segment_data.move_to_end(cache_key)
                return found
        found = make(leaf)
        with self._segment_data_lock:
            self._segment_data[cache_key] = found
            while len(self._segment_data) > SEGMENT_DATA:
                self._segment_data.popitem(last=False)
        return found

    def _allowed(self, view, access):
        """The docnums ``access`` may see in ``view`` (a set: Whoosh takes it as a filter;
        callers must not change it): ``access_query``, computed as the segment's public
        documents (cached) minus those not live at ``access.now`` (looked up per view and
        minute: few documents), plus each grant's documents (cached)."""
        found = view.allowed.get(access)
        if found is not None:
            return found
        now = _naive(access.now)
        found = set()
        grants = [(grant, query) for grant in access.grants
                  for query in [grant_query(grant)] if query is not None]
        for leaf, offset in view.leaves:
            if leaf.reader().segment() is None:  # an empty index
                continue
            part = self._per_segment(view, leaf, "public", _docs(public_query()))
            if part:
                hidden = set(leaf.docs_for_query(not_live_query(now)))
                if hidden:
                    part = part - hidden
            granted = [self._per_segment(view, leaf, grant, _docs(query))
                       for grant, query in grants]
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
        end = query.page * query.page_size
        by_date = query.sort == "date" or not query.parsed
        facets, total, exact, found = self._scan(view, match, allowed, query.facets,
                                                 end if by_date else 0)
        if not by_date:
            found = self._ranked(searcher, query.parsed, terms, match, allowed, end)
        hits = [Hit(from_whoosh(searcher.stored_fields(docnum)), score or 0.0)
                for score, docnum in found[end - query.page_size:end]]
        return SearchResults(hits=hits, total=total, exact=exact, facets=facets,
                             page=query.page, page_size=query.page_size)

    def _ranked(self, searcher, parsed, terms, match, allowed, end):
        """The best ``end`` hits as ``(score, docnum)``: items with every word in their
        title first (a small posting list, cheap to score, exact diacritics first), then
        the rest by BM25 on all text. Broad queries fill the first pages from titles
        alone."""
        first = searcher.search(title_query(parsed, terms), filter=allowed, limit=end).top_n
        if len(first) >= end:
            return first
        seen = {docnum for _, docnum in first}
        rest = searcher.search(body_query(parsed, match), filter=allowed, mask=seen or None,
                               limit=end - len(first))
        return first + rest.top_n

    def _scan(self, view, match, allowed, facet_names, by_date=0):
        """One unscored pass over the visible matches: the facet counts and the number of
        matches, and with ``by_date`` the newest ``by_date`` of them as ``(sort key,
        docnum)`` (the order and keys of Whoosh's ``FieldFacet("date", reverse=True)``:
        newest first, then by docnum). Counting stops past ``EXACT_COUNT_LIMIT`` matches
        (then the total and the facet counts are lower bounds, shown as "more than");
        sorting by date needs them all."""
        counts = {name: {} for name in facet_names}
        total, exact, dated = 0, True, []
        for leaf, offset in view.leaves:
            if leaf.reader().segment() is None:  # an empty index
                continue
            columns = [(counts[name], self._per_segment(view, leaf, ("column", name),
                                                        _column_values(_field(name))))
                       for name in facet_names]
            keys = self._per_segment(view, leaf, "date", _date_keys) if by_date else None
            for docnum in leaf.docs_for_query(match):
                if docnum + offset not in allowed:
                    continue
                if keys is not None:
                    dated.append((keys[docnum], docnum + offset))
                if not exact:
                    continue
                total += 1
                for found, values in columns:
                    value = values[docnum]
                    found[value] = found.get(value, 0) + 1
                if total >= EXACT_COUNT_LIMIT:
                    exact = False
                    if not by_date:
                        break
            if not exact and not by_date:
                break
        facets = {name: sorted(((v, n) for v, n in found.items() if v not in ("-", "", None)),
                               key=lambda item: (-item[1], str(item[0])))
                  for name, found in counts.items()}
        newest = heapq.nsmallest(by_date, dated) if by_date else None
        return facets, total, exact, newest

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
        return self._open(name).writer(timeout=self.lock_timeout, delay=0.02, **kw)

    def write(self, docs):
        newest = {}
        for doc in docs:
            known = newest.get(doc["uid"])
            if known is None or known["version"] <= doc["version"]:
                newest[doc["uid"]] = doc
        if newest:
            for name in self._targets():
                self._write_into(name, list(newest.values()), merge=_merge_live)

    def _write_into(self, name, docs, merge=None, **kw):
        """Write ``docs`` into index ``name`` and commit, merging segments by ``merge``
        (a Whoosh merge policy; None: Whoosh's default)."""
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
        writer.commit(mergetype=merge)

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
            writer.commit(mergetype=_merge_live)

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


def _merge_live(writer, segments):
    """The merge policy of live writes (publish, edit, removal): once there are
    ``LIVE_MERGE_FANIN`` segments of at most ``LIVE_MERGE_DOCS`` documents, the smallest
    of them (up to ``LIVE_MERGE_DOCS`` documents together) are merged into the new one.

    Not Whoosh's default (``MERGE_SMALL``): it sometimes sweeps most of the index into
    one merge (after a rebuild into 2,000-document chunks: 20,000-38,000 documents
    within a few hundred publishes), which takes minutes with the index locked while
    the publish waits. Here a write merges at most ``LIVE_MERGE_DOCS`` documents; the
    number of segments grows by about one per ``LIVE_MERGE_DOCS`` published items, and
    a rebuild compacts them again."""
    small = sorted((s for s in segments if s.doc_count_all() <= LIVE_MERGE_DOCS),
                   key=lambda segment: segment.doc_count_all())
    if len(small) < LIVE_MERGE_FANIN:
        return segments
    merged, total = [], 0
    for segment in small:
        if total + segment.doc_count_all() > LIVE_MERGE_DOCS:
            break
        merged.append(segment)
        total += segment.doc_count_all()
    if len(merged) < 2:
        return segments
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in merged]


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


def _docs(query):
    """A function giving the (frozen) set of docnums of a segment matching ``query``."""
    return lambda leaf: frozenset(leaf.docs_for_query(query))


def _column_values(field):
    """A function giving ``field``'s value for each docnum of a segment (a list; None
    where the segment has no such column). Read once per segment: the column readers
    read the disk at every lookup."""
    def values(leaf):
        reader = leaf.reader()
        if not reader.has_column(field):
            return [None] * reader.doc_count_all()
        same = {}
        return [same.setdefault(v, v) for v in reader.column_reader(field, translate=True)]
    return values


def _date_keys(leaf):
    """The sort key of each docnum of a segment for "newest first" (what Whoosh's
    reversed ``FieldFacet("date")`` uses: the column value negated)."""
    reader = leaf.reader()
    column = reader.column_reader("date", reverse=True, translate=False)
    return [column.sort_key(docnum) for docnum in range(reader.doc_count_all())]


def _field(name):
    """The index field of a filter: a core field by its name, else a type's facet."""
    return name if name in CORE_FIELDS else "facet_" + name



