"""Content: base classes, the type registry and the ``add_content_type`` directive.

Public API: ``Content``, ``Item``, ``Folder``, ``Section``, ``Site``, ``Portal``,
``TypeInfo``, ``add``, ``create``, ``edit``, ``move``, ``remove`` and the schema
helpers in ``portal_core.content.schemas``.
"""
from .api import add, create, edit, move, remove  # noqa: F401
from .resources import Content, Folder, Item, Portal, Section, Site, utcnow  # noqa: F401
from .types import TypeInfo, TypeRegistry, add_content_type


def includeme(config):
    config.registry.portal_types = TypeRegistry()
    config.add_directive("add_content_type", add_content_type, action_wrap=False)
