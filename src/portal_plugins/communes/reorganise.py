"""Renaming and merging commune sites (administrative units are merged nationwide).

Old addresses keep working: each move records a redirect (``portal_core.redirects``), so
they answer 301 to the new place. Merged content is labelled with its former unit.
"""
from pyramid.traversal import resource_path

from portal_core.content import move, remove
from portal_core.interfaces import IContainer
from portal_core.plugins import enable, enabled_names, section_of
from portal_core.redirects import add_redirect
from portal_core.text import nfc

from .vhost import set_host


def rename(site, title, name, request):
    """Give ``site`` a new title and URL name; the old URLs redirect."""
    site.title = nfc(title)
    site.settings["name"] = site.title
    if name != site.__name__:
        old = resource_path(site)
        move(site, site.__parent__, request, name=name)
        add_redirect(site, old, resource_path(site))


def _merge_into(source, target, label, request):
    """Move the children of container ``source`` into ``target``; same-named containers of
    one type are merged in turn. Returns the number of objects moved."""
    moved = 0
    for name, child in list(source.items()):
        twin = target.get(name)
        if twin is not None and IContainer.providedBy(child) and \
                twin.type_name == child.type_name:
            moved += _merge_into(child, twin, label, request)
            continue
        old = resource_path(child)
        child.former_unit = child.former_unit or label
        move(child, target, request)
        add_redirect(target, old, resource_path(child))
        moved += 1
    return moved


def merge(source, target, request):
    """Merge commune site ``source`` into ``target``: every section's content moves to the
    same plugin's section there (enabled if needed), labelled "former unit"; ``source``
    is then removed, its address and host name lead to ``target``."""
    label = source.title
    moved = 0
    for plugin in enabled_names(source, request.registry):
        section = section_of(source, plugin)
        if section is None:
            continue
        enable(target, plugin, request)
        moved += _merge_into(section, section_of(target, plugin), label, request)
    host, old = source.host, resource_path(source)
    section = source.__parent__
    set_host(source, "")
    merged = section.merged_records()
    merged[source.__name__] = {"title": label, "into": target.__name__}
    remove(section, source.__name__, request)
    add_redirect(target, old, resource_path(target))
    if host and not target.host:
        set_host(target, host)
    return moved
