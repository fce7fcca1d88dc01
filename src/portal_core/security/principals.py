"""Users stored in ZODB: ``portal.users`` maps login → User."""
import re

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent

from ..content.resources import utcnow
from ..text import nfc
from .passwords import hash_password, needs_rehash, verify_password

LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def validate_login(login):
    """Raise ValueError (Vietnamese message) unless ``login`` is an acceptable login."""
    if not LOGIN_RE.match(login or ""):
        raise ValueError("Tên đăng nhập không hợp lệ: 2–64 ký tự thường không dấu, chữ số, "
                         "dấu chấm, gạch dưới hoặc gạch ngang, bắt đầu bằng chữ hoặc số.")


class User(Persistent):
    """A person who can log in; roles are granted separately as local roles."""

    fullname = ""
    email = ""
    phone = ""
    unit = ""
    groups = ()
    password_hash = None
    created = None
    session_epoch = 0
    disabled = False          # a disabled account cannot log in
    failed_logins = ()        # times of recent failed logins (security.throttle)
    locked_until = None       # lock-out end after too many failures (security.throttle)

    def __init__(self, login, password, fullname="", email="", phone="", unit=""):
        self.login = login
        self.fullname = nfc(fullname)
        self.email = email
        if phone:
            self.phone = nfc(phone)
        if unit:
            self.unit = nfc(unit)
        self.created = utcnow()
        self.set_password(password)

    @property
    def principal(self):
        return "user:" + self.login

    @property
    def display_name(self):
        return self.fullname or self.login

    def set_password(self, password):
        """Store an argon2 hash of ``password`` and end every session (writes this object)."""
        self.password_hash = hash_password(password)
        self.end_sessions()

    def end_sessions(self):
        """Invalidate every session cookie issued so far (logout, password change)."""
        self.session_epoch += 1

    def check_password(self, password):
        """Verify ``password``; upgrades an outdated hash in place when it matches."""
        ok = verify_password(self.password_hash, password)
        if ok and needs_rehash(self.password_hash):
            self.password_hash = hash_password(password)
        return ok


class Users(Persistent):
    """Login → User on an OOBTree with an O(1) count."""

    def __init__(self):
        self._users = OOBTree()
        self._count = Length()

    def get(self, login, default=None):
        return self._users.get(login, default) if login else default

    def __contains__(self, login):
        return login in self._users

    def __len__(self):
        return self._count()

    def values(self):
        return self._users.values()

    def page(self, start, size):
        """``size`` users from position ``start`` in login order."""
        return list(self._users.values()[start:start + size])

    def add(self, login, password, **fields):
        """Create and store a user; raises ValueError on a bad or taken login."""
        validate_login(login)
        if login in self._users:
            raise ValueError("Tên đăng nhập đã có: %s" % login)
        user = self._users[login] = User(login, password, **fields)
        self._count.change(1)
        return user
