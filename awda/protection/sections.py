"""Case-file sections of this app (see awda.web.registry): vulnerabilities with the
best-interests procedure of children alone, and consents to share."""

from __future__ import annotations

from django.utils import timezone

from awda.accounts.access import Section, can_see_section, has_capability
from awda.protection.forms import ConsentForm, ConsentWithdrawForm, VulnerabilityForm
from awda.protection.selectors import (
    best_interests_missing_step,
    bid_missing_steps,
    bid_procedures_for_case,
    bid_steps,
    consents_for_case,
    vulnerabilities_for_case,
)


def case_is_open(case) -> bool:
    return case.workflow.state(case.status).active


def vulnerabilities(request, case, members, form: VulnerabilityForm | None = None) -> dict:
    user = request.user
    if not can_see_section(user, Section.VULNERABILITIES):
        return {"case": case, "rows": [], "children": []}
    can_screen = has_capability(user, "screen_protection") and case_is_open(case)
    if can_screen and form is None:
        form = VulnerabilityForm(
            members=members, prefix="vuln", initial={"assessed_on": timezone.localdate()}
        )
    children = []
    for child, procedure in bid_procedures_for_case(case):
        missing = bid_missing_steps(procedure)
        children.append(
            {
                "child": child,
                "procedure": procedure,
                "steps": bid_steps(procedure),
                "next": missing[0] if missing else "",
                "done": not missing,
            }
        )
    return {
        "case": case,
        "rows": vulnerabilities_for_case(user, case),
        "form": form if can_screen else None,
        "can_screen": can_screen,
        "children": children,
        "bid_refusal": best_interests_missing_step(case) if children else None,
        "today": timezone.localdate(),
    }


def sharing(
    request,
    case,
    members,
    give_form: ConsentForm | None = None,
    withdraw_form: ConsentWithdrawForm | None = None,
) -> dict:
    user = request.user
    can_edit = has_capability(user, "advance_case") and case_is_open(case)
    today = timezone.localdate()
    rows = []
    for status in consents_for_case(case):
        row = {"status": status, "give_form": None, "withdraw_form": None}
        if can_edit:
            if status.given:
                bound = withdraw_form if _for(withdraw_form, status.purpose) else None
                row["withdraw_form"] = bound or ConsentWithdrawForm(
                    prefix=f"w-{status.purpose}",
                    initial={"purpose": status.purpose, "withdrawn_on": today},
                )
            else:
                bound = give_form if _for(give_form, status.purpose) else None
                row["give_form"] = bound or ConsentForm(
                    prefix=f"g-{status.purpose}",
                    initial={"purpose": status.purpose, "given_on": today},
                )
            row["open"] = bound is not None
        rows.append(row)
    return {"case": case, "rows": rows, "can_edit": can_edit}


def _for(form, purpose: str) -> bool:
    return form is not None and form.prefix and form.prefix.endswith(f"-{purpose}")
