"""Workflows: declarative states and transitions, the ``add_workflow`` directive, the
editorial (draft → pending → published) and one-state workflows, the review queue.

Public API: ``Workflow``, ``State``, ``Transition``, ``do_transition``, ``publish_now``,
``set_state``,
``state_of``, ``is_public``, ``available_transitions``, ``WorkflowError``.
"""
from ..events import ObjectAdded, ObjectRemoved, WorkflowTransitioned
from .api import (WorkflowError, available_transitions, do_transition, is_public,  # noqa
                  last_entry, permission_roles, publish_now, set_state, state_of,
                  workflow_for)
from .builtin import EDITORIAL, ONE_STATE
from .model import State, Transition, Workflow  # noqa: F401
from .authored import index_author, unindex_author
from .queue import track_pending, untrack_removed


def add_workflow(config, workflow):
    """Directive: register ``workflow`` under its name (two of one name conflict)."""
    registry = config.registry

    def register():
        registry.portal_workflows[workflow.name] = workflow

    config.action(("portal.workflow", workflow.name), register, order=-5)


def set_initial_state(event):
    """ObjectAdded: new content starts in its workflow's initial state."""
    obj, request = event.object, event.request
    workflow = workflow_for(obj, request.registry)
    if workflow is not None and obj.workflow_state is None:
        set_state(obj, workflow.initial, actor=obj.creator, transition="")


def includeme(config):
    config.registry.portal_workflows = {}
    config.registry.portal_roles_for = permission_roles
    config.add_directive("add_workflow", add_workflow, action_wrap=False)
    config.add_workflow(EDITORIAL)
    config.add_workflow(ONE_STATE)
    config.add_subscriber(set_initial_state, ObjectAdded)
    config.add_subscriber(index_author, ObjectAdded)
    config.add_subscriber(unindex_author, ObjectRemoved)
    config.add_subscriber(track_pending, WorkflowTransitioned)
    config.add_subscriber(untrack_removed, ObjectRemoved)
    config.scan(".views")
