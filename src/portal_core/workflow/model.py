"""Declarative workflows: states map permissions to roles, transitions are guarded.

Nothing but the state name (and a history) is stored on an object; the roles each state
grants are code, so a workflow can change without a migration.
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class State:
    """A workflow state; ``roles`` maps a permission to the roles holding it here (other
    permissions keep the default table); ``public`` states are what anonymous visitors
    may see (in pages, listings and blocks)."""

    name: str
    title: str
    roles: dict = field(default_factory=dict)
    public: bool = False


@dataclass(frozen=True)
class Transition:
    """A move from one of ``source`` to ``dest``, allowed to holders of ``guard``."""

    name: str
    title: str
    source: tuple
    dest: str
    guard: str
    comment_required: bool = False


@dataclass(frozen=True)
class Workflow:
    """States and transitions of one kind of content."""

    name: str
    title: str
    initial: str
    states: tuple
    transitions: tuple

    def __post_init__(self):
        names = {s.name for s in self.states}
        if self.initial not in names:
            raise ValueError("initial state %r is not a state" % self.initial)
        for t in self.transitions:
            unknown = (set(t.source) | {t.dest}) - names
            if unknown:
                raise ValueError("transition %r names unknown states %s" % (t.name, unknown))

    def state(self, name):
        """The ``State`` called ``name`` (the initial one for an unknown name)."""
        for state in self.states:
            if state.name == name:
                return state
        return self.state(self.initial)

    def transition(self, name):
        for transition in self.transitions:
            if transition.name == name:
                return transition
        return None

    def transitions_from(self, state_name):
        return [t for t in self.transitions if state_name in t.source]
