"""Blocks: home tiles and sidebar/footer portlets that plugins register with ``add_block``.

A block registered with ``cached=True`` says its HTML depends only on its site (plus
what its ``vary(context, request)`` returns): for anonymous visitors it is rendered once
and reused until the database changes (any commit) or 60 s pass, the same time an
anonymous page may already be kept by a proxy (``portal_core.caching.UntilCommit``).
"""
from dataclasses import dataclass

from pyramid.renderers import RendererHelper
from pyramid.traversal import find_root

from ..caching import UntilCommit
from ..plugins.state import find_site, is_enabled

SLOTS = ("banner", "home", "sidebar", "footer")


@dataclass(frozen=True)
class BlockInfo:
    """A block: ``view(context, request)`` returns template values, or None to stay hidden.

    A ``portal_wide`` block shows on every site of the portal when its plugin is enabled
    on the portal (the district's urgent notices on every commune site).

    The template (a Chameleon ``.pt``) sees those values plus ``request``, ``layout`` and
    ``block``. ``cached`` and ``vary``: see the module docstring.
    """

    name: str
    view: object
    renderer: str
    slot: str = "sidebar"
    title: str = ""
    plugin: str = None
    order: int = 100
    portal_wide: bool = False
    cached: bool = False
    vary: object = None


class BlockRegistry:
    """Registered blocks per slot, sorted by order; at ``registry.portal_blocks``."""

    def __init__(self):
        self._blocks = {}
        self._renderers = {}
        self.cache = UntilCommit()

    def register(self, info):
        self._blocks[info.name] = info

    def template(self, block, registry):
        """The block's compiled Chameleon template, looked up once."""
        template = self._renderers.get(block.name)
        if template is None:
            helper = RendererHelper(name=block.renderer, registry=registry)
            template = self._renderers[block.name] = helper.renderer.implementation()
        return template

    def for_slot(self, slot):
        return sorted((b for b in self._blocks.values() if b.slot == slot),
                      key=lambda b: (b.order, b.name))



def add_block(config, name, view, renderer, slot="sidebar", title="", plugin=None, order=100,
              portal_wide=False, cached=False, vary=None):
    """Directive: register a block; its plugin must be enabled on the site for it to show
    (on the portal, for a ``portal_wide`` block, which then shows on every site).
    ``cached=True``: its HTML depends only on the site and ``vary(context, request)``."""
    if slot not in SLOTS:
        raise ValueError("unknown block slot %r (one of %s)" % (slot, ", ".join(SLOTS)))
    info = BlockInfo(name, config.maybe_dotted(view), renderer, slot, title, plugin, order,
                     portal_wide, cached, config.maybe_dotted(vary))
    registry = config.registry
    config.action(("portal.block", name), lambda: registry.portal_blocks.register(info))
    return info


def render_blocks(slot, context, request):
    """HTML of every visible block of ``slot`` for ``context``'s site, in order.

    Reads ZODB only through the blocks' own views (listing indexes, never folder scans);
    cached blocks are reused for anonymous visitors (``UntilCommit``).
    """
    site = find_site(context)
    portal = find_root(context)
    blocks = request.registry.portal_blocks
    anonymous = request.layout.user is None
    html = []
    for block in blocks.for_slot(slot):
        if block.plugin and not is_enabled(portal if block.portal_wide else site,
                                           block.plugin):
            continue
        if block.cached and anonymous:
            key = (block.name, site._p_oid, request.locale_name, request.application_url,
                   block.vary(context, request) if block.vary else None)
            rendered = blocks.cache.get(
                request, key, lambda: _render(block, blocks, context, request))
        else:
            rendered = _render(block, blocks, context, request)
        if rendered:
            html.append(rendered)
    return html


def _render(block, blocks, context, request):
    """The block's HTML ("" when its view hides it)."""
    values = block.view(context, request)
    if values is None:
        return ""
    values.setdefault("block", block)
    return blocks.template(block, request.registry)(
        request=request, layout=request.layout, target_language=request.locale_name,
        **values)
