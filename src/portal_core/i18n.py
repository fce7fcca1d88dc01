"""UI strings: Vietnamese message ids (the default language), English catalogue in locale/.

A visitor chooses English with ``?lang=en`` on any page; the choice is kept in a ``lang``
cookie that only that explicit choice sets.
"""
from pyramid.i18n import TranslationString, TranslationStringFactory, make_localizer
from pyramid.interfaces import ITranslationDirectories
from pyramid_chameleon.interfaces import IChameleonTranslate
from pyramid_chameleon.localization import translator as request_translator
from translationstring import ChameleonTranslate

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


class CachedTemplateTranslate:
    """Chameleon's ``translate`` for page templates: plain messages (no ``${}`` mapping)
    are translated once per language and cached; the rest go through the request's
    localizer. The language comes from ``target_language``, which ``add_target_language``
    puts into every render."""

    def __init__(self, registry):
        self.registry = registry
        self.fallback = ChameleonTranslate(request_translator)
        self.cache = {}
        self.localizers = {}

    def __call__(self, msgid, domain=None, mapping=None, context=None, target_language=None,
                 default=None):
        if msgid is None or target_language is None or mapping or \
                getattr(msgid, "mapping", None):
            return self.fallback(msgid, domain=domain, mapping=mapping, context=context,
                                 target_language=target_language, default=default)
        domain = domain or getattr(msgid, "domain", None)
        key = (target_language, domain, msgid, default)
        text = self.cache.get(key)
        if text is None:
            message = TranslationString(msgid, domain=domain, default=default)
            text = self.cache[key] = self._localizer(target_language).translate(message)
        return text

    def _localizer(self, language):
        localizer = self.localizers.get(language)
        if localizer is None:
            dirs = self.registry.queryUtility(ITranslationDirectories) or []
            localizer = self.localizers[language] = make_localizer(language, dirs)
        return localizer


def add_target_language(event):
    """BeforeRender subscriber: tell Chameleon the request's language."""
    request = event.get("request")
    if request is not None and "target_language" not in event:
        event["target_language"] = request.locale_name


def _register_template_translate(registry):
    registry.registerUtility(CachedTemplateTranslate(registry), IChameleonTranslate)


def includeme(config):
    config.add_translation_dirs("portal_core:locale")
    config.add_subscriber(add_target_language, "pyramid.events.BeforeRender")
    config.action(None, _register_template_translate, args=(config.registry,), order=1001)
    config.set_locale_negotiator(negotiate_locale)
    config.add_subscriber(remember_language, "pyramid.events.NewResponse")
