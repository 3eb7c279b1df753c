"""Demo records of protection: the consents to share that the groups gave (and a few
withdrew), for the 2022 applicants and the cases of current work.

The core loader already wrote vulnerabilities, declarations and best-interests procedures.
Consents are dated on the day the declaration was signed (or a few days after registration
when it is not signed yet); the timeline gets the events `consent_give` would have written.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings

from awda.cases.models import Case, TimelineEvent
from awda.protection.models import Consent, ConsentPurpose, VoluntaryReturnDeclaration

TZ = ZoneInfo(settings.TIME_ZONE)

# Share of groups that consent to each purpose (the consulate and the mission of return are
# needed for any return; the rest depends on the group's needs).
CONSENT_RATES = {
    ConsentPurpose.CONSULATE: 0.97,
    ConsentPurpose.MINISTRY_OF_INTERIOR: 0.97,
    ConsentPurpose.IOM_MISSION: 0.97,
    ConsentPurpose.HEALTH_PARTNERS: 0.8,
    ConsentPurpose.NGOS: 0.7,
    ConsentPurpose.PUBLIC_BODIES: 0.35,
    ConsentPurpose.UN_AGENCIES: 0.06,
}
SINCE = dt.date(2022, 1, 1)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def load_demo(ctx) -> None:
    rng = ctx.rng
    declarations = {
        d.case_id: d
        for d in VoluntaryReturnDeclaration.objects.filter(case__application_date__gte=SINCE).only(
            "case_id", "signed_on", "withdrawn_on", "signed_by_guardian", "guardian_name"
        )
    }
    cases = list(
        Case.objects.filter(case_type="outbound", application_date__gte=SINCE)
        .only("id", "application_date", "status", "office_id", "created_by_id")
        .order_by("id")
    )
    consents, events = [], []
    for case in cases:
        declaration = declarations.get(case.pk)
        if declaration is not None:
            given_on = declaration.signed_on
        else:
            given_on = min(case.application_date + dt.timedelta(days=rng.randint(0, 5)), ctx.today)
            # Groups still undecided have often not consented to anything yet.
            if rng.random() < 0.35:
                continue
        guardian = (
            declaration.guardian_name if declaration and declaration.signed_by_guardian else ""
        )
        for purpose, rate in CONSENT_RATES.items():
            if rng.random() >= rate:
                continue
            withdrawn_on = None
            reason = ""
            if (
                declaration is not None
                and declaration.withdrawn_on
                and purpose
                in (
                    ConsentPurpose.NGOS,
                    ConsentPurpose.HEALTH_PARTNERS,
                    ConsentPurpose.CONSULATE,
                )
            ):
                withdrawn_on = declaration.withdrawn_on
                reason = "Retrait de la décision de retour."
            consents.append(
                Consent(
                    case_id=case.pk,
                    purpose=purpose,
                    given_on=given_on,
                    given_by_guardian=bool(guardian),
                    guardian_name=guardian,
                    withdrawn_on=withdrawn_on,
                    withdrawal_reason=reason,
                    recorded_by_id=case.created_by_id,
                )
            )
            events.append(
                TimelineEvent(
                    case_id=case.pk,
                    at=at(given_on, 10, 15),
                    actor_id=case.created_by_id,
                    kind=TimelineEvent.Kind.DECLARATION,
                    action="consent_given",
                    data={"purpose": purpose.value, "on": given_on.isoformat()},
                )
            )
            if withdrawn_on:
                events.append(
                    TimelineEvent(
                        case_id=case.pk,
                        at=at(withdrawn_on, 11),
                        actor_id=case.created_by_id,
                        kind=TimelineEvent.Kind.DECLARATION,
                        action="consent_withdrawn",
                        reason=reason,
                        data={"purpose": purpose.value, "on": withdrawn_on.isoformat()},
                    )
                )
    Consent.objects.bulk_create(consents, batch_size=2000, ignore_conflicts=True)
    TimelineEvent.objects.bulk_create(events, batch_size=2000)
    ctx.log(f"    consents: {len(consents)} for {len(cases)} cases since 2022")
