"""Hiding what disabled plugins own: a view predicate and a traversal guard (404)."""
from pyramid.httpexceptions import HTTPNotFound

from ..interfaces import ISection
from .state import find_site, is_enabled


def is_available(context, registry):
    """False when ``context`` or an ancestor belongs to a plugin disabled on its site.

    A plugin counts as enabled for an object when it is installed (loaded) and enabled on
    the site that contains the object. Reads the lineage only (a few attribute lookups): sections record their plugin,
    content types name theirs in the type registry.
    """
    types = registry.portal_types
    plugins = registry.portal_plugins
    obj = context
    while obj is not None and obj.__parent__ is not None:
        plugin = obj.plugin if ISection.providedBy(obj) else None
        if plugin is None:
            info = types.get(obj.type_name)
            plugin = info.plugin if info is not None else None
        if plugin is not None and (plugin not in plugins or
                                   not is_enabled(find_site(obj.__parent__), plugin)):
            return False
        obj = obj.__parent__
    return True


def visible_site(context, registry):
    """The nearest site above ``context`` that is itself available (for error pages, which
    must not show what they hide)."""
    site = find_site(context)
    while site.__parent__ is not None and not is_available(site, registry):
        site = find_site(site.__parent__)
    return site


def hide_disabled(event):
    """ContextFound subscriber: content of a disabled plugin answers 404 to everyone."""
    request = event.request
    if not is_available(request.context, request.registry):
        raise HTTPNotFound()


class PluginEnabledPredicate:
    """View predicate ``plugin_enabled="news"``: the plugin is enabled on the context's site."""

    def __init__(self, value, config):
        self.name = value

    def text(self):
        return "plugin_enabled = %s" % self.name

    phash = text

    def __call__(self, context, request):
        return is_enabled(find_site(context), self.name)
