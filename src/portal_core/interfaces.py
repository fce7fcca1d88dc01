"""Marker interfaces of the core resources; plugins subclass them for their own types."""
from zope.interface import Attribute, Interface


class IContent(Interface):
    """A traversable content object with Dublin Core-like metadata."""

    uid = Attribute("Stable unique id (hex string)")
    title = Attribute("Title, NFC")
    type_name = Attribute("Name of the registered content type")


class IContainer(IContent):
    """Content that holds other content by name."""


class ISection(IContainer):
    """A top-level container created by a plugin inside a site."""

    plugin = Attribute("Name of the plugin that owns this section")


class ISite(IContainer):
    """A site: its own settings, enabled plugins, navigation and local roles."""


class IPortal(ISite):
    """The root site of the portal (province, district, commune or department)."""


class IListable(IContent):
    """Content that appears in newest-first listings (has an effective date)."""
