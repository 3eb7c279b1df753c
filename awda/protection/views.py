"""Pages and form endpoints of protection: screening, restricted details, the best-interests
procedure, consents. Thin: the rules are in services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from awda.accounts.access import Section, can_see_section, has_capability
from awda.cases.selectors import case_get_for_user, case_members, case_section_for_user
from awda.lib.forms import service_errors
from awda.people.models import Person
from awda.protection import sections, services
from awda.protection.forms import (
    BidStepForm,
    ConsentForm,
    ConsentWithdrawForm,
    DeterminationForm,
    ResolveForm,
    VulnerabilityForm,
)
from awda.protection.models import CHILD_ALONE_CATEGORIES, ConsentPurpose, Vulnerability
from awda.protection.selectors import (
    BID_STEP_FIELDS,
    bid_get_for_user,
    bid_may_read_notes,
    bid_missing_steps,
    bid_steps,
    vulnerability_reveal,
)
from awda.protection.viewutils import case_page_url, section_done, section_response

VULNERABILITIES_TITLE = gettext_lazy("Vulnerabilities")
SHARING_TITLE = gettext_lazy("Consent to share data")


def _case(request, case_pk, section: str):
    return case_section_for_user(request.user, case_pk, section)


def _vulnerabilities_section(request, case, *, form=None, status=200, refresh=False):
    members = case_members(case)
    return section_response(
        request,
        case=case,
        template="protection/sections/vulnerabilities.html",
        title=VULNERABILITIES_TITLE,
        context=sections.vulnerabilities(request, case, members, form=form),
        status=status,
        refresh=refresh,
    )


@login_required
@require_POST
def vulnerability_add(request, case_pk):
    case = _case(request, case_pk, Section.VULNERABILITIES)
    members = case_members(case)
    form = VulnerabilityForm(request.POST, members=members, prefix="vuln")
    if form.is_valid():
        d = form.cleaned_data
        person = next(m.person for m in members if m.person_id == d["person"])
        with service_errors(form) as call:
            services.vulnerability_record(
                actor=request.user,
                case=case,
                person=person,
                category=d["category"],
                assessed_on=d["assessed_on"],
                details=d["details"],
                sensitivity=d["sensitivity"],
            )
        if call.ok:
            refresh = d["category"] in CHILD_ALONE_CATEGORIES
            return section_done(
                request,
                case,
                _("Vulnerability recorded."),
                lambda: _vulnerabilities_section(request, case, refresh=refresh),
            )
    return _vulnerabilities_section(request, case, form=form, status=422)


@login_required
@require_POST
def vulnerability_resolve(request, pk):
    if not can_see_section(request.user, Section.VULNERABILITIES):
        raise Http404
    try:
        v = Vulnerability.objects.select_related("case").get(pk=pk)
    except (Vulnerability.DoesNotExist, ValueError):
        raise Http404
    case = case_get_for_user(request.user, v.case_id)
    form = ResolveForm(request.POST, prefix=f"resolve-{v.pk}")
    if form.is_valid():
        try:
            services.vulnerability_resolve(
                actor=request.user,
                vulnerability=v,
                resolved_on=form.cleaned_data["resolved_on"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            return section_done(
                request,
                case,
                _("Marked as no longer applying."),
                lambda: _vulnerabilities_section(
                    request, case, refresh=v.category in CHILD_ALONE_CATEGORIES
                ),
            )
    else:
        messages.error(request, _("Give the date and the reason."))
    if getattr(request, "htmx", False):
        return _vulnerabilities_section(request, case, status=422)
    return redirect(case_page_url(case))


@login_required
@require_GET
def vulnerability_details(request, pk):
    """The restricted details of one vulnerability (an audited read)."""
    v = vulnerability_reveal(request.user, pk)
    ctx = {"vulnerability": v, "case": v.case}
    if getattr(request, "htmx", False):
        return render(request, "protection/_details.html", ctx)
    return render(
        request, "protection/details_page.html", {**ctx, "case_url": case_page_url(v.case)}
    )


# --- Best-interests procedure --------------------------------------------------------------


@login_required
@require_POST
def bid_start(request, case_pk, person_pk):
    case = _case(request, case_pk, Section.VULNERABILITIES)
    try:
        person = Person.objects.get(pk=person_pk, memberships__case=case)
    except (Person.DoesNotExist, ValueError):
        raise Http404
    try:
        procedure = services.bid_open(actor=request.user, case=case, child=person)
    except PermissionDenied:
        raise Http404
    return redirect("protection:bid_detail", pk=procedure.pk)


def _bid_page(request, procedure, *, step_form=None, determination_form=None, status=200):
    user = request.user
    can_edit = has_capability(user, "screen_protection") and sections.case_is_open(procedure.case)
    steps = bid_steps(procedure)
    next_step = next((s for s in steps if s.is_next), None)
    ctx = {
        "procedure": procedure,
        "case": procedure.case,
        "child": procedure.child,
        "steps": steps,
        "missing": bid_missing_steps(procedure),
        "can_edit": can_edit,
        "may_read_notes": bid_may_read_notes(user),
        "case_url": case_page_url(procedure.case),
    }
    if can_edit:
        if next_step and next_step.field != "determination_on":
            ctx["step_form"] = (
                step_form
                if step_form is not None and step_form.step == next_step.field
                else BidStepForm(step=next_step.field, prefix="step")
            )
            ctx["step_label"] = next_step.label
        elif next_step is None or next_step.field == "determination_on":
            ctx["determination_form"] = determination_form or DeterminationForm(
                prefix="det",
                initial={"determination": procedure.determination or None},
            )
    if ctx["may_read_notes"] and (
        procedure.assessment_summary or procedure.tracing_outcome or procedure.panel_reasons
    ):
        from awda.audit.services import audit_record

        audit_record(
            actor=user,
            verb="bid.read_restricted",
            obj=procedure,
            data={"case": procedure.case_id},
        )
    return render(request, "protection/bid_detail.html", ctx, status=status)


@login_required
def bid_detail(request, pk):
    return _bid_page(request, bid_get_for_user(request.user, pk))


@login_required
@require_POST
def bid_step(request, pk, step):
    procedure = bid_get_for_user(request.user, pk)
    if step not in BID_STEP_FIELDS[:-1]:
        raise Http404
    form = BidStepForm(request.POST, step=step, prefix="step")
    if form.is_valid():
        d = form.cleaned_data
        with service_errors(form) as call:
            services.bid_record_step(
                actor=request.user,
                procedure=procedure,
                step=step,
                on=d["on"],
                **{k: v for k, v in d.items() if k != "on" and v not in (None, "")},
            )
        if call.ok:
            messages.success(request, _("Step recorded."))
            return redirect("protection:bid_detail", pk=procedure.pk)
    return _bid_page(request, procedure, step_form=form, status=422)


@login_required
@require_POST
def bid_determine(request, pk):
    procedure = bid_get_for_user(request.user, pk)
    form = DeterminationForm(request.POST, prefix="det")
    if form.is_valid():
        d = form.cleaned_data
        with service_errors(form) as call:
            services.bid_determine(
                actor=request.user,
                procedure=procedure,
                determination=d["determination"],
                on=d["on"],
                panel_reasons=d["panel_reasons"],
                panel_members=d["panel_members"],
            )
        if call.ok:
            messages.success(request, _("Determination recorded."))
            return redirect(case_page_url(procedure.case))
    return _bid_page(request, procedure, determination_form=form, status=422)


# --- Consent -------------------------------------------------------------------------------


def _sharing_section(request, case, *, status=200, refresh=False, **forms):
    return section_response(
        request,
        case=case,
        template="protection/sections/sharing.html",
        title=SHARING_TITLE,
        context=sections.sharing(request, case, case_members(case), **forms),
        status=status,
        refresh=refresh,
    )


def _purpose(request) -> str:
    # The purpose names the row's form (its field prefix), so it travels outside the form.
    purpose = request.POST.get("purpose_key", "")
    if purpose not in ConsentPurpose.values:
        raise Http404
    return purpose


@login_required
@require_POST
def consent_give(request, case_pk):
    case = _case(request, case_pk, Section.CONSENT)
    purpose = _purpose(request)
    form = ConsentForm(request.POST, prefix=f"g-{purpose}")
    if form.is_valid():
        d = form.cleaned_data
        with service_errors(form) as call:
            services.consent_give(
                actor=request.user,
                case=case,
                purpose=purpose,
                given_on=d["given_on"],
                given_by_guardian=d["given_by_guardian"],
                guardian_name=d["guardian_name"],
            )
        if call.ok:
            return section_done(
                request, case, _("Consent recorded."), lambda: _sharing_section(request, case)
            )
    return _sharing_section(request, case, give_form=form, status=422)


@login_required
@require_POST
def consent_withdraw(request, case_pk):
    case = _case(request, case_pk, Section.CONSENT)
    purpose = _purpose(request)
    form = ConsentWithdrawForm(request.POST, prefix=f"w-{purpose}")
    if form.is_valid():
        d = form.cleaned_data
        with service_errors(form) as call:
            services.consent_withdraw(
                actor=request.user,
                case=case,
                purpose=purpose,
                reason=d["reason"],
                withdrawn_on=d["withdrawn_on"],
            )
        if call.ok:
            # Open referrals that relied on it were cancelled: the referrals section changed.
            return section_done(
                request,
                case,
                _("Consent withdrawn."),
                lambda: _sharing_section(request, case, refresh=True),
            )
    return _sharing_section(request, case, withdraw_form=form, status=422)
