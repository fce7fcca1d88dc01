"""Upgrade steps for stored data: ``add_upgrade_step`` and ``portal CONFIG evolve``.

Each package (``core`` or a plugin name) has a data version recorded in
``portal.evolved``. A step moves one package from ``source`` to ``dest``; the runner
applies pending steps in order, one transaction per step, outside requests. A new portal
is created at the latest versions, so it has nothing to run.
"""
from dataclasses import dataclass

from persistent.mapping import PersistentMapping

from .text import nfc

CORE = "core"


@dataclass(frozen=True)
class UpgradeStep:
    package: str
    source: int
    dest: int
    handler: object
    title: str = ""


class UpgradeRegistry:
    """Steps by package; at ``registry.portal_upgrades``."""

    def __init__(self):
        self.steps = {}

    def register(self, step):
        self.steps.setdefault(step.package, []).append(step)
        self.steps[step.package].sort(key=lambda s: s.source)

    def latest(self, package):
        steps = self.steps.get(package)
        return max(s.dest for s in steps) if steps else 0

    def pending(self, package, current):
        """Steps that bring ``package`` from ``current`` to its latest version, in order."""
        chain = []
        for step in self.steps.get(package, []):
            if step.source == current:
                chain.append(step)
                current = step.dest
        return chain


def add_upgrade_step(config, package, source, dest, handler, title=""):
    """Directive: register ``handler(portal, request)`` moving ``package`` source → dest."""
    step = UpgradeStep(package, source, dest, config.maybe_dotted(handler), title)
    registry = config.registry
    config.action(("portal.upgrade", package, source),
                  lambda: registry.portal_upgrades.register(step))


def versions(portal):
    """The ``{package: version}`` record of ``portal`` (writes it on first use)."""
    if portal.evolved is None:
        portal.evolved = PersistentMapping()
    return portal.evolved


def mark_current(portal, registry):
    """Record every package at its latest version (used when a portal is created)."""
    record = versions(portal)
    for package in registry.portal_upgrades.steps:
        record[package] = registry.portal_upgrades.latest(package)


def pending_steps(portal, registry):
    """All steps not yet applied to ``portal``, package by package."""
    known = portal.evolved or {}
    upgrades = registry.portal_upgrades
    return [step for package in sorted(upgrades.steps)
            for step in upgrades.pending(package, known.get(package, 1))]


def run_steps(portal, request, transaction_manager, dry_run=False, out=print):
    """Apply pending steps, committing after each; a transaction is open on return.

    With ``dry_run`` every step runs and everything is aborted at the end.
    """
    done = []
    for step in pending_steps(portal, request.registry):
        out("%s: %d → %d %s" % (step.package, step.source, step.dest, step.title))
        step.handler(portal, request)
        versions(portal)[step.package] = step.dest
        if not dry_run:
            transaction_manager.commit()
            transaction_manager.begin()
        done.append(step)
    if dry_run:
        transaction_manager.abort()
        transaction_manager.begin()
    return done


def normalize_text_to_nfc(portal, request):
    """Core step 1 → 2: store every title and description in Unicode NFC.

    Content imported from older systems often holds decomposed (NFD) Vietnamese, which
    looks identical but breaks matching and slugs.
    """
    stack = [portal]
    while stack:
        obj = stack.pop()
        for attr in ("title", "description"):
            value = getattr(obj, attr, None)
            if isinstance(value, str) and nfc(value) != value:
                setattr(obj, attr, nfc(value))
        if hasattr(obj, "values") and hasattr(obj, "page"):
            stack.extend(obj.values())


def publish_existing_content(portal, request):
    """Core step 2 → 3: content stored before workflows existed is taken as published
    (it was public), with a history entry saying so, and listed again."""
    from .listing import update_listings
    from .workflow.api import SYSTEM_ACTOR, set_state, workflow_for
    stack = [portal]
    while stack:
        obj = stack.pop()
        workflow = workflow_for(obj, request.registry)
        if workflow is not None and obj.workflow_state is None:
            public = next(s.name for s in workflow.states if s.public)
            set_state(obj, public, actor=SYSTEM_ACTOR, transition="evolve")
            update_listings(obj, request.registry)
        if hasattr(obj, "values") and hasattr(obj, "page"):
            stack.extend(obj.values())


def index_role_holders(portal, request):
    """Core step 3 → 4: record where local roles are granted (search reads it)."""
    from .security.roles import index_role_holders as index
    index(portal)


def includeme(config):
    config.registry.portal_upgrades = UpgradeRegistry()
    config.add_directive("add_upgrade_step", add_upgrade_step, action_wrap=False)
    config.add_upgrade_step(CORE, 1, 2, normalize_text_to_nfc,
                            "Chuẩn hóa tiêu đề và mô tả về Unicode NFC")
    config.add_upgrade_step(CORE, 2, 3, publish_existing_content,
                            "Nội dung có từ trước khi có quy trình duyệt được coi là đã đăng")
    config.add_upgrade_step(CORE, 3, 4, index_role_holders,
                            "Ghi lại nơi người dùng được giao vai trò")
