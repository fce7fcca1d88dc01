"""Adding, editing and removing content with events (the only way views change the tree)."""
from ..events import ObjectAdded, ObjectModified, ObjectRemoved
from ..text import slugify
from .resources import utcnow

NON_FIELD_KEYS = frozenset(("csrf_token", "name"))


def add(container, obj, request, name=None):
    """Store ``obj`` in ``container`` under ``name`` or a unique slug of its title.

    Writes the container, notifies ``ObjectAdded`` (listing indexes update in the same
    transaction). Returns the name used.
    """
    name = container.unique_name(name or slugify(obj.title) or obj.type_name.lower())
    container[name] = obj
    request.registry.notify(ObjectAdded(obj, request, parent=container))
    return name


def create(request, type_name, appstruct):
    """Build an object of ``type_name`` from form data; the creator is the current user."""
    info = request.registry.portal_types.get(type_name)
    fields = {k: v for k, v in appstruct.items() if k not in NON_FIELD_KEYS}
    return info.factory(creator=request.authenticated_userid, **fields)


def edit(obj, appstruct, request):
    """Apply changed form values to ``obj``; notify ``ObjectModified`` if anything changed.

    Returns the names of the changed fields.
    """
    changed = []
    request_user = request.authenticated_userid
    for key, value in appstruct.items():
        if key in NON_FIELD_KEYS:
            continue
        if getattr(obj, key, None) != value:
            setattr(obj, key, value)
            changed.append(key)
    if changed:
        obj.modified = utcnow()
        obj.modified_by = request_user
        request.registry.notify(ObjectModified(obj, request, changed))
    return changed


def remove(container, name, request):
    """Remove ``name`` from ``container``; ``ObjectRemoved`` is notified before it goes."""
    obj = container[name]
    request.registry.notify(ObjectRemoved(obj, request, parent=container))
    del container[name]
    return obj



def move(obj, target, request, name=None):
    """Move ``obj`` into container ``target`` (under ``name``, default its own name made
    unique there): ``ObjectRemoved`` from the old place, then ``ObjectAdded`` in the new
    one, so listings and indexes follow. Returns the name used."""
    source = obj.__parent__
    remove(source, obj.__name__, request)
    return add(target, obj, request, name=name or obj.__name__)
