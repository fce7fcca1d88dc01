"""Groups of users: ``portal.groups`` maps group id → Group (title + member logins).

A group's principal is ``group:<id>``; roles are granted to it like to a user (on
``@@sharing``). Membership is stored twice and kept in step here: on the group
(``members``, for the group page) and on each member (``User.groups``, which the security
policy reads on every request without loading the groups). Ids of deleted groups are
retired, never reused, so that a new group cannot inherit an old group's forgotten grants.

Views (portal root, ``portal.manage-users``): ``@@groups``, ``@@add-group``,
``@@edit-group/<id>``, ``@@delete-group`` (POST).
"""
import colander
import deform
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent
from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from ..content.schemas import PortalSchema, text_node, textarea_node
from ..forms import FormView
from ..i18n import _, flash
from ..interfaces import IPortal
from ..text import nfc
from .permissions import MANAGE_USERS
from .principals import LOGIN_RE
from .roles import MANAGER, roles_in

FORM = "portal_core:templates/form.pt"
MAX_MEMBERS = 5000


class Group(Persistent):
    """A named set of users; ``members`` is a sorted tuple of logins."""

    title = ""
    description = ""
    members = ()

    def __init__(self, group_id, title="", description=""):
        self.id = group_id
        self.title = nfc(title)
        self.description = nfc(description)

    @property
    def principal(self):
        return "group:" + self.id

    @property
    def display_name(self):
        return self.title or self.id


class Groups(Persistent):
    """Group id → Group on an OOBTree with an O(1) count; retired ids are kept."""

    def __init__(self):
        self._groups = OOBTree()
        self._count = Length()
        self._retired = OOTreeSet()

    def get(self, group_id, default=None):
        return self._groups.get(group_id, default) if group_id else default

    def __contains__(self, group_id):
        return group_id in self._groups

    def __len__(self):
        return self._count()

    def values(self):
        return self._groups.values()

    def add(self, group_id, title="", description=""):
        """Create and store a group; ValueError (Vietnamese) on a bad, taken or retired id."""
        if not LOGIN_RE.match(group_id or ""):
            raise ValueError(_("Mã nhóm không hợp lệ: 2–64 ký tự thường không dấu, chữ số, "
                               "dấu chấm, gạch dưới hoặc gạch ngang."))
        if group_id in self._groups or group_id in self._retired:
            raise ValueError(_("Mã nhóm “${id}” đã được dùng.", mapping={"id": group_id}))
        group = self._groups[group_id] = Group(group_id, title, description)
        self._count.change(1)
        return group

    def remove(self, group_id, users):
        """Delete the group, take it off its members (writes them) and retire its id."""
        group = self._groups.pop(group_id)
        self._count.change(-1)
        self._retired.add(group_id)
        set_members(group, (), users)


def groups_of(portal):
    """``portal.groups`` or None when no group was ever created (reads only)."""
    return portal.groups


def ensure_groups(portal):
    """``portal.groups``, created on first use (writes the portal then)."""
    if portal.groups is None:
        portal.groups = Groups()
    return portal.groups


def set_members(group, logins, users):
    """Make ``logins`` the members of ``group``; updates ``User.groups`` of everyone who
    joins or leaves (writes those users and the group). Returns ``(added, removed)``."""
    new, old = set(logins), set(group.members)
    for login in new - old:
        user = users.get(login)
        user.groups = tuple(sorted(set(user.groups) | {group.id}))
    for login in old - new:
        user = users.get(login)
        if user is not None:
            user.groups = tuple(g for g in user.groups if g != group.id)
    if new != old:
        group.members = tuple(sorted(new))
    return sorted(new - old), sorted(old - new)


def principals_of(user):
    """The principals roles can be granted to for ``user``: itself and its groups."""
    return [user.principal] + ["group:" + g for g in user.groups]


def is_portal_manager(portal, user):
    """True when ``user`` holds Manager on the portal (itself or through a group)."""
    return MANAGER in roles_in(portal, principals_of(user))


def group_is_privileged(portal, group):
    """True when the group holds Manager on the portal: only Managers may change it."""
    return MANAGER in roles_in(portal, [group.principal])


# --- views -------------------------------------------------------------------------------

@view_config(context=IPortal, name="groups", renderer="portal_core:templates/groups.pt",
             permission=MANAGE_USERS)
def groups_view(context, request):
    """``@@groups``: every group with its member count."""
    groups = groups_of(context)
    return {"groups": list(groups.values()) if groups is not None else []}


class _Members(colander.String):
    """Logins one per line (or separated by commas/spaces) ↔ a tuple of logins."""

    def serialize(self, node, appstruct):
        if appstruct is colander.null:
            return colander.null
        return "\n".join(appstruct)

    def deserialize(self, node, cstruct):
        value = super().deserialize(node, cstruct)
        if value is colander.null:
            return ()
        logins = [part.strip().lower() for part in value.replace(",", " ").split()]
        return tuple(dict.fromkeys(login for login in logins if login))


@colander.deferred
def _members_validator(node, kw):
    users = kw["request"].root.users

    def validate(node, value):
        if len(value) > MAX_MEMBERS:
            raise colander.Invalid(node, _("Quá nhiều thành viên: tối đa ${max}.",
                                           mapping={"max": MAX_MEMBERS}))
        unknown = [login for login in value if login not in users]
        if unknown:
            raise colander.Invalid(node, _("Không có người dùng: ${logins}",
                                           mapping={"logins": ", ".join(unknown[:20])}))
    return validate


class GroupSchema(PortalSchema):
    title = text_node(_("Tên nhóm"))
    description = textarea_node(_("Mô tả"), max_length=1000, rows=2)
    members = colander.SchemaNode(
        _Members(), title=_("Thành viên"), missing=(), validator=_members_validator,
        description=_("Tên đăng nhập, mỗi dòng một người."),
        widget=deform.widget.TextAreaWidget(rows=6))


class GroupAddSchema(GroupSchema):
    group_id = text_node(_("Mã nhóm"), max_length=64,
                         description=_("Chữ thường không dấu, ví dụ: phong-van-hoa"),
                         insert_before="title")


@view_config(context=IPortal, name="add-group", renderer=FORM, permission=MANAGE_USERS)
class AddGroupView(FormView):
    """``@@add-group``: id, title, description and the first members."""

    schema = GroupAddSchema
    buttons = ("save", "cancel")
    title = _("Thêm nhóm")

    def save_success(self, appstruct):
        groups = ensure_groups(self.context)
        try:
            group = groups.add(appstruct["group_id"].lower(), appstruct["title"],
                               appstruct["description"])
        except ValueError as error:
            raise colander.Invalid(self.form.schema["group_id"], error.args[0])
        set_members(group, appstruct["members"], self.context.users)
        flash(self.request, _("Đã tạo nhóm “${title}”.", mapping={"title": group.title}))
        return HTTPSeeOther(self.request.resource_url(self.context, "@@groups"))

    def cancel(self):
        return HTTPSeeOther(self.request.resource_url(self.context, "@@groups"))


def _group_for_change(context, request, group_id):
    """The group ``group_id`` (404 if none); 403 unless the user may change it."""
    groups = groups_of(context)
    group = groups.get(group_id) if groups is not None else None
    if group is None:
        raise HTTPNotFound(_("Không có nhóm này."))
    if group_is_privileged(context, group) and not is_portal_manager(context,
                                                                     request.identity):
        raise HTTPForbidden(_("Chỉ Quản trị hệ thống (Manager) được sửa nhóm có vai trò "
                              "Manager."))
    return group


@view_config(context=IPortal, name="edit-group", renderer=FORM, permission=MANAGE_USERS)
class EditGroupView(FormView):
    """``@@edit-group/<id>``: title, description and members (not the id)."""

    schema = GroupSchema
    buttons = ("save", "cancel")

    def __init__(self, context, request):
        super().__init__(context, request)
        self.group = _group_for_change(context, request, (request.subpath or ("",))[0])
        self.title = _("Sửa nhóm “${title}”", mapping={"title": self.group.display_name})

    def appstruct(self):
        group = self.group
        return {"title": group.title, "description": group.description,
                "members": group.members}

    def save_success(self, appstruct):
        group = self.group
        group.title, group.description = appstruct["title"], appstruct["description"]
        set_members(group, appstruct["members"], self.context.users)
        flash(self.request, _("Đã lưu nhóm “${title}”.", mapping={"title": group.title}))
        return HTTPSeeOther(self.request.resource_url(self.context, "@@groups"))

    def cancel(self):
        return HTTPSeeOther(self.request.resource_url(self.context, "@@groups"))


@view_config(context=IPortal, name="delete-group", request_method="POST",
             permission=MANAGE_USERS)
def delete_group_view(context, request):
    """POST ``group``: delete it (its members leave it; its id is retired)."""
    group = _group_for_change(context, request, request.POST.get("group", ""))
    groups_of(context).remove(group.id, context.users)
    flash(request, _("Đã xóa nhóm “${title}”.", mapping={"title": group.display_name}))
    return HTTPSeeOther(request.resource_url(context, "@@groups"))
