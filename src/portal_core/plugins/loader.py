"""Discovery of installed plugins through the ``portal.plugins`` entry points."""
import importlib.metadata
import logging

log = logging.getLogger(__name__)
GROUP = "portal.plugins"


def entry_points(group=GROUP):
    """Installed entry points of ``group`` (a seam for tests)."""
    return importlib.metadata.entry_points(group=group)


def allowed(name, allow_list):
    """True when ``allow_list`` (``*`` or whitespace/comma-separated names) admits ``name``."""
    names = set(allow_list.replace(",", " ").split())
    return "*" in names or name in names


def include_plugins(config, allow_list="*"):
    """Import and include every allowed plugin; a plugin that fails is logged and skipped.

    A plugin that raises while including has the configuration actions it registered so
    far dropped. Records failures in ``registry.portal_plugins.failed`` (name → error
    text) so the admin page can show them.
    """
    failed = config.registry.portal_plugins.failed
    actions = config.action_state.actions
    for ep in sorted(entry_points(), key=lambda ep: ep.name):
        if not allowed(ep.name, allow_list):
            continue
        registered = len(actions)
        try:
            module = ep.load()
            config.include(module)
        except Exception as error:  # a broken plugin must not stop the portal
            del actions[registered:]  # nothing half-registered stays behind
            failed[ep.name] = "%s: %s" % (type(error).__name__, error)
            log.error("Plugin %r (%s) could not be loaded and is skipped: %s",
                      ep.name, ep.value, failed[ep.name])
            log.debug("Traceback of plugin %r", ep.name, exc_info=True)
