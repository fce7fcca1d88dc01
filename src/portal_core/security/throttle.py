"""Login throttling and lock-out.

- **Per account.** ``MAX_FAILURES`` failed logins within ``WINDOW`` lock the account for
  ``LOCK_TIME``; while locked even the right password is refused. Known users keep their
  counter on the ``User`` in ZODB (``failed_logins``, ``locked_until``; pyramid_tm commits
  the 400 response, so it survives restarts and is shared by every process). Logins that
  do not exist are counted the same way in memory, per process, so that the answer never
  tells whether an account exists.
- **Per client address.** ``portal.login_ip_max_failures`` (default 20) failures from one
  ``REMOTE_ADDR`` within ``WINDOW`` block logins from it for ``LOCK_TIME`` (in memory, per
  process). Behind a reverse proxy, configure waitress ``trusted_proxy`` so that
  ``REMOTE_ADDR`` is the visitor's address (``X-Forwarded-For`` is never read here: a
  client could forge it).

A successful login clears the account's counter (not the address's). Time comes from this
module's ``utcnow`` so that tests can move the clock.
"""
import datetime
import threading

from ..i18n import _
from .passwords import hash_password, verify_password

MAX_FAILURES = 5
IP_MAX_FAILURES = 20
WINDOW = datetime.timedelta(minutes=15)
LOCK_TIME = datetime.timedelta(minutes=15)
MAX_KEYS = 50_000


def utcnow():
    """The throttle's clock (monkeypatch in tests)."""
    return datetime.datetime.now(datetime.timezone.utc)


def _recent(times, now):
    return tuple(t for t in times if now - t < WINDOW)


class MemoryCounter:
    """Failures and locks per key (an address or an unknown login), in memory.

    Thread-safe; keeps at most ``MAX_KEYS`` keys (expired ones are dropped first, then
    the oldest)."""

    def __init__(self, max_failures):
        self.max_failures = max_failures
        self._failures = {}
        self._locked = {}
        self._lock = threading.Lock()

    def locked_until(self, key, now):
        """When the lock on ``key`` ends, or None if ``key`` is not locked at ``now``."""
        with self._lock:
            until = self._locked.get(key)
            if until is not None and until <= now:
                del self._locked[key]
                until = None
            return until

    def fail(self, key, now):
        """Count a failure; returns True when it locked ``key``."""
        with self._lock:
            times = _recent(self._failures.pop(key, ()), now) + (now,)
            if len(times) >= self.max_failures:
                self._locked[key] = now + LOCK_TIME
                self._prune(now)
                return True
            self._failures[key] = times
            self._prune(now)
            return False

    def reset(self, key):
        with self._lock:
            self._failures.pop(key, None)
            self._locked.pop(key, None)

    def _prune(self, now):
        if len(self._failures) + len(self._locked) <= MAX_KEYS:
            return
        for key in [k for k, times in self._failures.items() if not _recent(times, now)]:
            del self._failures[key]
        for key in [k for k, until in self._locked.items() if until <= now]:
            del self._locked[key]
        while self._failures and len(self._failures) + len(self._locked) > MAX_KEYS:
            del self._failures[next(iter(self._failures))]


class LoginThrottle:
    """The per-process state of the throttle; one per app at
    ``registry.portal_login_throttle``."""

    def __init__(self, ip_max_failures=IP_MAX_FAILURES):
        self.addresses = MemoryCounter(ip_max_failures)
        self.unknown_logins = MemoryCounter(MAX_FAILURES)
        self._dummy_hash = None

    def dummy_hash(self):
        """A hash to check unknown logins against (as slow as a real check)."""
        if self._dummy_hash is None:
            self._dummy_hash = hash_password("dummy-password-0")
        return self._dummy_hash

    # --- checks (read only) ----------------------------------------------------------

    def address_blocked(self, request):
        """True when too many logins failed from the request's address lately."""
        return self.addresses.locked_until(_address(request), utcnow()) is not None

    def account_locked(self, login, user):
        """True when the account ``login`` (``user`` or None if unknown) is locked."""
        now = utcnow()
        if user is None:
            return self.unknown_logins.locked_until(login, now) is not None
        return user.locked_until is not None and user.locked_until > now

    # --- recording ---------------------------------------------------------------------

    def failed(self, request, login, user, count_account=True):
        """Record a failed attempt from the request's address and, if ``count_account``,
        against the account (writes ``user`` when it is known). Returns True when this
        failure locked the account."""
        now = utcnow()
        self.addresses.fail(_address(request), now)
        if not count_account or not login:
            return False
        if user is None:
            return self.unknown_logins.fail(login, now)
        times = _recent(user.failed_logins, now) + (now,)
        if len(times) >= MAX_FAILURES:
            user.failed_logins = ()
            user.locked_until = now + LOCK_TIME
            return True
        user.failed_logins = times
        return False

    def succeeded(self, user):
        """Clear the account's failures and lock (writes ``user`` only if it had any)."""
        if user.failed_logins or user.locked_until is not None:
            user.failed_logins = ()
            user.locked_until = None


def _address(request):
    return request.remote_addr or "-"


def login_throttle(request):
    """The app's ``LoginThrottle``."""
    return request.registry.portal_login_throttle


def install(config):
    """Create the app's throttle (called from ``portal_core.security.includeme``)."""
    settings = config.registry.settings
    config.registry.portal_login_throttle = LoginThrottle(
        int(settings.get("portal.login_ip_max_failures", IP_MAX_FAILURES)))


# --- the login check -----------------------------------------------------------------------

BAD_CREDENTIALS = _("Tên đăng nhập hoặc mật khẩu không đúng.")
ACCOUNT_LOCKED = _("Đăng nhập sai quá nhiều lần nên tài khoản này tạm thời bị khóa. Hãy "
                   "thử lại sau 15 phút hoặc liên hệ người quản trị.")
ADDRESS_BLOCKED = _("Có quá nhiều lần đăng nhập sai từ địa chỉ mạng của bạn. Hãy thử lại "
                    "sau 15 phút.")
ACCOUNT_DISABLED = _("Tài khoản này đã bị vô hiệu hóa. Hãy liên hệ người quản trị.")


class Refusal:
    """Why a login was refused: the message shown, the HTTP status and the event reason."""

    def __init__(self, message, status, reason):
        self.message, self.status, self.reason = message, status, reason


def authenticate(request, users, login, password):
    """``(user, None)`` when ``login``/``password`` may log in now, else
    ``(None, Refusal)``. Counts failures (writes the User of a known login) and clears
    them on success.

    Order: a blocked address or a locked account is refused before the password is
    looked at (so the right password does not help); an unknown login is hashed against
    a dummy hash and locked like a real one, so neither timing nor messages tell whether
    it exists; a disabled account is refused only after the right password."""
    throttle = login_throttle(request)
    user = users.get(login)
    if throttle.address_blocked(request):
        return None, Refusal(ADDRESS_BLOCKED, 429, "address")
    if throttle.account_locked(login, user):
        throttle.failed(request, login, user, count_account=False)
        return None, Refusal(ACCOUNT_LOCKED, 429, "locked")
    if user is None:
        verify_password(throttle.dummy_hash(), password)
    if user is None or not user.check_password(password):
        if throttle.failed(request, login, user):
            return None, Refusal(ACCOUNT_LOCKED, 429, "locked")
        return None, Refusal(BAD_CREDENTIALS, 400, "password")
    if user.disabled:
        return None, Refusal(ACCOUNT_DISABLED, 400, "disabled")
    throttle.succeeded(user)
    return user, None
