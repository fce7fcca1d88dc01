"""UI strings: Vietnamese message ids (the default language), English catalogue in locale/.

A visitor chooses English with ``?lang=en`` on any page; the choice is kept in a ``lang``
cookie that only that explicit choice sets.
"""
from pyramid.i18n import TranslationStringFactory

_ = TranslationStringFactory("portal")
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}
DEFAULT_LANGUAGE = "vi"
LANG_COOKIE = "lang"


def negotiate_locale(request):
    """``?lang=`` beats the ``lang`` cookie, which beats the default (Vietnamese)."""
    for value in (request.params.get("lang"), request.cookies.get(LANG_COOKIE)):
        if value in LANGUAGES:
            return value
    return DEFAULT_LANGUAGE


def remember_language(event):
    """NewResponse subscriber: persist an explicit ``?lang=`` choice in a cookie."""
    request = event.request
    chosen = request.GET.get("lang")
    if chosen in LANGUAGES and request.cookies.get(LANG_COOKIE) != chosen:
        event.response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="Lax")


def flash(request, message, queue="success"):
    """Queue a message for the next page, translated now (the session stores plain text)."""
    request.session.flash(request.localizer.translate(message), queue)


def includeme(config):
    config.add_translation_dirs("portal_core:locale")
    config.set_locale_negotiator(negotiate_locale)
    config.add_subscriber(remember_language, "pyramid.events.NewResponse")
