"""Edit conflicts: the notice shown when an item changed after its edit form was opened.

``EditView`` puts the item's revision number in its form; when the number differs on
save, nothing is stored and the form comes back with what the editor typed, topped by
this notice (who changed it and when, their changes, and the editor's own differences).
"""
from pyramid.renderers import render

from ..dates import format_datetime
from ..i18n import _
from .api import current_number, is_file, person_name, schema_fields
from .diff import diff_values
from .views import diff_table


def changed_since(obj, base):
    """Names of the fields changed by the kept revisions after ``base``, in save order."""
    history = obj.revisions
    names = []
    for revision in reversed(history.newest_first() if history is not None else ()):
        if revision.number > base:
            names.extend(name for name in revision.changed if name not in names)
    return names


def conflict_message(request, obj):
    """"Changed by X at T" for ``obj``'s latest save (full name, Vietnam time)."""
    history = obj.revisions
    latest = history.latest() if history is not None else None
    actor = latest.actor if latest is not None else getattr(obj, "modified_by", None)
    time = latest.time if latest is not None else obj.modified
    return _("Nội dung đã được ${who} sửa lúc ${when}",
             mapping={"who": person_name(request, actor) or "—",
                      "when": format_datetime(time)})


def conflict_notice(request, obj, base, typed):
    """HTML (escaped by its template) for an editor whose form started at revision
    ``base`` while ``obj`` is now at a later one; ``typed`` is the validated form data.
    Reads ``obj`` only."""
    registry = request.registry
    fields = schema_fields(registry, obj.type_name)
    titles = {name: node.title for name, node in fields}
    current = {name: getattr(obj, name, None) for name in titles}
    mine = dict(current)
    mine.update({key: value for key, value in typed.items() if key in current})
    rows, _same = diff_values(registry, obj.type_name, current, mine)
    history = obj.revisions
    number = current_number(obj)
    diff_url = None
    if history is not None and history.get(base) is not None:
        diff_url = request.resource_url(obj, "@@diff", query={"a": base, "b": number})
    values = {
        "message": conflict_message(request, obj),
        "changed": [titles.get(name, name) for name in changed_since(obj, base)],
        "diff_url": diff_url,
        "item_url": request.resource_url(obj),
        "history_url": request.resource_url(obj, "@@history"),
        "table": diff_table(request, rows) if rows else "",
        "lost_upload": any(is_file(value) for value in typed.values()),
    }
    return render("portal_core:revisions/templates/conflict.pt", values, request=request)
