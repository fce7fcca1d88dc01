"""The section's code index (``normalized code → uid``), kept by subscribers in the same
transaction as the change, drafts included: the form refuses a code another procedure
of the section holds without scanning the section."""
from portal_core.search.analysis import normalize_code

from .resources import IProcedure, IProcedureSection


def code_key(code):
    """A code as compared for uniqueness (NFC, no spaces, folded, lower case)."""
    return normalize_code(code or "").lower()


def code_owner(section, code):
    """The uid of the procedure of ``section`` holding ``code``, or None."""
    key = code_key(code)
    return section.codes.get(key) if key else None


def unindex(section, procedure):
    key = section.indexed.get(procedure.uid)
    if key is None:
        return
    if section.codes.get(key) == procedure.uid:
        del section.codes[key]
    del section.indexed[procedure.uid]


def index(section, procedure):
    """(Re)index ``procedure``'s code. A code already held by another procedure (a
    restore from the trash after it was reused) keeps its first holder."""
    key = code_key(procedure.code)
    if section.indexed.get(procedure.uid) == key:
        return
    unindex(section, procedure)
    if key and section.codes.get(key) is None:
        section.codes[key] = procedure.uid
    section.indexed[procedure.uid] = key


def _target(event, parent=None):
    obj = event.object
    section = parent if parent is not None else getattr(obj, "__parent__", None)
    if IProcedure.providedBy(obj) and IProcedureSection.providedBy(section):
        return section, obj
    return None, None


def index_on_add(event):
    """ObjectAdded: index a new (or restored) procedure's code."""
    section, procedure = _target(event, getattr(event, "parent", None))
    if procedure is not None:
        index(section, procedure)


def reindex_on_modify(event):
    """ObjectModified: follow a changed code."""
    section, procedure = _target(event)
    if procedure is not None:
        index(section, procedure)


def unindex_on_remove(event):
    """ObjectRemoved (deleting moves to the trash): free the code."""
    section, procedure = _target(event, getattr(event, "parent", None))
    if procedure is not None:
        unindex(section, procedure)
