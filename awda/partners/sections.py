"""Case-file section of this app (see awda.web.registry): the case's referrals."""

from __future__ import annotations

from django.utils import timezone

from awda.accounts.access import has_capability
from awda.partners.forms import AnswerForm, CancelForm, IncomingReferralForm, ReferralForm
from awda.partners.selectors import is_partner_user, referrals_for_case
from awda.partners.services import ANSWERS, may_answer
from awda.protection.selectors import consent_purpose_for, consents_for_case
from awda.protection.viewutils import new_request_key


def referrals(
    request,
    case,
    members,
    form: ReferralForm | None = None,
    incoming_form: IncomingReferralForm | None = None,
) -> dict:
    user = request.user
    today = timezone.localdate()
    rows = []
    for r in referrals_for_case(user, case):
        row = {"referral": r, "answer_form": None, "cancel_form": None}
        if r.is_open and may_answer(user, r):
            row["answer_form"] = AnswerForm(
                prefix=f"answer-{r.pk}", allowed=ANSWERS[r.status], initial={"on": today}
            )
        if (
            r.is_open
            and not is_partner_user(user)
            and r.from_organisation_id == user.organisation_id
            and has_capability(user, "advance_case")
        ):
            row["cancel_form"] = CancelForm(prefix=f"cancel-{r.pk}")
        rows.append(row)
    can_refer = has_capability(user, "advance_case") and case.workflow.state(case.status).active
    ctx = {"case": case, "rows": rows, "can_refer": can_refer}
    if can_refer:
        ctx["form"] = form or ReferralForm(
            members=members,
            prefix="ref",
            initial={"sent_on": today, "request_key": new_request_key()},
        )
        ctx["incoming_form"] = incoming_form or IncomingReferralForm(
            members=members, prefix="in", initial={"sent_on": today}
        )
        given = {s.purpose for s in consents_for_case(case) if s.given}
        # Tell the case worker before they try, which partners the consents allow.
        ctx["partner_consent"] = [
            (org, consent_purpose_for(org) in given or consent_purpose_for(org) is None)
            for org in ctx["form"].fields["to_organisation"].queryset
        ]
    return ctx
