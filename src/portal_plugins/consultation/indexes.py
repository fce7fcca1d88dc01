"""The section's ``closing`` index ((closes, uid) → draft), kept by subscribers in the
same transaction as the change, so the home block finds open drafts without a scan."""
from .resources import IDraft, IDraftSection


def _section(event):
    parent = event.parent
    return parent if IDraftSection.providedBy(parent) and parent.closing is not None \
        else None


def _unindex(section, draft):
    key = section.closing_keys.pop(draft.uid, None)
    if key is not None and key in section.closing:
        del section.closing[key]


def _index(section, draft):
    key = (draft.closes, draft.uid) if draft.closes is not None else None
    if section.closing_keys.get(draft.uid) == key:
        return
    _unindex(section, draft)
    if key is not None:
        section.closing[key] = draft
        section.closing_keys[draft.uid] = key


def index_on_change(event):
    """ObjectAdded/ObjectModified: (re)index a draft's closing time (writes the section's
    two trees only when the key changed)."""
    section = _section(event)
    if section is not None and IDraft.providedBy(event.object):
        _index(section, event.object)


def unindex_on_remove(event):
    """ObjectRemoved: drop the draft from its section's index."""
    section = _section(event)
    if section is not None and IDraft.providedBy(event.object):
        _unindex(section, event.object)
