"""Plugins: entry-point discovery, the ``add_plugin``/``add_section`` directives,
per-site enable/disable, the ``plugin_enabled`` view predicate and the admin page.

Public API: ``enable``, ``disable``, ``is_enabled``, ``section_of``, ``find_site``.
"""
from pyramid.events import ContextFound

from .guard import PluginEnabledPredicate, hide_disabled, is_available  # noqa: F401
from .registry import Plugin, PluginRegistry, SectionInfo, add_plugin, add_section  # noqa
from .state import (PluginError, disable, enable, enabled_names, find_site,  # noqa: F401
                    is_enabled, section_of)


def includeme(config):
    config.registry.portal_plugins = PluginRegistry()
    config.add_directive("add_plugin", add_plugin, action_wrap=False)
    config.add_directive("add_section", add_section, action_wrap=False)
    config.add_view_predicate("plugin_enabled", PluginEnabledPredicate)
    config.add_subscriber(hide_disabled, ContextFound)
    config.scan(".views")
