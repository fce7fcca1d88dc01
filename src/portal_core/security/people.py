"""User administration on the portal root, and the self-service password change.

``portal.manage-users`` (Manager, SiteAdmin on the portal): ``@@users`` (search, paging),
``@@add-user``, ``@@edit-user/<login>``, ``@@user-status`` (POST: disable, enable,
unlock) and ``@@reset-password`` (POST). Accounts that hold Manager on the portal can only
be changed by a Manager. Logins are never changed and accounts are disabled, not deleted
(their login stays taken, so it cannot be re-issued to someone else).

Any logged-in user: ``@@password``. After a change every other session of that user ends
and the current one is renewed (the user stays logged in here).

Generated passwords are shown once, in the response to the POST that created them
(``Cache-Control: no-store``); they are never stored in clear or put into the session.
"""
import math

import colander
import deform
from pyramid.httpexceptions import HTTPBadRequest, HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.security import remember
from pyramid.view import view_config

from ..content.schemas import PortalSchema, text_node
from ..forms import FormView
from ..i18n import _, flash
from ..interfaces import IPortal
from ..listing import page_number
from ..text import fold, nfc
from . import throttle
from .groups import is_portal_manager
from .password_policy import MAX_LENGTH, MIN_LENGTH, generate_password, password_invalid
from .permissions import MANAGE_USERS, VIEW
from .principals import validate_login
from .throttle import login_throttle

FORM = "portal_core:templates/form.pt"
PAGE_SIZE = 50
SEARCH_MAX = 200
_PHONE_CHARS = set("0123456789 +-.()")


# --- schemas -----------------------------------------------------------------------------

def _validate_phone(node, value):
    if value and not set(value) <= _PHONE_CHARS:
        raise colander.Invalid(node, _("Số điện thoại chỉ gồm chữ số, dấu cách và + - . ( )."))


def _password_node(title, description="", missing=""):
    return colander.SchemaNode(
        colander.String(), title=title, description=description, missing=missing,
        validator=colander.Length(max=MAX_LENGTH, max_err=_("Quá dài: tối đa ${max} ký tự.")),
        widget=deform.widget.PasswordWidget(redisplay=False,
                                            attributes={"autocomplete": "new-password"}))


class UserSchema(PortalSchema):
    """What an administrator edits about a person (never the login)."""

    fullname = text_node(_("Họ và tên"))
    email = colander.SchemaNode(
        colander.String(), title=_("Thư điện tử"), missing="",
        preparer=lambda v: v.strip() if isinstance(v, str) else v,
        validator=colander.All(colander.Email(msg=_("Địa chỉ thư không hợp lệ.")),
                               colander.Length(max=200)))
    phone = text_node(_("Điện thoại"), max_length=30, missing="")
    phone.validator = colander.All(phone.validator, _validate_phone)
    unit = text_node(_("Đơn vị / cơ quan"), missing="")


@colander.deferred
def _login_validator(node, kw):
    users = kw["request"].root.users

    def validate(node, value):
        try:
            validate_login(value)
        except ValueError as error:
            raise colander.Invalid(node, str(error))
        if value in users:
            raise colander.Invalid(node, _("Tên đăng nhập này đã có người dùng."))
    return validate


class UserAddSchema(UserSchema):
    login = colander.SchemaNode(
        colander.String(), title=_("Tên đăng nhập"), insert_before="fullname",
        preparer=lambda v: nfc(v).strip().lower() if isinstance(v, str) else v,
        validator=_login_validator,
        description=_("Chữ thường không dấu, chữ số, dấu chấm, gạch dưới, gạch ngang. "
                      "Không đổi được sau khi tạo."))
    password = _password_node(
        _("Mật khẩu ban đầu"),
        _("Để trống để hệ thống tạo mật khẩu ngẫu nhiên (chỉ hiện một lần)."))
    password_confirm = _password_node(_("Nhập lại mật khẩu"))

    def validator(self, node, value):
        _check_new_password(node, value, "password", "password_confirm", value["login"],
                            node.bindings["request"], required=False)


class PasswordChangeSchema(PortalSchema):
    current_password = _password_node(_("Mật khẩu hiện tại"), missing=colander.required)
    current_password.widget = deform.widget.PasswordWidget(
        redisplay=False, attributes={"autocomplete": "current-password"})
    new_password = _password_node(
        _("Mật khẩu mới"), _("Ít nhất ${min} ký tự, có cả chữ cái và chữ số, không chứa "
                             "tên đăng nhập.", mapping={"min": MIN_LENGTH}),
        missing=colander.required)
    new_password_confirm = _password_node(_("Nhập lại mật khẩu mới"),
                                          missing=colander.required)

    def validator(self, node, value):
        request = node.bindings["request"]
        _check_new_password(node, value, "new_password", "new_password_confirm",
                            request.identity.login, request)
        if value["new_password"] == value["current_password"]:
            raise colander.Invalid(node["new_password"],
                                   _("Mật khẩu mới phải khác mật khẩu hiện tại."))


def _check_new_password(node, value, field, confirm, login, request, required=True):
    password = value.get(field) or ""
    if not password and not value.get(confirm) and not required:
        return
    if password != value.get(confirm):
        raise colander.Invalid(node[confirm], _("Hai lần nhập mật khẩu không khớp."))
    error = password_invalid(node[field], password, login, request)
    if error is not None:
        raise error


# --- helpers -----------------------------------------------------------------------------

def _target_user(context, request, login):
    """The user ``login`` (404 if none); 403 when it is a Manager and the current user is
    not (a SiteAdmin must not take over a Manager's account)."""
    user = context.users.get(login)
    if user is None:
        raise HTTPNotFound(_("Không có người dùng này."))
    if is_portal_manager(context, user) and not is_portal_manager(context, request.identity):
        raise HTTPForbidden(_("Chỉ Quản trị hệ thống (Manager) được thay đổi tài khoản "
                              "Manager."))
    return user


def _show_password(request, user, password, message):
    """The once-only page with a generated password (not cached anywhere)."""
    request.response.cache_control = "no-store"
    request.response.headers["Pragma"] = "no-cache"
    return {"person": user, "password": password, "message": message}


def _matches(user, needle):
    haystack = " ".join((user.login, user.fullname, user.email, user.phone, user.unit))
    return needle in fold(haystack)


def search_users(users, query, limit=SEARCH_MAX):
    """Users whose login, name, e-mail, phone or unit contains ``query`` (diacritics and
    case ignored), at most ``limit``, in login order. Reads every user: fine for the
    thousands of accounts a portal has."""
    needle = fold(nfc(query)).strip()
    found = []
    for user in users.values():
        if _matches(user, needle):
            found.append(user)
            if len(found) >= limit:
                break
    return found


# --- views -------------------------------------------------------------------------------

@view_config(context=IPortal, name="users", renderer="portal_core:templates/users.pt",
             permission=MANAGE_USERS)
def users_view(context, request):
    """``@@users``: accounts in login order, ``q`` searches, ``page`` pages."""
    users = context.users
    query = request.GET.get("q", "")[:100].strip()
    page = page_number(request)
    if query:
        found = search_users(users, query)
        total = len(found)
        rows = found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    else:
        total = len(users)
        rows = users.page((page - 1) * PAGE_SIZE, PAGE_SIZE)
    return {"rows": rows, "total": total, "query": query, "page": page,
            "pages": max(1, math.ceil(total / PAGE_SIZE)), "now": throttle.utcnow(),
            "truncated": bool(query) and total >= SEARCH_MAX}


@view_config(context=IPortal, name="add-user", renderer=FORM, permission=MANAGE_USERS)
class AddUserView(FormView):
    """``@@add-user``: a new account with a typed or a generated first password."""

    schema = UserAddSchema
    buttons = ("save", "cancel")
    title = _("Thêm người dùng")

    def save_success(self, appstruct):
        login = appstruct["login"]
        password = appstruct["password"] or generate_password(login)
        user = self.context.users.add(
            login, password, fullname=appstruct["fullname"], email=appstruct["email"],
            phone=appstruct["phone"], unit=appstruct["unit"])
        if appstruct["password"]:
            flash(self.request, _("Đã tạo người dùng “${login}”.", mapping={"login": login}))
            return HTTPSeeOther(self.request.resource_url(self.context, "@@users"))
        self.request.override_renderer = "portal_core:templates/password_shown.pt"
        return _show_password(self.request, user, password,
                              _("Đã tạo người dùng. Mật khẩu ban đầu:"))

    def cancel(self):
        return HTTPSeeOther(self.request.resource_url(self.context, "@@users"))


@view_config(context=IPortal, name="edit-user", renderer="portal_core:templates/user_edit.pt",
             permission=MANAGE_USERS)
class EditUserView(FormView):
    """``@@edit-user/<login>``: name, contact and unit; the account actions beside."""

    schema = UserSchema
    buttons = ("save", "cancel")

    def __init__(self, context, request):
        super().__init__(context, request)
        self.user = _target_user(context, request, (request.subpath or ("",))[0])
        self.title = _("Người dùng “${login}”", mapping={"login": self.user.login})

    def appstruct(self):
        user = self.user
        return {"fullname": user.fullname, "email": user.email, "phone": user.phone,
                "unit": user.unit}

    def save_success(self, appstruct):
        user = self.user
        for key in ("fullname", "email", "phone", "unit"):
            if getattr(user, key) != appstruct[key]:
                setattr(user, key, appstruct[key])
        flash(self.request, _("Đã lưu người dùng “${login}”.", mapping={"login": user.login}))
        return HTTPSeeOther(self.request.resource_url(self.context, "@@users"))

    def cancel(self):
        return HTTPSeeOther(self.request.resource_url(self.context, "@@users"))

    def response(self, html, form):
        values = super().response(html, form)
        values.update(person=self.user, now=throttle.utcnow(),
                      is_self=self.user is self.request.identity)
        return values


@view_config(context=IPortal, name="user-status", request_method="POST",
             permission=MANAGE_USERS)
def user_status_view(context, request):
    """POST ``login`` + ``status``: ``disable`` (ends the user's sessions), ``enable``
    or ``unlock`` (both clear a lock-out). Writes the user."""
    user = _target_user(context, request, request.POST.get("login", ""))
    status = request.POST.get("status")
    if status == "disable":
        if user is request.identity:
            raise HTTPBadRequest(_("Bạn không thể tự khóa tài khoản của mình."))
        user.disabled = True
        user.end_sessions()
        message = _("Đã vô hiệu hóa tài khoản “${login}”; các phiên đăng nhập của "
                    "tài khoản đã kết thúc.", mapping={"login": user.login})
    elif status in ("enable", "unlock"):
        if status == "enable":
            user.disabled = False
        login_throttle(request).succeeded(user)
        message = _("Đã mở khóa tài khoản “${login}”.", mapping={"login": user.login})
    else:
        raise HTTPBadRequest(_("Thao tác không hợp lệ."))
    flash(request, message)
    return HTTPSeeOther(request.resource_url(context, "@@edit-user", user.login))


@view_config(context=IPortal, name="reset-password", request_method="POST",
             permission=MANAGE_USERS, renderer="portal_core:templates/password_shown.pt")
def reset_password_view(context, request):
    """POST ``login``: a new random password, shown once; ends the user's sessions and
    clears a lock-out. Writes the user."""
    user = _target_user(context, request, request.POST.get("login", ""))
    if user is request.identity:
        flash(request, _("Hãy đổi mật khẩu của chính bạn tại trang Đổi mật khẩu."), "error")
        return HTTPSeeOther(request.resource_url(context, "@@password"))
    password = generate_password(user.login)
    user.set_password(password)
    login_throttle(request).succeeded(user)
    return _show_password(request, user, password,
                          _("Đã đặt lại mật khẩu; mọi phiên đăng nhập của người dùng đã "
                            "kết thúc. Mật khẩu mới:"))


@view_config(context=IPortal, name="password", renderer=FORM, permission=VIEW)
class PasswordView(FormView):
    """``@@password``: the logged-in user changes their password (current + new twice).

    A wrong current password counts as a failed login (``security.throttle``); while the
    account is locked the change is refused. On success every other session ends and this
    one is renewed."""

    schema = PasswordChangeSchema
    buttons = ("save", "cancel")
    title = _("Đổi mật khẩu")

    def __init__(self, context, request):
        if request.identity is None:
            raise HTTPForbidden()
        super().__init__(context, request)

    def save_success(self, appstruct):
        request, user = self.request, self.request.identity
        counter = login_throttle(request)
        node = self.form.schema["current_password"]
        locked = _("Tài khoản đang tạm khóa do nhập sai mật khẩu nhiều lần; hãy thử lại "
                   "sau 15 phút.")
        if counter.account_locked(user.login, user):
            raise colander.Invalid(node, locked)
        if not user.check_password(appstruct["current_password"]):
            if counter.failed(request, user.login, user):
                raise colander.Invalid(node, locked)
            raise colander.Invalid(node, _("Mật khẩu hiện tại không đúng."))
        counter.succeeded(user)
        user.set_password(appstruct["new_password"])   # ends every session…
        remember(request, user.login)                  # …then renews this one
        flash(request, _("Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã kết thúc."))
        return HTTPSeeOther(request.resource_url(self.context))
