"""Accountability: who created an item, who last edited it and who approved it (for the
staff box "Thông tin quản lý" in the layout). Reads the item and the user list only."""
from types import SimpleNamespace

from ..dates import format_datetime
from ..workflow.api import state_of
from .api import person_name


def _last_edit(obj):
    """``(login, time)`` of the last edit, or ``(None, None)`` if never edited."""
    if getattr(obj, "modified_by", None):
        return obj.modified_by, obj.modified
    history = obj.revisions
    latest = history.latest() if history is not None else None
    if latest is not None and latest.number > 1:      # saved before ``modified_by`` existed
        return latest.actor, latest.time
    return None, None


def accountability(request, obj):
    """Names (full names when the user exists) and Vietnam times of the creator, the last
    editor and the approver, and the workflow state title, of ``obj``."""
    editor, edited = _last_edit(obj)
    state = state_of(obj, request.registry)
    return SimpleNamespace(
        created_by=person_name(request, obj.creator) or "—",
        created_at=format_datetime(obj.created),
        edited_by=person_name(request, editor) or "—",
        edited_at=format_datetime(edited),
        published_by=person_name(request, obj.published_by) or "—",
        published_at=format_datetime(obj.published_at),
        state=state.title if state is not None else None,
        history_url=request.resource_url(obj, "@@history"))
