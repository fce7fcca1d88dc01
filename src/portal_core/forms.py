"""Forms: a ``FormView`` base on deform, and the per-request deform renderer.

A ``FormView`` renders its schema bound to ``request`` and ``context``, dispatches the
pressed button to ``<button>_success(appstruct)`` after validation, and re-renders with
inline Vietnamese errors otherwise. CSRF is checked by Pyramid before the view runs.
"""
import colander
import deform
from pyramid.httpexceptions import HTTPBadRequest, HTTPSeeOther
from deform.template import ZPTRendererFactory, default_dir
from translationstring import ChameleonTranslate

from .i18n import _

_renderer_factory = ZPTRendererFactory((default_dir,), auto_reload=False)


def deform_renderer(request):
    """A deform renderer that translates with ``request``'s locale (no thread-locals)."""
    translate = ChameleonTranslate(request.localizer.translate)

    def render(template_name, **kw):
        return _renderer_factory.load(template_name)(translate=translate, **kw)

    return render


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def reject_invalid_utf8(event):
    """NewRequest subscriber: a POSTed form field that was not valid UTF-8 (WebOb turns
    such bytes into U+FFFD) makes the whole request a 400; nothing is stored."""
    request = event.request
    if request.method != "POST" or request.content_type not in FORM_TYPES:
        return
    for value in request.POST.values():
        if isinstance(value, str) and "\ufffd" in value:
            raise HTTPBadRequest(_("Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ; không "
                                   "có gì được lưu."))


class FormView:
    """Base for form views; subclasses set ``schema``, ``buttons`` and ``*_success``."""

    schema = None
    buttons = ("save",)
    button_titles = {"save": _("Lưu"), "delete": _("Xóa"), "cancel": _("Hủy")}
    title = ""
    formid = "deform"

    def __init__(self, context, request):
        self.context = context
        self.request = request

    def make_schema(self):
        """The bound schema instance; override to add or remove nodes."""
        return self.schema()

    def appstruct(self):
        """Initial values for the form (empty for add forms)."""
        return {}

    def make_form(self):
        schema = self.make_schema().bind(request=self.request, context=self.context)
        buttons = [deform.Button(name, self.button_titles.get(name, name))
                   for name in self.buttons]
        return deform.Form(schema, buttons=buttons, formid=self.formid,
                           renderer=deform_renderer(self.request))

    def __call__(self):
        form = self.form = self.make_form()
        post = self.request.POST if self.request.method == "POST" else {}
        for button in self.buttons:
            if button in post:
                return self._submit(form, button)
        return self.response(form.render(self.appstruct()), form)

    def _submit(self, form, button):
        if button == "cancel":
            return self.cancel()
        try:
            appstruct = form.validate(self.request.POST.items())
        except deform.ValidationFailure as failure:
            self.request.response.status = 400
            return self.response(failure.render(), form)
        try:
            return getattr(self, button + "_success")(appstruct)
        except colander.Invalid as error:
            if error.node is not form.schema:
                wrapper = colander.Invalid(form.schema)
                wrapper.add(error, form.schema.children.index(error.node))
                error = wrapper
            form.widget.handle_error(form, error)
            self.request.response.status = 400
            return self.response(form.render(appstruct), form)

    def cancel(self):
        return HTTPSeeOther(self.request.resource_url(self.context))

    def response(self, html, form):
        """The renderer values: the form's HTML and the static files its widgets need."""
        resources = form.get_widget_resources()
        static = self.request.static_url
        return {
            "form": html,
            "title": self.title,
            "form_js": [static(path) for path in resources["js"]],
            "form_css": [static(path) for path in resources["css"]],
        }
