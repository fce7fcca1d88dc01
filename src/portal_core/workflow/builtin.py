"""The built-in workflows: the editorial one (Ban biên tập approves) and one-state."""
from ..i18n import _
from ..security.permissions import DELETE, EDIT, REVIEW, SUBMIT, VIEW
from ..security.roles import (ANONYMOUS, AUTHENTICATED, EDITOR, MANAGER, OWNER, READER,
                              REVIEWER, SITE_ADMIN)
from .model import State, Transition, Workflow

_ADMINS = frozenset((MANAGER, SITE_ADMIN))
_BOARD = _ADMINS | {EDITOR, REVIEWER}
_EVERYONE = frozenset((ANONYMOUS, AUTHENTICATED))

EDITORIAL = Workflow(
    name="editorial", title=_("Biên tập – duyệt – đăng"), initial="draft",
    states=(
        State("draft", _("Bản nháp"), {
            VIEW: _ADMINS | {OWNER, EDITOR, READER},
            EDIT: _ADMINS | {OWNER, EDITOR},
            DELETE: _ADMINS | {OWNER, EDITOR},
            SUBMIT: _ADMINS | {OWNER, EDITOR}}),
        State("pending", _("Chờ duyệt"), {
            VIEW: _BOARD | {OWNER, READER},
            EDIT: _BOARD,
            DELETE: _ADMINS,
            SUBMIT: _ADMINS | {OWNER, EDITOR}}),
        State("published", _("Đã đăng"), {
            VIEW: _EVERYONE,
            EDIT: _ADMINS | {EDITOR},
            DELETE: _ADMINS | {EDITOR}}, public=True),
        State("archived", _("Lưu trữ"), {
            VIEW: _BOARD | {OWNER, READER},
            EDIT: _ADMINS,
            DELETE: _ADMINS}),
    ),
    transitions=(
        Transition("submit", _("Gửi duyệt"), ("draft",), "pending", SUBMIT),
        Transition("withdraw", _("Rút lại"), ("pending",), "draft", SUBMIT),
        Transition("publish", _("Duyệt đăng"), ("pending",), "published", REVIEW),
        Transition("reject", _("Trả lại"), ("pending",), "draft", REVIEW, comment_required=True),
        Transition("retract", _("Gỡ xuống"), ("published",), "draft", REVIEW),
        Transition("archive", _("Lưu trữ"), ("published",), "archived", REVIEW),
    ))

ONE_STATE = Workflow(
    name="one_state", title=_("Một trạng thái (đăng ngay)"), initial="published",
    states=(State("published", _("Đã đăng"), {VIEW: _EVERYONE}, public=True),),
    transitions=())
