"""The workflow engine: states, transitions and guards declared as data.

The definitions themselves (one per case type) are in `awda.cases.workflows`; this module
only knows how to read them. A guard is a function `(case, context) -> str | None` that
returns the sentence a case worker reads when the transition is refused, or None.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from awda.cases.models import Case

Guard = Callable[["Case", dict[str, Any]], "str | Promise | None"]

# A transition target meaning "the status the case had before it was suspended".
PREVIOUS = "__previous__"


@dataclass(frozen=True)
class State:
    code: str
    label: Promise | str
    phase: Promise | str = ""
    terminal: bool = False
    # Active states are those a case is worked on in (not withdrawn, closed, …).
    active: bool = True


@dataclass(frozen=True)
class Transition:
    action: str
    label: Promise | str
    sources: tuple[str, ...]
    target: str
    guards: tuple[Guard, ...] = ()
    capability: str = "advance_case"
    requires_reason: bool = False
    # Which case date the transition stamps (departure_date, arrival_date, closed_on).
    stamps: str = ""
    # Shown in the UI as a secondary (branch) action rather than the main next step.
    branch: bool = False


@dataclass(frozen=True)
class Workflow:
    case_type: str
    label: Promise | str
    states: tuple[State, ...]
    initial: str
    transitions: tuple[Transition, ...]
    _by_code: dict[str, State] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_code.update({s.code: s for s in self.states})
        codes = set(self._by_code)
        assert self.initial in codes, self.initial
        for t in self.transitions:
            assert t.target in codes or t.target == PREVIOUS, (self.case_type, t.action)
            for s in t.sources:
                assert s in codes, (self.case_type, t.action, s)

    def state(self, code: str) -> State:
        try:
            return self._by_code[code]
        except KeyError:
            return State(code=code, label=code, active=False)

    def transition(self, action: str) -> Transition | None:
        return next((t for t in self.transitions if t.action == action), None)

    def transitions_from(self, status: str) -> list[Transition]:
        return [t for t in self.transitions if status in t.sources]

    @property
    def state_codes(self) -> list[str]:
        return [s.code for s in self.states]

    def main_path(self) -> list[str]:
        """States along the main (non-branch) transitions from the initial state."""
        path, current, seen = [self.initial], self.initial, {self.initial}
        while True:
            nxt = next(
                (
                    t.target
                    for t in self.transitions
                    if current in t.sources
                    and not t.branch
                    and t.target not in seen
                    and t.target != PREVIOUS
                ),
                None,
            )
            if nxt is None:
                return path
            path.append(nxt)
            seen.add(nxt)
            current = nxt

    def mermaid(self) -> str:
        """The workflow as a Mermaid state diagram (rendered by GitHub and most doc tools)."""
        lines = ["stateDiagram-v2", f"    [*] --> {self.initial}"]
        for s in self.states:
            lines.append(f"    {s.code} : {s.label}")
        for t in self.transitions:
            guards = ", ".join(g.__name__ for g in t.guards)
            note = f" [{guards}]" if guards else ""
            for src in t.sources:
                if t.target == PREVIOUS:
                    # Back to whichever state the case was suspended from.
                    origins = [o for u in self.transitions if u.target == src for o in u.sources]
                    for origin in dict.fromkeys(origins):
                        lines.append(f"    {src} --> {origin} : {t.action}")
                else:
                    lines.append(f"    {src} --> {t.target} : {t.action}{note}")
        for s in self.states:
            if s.terminal:
                lines.append(f"    {s.code} --> [*]")
        return "\n".join(lines)


def check_guards(guards: Iterable[Guard], case: Case, context: dict[str, Any]) -> list[str]:
    """Every refusal sentence the guards give, in order (empty when allowed)."""
    refusals = []
    for guard in guards:
        message = guard(case, context)
        if message:
            refusals.append(str(message))
    return refusals
