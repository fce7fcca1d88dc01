"""``@@plugins``: a site admin switches plugins and orders the main navigation."""
from types import SimpleNamespace

from pyramid.httpexceptions import HTTPBadRequest, HTTPSeeOther
from pyramid.view import view_config

from ..i18n import _, flash
from ..interfaces import ISite
from ..security.permissions import MANAGE_PLUGINS
from .state import PluginError, disable, enable, is_enabled, section_of


def plugin_rows(site, request):
    """One row per installed plugin with its per-site state."""
    rows = []
    for plugin in request.registry.portal_plugins:
        state = site.plugin_state.get(plugin.name) or {}
        section = section_of(site, plugin.name)
        info = plugin.sections[0] if plugin.sections else None
        order = (site.settings.get("nav_order") or {}).get(plugin.name,
                                                           info.order if info else 0)
        rows.append(SimpleNamespace(plugin=plugin, enabled=is_enabled(site, plugin.name),
                                    state=state, section=section, order=order))
    return rows


def _save_order(site, post):
    order = dict(site.settings.get("nav_order") or {})
    for key, value in post.items():
        if key.startswith("order.") and value.strip():
            try:
                order[key[6:]] = int(value)
            except ValueError:
                raise HTTPBadRequest(_("Thứ tự phải là số nguyên."))
    site.settings["nav_order"] = order


@view_config(context=ISite, name="plugins", renderer="portal_core:templates/plugins.pt",
             permission=MANAGE_PLUGINS)
def plugins_view(context, request):
    """GET lists installed plugins; POST ``enable``/``disable`` one or saves the order."""
    if request.method == "POST":
        name = request.POST.get("plugin", "")
        try:
            if "enable" in request.POST:
                enable(context, name, request)
                flash(request, _("Đã bật “${name}”.", mapping={"name": name}), "success")
            elif "disable" in request.POST:
                disable(context, name, request)
                flash(request, _("Đã tắt “${name}”. Không có dữ liệu nào bị xóa.",
                                        mapping={"name": name}), "success")
            elif "save_order" in request.POST:
                _save_order(context, request.POST)
                flash(request, _("Đã lưu thứ tự trình đơn."), "success")
        except PluginError as error:
            request.response.status = 400
            return {"rows": plugin_rows(context, request), "error": request.localizer.translate(error.message),
                    "failed": request.registry.portal_plugins.failed}
        return HTTPSeeOther(request.resource_url(context, "@@plugins"))
    return {"rows": plugin_rows(context, request), "error": None,
            "failed": request.registry.portal_plugins.failed}
