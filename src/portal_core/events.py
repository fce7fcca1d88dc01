"""Events notified by the core; subscribe with ``config.add_subscriber``."""


class _ObjectEvent:
    def __init__(self, obj, request=None, parent=None):
        self.object = obj
        self.request = request
        self.parent = parent if parent is not None else getattr(obj, "__parent__", None)


class ObjectAdded(_ObjectEvent):
    """``object`` was stored in ``parent``."""


class ObjectModified(_ObjectEvent):
    """``object`` was changed by an edit; ``changed`` names the fields."""

    def __init__(self, obj, request=None, changed=()):
        super().__init__(obj, request)
        self.changed = tuple(changed)


class ObjectRemoved(_ObjectEvent):
    """``object`` was removed from ``parent``."""


class PluginEnabled:
    """Plugin ``name`` was enabled on ``site``."""

    def __init__(self, site, name, request=None):
        self.site, self.name, self.request = site, name, request


class PluginDisabled(PluginEnabled):
    """Plugin ``name`` was disabled on ``site``."""


class LoginSucceeded:
    """``user`` logged in through ``request``."""

    def __init__(self, user, request):
        self.user, self.request = user, request


class LoginFailed:
    """A login attempt for ``login`` was refused (wrong password, unknown user, locked)."""

    def __init__(self, login, request, reason="password"):
        self.login, self.request, self.reason = login, request, reason


class LoggedOut:
    """``user`` logged out."""

    def __init__(self, user, request):
        self.user, self.request = user, request


class LocalRolesChanged:
    """Roles of ``principal`` on ``object`` changed from ``old`` to ``new`` (frozensets)."""

    def __init__(self, obj, principal, old, new, request=None):
        self.object, self.principal, self.old, self.new = obj, principal, old, new
        self.request = request


class WorkflowTransitioned:
    """``object`` went from ``source`` to ``dest`` by ``transition`` (with ``comment``)."""

    def __init__(self, obj, transition, source, dest, comment="", request=None):
        self.object, self.transition, self.source, self.dest = obj, transition, source, dest
        self.comment, self.request = comment, request


class ObjectRestored(_ObjectEvent):
    """``object`` was brought back from the trash into ``parent``."""
