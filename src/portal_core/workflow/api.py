"""Workflow state of objects: lookup, permission roles per state, transitions, history."""
from persistent.list import PersistentList

from ..content.resources import utcnow
from ..events import WorkflowTransitioned
from ..i18n import _
from ..security.permissions import roles_for


class WorkflowError(ValueError):
    """A transition that cannot happen; ``message`` is a translation string."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status

    def __str__(self):
        return self.message.interpolate()


def workflow_for(obj, registry):
    """The ``Workflow`` of ``obj``'s type, or None (then it is always public)."""
    info = registry.portal_types.get(getattr(obj, "type_name", None))
    name = getattr(info, "workflow", None) if info is not None else None
    return registry.portal_workflows.get(name) if name else None


def state_of(obj, registry):
    """The ``State`` of ``obj`` (None for content without a workflow)."""
    workflow = workflow_for(obj, registry)
    if workflow is None:
        return None
    return workflow.state(obj.workflow_state or workflow.initial)


def is_public(obj, registry):
    """True when ``obj``'s state lets anonymous visitors see it (dates aside)."""
    state = state_of(obj, registry)
    return state is None or state.public


def permission_roles(registry, obj, permission):
    """Roles holding ``permission`` on ``obj``: its state's table, else the default one."""
    state = state_of(obj, registry)
    if state is not None:
        roles = state.roles.get(permission)
        if roles is not None:
            return roles
    return roles_for(permission)


def available_transitions(obj, request):
    """Transitions from ``obj``'s state that the current user may take."""
    state = state_of(obj, request.registry)
    if state is None:
        return []
    workflow = workflow_for(obj, request.registry)
    return [t for t in workflow.transitions_from(state.name)
            if request.has_permission(t.guard, obj)]


def last_entry(obj, transition=None):
    """The latest history record (of ``transition`` if given), or None."""
    for entry in reversed(obj.workflow_history or ()):
        if transition is None or entry["transition"] == transition:
            return entry
    return None


def set_state(obj, state_name, actor=None, transition="", comment="", now=None):
    """Record ``state_name`` on ``obj`` with a history entry (writes ``obj``)."""
    source = obj.workflow_state
    obj.workflow_state = state_name
    if obj.workflow_history is None or isinstance(obj.workflow_history, tuple):
        obj.workflow_history = PersistentList(obj.workflow_history or ())
    obj.workflow_history.append({"transition": transition, "source": source,
                                 "dest": state_name, "actor": actor,
                                 "time": now or utcnow(), "comment": comment})
    if state_name == "published" and transition:
        obj.published_by = actor
        obj.published_at = now or utcnow()


def do_transition(obj, name, request, comment=""):
    """Take transition ``name`` on ``obj`` for the current user.

    Raises ``WorkflowError`` (400: not possible from this state, reason missing; 403: not
    allowed). Writes ``obj``; notifies ``WorkflowTransitioned`` (listings, review queue
    and audit log follow it in the same transaction).
    """
    workflow = workflow_for(obj, request.registry)
    transition = workflow.transition(name) if workflow is not None else None
    state = state_of(obj, request.registry)
    if transition is None or state.name not in transition.source:
        raise WorkflowError(_("Không thể “${name}” khi nội dung đang ở trạng thái "
                              "“${state}”.", mapping={
                                  "name": name[:40],
                                  "state": state.title if state else "—"}))
    if not request.has_permission(transition.guard, obj):
        raise WorkflowError(_("Bạn không có quyền “${title}” nội dung này.",
                              mapping={"title": transition.title}), status=403)
    comment = (comment or "").strip()
    if transition.comment_required and not comment:
        raise WorkflowError(_("Cần ghi lý do khi “${title}”.",
                              mapping={"title": transition.title}))
    set_state(obj, transition.dest, request.authenticated_userid, transition.name, comment)
    request.registry.notify(WorkflowTransitioned(obj, transition.name, state.name,
                                                 transition.dest, comment, request))
    return transition


SYSTEM_ACTOR = "system"


def publish_now(obj, request, actor=SYSTEM_ACTOR):
    """Put ``obj`` straight into its workflow's public state, without guards — for demo
    content, imports and tests, never for a user's request. The approver recorded is
    ``actor`` ("system" by default: a live item always names who published it).
    Notifies ``WorkflowTransitioned`` like a real transition."""
    workflow = workflow_for(obj, request.registry)
    if workflow is None:
        return
    source = obj.workflow_state or workflow.initial
    public = next(state.name for state in workflow.states if state.public)
    set_state(obj, public, actor=actor, transition="publish", comment="")
    request.registry.notify(WorkflowTransitioned(obj, "publish", source, public, "", request))
