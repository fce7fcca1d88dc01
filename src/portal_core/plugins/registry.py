"""The ``Plugin`` descriptor, section descriptors and the ``add_plugin``/``add_section``
directives. Registries hold code-side facts only; per-site state lives in ZODB."""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SectionInfo:
    """A section a plugin creates in each site where it is enabled."""

    plugin: str
    title: str
    slug: str
    factory: object
    order: int = 100
    in_navigation: bool = True


@dataclass(frozen=True)
class Plugin:
    """An installed plugin: its name, version, dependencies and enable/disable hooks.

    ``on_enable(site, section, request)`` creates default content (idempotently);
    ``on_disable(site, section, request)`` must delete nothing; ``demo(site, section,
    request)`` fills the demo portal.
    """

    name: str
    title: str
    version: int = 1
    requires: tuple = ()
    description: str = ""
    on_enable: object = None
    on_disable: object = None
    demo: object = None
    sections: list = field(default_factory=list)


class PluginRegistry:
    """Installed plugins by name, in registration order; at ``registry.portal_plugins``."""

    def __init__(self):
        self._plugins = {}
        self.failed = {}

    def register(self, plugin):
        self._plugins[plugin.name] = plugin

    def get(self, name):
        return self._plugins.get(name)

    def __contains__(self, name):
        return name in self._plugins

    def __iter__(self):
        return iter(self._plugins.values())

    def names(self):
        return list(self._plugins)

    def in_dependency_order(self):
        """Installed plugins, each after the plugins it requires (unknown ones ignored)."""
        ordered, seen = [], set()

        def visit(plugin, path=()):
            if plugin.name in seen or plugin.name in path:
                return
            for required in plugin.requires:
                if required in self._plugins:
                    visit(self._plugins[required], path + (plugin.name,))
            seen.add(plugin.name)
            ordered.append(plugin)

        for plugin in self._plugins.values():
            visit(plugin)
        return ordered

    def section(self, name):
        plugin = self._plugins.get(name)
        return plugin.sections[0] if plugin and plugin.sections else None


def add_plugin(config, name, title, version=1, requires=(), description="",
               on_enable=None, on_disable=None, demo=None):
    """Directive: declare an installed plugin (two plugins of one name conflict)."""
    plugin = Plugin(name, title, version, tuple(requires), description,
                    config.maybe_dotted(on_enable), config.maybe_dotted(on_disable),
                    config.maybe_dotted(demo))
    registry = config.registry
    config.action(("portal.plugin", name), lambda: registry.portal_plugins.register(plugin),
                  order=-10)
    return plugin


def add_section(config, plugin, title, slug, factory, order=100, in_navigation=True):
    """Directive: the section ``plugin`` creates at ``slug`` in each site that enables it."""
    info = SectionInfo(plugin, title, slug, config.maybe_dotted(factory), order, in_navigation)
    registry = config.registry

    def register():
        owner = registry.portal_plugins.get(plugin)
        if owner is None:
            raise ValueError("add_section: unknown plugin %r" % plugin)
        owner.sections.append(info)

    config.action(("portal.section", plugin), register, order=-5)
    return info
