"""The communes section (Xã, thị trấn) and the commune/town sites inside it."""
from BTrees.OOBTree import OOBTree
from zope.interface import implementer

from portal_core.content import Section, Site
from portal_core.interfaces import ISection, ISite


class ICommunesSection(ISection):
    """The section holding the commune and town sites."""


class ICommuneSite(ISite):
    """A commune or town (xã, thị trấn) component site."""


@implementer(ICommunesSection)
class CommunesSection(Section):
    """Holds the commune sites; ``hosts`` maps a host name to the site served there."""

    type_name = "CommunesSection"
    hosts = None
    merged = None

    def merged_records(self):
        """``{old name: {"title", "into"}}`` of communes merged into others."""
        if self.merged is None:
            self.merged = OOBTree()
        return self.merged

    def host_map(self):
        if self.hosts is None:
            self.hosts = OOBTree()
        return self.hosts

    def communes(self):
        """The commune sites in title order."""
        return sorted((obj for obj in self.values() if ICommuneSite.providedBy(obj)),
                      key=lambda site: site.title)


def commune_of(context):
    """The commune site ``context`` is in, or None."""
    node = context
    while node is not None and not ICommuneSite.providedBy(node):
        node = node.__parent__
    return node


@implementer(ICommuneSite)
class CommuneSite(Site):
    """A commune's own site: its settings, plugins, navigation and local roles."""

    type_name = "CommuneSite"
    host = ""
