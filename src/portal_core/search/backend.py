"""The search backend interface: what callers may ask of any index.

Documents are plain dicts (see ``documents.FIELDS``). A backend stores them, answers
``SearchQuery`` with ``SearchResults``, and rebuilds itself from an iterable of documents.
Whoosh is the embedded default (``whoosh_backend``); ``conformance`` holds the tests
every backend must pass.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Grant:
    """Non-public items a user may see: those in one of ``states`` (``"workflow:state"``
    keys) below one of the containers ``within`` (uids in the item's lineage), or created
    by ``owner``."""

    states: frozenset
    within: frozenset = frozenset()
    owner: str = None


@dataclass(frozen=True)
class Access:
    """Who is asking: everyone sees public, live items (``now`` between effective and
    expiry); ``grants`` add what a logged-in user may edit. ``now`` is rounded down to
    the minute and a backend may let through items that become effective in that
    minute (callers check liveness exactly before showing a hit)."""

    now: object
    grants: tuple = ()


@dataclass
class SearchQuery:
    """A search: ``parsed`` (an ``analysis.ParsedQuery``; empty means "everything"),
    exact-match ``filters`` ({field: value}), ``facets`` to count, ``sort``
    (``"relevance"`` or ``"date"``), a 1-based ``page`` of ``page_size``, and ``access``."""

    parsed: object
    access: Access
    filters: dict = field(default_factory=dict)
    facets: tuple = ()
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20


@dataclass
class Hit:
    """One result: the stored document fields and whether it matched because it is
    public (``public``) or only through a grant."""

    doc: dict
    score: float = 0.0

    def __getitem__(self, name):
        return self.doc.get(name)


@dataclass
class SearchResults:
    """A page of hits; ``total`` is exact when ``exact`` is true, else a lower bound
    (broad queries are not counted to the end); ``facets`` maps a facet to
    ``[(value, count)]`` (most frequent first)."""

    hits: list
    total: int
    exact: bool = True
    facets: dict = field(default_factory=dict)
    page: int = 1
    page_size: int = 20

    @property
    def pages(self):
        return max(1, -(-self.total // self.page_size))


class SearchBackend:
    """Abstract backend; every method must be safe to call from several threads, and
    writes must be safe from several processes at once."""

    def write(self, docs):
        """Store ``docs`` (replacing the same ``uid``) unless the stored one has a newer
        ``version``; a doc with ``deleted`` set is a tombstone that hides the uid."""
        raise NotImplementedError

    def remove_where(self, version, **terms):
        """Remove every document whose fields equal ``terms`` (``lineage=uid`` removes a
        subtree, ``site=..., plugin=...`` a plugin's content in a site)."""
        raise NotImplementedError

    def search(self, query):
        """Answer a ``SearchQuery`` with ``SearchResults``."""
        raise NotImplementedError

    def suggest(self, prefix, access, limit=8):
        """Titles of visible documents with a title word starting with ``prefix`` (folded)."""
        raise NotImplementedError

    def corrections(self, parsed, limit=3):
        """Folded words close to the query's words that the index knows (for "did you mean")."""
        raise NotImplementedError

    def rebuild(self, docs, live_version):
        """Replace the whole index by ``docs`` (built aside, then swapped in); writes made
        meanwhile with a version above ``live_version`` survive."""
        raise NotImplementedError

    def count(self):
        """Number of stored (non-tombstone) documents."""
        raise NotImplementedError

    def status(self):
        """A short dict describing the index (location, documents, state) for admins."""
        raise NotImplementedError
