"""Reads of protection data: declarations, children alone, best-interests procedures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awda.protection.models import (
    CHILD_ALONE_CATEGORIES,
    BestInterestsProcedure,
    VoluntaryReturnDeclaration,
    Vulnerability,
)

if TYPE_CHECKING:
    from awda.cases.models import Case
    from awda.people.models import Person


def declaration_for_case(case: Case) -> VoluntaryReturnDeclaration | None:
    return VoluntaryReturnDeclaration.objects.filter(case=case).first()


def children_alone(case: Case) -> list[Person]:
    """Members screened as unaccompanied or separated children (still current)."""
    rows = (
        Vulnerability.objects.filter(
            case=case, category__in=CHILD_ALONE_CATEGORIES, resolved_on__isnull=True
        )
        .select_related("person")
        .order_by("person_id")
    )
    seen: dict[int, Person] = {}
    for v in rows:
        seen.setdefault(v.person_id, v.person)
    return list(seen.values())


# The steps of the best-interests procedure, in the order they are done.
BID_STEPS = (
    ("identified_on", gettext_lazy("identification of the child")),
    ("guardian_appointed_on", gettext_lazy("appointment of a guardian or representative")),
    ("assessment_on", gettext_lazy("best-interests assessment")),
    ("family_tracing_on", gettext_lazy("family tracing and assessment in the country of origin")),
    ("determination_on", gettext_lazy("best-interests determination")),
)


def bid_missing_steps(procedure: BestInterestsProcedure | None) -> list[str]:
    if procedure is None:
        return [str(label) for _f, label in BID_STEPS]
    missing = [str(label) for field, label in BID_STEPS if not getattr(procedure, field)]
    if not procedure.determination and str(BID_STEPS[-1][1]) not in missing:
        missing.append(str(BID_STEPS[-1][1]))
    return missing


def best_interests_missing_step(case: Case) -> str | None:
    """Why a child alone in this case cannot travel yet, or None."""
    children = children_alone(case)
    if not children:
        return None
    procedures = {
        p.child_id: p for p in BestInterestsProcedure.objects.filter(case=case, child__in=children)
    }
    for child in children:
        procedure = procedures.get(child.pk)
        missing = bid_missing_steps(procedure)
        if missing:
            return _("Best-interests procedure for %(name)s: %(step)s is not done yet.") % {
                "name": child.full_name,
                "step": missing[0],
            }
        if procedure.determination != BestInterestsProcedure.Determination.RETURN:
            return _(
                "The best-interests determination for %(name)s found that return is not in "
                "the child's best interests."
            ) % {"name": child.full_name}
    return None
