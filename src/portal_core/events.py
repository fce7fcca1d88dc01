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
