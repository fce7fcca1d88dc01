"""Enable/disable hooks and demo content of the urgent notices plugin."""
import datetime

from portal_core.content import add, utcnow
from portal_core.workflow import publish_now

from .resources import UrgentNotice


def on_enable(site, section, request):
    """Nothing to create: no urgent notice is the normal state."""


def on_disable(site, section, request):
    """Nothing to undo: notices stay; the banner is hidden while disabled."""


def demo(site, section, request):
    """One live warning for the demo portal, expiring in three days."""
    now = utcnow().replace(second=0, microsecond=0)
    notice = UrgentNotice(
        title="Cảnh báo mưa lớn, lũ quét và sạt lở đất",
        message="Từ đêm nay đến hết ngày mai có mưa to đến rất to. Người dân vùng trũng, "
                "ven suối chủ động di chuyển tài sản, không qua ngầm tràn khi nước lớn.",
        severity="warning", effective=now - datetime.timedelta(hours=1),
        expires=now + datetime.timedelta(days=3), tags=("demo",))
    add(section, notice, request)
    publish_now(notice, request)
