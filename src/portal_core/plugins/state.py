"""Per-site plugin state in ZODB: ``site.plugin_state[name]`` = enabled, version, section,
changed_at, changed_by. Only data is stored, never references to code."""
from persistent.mapping import PersistentMapping
from pyramid.traversal import find_interface, find_root

from ..content.api import add
from ..evolve import versions
from ..content.resources import utcnow
from ..events import PluginDisabled, PluginEnabled
from ..i18n import _
from ..interfaces import ISite


class PluginError(ValueError):
    """A plugin cannot be switched (unknown, or a dependency is missing).

    ``message`` is a translation string; ``str()`` gives the Vietnamese text.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message.interpolate()


def find_site(context):
    """The nearest ``ISite`` in the lineage of ``context`` (the context itself included)."""
    return find_interface(context, ISite)


def is_enabled(site, name):
    """True when plugin ``name`` is enabled on ``site`` (reads ``site.plugin_state``)."""
    state = site.plugin_state.get(name) if site is not None else None
    return bool(state and state.get("enabled"))


def enabled_names(site, registry):
    """Names of installed plugins enabled on ``site``."""
    return [p.name for p in registry.portal_plugins if is_enabled(site, p.name)]


def section_of(site, name):
    """The section plugin ``name`` created in ``site``, or None."""
    state = site.plugin_state.get(name)
    section_name = state.get("section") if state else None
    return site.get(section_name) if section_name else None


def _record(site, name, request, **values):
    state = site.plugin_state.get(name)
    if state is None:
        state = site.plugin_state[name] = PersistentMapping()
    state.update(values, changed_at=utcnow(), changed_by=request.authenticated_userid)
    return state


def enable(site, name, request):
    """Enable ``name`` on ``site``: create its section if absent, run ``on_enable``.

    Idempotent: a second call changes nothing but the record. Writes ZODB; notifies
    ``PluginEnabled``. Raises ``PluginError`` if unknown or a requirement is not enabled.
    """
    plugin = request.registry.portal_plugins.get(name)
    if plugin is None:
        raise PluginError(_("Plugin không được cài đặt: ${name}", mapping={"name": name}))
    missing = [r for r in plugin.requires if not is_enabled(site, r)]
    if missing:
        raise PluginError(_("Cần bật trước: ${names}", mapping={"names": ", ".join(missing)}))
    was_enabled = is_enabled(site, name)
    _record_data_version(site, name, request.registry)
    section = _ensure_section(site, plugin, request)
    _record(site, name, request, enabled=True, version=plugin.version,
            section=section.__name__ if section is not None else None)
    if plugin.on_enable is not None:
        plugin.on_enable(site, section, request)
    if not was_enabled:
        request.registry.notify(PluginEnabled(site, name, request))
    return section


def disable(site, name, request):
    """Disable ``name`` on ``site``; nothing is deleted. Refused while a dependant is on."""
    plugin = request.registry.portal_plugins.get(name)
    if plugin is None:
        raise PluginError(_("Plugin không được cài đặt: ${name}", mapping={"name": name}))
    dependants = [p.name for p in request.registry.portal_plugins
                  if name in p.requires and is_enabled(site, p.name)]
    if dependants:
        raise PluginError(_("Đang được dùng bởi: ${names}",
                            mapping={"names": ", ".join(dependants)}))
    if not is_enabled(site, name):
        return
    _record(site, name, request, enabled=False)
    if plugin.on_disable is not None:
        plugin.on_disable(site, section_of(site, name), request)
    request.registry.notify(PluginDisabled(site, name, request))


def _record_data_version(site, name, registry):
    """On a plugin's first enabling anywhere, its new data is at the latest version."""
    record = versions(find_root(site))
    if name not in record:
        record[name] = registry.portal_upgrades.latest(name) or 1


def _ensure_section(site, plugin, request):
    if not plugin.sections:
        return None
    existing = section_of(site, plugin.name)
    if existing is not None:
        return existing
    info = plugin.sections[0]
    section = info.factory(title=info.title, creator=request.authenticated_userid)
    section.plugin = plugin.name
    add(site, section, request, name=info.slug)
    return section
