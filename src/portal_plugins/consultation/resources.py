"""Consultation content: the section (Lấy ý kiến dự thảo), its drafts, and the comments
kept inside each draft (not content items: never traversable, never indexed)."""
import datetime
import secrets

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from zope.interface import implementer

from portal_core.attachments import AttachmentList
from portal_core.content import Item, Section
from portal_core.interfaces import IListable, ISection
from portal_core.listing import WithListing

from .articles import parse_structure

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
STATES = (PENDING, APPROVED, REJECTED)
#: Version of the personal-data notice a commenter agreed to (bump when it changes).
CONSENT_VERSION = "2026-12"


def utcnow():
    """The consultation clock (monkeypatch in tests): opening and closing are computed
    from it on every request."""
    return datetime.datetime.now(datetime.timezone.utc)


class IDraftSection(ISection):
    """The consultation section (Lấy ý kiến dự thảo)."""


class IDraft(IListable):
    """A draft document posted for public comments (dự thảo)."""


@implementer(IDraftSection)
class DraftSection(WithListing, Section):
    """Holds the drafts. ``closing`` maps ``(closes, uid)`` → draft for every draft with
    a period and ``closing_keys`` maps uid → that key; both are kept by the plugin's
    subscribers, so the open drafts are found without scanning the section."""

    type_name = "DraftSection"
    closing = closing_keys = None

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.closing = OOBTree()
        self.closing_keys = OOBTree()


class Comment(Persistent):
    """One comment. ``name``/``contact``/``organisation`` are personal data (Decree
    13/2023): shown to moderators and in their CSV export only; the public sees the name,
    the organisation and the text of approved comments, never the contact."""

    moderator = None
    moderated = None

    def __init__(self, id, created, name, contact, text, organisation="", article="",
                 article_label="", consent_at=None, consent_version=CONSENT_VERSION):
        self.id, self.created = id, created
        self.name, self.contact, self.organisation = name, contact, organisation
        self.article, self.article_label, self.text = article, article_label, text
        self.consent_at, self.consent_version = consent_at, consent_version
        self.state = PENDING


@implementer(IDraft)
class Draft(AttachmentList, Item):
    """A draft: summary (the description), drafting agency, body, attachments, the
    comment period ``[opens, closes)`` (UTC), its structure (Chương/Điều lines), the
    comments and the report on how they were handled (báo cáo tiếp thu, giải trình).

    ``attachments`` only grows (``@@file/N`` is 1-based); assigning ``attachment`` (the
    form's upload field) appends. Comments live in ``comments`` (id → Comment; ids start
    with the creation time, so key order is arrival order); ``approved`` holds the
    approved ones, ``counts`` article key → Length of approved comments ("" = general),
    ``comment_total`` counts all. The trees are created on first comment (a POST)."""

    type_name = "Draft"
    agency = ""
    body = ""
    opens = None
    closes = None
    structure = ()
    report = ""
    report_file = None
    comments = approved = counts = comment_total = None
    contacts_erased = None

    @property
    def articles(self):
        """``[(key, label, level)]`` parsed from ``structure``."""
        return parse_structure(self.structure)

    @property
    def structure_text(self):
        return "\n".join(self.structure)

    def article_label(self, key):
        return next((label for k, label, _l in self.articles if k == key), "")

    def phase(self, now=None):
        """"before", "open" or "closed" at ``now``; None without a period."""
        if self.opens is None or self.closes is None:
            return None
        now = now or utcnow()
        if now < self.opens:
            return "before"
        return "open" if now < self.closes else "closed"

    def is_open(self, now=None):
        return self.phase(now) == "open"

    # --- comments ---------------------------------------------------------------------

    def add_comment(self, now, **fields):
        """Store a pending comment (writes ``comments`` and ``comment_total``); returns
        it. The random suffix keeps concurrent posts on distinct keys."""
        if self.comments is None:
            self.comments, self.approved = OOBTree(), OOBTree()
            self.counts, self.comment_total = OOBTree(), Length()
        cid = "%s-%s" % (now.strftime("%Y%m%d%H%M%S%f"), secrets.token_hex(4))
        comment = Comment(cid, now, **fields)
        self.comments[cid] = comment
        self.comment_total.change(1)
        return comment

    def moderate(self, cid, state, moderator, now):
        """Set a comment's state; keeps ``approved`` and ``counts`` in step. Returns the
        comment, or None when there is no such comment."""
        comment = self.comments.get(cid) if self.comments is not None else None
        if comment is None or state not in STATES:
            return None
        if comment.state != state:
            if comment.state == APPROVED:
                del self.approved[cid]
                self._count(comment.article).change(-1)
            if state == APPROVED:
                self.approved[cid] = comment
                self._count(comment.article).change(1)
            comment.state = state
        comment.moderator, comment.moderated = moderator, now
        return comment

    def erase_contacts(self, now):
        """When the comments have been handled, erase what is no longer needed (Decree
        13/2023): every contact, and the name and organisation of comments that were not
        published. Approved comments keep the name and organisation shown with them.
        Returns how many comments changed."""
        changed = 0
        for comment in self.all_comments():
            keep_name = comment.state == APPROVED
            before = (comment.contact, comment.name, comment.organisation)
            comment.contact = ""
            if not keep_name:
                comment.name = comment.organisation = ""
            changed += before != (comment.contact, comment.name, comment.organisation)
        self.contacts_erased = now
        return changed

    def _count(self, key):
        counter = self.counts.get(key)
        if counter is None:
            counter = self.counts[key] = Length()
        return counter

    def approved_count(self, key=None):
        """Approved comments on article ``key``, or all of them when ``key`` is None."""
        if self.approved is None:
            return 0
        if key is None:
            return sum(c() for c in self.counts.values())
        counter = self.counts.get(key)
        return counter() if counter is not None else 0

    def total_comments(self):
        return self.comment_total() if self.comment_total is not None else 0

    def all_comments(self, state=None):
        """Comments in arrival order, optionally only those in ``state``."""
        if self.comments is None:
            return []
        source = self.approved if state == APPROVED else self.comments
        return [c for c in source.values() if state is None or c.state == state]
