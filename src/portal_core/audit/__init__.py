"""The audit log (Nhật ký hoạt động): logins, role changes, plugin switches, workflow
transitions, deletions and restores, recorded in ZODB in the same transaction as the
action; ``@@audit`` lists them for a site's administrators, ``@@audit.csv`` exports them.

Public API: ``record(request, action, obj=None, ...)`` for code that has an action of its
own to log (a plugin names it first with the ``add_audit_action(code, label)``
directive, so that ``@@audit`` shows and filters it), ``audit_actions(registry)``,
``audit_log(portal)``, ``AuditLog``, ``Entry`` and ``ACTIONS`` (the core's actions).
"""
from ..events import (LocalRolesChanged, LoggedOut, LoginFailed, LoginSucceeded,
                      ObjectRemoved, ObjectRestored, PluginDisabled, PluginEnabled,
                      WorkflowTransitioned)
from . import subscribers
from .storage import ACTIONS, AuditLog, Entry, audit_log  # noqa: F401  (public API)
from .subscribers import record  # noqa: F401  (public API)

_SUBSCRIBERS = (
    (subscribers.audit_login, LoginSucceeded),
    (subscribers.audit_login_failed, LoginFailed),
    (subscribers.audit_logout, LoggedOut),
    (subscribers.audit_local_roles, LocalRolesChanged),
    (subscribers.audit_plugin_enabled, PluginEnabled),
    (subscribers.audit_plugin_disabled, PluginDisabled),
    (subscribers.audit_transition, WorkflowTransitioned),
    (subscribers.audit_removed, ObjectRemoved),
    (subscribers.audit_restored, ObjectRestored),
)


def audit_actions(registry):
    """Action code → label: the core's ``ACTIONS`` and those plugins added."""
    return registry.portal_audit_actions


def add_audit_action(config, code, label):
    """Directive: name an action a plugin records with ``record`` (``label`` is a
    translation string shown on ``@@audit`` and in its filter)."""
    actions = config.registry.portal_audit_actions
    config.action(("portal.audit_action", code), lambda: actions.__setitem__(code, label))


def includeme(config):
    config.registry.portal_audit_actions = dict(ACTIONS)
    config.add_directive("add_audit_action", add_audit_action)
    for subscriber, event in _SUBSCRIBERS:
        config.add_subscriber(subscriber, event)
    config.scan(".views")
