"""Blocks: home tiles and sidebar/footer portlets that plugins register with ``add_block``."""
from dataclasses import dataclass

from pyramid.renderers import RendererHelper
from pyramid.traversal import find_root

from ..plugins.state import find_site, is_enabled

SLOTS = ("banner", "home", "sidebar", "footer")


@dataclass(frozen=True)
class BlockInfo:
    """A block: ``view(context, request)`` returns template values, or None to stay hidden.

    A ``portal_wide`` block shows on every site of the portal when its plugin is enabled
    on the portal (the district's urgent notices on every commune site).

    The template (a Chameleon ``.pt``) sees those values plus ``request``, ``layout`` and
    ``block``.
    """

    name: str
    view: object
    renderer: str
    slot: str = "sidebar"
    title: str = ""
    plugin: str = None
    order: int = 100
    portal_wide: bool = False


class BlockRegistry:
    """Registered blocks per slot, sorted by order; at ``registry.portal_blocks``."""

    def __init__(self):
        self._blocks = {}
        self._renderers = {}

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
              portal_wide=False):
    """Directive: register a block; its plugin must be enabled on the site for it to show
    (on the portal, for a ``portal_wide`` block, which then shows on every site)."""
    if slot not in SLOTS:
        raise ValueError("unknown block slot %r (one of %s)" % (slot, ", ".join(SLOTS)))
    info = BlockInfo(name, config.maybe_dotted(view), renderer, slot, title, plugin, order,
                     portal_wide)
    registry = config.registry
    config.action(("portal.block", name), lambda: registry.portal_blocks.register(info))
    return info


def render_blocks(slot, context, request):
    """HTML of every visible block of ``slot`` for ``context``'s site, in order.

    Reads ZODB only through the blocks' own views (listing indexes, never folder scans).
    """
    site = find_site(context)
    portal = find_root(context)
    blocks = request.registry.portal_blocks
    html = []
    for block in blocks.for_slot(slot):
        if block.plugin and not is_enabled(portal if block.portal_wide else site,
                                           block.plugin):
            continue
        values = block.view(context, request)
        if values is None:
            continue
        values.setdefault("block", block)
        html.append(blocks.template(block, request.registry)(
            request=request, layout=request.layout, target_language=request.locale_name,
            **values))
    return html
