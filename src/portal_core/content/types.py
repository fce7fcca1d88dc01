"""Content types: ``TypeInfo`` and the ``add_content_type`` directive.

A type joins a persistent class to its colander schema; the generic add/edit views, the
add menu and the plugin switch all read the registry built here.
"""
from dataclasses import dataclass, field

from ..security.permissions import add_permission


@dataclass(frozen=True)
class TypeInfo:
    """What the core knows about a content type (stable ``name``: it is stored in ZODB);
    ``search`` is a ``portal_core.search.Searchable`` for types that search finds."""

    name: str
    factory: type
    schema: type
    title: str
    addable_to: tuple = ()
    icon: str = "file"
    plugin: str = None
    description: str = ""
    add_view: str = None
    workflow: str = None
    search: object = None
    extra: dict = field(default_factory=dict)

    @property
    def add_permission(self):
        return add_permission(self.name)


class TypeRegistry:
    """Registered ``TypeInfo`` by name; lives at ``registry.portal_types``."""

    def __init__(self):
        self._types = {}

    def register(self, info):
        self._types[info.name] = info

    def get(self, name):
        return self._types.get(name)

    def __contains__(self, name):
        return name in self._types

    def __iter__(self):
        return iter(self._types.values())

    def for_plugin(self, plugin):
        return [info for info in self._types.values() if info.plugin == plugin]

    def addable_in(self, container):
        """Types whose ``addable_to`` names the container's type."""
        return [info for info in self._types.values()
                if container.type_name in info.addable_to]


def add_content_type(config, info=None, **kw):
    """Directive: register a content type (``TypeInfo`` or its fields as keywords).

    Two registrations of one type name conflict at start-up.
    """
    if info is None:
        info = TypeInfo(**kw)
    registry = config.registry

    def register():
        registry.portal_types.register(info)

    config.action(("portal.content_type", info.name), register,
                  introspectables=(), order=0)
    return info


def get_types(registry):
    """The ``TypeRegistry`` of a Pyramid registry."""
    return registry.portal_types
