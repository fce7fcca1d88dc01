"""HTTP caching headers: anonymous pages get an ETag (304 on a match) and may be cached
briefly by a reverse proxy; staff pages are never cached."""
import hashlib

ANONYMOUS_MAX_AGE = 60
_PUBLIC = "public, max-age=%d" % ANONYMOUS_MAX_AGE


def set_cache_headers(event):
    """NewResponse subscriber for GET/HEAD HTML responses.

    Anonymous 200s: strong ETag from the body, ``public, max-age``, ``Vary: Cookie`` (the
    language and session cookies change the page). Logged-in users: ``private, no-store``.
    Reads only the response body; writes nothing.
    """
    request, response = event.request, event.response
    if request.method not in ("GET", "HEAD") or response.content_type != "text/html":
        return
    if request.__dict__.get("_portal_identity") is not None or \
            "portal_session" in request.cookies:
        response.headers["Cache-Control"] = "private, no-store"
        return
    if response.status_int != 200 or response.headers.get("Set-Cookie"):
        return
    headers = response.headers
    headers["Vary"] = "Cookie"
    headers["Cache-Control"] = _PUBLIC
    headers["ETag"] = '"%s"' % hashlib.blake2b(response.body, digest_size=12).hexdigest()
    response.conditional_response = True


def includeme(config):
    config.add_subscriber(set_cache_headers, "pyramid.events.NewResponse")
