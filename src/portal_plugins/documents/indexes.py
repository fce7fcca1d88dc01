"""The section's own indexes of its documents, kept by subscribers in the same
transaction as the change: number uniqueness, lookup by number, uid → document and the
reverse relations. Nothing here scans the section."""
from portal_core.search.analysis import normalize_code
from portal_core.text import fold, nfc

from .resources import ILegalDocument, ILegalDocumentSection, RELATION_NAMES


def agency_key(agency):
    """An agency name as compared for uniqueness: NFC, folded, single spaces."""
    return " ".join(fold(nfc(agency or "")).split())


def number_key(agency, year, number):
    """The uniqueness key ``(agency, year, normalized number)``."""
    return (agency_key(agency), year or 0, normalize_code(number or ""))


def key_of(doc):
    return number_key(doc.agency, doc.year, doc.number)


def number_owner(section, agency, year, number):
    """The uid holding this number for that agency and year, or None."""
    return section.numbers.get(number_key(agency, year, number))


def find_by_number(section, number):
    """Documents of ``section`` whose number is ``number`` (normalized comparison)."""
    uids = section.by_number.get(normalize_code(number or ""), {})
    return [section.by_uid[uid] for uid in uids if uid in section.by_uid]


def document(section, uid):
    return section.by_uid.get(uid)


def reverse_links(section, doc):
    """``(relation, source document)`` pairs pointing at ``doc``, in relation order."""
    pairs = section.reverse.get(doc.uid)
    if not pairs:
        return []
    found = [(relation, section.by_uid.get(source)) for relation, source in pairs.keys()]
    order = {name: i for i, name in enumerate(RELATION_NAMES)}
    return sorted(((r, s) for r, s in found if s is not None),
                  key=lambda pair: (order.get(pair[0], 99), pair[1].number))


def _set_add(tree, key, member):
    from BTrees.OOBTree import OOBTree
    members = tree.get(key)
    if members is None:
        members = tree[key] = OOBTree()
    members[member] = None


def _set_discard(tree, key, member):
    members = tree.get(key)
    if members is not None and member in members:
        del members[member]
        if not len(members):
            del tree[key]


def unindex(section, doc):
    """Take ``doc`` out of every index of ``section`` (as it was last indexed)."""
    old = section.indexed.get(doc.uid)
    if old is None:
        return
    key, relations = old
    if section.numbers.get(key) == doc.uid:
        del section.numbers[key]
    _set_discard(section.by_number, key[2], doc.uid)
    for relation, target in relations:
        _set_discard(section.reverse, target, (relation, doc.uid))
    section.by_uid.pop(doc.uid, None)
    del section.indexed[doc.uid]


def index(section, doc):
    """(Re)index ``doc``: writes only the entries that changed. A number already held by
    another document (a restore from the trash after someone reused it) keeps its first
    holder; the form refuses such duplicates before they get here."""
    key, relations = key_of(doc), doc.relations()
    if section.indexed.get(doc.uid) == (key, relations) and doc.uid in section.by_uid:
        return
    unindex(section, doc)
    if key[2] and section.numbers.get(key) is None:
        section.numbers[key] = doc.uid
    if key[2]:
        _set_add(section.by_number, key[2], doc.uid)
    for relation, target in relations:
        _set_add(section.reverse, target, (relation, doc.uid))
    section.by_uid[doc.uid] = doc
    section.indexed[doc.uid] = (key, relations)


def _target(event, parent=None):
    doc = event.object
    section = parent if parent is not None else getattr(doc, "__parent__", None)
    if ILegalDocument.providedBy(doc) and ILegalDocumentSection.providedBy(section):
        return section, doc
    return None, None


def index_on_add(event):
    """ObjectAdded: index a new (or restored) document in its section."""
    section, doc = _target(event, getattr(event, "parent", None))
    if doc is not None:
        index(section, doc)


def reindex_on_modify(event):
    """ObjectModified: re-index after an edit (number, agency, date or relations)."""
    section, doc = _target(event)
    if doc is not None:
        index(section, doc)


def unindex_on_remove(event):
    """ObjectRemoved (deleting moves to the trash): forget the document; its reverse links
    disappear from the documents it pointed at."""
    section, doc = _target(event, getattr(event, "parent", None))
    if doc is not None:
        unindex(section, doc)
