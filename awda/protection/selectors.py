"""Reads of protection data: vulnerabilities (with restricted details kept from those not
cleared for them), consents and the rule every sharing path follows, declarations, children
alone and their best-interests procedures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awda.accounts.access import Section, can_see_section, clearance
from awda.accounts.models import OrganisationKind, User
from awda.audit.services import audit_record
from awda.protection.models import (
    CATEGORY_SENSITIVITY,
    CHILD_ALONE_CATEGORIES,
    BestInterestsProcedure,
    Consent,
    ConsentPurpose,
    Sensitivity,
    VoluntaryReturnDeclaration,
    Vulnerability,
    VulnerabilityCategory,
)

if TYPE_CHECKING:
    import datetime as dt

    from awda.accounts.models import Organisation
    from awda.cases.models import Case
    from awda.people.models import Person


def declaration_for_case(case: Case) -> VoluntaryReturnDeclaration | None:
    return VoluntaryReturnDeclaration.objects.filter(case=case).first()


# --- Vulnerabilities -----------------------------------------------------------------------

RESTRICTED_CATEGORY_LABEL = gettext_lazy("Restricted protection concern")


def category_sensitivity(category: str) -> int:
    return int(CATEGORY_SENSITIVITY.get(category, Sensitivity.NORMAL))


def may_read(user: User, sensitivity: int) -> bool:
    return clearance(user) >= sensitivity


@dataclass(frozen=True)
class VulnerabilityView:
    """A vulnerability as one user may see it.

    Below the clearance a row needs, the category itself is replaced by a neutral label
    (naming it already tells what happened to the person: trafficking, violence, illness)
    and there are no details; the user still learns that there is a concern to ask the
    protection officer about. Restricted details are never inline, even for cleared users:
    they are revealed one at a time, and each reveal is audited.
    """

    pk: int
    case_id: int
    person_id: int
    person_name: str
    category: str | None
    category_label: str
    sensitivity: int
    sensitivity_label: str
    assessed_on: dt.date
    assessed_by: str
    resolved_on: dt.date | None
    # Shown inline: details a user may read without it being a restricted read.
    details: str | None
    # Restricted details exist and this user may ask to read them (an audited read).
    can_reveal: bool
    restricted: bool

    @property
    def current(self) -> bool:
        return self.resolved_on is None


def _view(v: Vulnerability, user: User, details: str | None) -> VulnerabilityView:
    level = clearance(user)
    masked = level < v.sensitivity
    return VulnerabilityView(
        pk=v.pk,
        case_id=v.case_id,
        person_id=v.person_id,
        person_name=v.person.full_name,
        category=None if masked else v.category,
        category_label=str(RESTRICTED_CATEGORY_LABEL if masked else v.get_category_display()),
        sensitivity=v.sensitivity,
        sensitivity_label=str(v.get_sensitivity_display()),
        assessed_on=v.assessed_on,
        assessed_by=str(v.assessed_by) if v.assessed_by else "",
        resolved_on=v.resolved_on,
        details=details if v.sensitivity == Sensitivity.NORMAL else None,
        can_reveal=bool(v.sensitivity > Sensitivity.NORMAL and level >= v.sensitivity),
        restricted=v.sensitivity > Sensitivity.NORMAL,
    )


def _load(case_ids: list[int], max_sensitivity: int) -> list[tuple[Vulnerability, str | None]]:
    """Rows of these cases, with the details of those at or below `max_sensitivity`.

    Details are encrypted and decrypted on load, so they are fetched in a second query for
    exactly the rows that may be read: a row above the level never has them in memory.
    """
    rows = list(
        Vulnerability.objects.filter(case_id__in=case_ids)
        .select_related("person", "assessed_by")
        .defer("details")
        .order_by("case_id", "person_id", "category")
    )
    readable = [v.pk for v in rows if v.sensitivity <= max_sensitivity]
    details = (
        dict(Vulnerability.objects.filter(pk__in=readable).values_list("pk", "details"))
        if readable
        else {}
    )
    return [(v, details.get(v.pk)) for v in rows]


def vulnerabilities_for_case(user: User, case: Case) -> list[VulnerabilityView]:
    """The case's vulnerabilities as `user` may see them (empty without the section).

    Restricted details are not included even for cleared users: they read them one at a
    time (`vulnerability_reveal`), and each such read is audited. `case` must come from a
    scoped selector (`case_get_for_user`).
    """
    if not can_see_section(user, Section.VULNERABILITIES):
        return []
    return [_view(v, user, d) for v, d in _load([case.pk], Sensitivity.NORMAL)]


def vulnerability_reveal(user: User, pk: int | str) -> Vulnerability:
    """One vulnerability with its details, for a user cleared for it; the read is audited.

    Http404 when the case is out of scope, the section hidden or the clearance too low: the
    answer must not tell a user that a restricted record exists.
    """
    from awda.cases.selectors import cases_visible_to

    if not can_see_section(user, Section.VULNERABILITIES):
        raise Http404
    try:
        v = Vulnerability.objects.select_related("person", "case").get(
            pk=pk, case__in=cases_visible_to(user).values("pk")
        )
    except (Vulnerability.DoesNotExist, ValueError, TypeError):
        raise Http404
    if not may_read(user, v.sensitivity):
        raise Http404
    if v.sensitivity > Sensitivity.NORMAL:
        audit_record(
            actor=user,
            verb="vulnerability.read_restricted",
            obj=v,
            data={"case": v.case_id, "sensitivity": v.sensitivity},
        )
    return v


def vulnerabilities_readable(
    user: User, case_ids: Iterable[int], *, via: str
) -> list[tuple[VulnerabilityView, str | None]]:
    """Views with the details `user` is cleared for (restricted ones included), for exports
    and the API. The cases are scoped again here; restricted details handed out are audited
    in one record naming the rows and the door (`via`)."""
    from awda.cases.selectors import cases_visible_to

    if not can_see_section(user, Section.VULNERABILITIES):
        return []
    ids = list(cases_visible_to(user).filter(pk__in=list(case_ids)).values_list("pk", flat=True))
    if not ids:
        return []
    result = []
    restricted_read = []
    for v, details in _load(ids, clearance(user)):
        view = _view(v, user, details)
        if view.restricted and details:
            restricted_read.append(v.pk)
        result.append((view, details or ""))
    if restricted_read:
        audit_record(
            actor=user,
            verb="vulnerability.read_restricted",
            object_type="protection.vulnerability",
            object_id=str(restricted_read[0]) if len(restricted_read) == 1 else "many",
            data={"vulnerabilities": restricted_read, "via": via},
        )
    return result


def vulnerabilities_for_export(user: User, case_ids: Iterable[int]) -> dict[int, list[dict]]:
    """Per case id, the vulnerabilities `user` may see, as flat rows for list exports.

    Each row: person_id, person_name, category (code, or None when masked), category_label,
    sensitivity, assessed_on, resolved_on, details ("" when there are none or the user is not
    cleared for them). Out-of-scope case ids are dropped.
    """
    result: dict[int, list[dict]] = {}
    for view, details in vulnerabilities_readable(user, case_ids, via="export"):
        result.setdefault(view.case_id, []).append(
            {
                "person_id": view.person_id,
                "person_name": view.person_name,
                "category": view.category,
                "category_label": view.category_label,
                "sensitivity": view.sensitivity,
                "assessed_on": view.assessed_on,
                "resolved_on": view.resolved_on,
                "details": details,
            }
        )
    return result


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


# --- Best-interests procedure --------------------------------------------------------------

# The steps of the best-interests procedure, in the order they are done.
BID_STEPS = (
    ("identified_on", gettext_lazy("identification of the child")),
    ("guardian_appointed_on", gettext_lazy("appointment of a guardian or representative")),
    ("assessment_on", gettext_lazy("best-interests assessment")),
    ("family_tracing_on", gettext_lazy("family tracing and assessment in the country of origin")),
    ("determination_on", gettext_lazy("best-interests determination")),
)
BID_STEP_FIELDS = tuple(f for f, _label in BID_STEPS)


def bid_missing_steps(procedure: BestInterestsProcedure | None) -> list[str]:
    if procedure is None:
        return [str(label) for _f, label in BID_STEPS]
    missing = [str(label) for field, label in BID_STEPS if not getattr(procedure, field)]
    if not procedure.determination and str(BID_STEPS[-1][1]) not in missing:
        missing.append(str(BID_STEPS[-1][1]))
    return missing


def bid_next_step(procedure: BestInterestsProcedure | None) -> str | None:
    """The field of the first step not done yet (None when all are)."""
    for f in BID_STEP_FIELDS:
        if procedure is None or not getattr(procedure, f):
            return f
    if not procedure.determination:
        return "determination_on"
    return None


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


@dataclass(frozen=True)
class BidStep:
    field: str
    label: str
    done_on: dt.date | None
    is_next: bool


def bid_procedures_for_case(case: Case) -> list[tuple[Person, BestInterestsProcedure | None]]:
    """Each child alone of the case with its procedure (None if not opened yet)."""
    children = children_alone(case)
    procedures = {
        p.child_id: p
        for p in BestInterestsProcedure.objects.filter(case=case).select_related(
            "guardian_organisation", "tracing_mission", "tracing_consulate", "determined_by"
        )
    }
    return [(child, procedures.get(child.pk)) for child in children]


def bid_steps(procedure: BestInterestsProcedure | None) -> list[BidStep]:
    nxt = bid_next_step(procedure)
    return [
        BidStep(f, str(label), getattr(procedure, f) if procedure else None, f == nxt)
        for f, label in BID_STEPS
    ]


def bid_get_for_user(user: User, pk: int | str) -> BestInterestsProcedure:
    """A procedure whose case the user may open and whose section they may see; else 404."""
    from awda.cases.selectors import cases_visible_to

    if not can_see_section(user, Section.VULNERABILITIES):
        raise Http404
    try:
        return BestInterestsProcedure.objects.select_related(
            "case", "child", "guardian_organisation", "tracing_mission", "tracing_consulate"
        ).get(pk=pk, case__in=cases_visible_to(user).values("pk"))
    except (BestInterestsProcedure.DoesNotExist, ValueError, TypeError):
        raise Http404


def bid_may_read_notes(user: User) -> bool:
    """Assessment summaries, tracing outcomes and the panel's reasons describe the child's
    family and history: they are restricted."""
    return may_read(user, Sensitivity.RESTRICTED)


# --- Consent -------------------------------------------------------------------------------

# Which consent sharing with an organisation of each kind needs, unless the partner directory
# says otherwise (awda.partners.models.PartnerProfile.consent_purpose).
PURPOSE_BY_KIND = {
    OrganisationKind.CONSULATE: ConsentPurpose.CONSULATE,
    OrganisationKind.NGO: ConsentPurpose.NGOS,
    OrganisationKind.UN_AGENCY: ConsentPurpose.UN_AGENCIES,
    OrganisationKind.IOM_MISSION: ConsentPurpose.IOM_MISSION,
    OrganisationKind.MINISTRY: ConsentPurpose.PUBLIC_BODIES,
}


def consent_purpose_for(organisation: Organisation) -> str | None:
    """The consent needed before the group's data goes to `organisation`; None when no
    consent applies (IOM's own offices in Morocco)."""
    try:
        # Cached when the organisation was loaded with select_related("partner_profile").
        profile = organisation.partner_profile
    except ObjectDoesNotExist:
        profile = None
    if profile is not None and profile.consent_purpose:
        return profile.consent_purpose
    if organisation.kind == OrganisationKind.IOM_OFFICE:
        return None
    # Police, donors and anything unknown: the strictest reading is that nothing may be
    # shared without a purpose consented to; there is none for them.
    return PURPOSE_BY_KIND.get(organisation.kind, "")


def consent_refusal(case: Case, purpose: str) -> str | None:
    """Why the group's data may not be shared for `purpose`, or None when it may.

    The one rule every sharing path calls: referrals, laissez-passer requests to the
    consulate, handover to the IOM mission.
    """
    if purpose not in ConsentPurpose.values:
        return _("There is no consent that covers sharing data with this recipient.")
    label = ConsentPurpose(purpose).label
    consent = Consent.objects.filter(case=case, purpose=purpose).first()
    if consent is None:
        return _("The group has not consented to this: “%(purpose)s”.") % {"purpose": label}
    if consent.withdrawn_on:
        return _("Consent “%(purpose)s” was withdrawn on %(date)s.") % {
            "purpose": label,
            "date": date_format(consent.withdrawn_on, "SHORT_DATE_FORMAT"),
        }
    return None


def consent_refusal_for_recipient(case: Case, organisation: Organisation) -> str | None:
    purpose = consent_purpose_for(organisation)
    if purpose is None:
        return None
    return consent_refusal(case, purpose)


@dataclass(frozen=True)
class ConsentStatus:
    purpose: str
    label: str
    consent: Consent | None

    @property
    def given(self) -> bool:
        return self.consent is not None and self.consent.withdrawn_on is None

    @property
    def withdrawn(self) -> bool:
        return self.consent is not None and self.consent.withdrawn_on is not None


def consents_for_case(case: Case) -> list[ConsentStatus]:
    """Every purpose, with the group's consent for it (or None)."""
    by_purpose = {
        c.purpose: c for c in Consent.objects.filter(case=case).select_related("recorded_by")
    }
    return [
        ConsentStatus(value, str(label), by_purpose.get(value))
        for value, label in ConsentPurpose.choices
    ]


def vulnerability_categories() -> list[tuple[str, str]]:
    return [(c.value, str(c.label)) for c in VulnerabilityCategory]
