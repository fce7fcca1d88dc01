"""Public views of the consultation plugin: the section, a draft with its approved
comments and counts per article, its files, the comment form and the home block."""
from itertools import islice

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from portal_core.attachments import attachment_download
from portal_core.blobs import file_response
from portal_core.dates import local
from portal_core.forms import FormView
from portal_core.i18n import _
from portal_core.listing import page_number
from portal_core.plugins import find_site, section_of
from portal_core.security.permissions import EDIT, REVIEW, VIEW
from portal_core.security.throttle import MemoryCounter
from portal_core.views.content import require_live_or_editor
from portal_core.workflow import is_public

from . import resources
from .resources import APPROVED, IDraft, IDraftSection
from .schemas import CommentSchema

PLUGIN = "consultation"
PAGE_SIZE = 20
COMMENTS_PAGE_SIZE = 50
BLOCK_SIZE = 5
IP_MAX_COMMENTS = 10
FLOOD = _("Bạn đã gửi quá nhiều ý kiến trong thời gian ngắn. Hãy thử lại sau 15 phút.")


def when(moment):
    """``HH:MM ngày dd/mm/yyyy`` in Vietnam time."""
    return local(moment).strftime("%H:%M ngày %d/%m/%Y") if moment else ""


def phase_message(draft, phase):
    """Why comments cannot be sent now (None while open)."""
    if phase == "before":
        return _("Chưa đến thời gian lấy ý kiến (bắt đầu từ ${when}).",
                 mapping={"when": when(draft.opens)})
    if phase == "closed":
        return _("Đã hết thời gian lấy ý kiến (đến ${when}).",
                 mapping={"when": when(draft.closes)})
    if phase is None:
        return _("Dự thảo này chưa có thời gian lấy ý kiến.")
    return None


def may_moderate(draft, request):
    """Users who may edit or review the draft (Editor, Reviewer, SiteAdmin, Manager)."""
    return bool(request.has_permission(EDIT, draft) or request.has_permission(REVIEW, draft))



@view_config(context=IDraftSection, renderer="templates/section.pt", permission=VIEW,
             plugin_enabled=PLUGIN)
def section_view(context, request):
    """Published drafts, newest first, 20 a page (reads the listing index only)."""
    page = page_number(request)
    items, pages = context.listing.page(page, PAGE_SIZE)
    if page > pages:
        raise HTTPNotFound()
    now = resources.utcnow()
    return {"items": [(d, d.phase(now)) for d in items], "page": page, "pages": pages,
            "when": when}


@view_config(context=IDraft, renderer="templates/draft.pt", permission=VIEW,
             plugin_enabled=PLUGIN)
def draft_view(context, request):
    """The draft, its files, the period (computed from the clock on each request), the
    approved comments (``?article=`` filters, ``?page=`` pages) with counts per article,
    and the report once it is filled in. No contact data is ever read here."""
    preview = require_live_or_editor(context, request)
    phase = context.phase()
    article = request.GET.get("article", "")
    keys = {key for key, _label, _level in context.articles}
    if article and article not in keys and article != "chung":
        raise HTTPNotFound()
    page = page_number(request)
    comments = context.all_comments(APPROVED) if context.approved is not None else []
    if article:
        comments = [c for c in comments if c.article == ("" if article == "chung"
                                                         else article)]
    pages = max(1, -(-len(comments) // COMMENTS_PAGE_SIZE))
    if page > pages:
        raise HTTPNotFound()
    shown = list(islice(comments, (page - 1) * COMMENTS_PAGE_SIZE,
                        page * COMMENTS_PAGE_SIZE))
    counts = [(key, label, level, context.approved_count(key))
              for key, label, level in context.articles]
    return {"item": context, "preview": preview, "phase": phase,
            "closed_message": phase_message(context, phase), "when": when,
            "counts": counts, "general": context.approved_count(""),
            "total": context.approved_count(), "comments": shown, "article": article,
            "page": page, "pages": pages, "sent": request.GET.get("sent") == "1",
            "moderate": may_moderate(context, request), "public": is_public(
                context, request.registry)}


@view_config(context=IDraft, name="file", permission=VIEW, plugin_enabled=PLUGIN)
def file_view(context, request):
    """``@@file/N``: the N-th attachment (1-based) as a download."""
    require_live_or_editor(context, request)
    return attachment_download(context, request)


@view_config(context=IDraft, name="report-file", permission=VIEW, plugin_enabled=PLUGIN)
def report_file_view(context, request):
    """``@@report-file``: the attached report on how comments were handled."""
    require_live_or_editor(context, request)
    if context.report_file is None:
        raise HTTPNotFound()
    return file_response(request, context.report_file, download=True)


def comment_throttle(registry):
    """The per-process flood counter: at most ``portal.consultation.ip_max_comments``
    (default 10; a bad value counts as the default) comments from one address in 15
    minutes."""
    counter = getattr(registry, "consultation_throttle", None)
    if counter is None:
        raw = registry.settings.get("portal.consultation.ip_max_comments", IP_MAX_COMMENTS)
        try:
            limit = max(1, int(raw))
        except (TypeError, ValueError):
            limit = IP_MAX_COMMENTS
        counter = registry.consultation_throttle = MemoryCounter(limit)
    return counter


@view_config(context=IDraft, name="comment", renderer="templates/comment.pt",
             permission=VIEW, plugin_enabled=PLUGIN)
class CommentView(FormView):
    """``@@comment``: anyone sends a comment while the period is open and the draft is
    published. It is a page of its own so that the draft page (no form, no session) stays
    cacheable. Outside the period a GET explains why and a POST is refused (403); too
    many comments from one address get 429. Nothing is stored in either case."""

    schema = CommentSchema
    buttons = ("send",)
    button_titles = {"send": _("Gửi ý kiến")}
    formid = "comment-form"

    def __call__(self):
        draft, request = self.context, self.request
        if not (is_public(draft, request.registry) and draft.is_live()):
            raise HTTPNotFound()
        now = resources.utcnow()
        message = phase_message(draft, draft.phase(now))
        if message is None and request.method == "POST" and \
                comment_throttle(request.registry).locked_until(
                    request.remote_addr or "-", now) is not None:
            request.response.status = 429
            message = FLOOD
        if message is not None:
            if request.method == "POST" and request.response.status_int != 429:
                request.response.status = 403
            return {"form": None, "message": message, "form_js": [], "form_css": [],
                    "title": draft.title}
        values = super().__call__()
        if isinstance(values, dict):
            values.update(message=None, title=draft.title)
        return values

    def appstruct(self):
        keys = {key for key, _label, _level in self.context.articles}
        article = self.request.GET.get("article", "")
        return {"article": article} if article in keys else {}

    def send_success(self, appstruct):
        draft, request = self.context, self.request
        now = resources.utcnow()
        comment_throttle(request.registry).fail(request.remote_addr or "-", now)
        if not appstruct.get("website"):
            draft.add_comment(
                now, name=appstruct["name"], contact=appstruct["contact"],
                organisation=appstruct["organisation"], article=appstruct["article"],
                article_label=draft.article_label(appstruct["article"]),
                text=appstruct["text"], consent_at=now)
        return HTTPSeeOther(request.resource_url(draft, query={"sent": "1"},
                                                 anchor="y-kien"))


def open_drafts(section, request, limit=BLOCK_SIZE, now=None):
    """Published, live drafts of ``section`` open at ``now``, closing soonest first. Reads
    the section's ``closing`` index from ``now`` on (drafts not yet closed) only."""
    now = now or resources.utcnow()
    found = []
    for draft in section.closing.values(min=(now,)):
        if draft.is_open(now) and draft.is_live() and is_public(draft, request.registry):
            found.append(draft)
            if len(found) >= limit:
                break
    return found


def open_drafts_block(context, request, limit=BLOCK_SIZE):
    """Home tile "Dự thảo đang lấy ý kiến": open drafts with their closing time (hidden
    while there are none)."""
    section = section_of(find_site(context), PLUGIN)
    items = open_drafts(section, request, limit) if section is not None else []
    if not items:
        return None
    return {"section": section, "items": items, "when": when}
