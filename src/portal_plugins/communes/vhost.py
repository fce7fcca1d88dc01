"""Virtual hosting: a commune site answers at its own host name.

A ``NewRequest`` subscriber (it runs before traversal) looks the request's host up in
the communes section's ``hosts`` map and sets Pyramid's virtual root (``X-Vhm-Root``), so
``/`` is the commune's home and generated URLs carry its host without the site's path.
``X-Forwarded-Host`` is read only from proxies listed in ``portal.trusted_proxies``.
"""
from pyramid.settings import aslist
from pyramid.traversal import resource_path
from pyramid_zodbconn import get_connection

from portal_core.bootstrap import ROOT_KEY
from portal_core.plugins import is_enabled, section_of

VHM_ROOT = "HTTP_X_VHM_ROOT"


def request_host(request):
    """The host name the visitor asked for (lower case, no port)."""
    environ = request.environ
    host = environ.get("HTTP_HOST", "")
    forwarded = environ.get("HTTP_X_FORWARDED_HOST")
    trusted = request.registry.settings.get("portal.trusted_proxies", "")
    if forwarded and environ.get("REMOTE_ADDR") in aslist(trusted):
        host = forwarded.split(",")[0]
    return host.strip().lower().rsplit(":", 1)[0] if host else ""


def communes_section(portal):
    if portal is None or not is_enabled(portal, "communes"):
        return None
    return section_of(portal, "communes")


def route_host(event):
    """NewRequest: serve a commune site at its own host name (unknown hosts: the portal)."""
    request = event.request
    environ = request.environ
    environ.pop(VHM_ROOT, None)  # never taken from the visitor
    host = request_host(request)
    if not host:
        return
    portal = get_connection(request).root().get(ROOT_KEY)
    section = communes_section(portal)
    hosts = section.hosts if section is not None else None
    site = hosts.get(host) if hosts else None
    if site is not None and site.__parent__ is section:
        environ[VHM_ROOT] = resource_path(site)


def set_host(site, host):
    """Serve ``site`` at ``host`` ("" to stop); raises ValueError if another site has it."""
    hosts = site.__parent__.host_map()
    owner = hosts.get(host) if host else None
    if owner is not None and owner is not site:
        raise ValueError(owner.title)
    if site.host and hosts.get(site.host) is site:
        del hosts[site.host]
    site.host = host
    if host:
        hosts[host] = site
