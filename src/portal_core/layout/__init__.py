"""Layout: the main Chameleon macro, navigation, breadcrumbs and the block registry.

Templates use ``<html metal:use-macro="layout.macro">``; ``layout`` is ``request.layout``.
"""
from pyramid.events import BeforeRender

from .admin_links import add_admin_link, admin_links  # noqa: F401
from .api import LayoutAPI
from .blocks import BlockRegistry, add_block, render_blocks  # noqa: F401


def add_layout_globals(event):
    """BeforeRender subscriber: expose ``layout`` to every template."""
    request = event.get("request")
    if request is not None and "layout" not in event:
        event["layout"] = request.layout


def includeme(config):
    config.registry.portal_blocks = BlockRegistry()
    config.add_directive("add_block", add_block, action_wrap=False)
    config.registry.portal_admin_links = []
    config.add_directive("add_admin_link", add_admin_link, action_wrap=False)
    config.add_request_method(LayoutAPI, "layout", reify=True)
    config.add_subscriber(add_layout_globals, BeforeRender)
