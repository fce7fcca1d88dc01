"""The audit log (Nhật ký hoạt động): logins, role changes, plugin switches, workflow
transitions, deletions and restores, recorded in ZODB in the same transaction as the
action; ``@@audit`` lists them for a site's administrators, ``@@audit.csv`` exports them.

Public API: ``record(request, action, obj=None, ...)`` for code that has an action of its
own to log, ``audit_log(portal)``, ``AuditLog``, ``Entry`` and ``ACTIONS``.
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


def includeme(config):
    for subscriber, event in _SUBSCRIBERS:
        config.add_subscriber(subscriber, event)
    config.scan(".views")
