"""Blocks: home tiles and sidebar/footer portlets that plugins register with ``add_block``."""
from dataclasses import dataclass

from pyramid.renderers import render

from ..plugins.state import find_site, is_enabled

SLOTS = ("home", "sidebar", "footer")


@dataclass(frozen=True)
class BlockInfo:
    """A block: ``view(context, request)`` returns template values, or None to stay hidden."""

    name: str
    view: object
    renderer: str
    slot: str = "sidebar"
    title: str = ""
    plugin: str = None
    order: int = 100


class BlockRegistry:
    """Registered blocks per slot, sorted by order; at ``registry.portal_blocks``."""

    def __init__(self):
        self._blocks = {}

    def register(self, info):
        self._blocks[info.name] = info

    def for_slot(self, slot):
        return sorted((b for b in self._blocks.values() if b.slot == slot),
                      key=lambda b: (b.order, b.name))


def add_block(config, name, view, renderer, slot="sidebar", title="", plugin=None, order=100):
    """Directive: register a block; its plugin must be enabled on the site for it to show."""
    if slot not in SLOTS:
        raise ValueError("unknown block slot %r (one of %s)" % (slot, ", ".join(SLOTS)))
    info = BlockInfo(name, config.maybe_dotted(view), renderer, slot, title, plugin, order)
    registry = config.registry
    config.action(("portal.block", name), lambda: registry.portal_blocks.register(info))
    return info


def render_blocks(slot, context, request):
    """HTML of every visible block of ``slot`` for ``context``'s site, in order.

    Reads ZODB only through the blocks' own views (listing indexes, never folder scans).
    """
    site = find_site(context)
    html = []
    for block in request.registry.portal_blocks.for_slot(slot):
        if block.plugin and not is_enabled(site, block.plugin):
            continue
        values = block.view(context, request)
        if values is None:
            continue
        values.setdefault("block", block)
        html.append(render(block.renderer, values, request=request))
    return html
