"""Which requests count as a visit (a page view), and who the visitor is.

A visit is counted for a successful (200) ``GET`` of a page of content — an item, a
section, a site's home — rendered as HTML by the object's default view (no ``@@`` view
name), by a visitor who is not an obvious bot. Logged-in users count too, except staff
(a role of ``STAFF_ROLES`` on the page: editors checking their work are not visitors) and
pages the public cannot see (drafts, expired items). Static files, blobs, ``HEAD``
requests, redirects, errors and management pages never count.
A conditional ``GET`` that ends as a 304 (``Not Modified``) still counts: the browser shows
the page again (the 304 is decided after this point from the ETag).

Nothing here reads or writes ZODB except the user's local roles for logged-in visitors
(already cached by the page's own permission check).
"""
import hashlib
import re

from ..interfaces import IContent
from ..plugins.state import find_site
from ..security import user_roles
from ..security.roles import STAFF_ROLES
from ..workflow.api import is_public

#: User-Agent fragments of robots, crawlers, link previewers and HTTP libraries
#: (matched case-insensitively anywhere in the header).
BOT_PATTERNS = (
    "bot", "crawl", "spider", "slurp", "curl", "wget", "python-requests", "python-urllib",
    "python-httpx", "aiohttp", "httpclient", "okhttp", "go-http-client", "java/",
    "libwww", "lwp-", "scrapy", "headlesschrome", "phantomjs", "puppeteer", "playwright",
    "selenium", "lighthouse", "pingdom", "uptime", "monitor", "facebookexternalhit",
    "preview", "feedfetcher", "feedparser", "zgrab", "masscan", "nmap", "nikto", "sqlmap",
    "archive.org", "httrack", "node-fetch", "axios", "postman", "insomnia", "httpie",
)
_BOT_RE = re.compile("|".join(re.escape(p) for p in BOT_PATTERNS), re.IGNORECASE)
MAX_USER_AGENT = 512


def is_bot(user_agent):
    """True for an obvious robot: no User-Agent at all, or one matching ``BOT_PATTERNS``."""
    if not user_agent or not user_agent.strip():
        return True
    return _BOT_RE.search(user_agent[:MAX_USER_AGENT]) is not None


def visitor_key(secret_key, address, user_agent):
    """A 64-bit keyed hash of the visitor's address and User-Agent (never stored raw);
    ``secret_key`` (bytes, at most 64) keeps it from being reversed by trying every
    address."""
    data = ("%s\0%s" % (address or "-", (user_agent or "")[:MAX_USER_AGENT])).encode()
    return int.from_bytes(hashlib.blake2b(data, key=secret_key, digest_size=8).digest(), "big")


def secret_key(secret):
    """The hashing key derived from ``portal.secret`` (a different key from the session's)."""
    return hashlib.blake2b(secret.encode(), person=b"portal-stats").digest()


def is_page_view(request, response):
    """True when ``response`` to ``request`` is a page view worth counting (see module
    docstring); reads the identity and roles of logged-in users only."""
    if request.method != "GET" or response.status_int != 200:
        return False
    if response.content_type != "text/html" or request.matched_route is not None:
        return False
    if request.view_name or getattr(request, "exception", None) is not None:
        return False
    context = getattr(request, "context", None)
    if not IContent.providedBy(context) or getattr(context, "uid", None) is None:
        return False
    if is_bot(request.user_agent):
        return False
    if request.identity is not None:
        if user_roles(request, context) & STAFF_ROLES:
            return False
        if not (is_public(context, request.registry) and context.is_live()):
            return False            # a page the public cannot see (its owner's draft)
    return True


def count_page_view(event):
    """NewResponse subscriber (runs after pyramid_tm has committed): count a page view in
    this process's memory for the context's site and for the context. Writes no ZODB."""
    request, response = event.request, event.response
    if not is_page_view(request, response):
        return
    context = request.context
    site = find_site(context)
    if site is None or site.uid is None:
        return
    counter = request.registry.portal_stats
    visitor = visitor_key(counter.secret_key, request.remote_addr, request.user_agent)
    counter.count(site.uid, context.uid, visitor)
