"""The password policy: one check for every place that sets a password.

Used by the user administration forms (add user, admin reset), the self-service
``@@password`` form and ``portal CONFIG adduser``. The first admin's password from the
``portal.admin_password`` setting is the operator's choice and is not checked.

Rules: at least ``MIN_LENGTH`` characters (at most ``MAX_LENGTH``), at least one letter
and one digit, not containing the login, not one of a small list of very common passwords
(compared case-insensitively and without Vietnamese diacritics).
"""
import re

import colander

from ..i18n import _
from ..text import fold, nfc
from .passwords import random_password

MIN_LENGTH = 10
MAX_LENGTH = 200
_SEPARATORS = re.compile(r"[\s._@-]+")

# Very common passwords (and Vietnamese favourites) of 10+ characters that still have
# letters and digits, compared after ``_normalise`` (folded, separators removed).
COMMON_PASSWORDS = frozenset("""
password1 password12 password123 password1234 password12345 passw0rd123 p4ssw0rd123
matkhau123 matkhau1234 matkhau12345 matkhau2023 matkhau2024 matkhau2025 matkhau2026
matkhaumoi1 matkhaumoi123 doimatkhau1 doimatkhau123 admin12345 admin123456 administrator1
qwerty1234 qwerty12345 qwertyuiop1 1qaz2wsx3edc qazwsx1234 1q2w3e4r5t 1q2w3e4r5t6y
abc1234567 abcd123456 abcde12345 a123456789 123456789a 1234567890a 12345678910a
iloveyou123 anhyeuem123 emyeuanh123 vietnam123 vietnam1234 hanoi12345 saigon12345
welcome123 letmein123 trustno1234 dragon1234 monkey1234 football123 baseball123
superman123 batman12345 sunshine123 princess123 computer123 internet123
congthongtin1 quantri123 quantri1234 quantrivien1 nguoidung123 ubnd123456
""".split())


def _normalise(value):
    """Folded (lower-case, no diacritics, đ→d), without spaces and separators."""
    return _SEPARATORS.sub("", fold(nfc(value)))


def password_problems(password, login=""):
    """The policy messages (translation strings) ``password`` breaks; empty when it is
    acceptable for ``login``. Reads nothing, writes nothing."""
    password = nfc(password or "")
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_("Mật khẩu phải có ít nhất ${min} ký tự.",
                          mapping={"min": MIN_LENGTH}))
    elif len(password) > MAX_LENGTH:
        problems.append(_("Mật khẩu quá dài: tối đa ${max} ký tự.",
                          mapping={"max": MAX_LENGTH}))
    if not (any(ch.isalpha() for ch in password) and any(ch.isdigit() for ch in password)):
        problems.append(_("Mật khẩu phải có cả chữ cái và chữ số."))
    login = (login or "").strip().lower()
    if login and (login in password.lower() or
                  (len(_normalise(login)) >= 3 and _normalise(login) in _normalise(password))):
        problems.append(_("Mật khẩu không được chứa tên đăng nhập."))
    if _normalise(password) in COMMON_PASSWORDS:
        problems.append(_("Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác."))
    return problems


class WeakPassword(ValueError):
    """Raised by ``check_password``; ``messages`` are translation strings, ``str()`` is
    the Vietnamese text (for the command line)."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__(" ".join(m.interpolate() for m in self.messages))


def check_password(password, login=""):
    """Raise ``WeakPassword`` unless ``password`` satisfies the policy for ``login``."""
    problems = password_problems(password, login)
    if problems:
        raise WeakPassword(problems)


def generate_password(login="", length=16):
    """A random password that satisfies the policy for ``login`` (resets, new users)."""
    while True:
        password = random_password(length)
        if not password_problems(password, login):
            return password


def password_invalid(node, password, login, request=None):
    """A ``colander.Invalid`` on ``node`` listing the policy problems, or None."""
    problems = password_problems(password, login)
    if not problems:
        return None
    if request is not None:
        return colander.Invalid(node, " ".join(request.localizer.translate(p)
                                               for p in problems))
    return colander.Invalid(node, " ".join(p.interpolate() for p in problems))
