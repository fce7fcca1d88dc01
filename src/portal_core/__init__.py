"""Cổng core: ``main()`` builds the WSGI app; ``includeme`` wires the core parts in."""
from pyramid.config import Configurator

from .bootstrap import ensure_portal, root_factory
from .plugins.loader import include_plugins
from .search import start as start_search

DEFAULT_SETTINGS = {
    "tm.manager_hook": "pyramid_tm.explicit_manager",
    "retry.attempts": "3",
    "tm.annotate_user": "false",
    "portal.plugins": "*",
    "pyramid.default_locale_name": "vi",
}


def includeme(config):
    """Include the core parts (explicit list), then every installed plugin."""
    config.include("pyramid_tm")
    config.include("pyramid_retry")
    config.include("pyramid_zodbconn")
    config.include("pyramid_chameleon")
    config.include(".i18n")
    config.include(".content")
    config.include(".sites")
    config.include(".security")
    config.include(".plugins")
    config.include(".layout")
    config.include(".workflow")
    config.include(".revisions")
    config.include(".audit")
    config.include(".reports")
    config.include(".trash")
    config.include(".listing")
    config.include(".evolve")
    config.include(".caching")
    config.include(".stats")
    config.include(".search")
    config.add_static_view("static", "portal_core:static", cache_max_age=86400)
    config.add_static_view("static-deform", "deform:static", cache_max_age=86400)
    config.add_subscriber(".forms.reject_invalid_utf8", "pyramid.events.NewRequest")
    config.scan(".views")
    config.commit()
    include_plugins(config, config.registry.settings.get("portal.plugins", "*"))


def main(global_config, **settings):
    """The paste ``main`` app factory: configure, include, bootstrap the ZODB root."""
    for key, value in DEFAULT_SETTINGS.items():
        settings.setdefault(key, value)
    with Configurator(settings=settings, root_factory=root_factory) as config:
        config.include(includeme)
        app = config.make_wsgi_app()
    ensure_portal(app.registry)
    start_search(app.registry)
    return app
