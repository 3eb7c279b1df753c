"""Pages of reintegration: the mission's queue, a case's reintegration page, plans,
disbursements, visits, surveys, the steps of Moroccans coming home, and the scoring
definition. Views read through selectors and write through services."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awda.accounts.access import can_see_section, has_capability
from awda.accounts.roles import Capability
from awda.cases.models import CaseType
from awda.cases.selectors import case_members, case_section_for_user
from awda.lib.forms import add_service_errors, service_errors
from awda.reintegration import forms as f
from awda.reintegration import selectors as sel
from awda.reintegration import services as svc
from awda.reintegration.models import (
    FamilyTracing,
    InformationExchange,
    Reception,
    ReturneeCounselling,
    SatisfactionSurvey,
    ScoringDefinition,
)
from awda.reintegration.scoring import localized, validate_definition


def _section_guard(request) -> None:
    if not can_see_section(request.user, "reintegration"):
        raise Http404


def _case(request, pk):
    return case_section_for_user(request.user, pk, "reintegration")


def _done(request, url: str, message: str = ""):
    if message:
        messages.success(request, message)
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _form_page(request, *, title, form, action, back, submit, intro="", status=200, **extra):
    ctx = {
        "title": title,
        "form": form,
        "action": action,
        "back": back,
        "submit": submit,
        "intro": intro,
        "multipart": form.is_multipart(),
        **extra,
    }
    template = (
        "reintegration/_form.html"
        if getattr(request, "htmx", False)
        else ("reintegration/form_page.html")
    )
    return render(request, template, ctx, status=status)


def _record_page(request, form, write, *, done_url, message, title, submit, case, **page):
    """The page of a form that records one thing: on a valid POST, `write(cleaned_data)`
    calls the service; then back to `done_url` with `message`, or, if the service refuses,
    the form again with its errors next to the fields (status 400, nothing saved)."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            with service_errors(form) as call:
                write(form.cleaned_data)
            if call.ok:
                return _done(request, done_url, message)
        status = 400
    page.setdefault("back", done_url)
    return _form_page(
        request,
        title=title,
        form=form,
        action=request.path,
        submit=submit,
        case=case,
        status=status,
        **page,
    )


def case_url(case) -> str:
    if case.case_type == CaseType.INBOUND:
        return reverse("reintegration:inbound", args=[case.pk])
    return reverse("reintegration:case", args=[case.pk])


def case_file_url(case) -> str:
    try:
        return reverse("web:case_detail", args=[case.pk])
    except NoReverseMatch:
        return case_url(case)


# --- queue ---------------------------------------------------------------------------------

QUEUE_FILTERS = ("all", "arrivals", "plans", "approvals", "payments", "overdue", "due")


@login_required
def queue(request):
    """The mission's (or office's) reintegration queue."""
    _section_guard(request)
    user = request.user
    show = request.GET.get("show", "all")
    if show not in QUEUE_FILTERS:
        show = "all"
    counts = sel.queue_counts(user)
    ctx = {
        "show": show,
        "counts": counts,
        "filters": QUEUE_FILTERS,
        "can_see_scoring": has_capability(user, Capability.MANAGE_PROGRAMMES)
        or has_capability(user, Capability.VIEW_REPORTS),
    }
    if show in ("approvals", "payments"):
        rows = (
            sel.disbursements_awaiting(user)
            if show == "approvals"
            else sel.disbursements_to_pay(user)
        )
        ctx["disbursements"] = Paginator(rows.order_by("planned_on", "pk"), 50).get_page(
            request.GET.get("page")
        )
    elif show in ("overdue", "due"):
        rows = sel.visits_overdue(user) if show == "overdue" else sel.visits_due_soon(user)
        ctx["visits"] = Paginator(rows.order_by("due_on", "pk"), 50).get_page(
            request.GET.get("page")
        )
    else:
        if show == "arrivals":
            rows = sel.arrivals_to_record(user)
        elif show == "plans":
            rows = sel.plans_to_draft(user)
        else:
            rows = sel.reintegration_cases(user)
        rows = rows.select_related("reception").order_by("-departure_date", "-pk")
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
        from awda.cases.models import CaseMember

        principals = {
            m.case_id: m.person
            for m in CaseMember.objects.filter(
                case__in=[c.pk for c in page], relationship="principal"
            ).select_related("person")
        }
        for c in page:
            c.principal = principals.get(c.pk)
        ctx["cases"] = page
    return render(request, "reintegration/queue.html", ctx)


# --- a case's reintegration page -----------------------------------------------------------


def case_context(request, case, members=None) -> dict:
    """What the reintegration page and the case-file section show."""
    user = request.user
    members = members if members is not None else case_members(case)
    plans = sel.plans_for_case(case)
    reception = Reception.objects.filter(case=case).select_related("mission").first()
    visits = []
    for plan in plans:
        visits.extend(plan.visits.all().order_by("due_on"))
    today = timezone.localdate()
    trend = sel.sustainability_trend(case)
    return {
        "case": case,
        "members": members,
        "plans": [{"plan": p, "totals": sel.plan_totals(p)} for p in plans],
        "reception": reception,
        "visits": sorted(visits, key=lambda v: v.due_on),
        "today": today,
        "trend": trend,
        "satisfaction": SatisfactionSurvey.objects.filter(case=case).select_related("person"),
        "counselling": (
            ReturneeCounselling.objects.filter(case=case)
            if can_see_section(user, "counselling")
            else None
        ),
        "can_manage": svc.can_manage_plans(user, case),
        "can_advance": has_capability(user, Capability.ADVANCE_CASE),
        "case_url": case_url(case),
        "case_file_url": case_file_url(case),
        "ended": case.status in sel.ENDED_STATUSES,
    }


@login_required
def case_page(request, pk: int):
    case = _case(request, pk)
    if case.case_type == CaseType.INBOUND:
        return redirect("reintegration:inbound", pk=case.pk)
    return render(request, "reintegration/case.html", case_context(request, case))


@login_required
def arrival(request, pk: int):
    case = _case(request, pk)
    reception = Reception.objects.filter(case=case).first()
    initial = {"arrived_on": timezone.localdate()}
    if reception and reception.arrived_on:
        initial = {
            f: getattr(reception, f)
            for f in (
                "arrived_on",
                "met_at_airport",
                "arrival_point",
                "onward_transport",
                "onward_destination",
                "first_counselling_on",
                "notes",
            )
        }
    return _record_page(
        request,
        f.ArrivalForm(request.POST or None, initial=initial),
        lambda data: svc.arrival_record(actor=request.user, case=case, **data),
        done_url=case_url(case),
        message=_("Arrival recorded."),
        title=_("Arrival and reception"),
        submit=_("Record the arrival"),
        case=case,
    )


@login_required
def counselling(request, pk: int):
    case = _case(request, pk)
    inbound = case.case_type == CaseType.INBOUND
    form = f.CounsellingForm(
        request.POST or None,
        inbound=inbound,
        initial={
            "counselled_on": timezone.localdate(),
            "settlement_region": case.settlement_region,
        },
    )
    return _record_page(
        request,
        form,
        lambda data: svc.counselling_record(
            actor=request.user,
            case=case,
            counselled_on=data["counselled_on"],
            notes=data["notes"],
            settlement_region=data.get("settlement_region", ""),
            request_key=data.get("request_key"),
        ),
        done_url=case_url(case),
        message=_("Counselling recorded."),
        title=_("Counselling and orientation"),
        submit=_("Record the counselling"),
        case=case,
    )


# --- plans ---------------------------------------------------------------------------------


@login_required
def plan_new(request, pk: int):
    case = _case(request, pk)
    if not svc.can_manage_plans(request.user, case):
        raise PermissionDenied
    candidates = sel.candidates_for_plan(request.user, case)
    own = [f"{p.pk}:{c.pk}" for p, c, taken in candidates if c.pk == case.pk and not taken]
    form = f.PlanForm(
        request.POST or None,
        candidates=candidates,
        initial={
            "level": "individual",
            "beneficiaries": own,
            "programme": case.programme_id,
            "currency": "USD",
            "assessed_on": timezone.localdate(),
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = svc.plan_create(
                    actor=request.user,
                    case=case,
                    level=data["level"],
                    beneficiaries=form.chosen(),
                    programme=data["programme"],
                    currency=data["currency"],
                    project_title=data["project_title"],
                    needs_assessment=data["needs_assessment"],
                    skills_assessment=data["skills_assessment"],
                    assessed_on=data["assessed_on"],
                    community_description=data["community_description"],
                )
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                return _done(
                    request,
                    reverse("reintegration:plan", args=[plan.pk]),
                    _("Plan drafted: add its components, then have it approved."),
                )
        status = 400
    return _form_page(
        request,
        title=_("Draft a reintegration plan"),
        form=form,
        action=request.path,
        back=case_url(case),
        submit=_("Draft the plan"),
        case=case,
        status=status,
    )


def _plan_page(request, plan, *, component_form=None, status=200):
    user = request.user
    case = plan.case
    can_manage = svc.can_manage_plans(user, case)
    activities = sel.group_activities_for(user) if case.case_type == CaseType.INBOUND else None
    components = list(
        plan.components.select_related("beneficiary", "activity").prefetch_related(
            "disbursements__requested_by", "disbursements__decided_by"
        )
    )
    return render(
        request,
        "reintegration/plan.html",
        {
            "plan": plan,
            "case": case,
            "beneficiaries": plan.beneficiaries.select_related("person", "case"),
            "components": components,
            "totals": sel.plan_totals(plan),
            "revisions": plan.revisions.select_related("actor").order_by("-number"),
            "visits": plan.visits.all(),
            "can_manage": can_manage,
            "can_approve": has_capability(user, Capability.APPROVE_DISBURSEMENT),
            "component_form": component_form
            or (f.ComponentForm(plan=plan, activities=activities) if can_manage else None),
            "case_url": case_url(case),
        },
        status=status,
    )


@login_required
def plan_detail(request, pk: int):
    _section_guard(request)
    plan = sel.plan_get_for_user(request.user, pk)
    return _plan_page(request, plan)


@login_required
def plan_edit(request, pk: int):
    _section_guard(request)
    plan = sel.plan_get_for_user(request.user, pk)
    if not svc.can_manage_plans(request.user, plan.case):
        raise PermissionDenied
    candidates = sel.candidates_for_plan(request.user, plan.case)
    current = [f"{b.person_id}:{b.case_id}" for b in plan.beneficiaries.all()]
    known = {f"{p.pk}:{c.pk}" for p, c, _t in candidates}
    for b in plan.beneficiaries.select_related("person", "case"):
        if f"{b.person_id}:{b.case_id}" not in known:
            candidates.append((b.person, b.case, True))
    form = f.PlanForm(
        request.POST or None,
        candidates=candidates,
        revising=True,
        initial={
            "level": plan.level,
            "beneficiaries": current,
            "programme": plan.programme_id,
            "currency": plan.currency,
            "project_title": plan.project_title,
            "needs_assessment": plan.needs_assessment,
            "skills_assessment": plan.skills_assessment,
            "assessed_on": plan.assessed_on,
            "community_description": plan.community_description,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                svc.plan_update(
                    actor=request.user,
                    plan=plan,
                    reason=data["reason"],
                    level=data["level"],
                    beneficiaries=form.chosen(),
                    programme=data["programme"],
                    currency=data["currency"],
                    project_title=data["project_title"],
                    needs_assessment=data["needs_assessment"],
                    skills_assessment=data["skills_assessment"],
                    assessed_on=data["assessed_on"],
                    community_description=data["community_description"],
                )
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                return _done(
                    request, reverse("reintegration:plan", args=[plan.pk]), _("Plan revised.")
                )
        status = 400
    intro = ""
    if plan.status == "approved":
        intro = _("The plan is approved: once revised it must be approved again.")
    return _form_page(
        request,
        title=_("Revise plan %(id)s") % {"id": plan.pk},
        form=form,
        action=request.path,
        back=reverse("reintegration:plan", args=[plan.pk]),
        submit=_("Save the revision"),
        intro=intro,
        case=plan.case,
        status=status,
    )


@login_required
@require_POST
def plan_approve(request, pk: int):
    _section_guard(request)
    plan = sel.plan_get_for_user(request.user, pk)
    try:
        svc.plan_approve(actor=request.user, plan=plan)
    except PermissionDenied as e:
        messages.error(request, str(e))
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Plan approved; follow-up visits are scheduled."))
    return redirect("reintegration:plan", pk=plan.pk)


@login_required
@require_POST
def plan_complete(request, pk: int):
    _section_guard(request)
    plan = sel.plan_get_for_user(request.user, pk)
    try:
        svc.plan_complete(actor=request.user, plan=plan)
    except (PermissionDenied, ValidationError) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    else:
        messages.success(request, _("Plan marked completed."))
    return redirect("reintegration:plan", pk=plan.pk)


@login_required
def plan_cancel(request, pk: int):
    _section_guard(request)
    plan = sel.plan_get_for_user(request.user, pk)
    return _record_page(
        request,
        f.ReasonForm(request.POST or None),
        lambda data: svc.plan_cancel(actor=request.user, plan=plan, reason=data["reason"]),
        done_url=reverse("reintegration:plan", args=[plan.pk]),
        message=_("Plan cancelled."),
        title=_("Cancel plan %(id)s") % {"id": plan.pk},
        submit=_("Cancel the plan"),
        danger=True,
        case=plan.case,
    )


@login_required
@require_POST
def component_add(request, pk: int):
    _section_guard(request)
    plan = sel.plan_get_for_user(request.user, pk)
    activities = (
        sel.group_activities_for(request.user) if plan.case.case_type == CaseType.INBOUND else None
    )
    form = f.ComponentForm(request.POST, plan=plan, activities=activities)
    if form.is_valid():
        data = form.cleaned_data
        beneficiary = None
        if data["beneficiary"]:
            b = plan.beneficiaries.filter(person_id=data["beneficiary"]).select_related("person")
            beneficiary = b.first().person if b.exists() else None
        with service_errors(form) as call:
            svc.component_add(
                actor=request.user,
                plan=plan,
                kind=data["kind"],
                description=data["description"],
                beneficiary=beneficiary,
                budget=data["budget"],
                supplier=data["supplier"],
                activity=data.get("activity"),
                request_key=data.get("request_key"),
            )
        if call.ok:
            return _done(
                request, reverse("reintegration:plan", args=[plan.pk]), _("Component added.")
            )
    return _plan_page(request, plan, component_form=form, status=400)


@login_required
@require_POST
def component_remove(request, pk: int):
    _section_guard(request)
    component = sel.component_get_for_user(request.user, pk)
    try:
        svc.component_remove(actor=request.user, component=component)
    except (PermissionDenied, ValidationError) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    else:
        messages.success(request, _("Component removed."))
    return redirect("reintegration:plan", pk=component.plan_id)


@login_required
@require_POST
def component_delivered(request, pk: int):
    _section_guard(request)
    component = sel.component_get_for_user(request.user, pk)
    try:
        svc.component_mark_delivered(
            actor=request.user, component=component, delivered_on=timezone.localdate()
        )
    except (PermissionDenied, ValidationError) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    return redirect("reintegration:plan", pk=component.plan_id)


# --- disbursements -------------------------------------------------------------------------


@login_required
def disbursement_new(request, pk: int):
    _section_guard(request)
    component = sel.component_get_for_user(request.user, pk)
    plan = component.plan
    form = f.DisbursementForm(
        request.POST or None,
        initial={
            "planned_on": timezone.localdate(),
            "supplier": component.supplier,
            "programme": plan.programme_id,
            "kind": "cash" if component.kind == "cash" else "in_kind",
        },
    )
    return _record_page(
        request,
        form,
        lambda data: svc.disbursement_request(actor=request.user, component=component, **data),
        done_url=reverse("reintegration:plan", args=[plan.pk]),
        message=_("Disbursement requested: it now waits for approval."),
        title=_("Request a disbursement"),
        intro=f"{component.get_kind_display()} — {component.description}",
        submit=_("Request the disbursement"),
        case=plan.case,
    )


@login_required
@require_POST
def disbursement_approve(request, pk: int):
    _section_guard(request)
    d = sel.disbursement_get_for_user(request.user, pk)
    try:
        svc.disbursement_approve(actor=request.user, disbursement=d)
    except (PermissionDenied, ValidationError) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    else:
        messages.success(request, _("Disbursement approved."))
    return redirect(
        request.POST.get("next") or reverse("reintegration:plan", args=[d.component.plan_id])
    )


@login_required
def disbursement_reject(request, pk: int):
    _section_guard(request)
    d = sel.disbursement_get_for_user(request.user, pk)
    back = reverse("reintegration:plan", args=[d.component.plan_id])
    return _record_page(
        request,
        f.ReasonForm(request.POST or None),
        lambda data: svc.disbursement_reject(
            actor=request.user, disbursement=d, reason=data["reason"]
        ),
        done_url=back,
        message=_("Disbursement rejected."),
        title=_("Reject the disbursement"),
        submit=_("Reject"),
        danger=True,
        case=d.component.plan.case,
    )


@login_required
def disbursement_pay(request, pk: int):
    _section_guard(request)
    d = sel.disbursement_get_for_user(request.user, pk)
    back = reverse("reintegration:plan", args=[d.component.plan_id])
    form = f.PaymentForm(
        request.POST or None, request.FILES or None, initial={"paid_on": timezone.localdate()}
    )
    return _record_page(
        request,
        form,
        lambda data: svc.disbursement_pay(actor=request.user, disbursement=d, **data),
        done_url=back,
        message=_("Payment recorded."),
        title=_("Record the payment"),
        intro=f"{d.purpose} — {d.amount} {d.component.plan.currency}",
        submit=_("Record the payment"),
        case=d.component.plan.case,
    )


def _file_response(field, download_name: str):
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404
    ext = field.name.rsplit(".", 1)[-1]
    response = FileResponse(handle, as_attachment=ext == "pdf", filename=f"{download_name}.{ext}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def receipt(request, pk: int):
    _section_guard(request)
    d = sel.disbursement_get_for_user(request.user, pk)
    return _file_response(d.receipt, f"receipt-{d.pk}")


@login_required
def photo(request, pk: int):
    _section_guard(request)
    p = sel.photo_get_for_user(request.user, pk)
    return _file_response(p.image, f"visit-photo-{p.pk}")


# --- visits --------------------------------------------------------------------------------


@login_required
def visit_report(request, pk: int):
    _section_guard(request)
    visit = sel.visit_get_for_user(request.user, pk)
    case = visit.plan.case
    initial = {
        "done_on": visit.done_on or timezone.localdate(),
        "project_status": visit.project_status,
        "notes": visit.notes,
    }
    return _record_page(
        request,
        f.VisitReportForm(request.POST or None, request.FILES or None, initial=initial),
        lambda data: svc.visit_report(actor=request.user, visit=visit, **data),
        done_url=case_url(case),
        message=_("Visit report saved."),
        title=_("Follow-up visit report"),
        intro=_("Visit due on %(date)s") % {"date": visit.due_on.strftime("%d/%m/%Y")},
        submit=_("Save the report"),
        case=case,
        photos=visit.photos.all(),
    )


@login_required
def visit_add(request, pk: int):
    _section_guard(request)
    plan = sel.plan_get_for_user(request.user, pk)
    return _record_page(
        request,
        f.VisitAddForm(request.POST or None, initial={"due_on": timezone.localdate()}),
        lambda data: svc.visit_add(actor=request.user, plan=plan, due_on=data["due_on"]),
        done_url=reverse("reintegration:plan", args=[plan.pk]),
        message=_("Visit scheduled."),
        title=_("Schedule an extra visit"),
        submit=_("Schedule"),
        case=plan.case,
    )


# --- surveys -------------------------------------------------------------------------------


def _people(case):
    return [m.person for m in case_members(case)]


@login_required
def survey_new(request, pk: int):
    case = _case(request, pk)
    if not svc.can_manage_plans(request.user, case):
        raise PermissionDenied
    definition = svc.scoring_definition_current()
    people = _people(case)
    form = f.SurveyForm(request.POST or None, definition=definition.definition, people=people)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            person = next(p for p in people if str(p.pk) == form.cleaned_data["person"])
            try:
                svc.sustainability_survey_record(
                    actor=request.user,
                    case=case,
                    person=person,
                    surveyed_on=form.cleaned_data["surveyed_on"],
                    answers=form.answers(),
                )
            except ValidationError as e:
                if hasattr(e, "error_dict"):
                    for field, errors in e.message_dict.items():
                        name = f"q_{field}" if f"q_{field}" in form.fields else field
                        for message in errors:
                            form.add_error(name if name in form.fields else None, message)
                else:
                    add_service_errors(form, e)
            else:
                return _done(request, case_url(case), _("Survey recorded and scored."))
        status = 400
    return render(
        request,
        "reintegration/survey_form.html",
        {
            "case": case,
            "form": form,
            "definition": definition,
            "back": case_url(case),
        },
        status=status,
    )


@login_required
def satisfaction_new(request, pk: int):
    case = _case(request, pk)
    form = f.SatisfactionForm(
        request.POST or None, people=_people(case), initial={"surveyed_on": timezone.localdate()}
    )
    people = {str(p.pk): p for p in _people(case)}

    def write(data):
        svc.satisfaction_survey_record(
            actor=request.user,
            case=case,
            person=people[data["person"]],
            surveyed_on=data["surveyed_on"],
            satisfied_with_return=f.yes_no(data["satisfied_with_return"]),
            needs_taken_into_account=f.yes_no(data["needs_taken_into_account"]),
            satisfied_with_assistance=f.yes_no(data["satisfied_with_assistance"]),
            entourage_support_crucial=f.yes_no(data["entourage_support_crucial"]),
            comments=data["comments"],
        )

    return _record_page(
        request,
        form,
        write,
        done_url=case_url(case),
        message=_("Satisfaction survey recorded."),
        title=_("Satisfaction survey after return"),
        submit=_("Record the survey"),
        case=case,
    )


# --- closure -------------------------------------------------------------------------------


@login_required
def close(request, pk: int):
    case = _case(request, pk)
    form = f.CloseForm(request.POST or None, initial={"closed_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.case_close(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                return _done(request, case_url(case), _("Case closed."))
        status = 400
    return _form_page(
        request,
        title=_("Close the case"),
        intro=_("A closed case can be reopened later."),
        form=form,
        action=request.path,
        back=case_url(case),
        submit=_("Close the case"),
        danger=True,
        case=case,
        status=status,
    )


@login_required
def reopen(request, pk: int):
    case = _case(request, pk)
    form = f.ReasonForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                svc.case_reopen(actor=request.user, case=case, reason=form.cleaned_data["reason"])
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                return _done(request, case_url(case), _("Case reopened."))
        status = 400
    return _form_page(
        request,
        title=_("Reopen the case"),
        form=form,
        action=request.path,
        back=case_url(case),
        submit=_("Reopen"),
        case=case,
        status=status,
    )


# --- inbound: the five steps ---------------------------------------------------------------

INBOUND_STEPS = (
    ("family_tracing", _("1. Family tracing and information collection")),
    ("information_exchange", _("2. Information exchange with the host-country mission")),
    ("counselling", _("3. Counselling and orientation")),
    ("reintegration", _("4. Reintegration project")),
    ("monitoring", _("5. Follow-up and evaluation")),
)
_ORDER = [
    "registered",
    "family_tracing",
    "information_exchange",
    "arrived",
    "counselling",
    "reintegration",
    "monitoring",
    "closed",
]


def _inbound_page(request, case, *, forms_override: dict | None = None, status: int = 200):
    ctx = case_context(request, case)
    tracing = FamilyTracing.objects.filter(case=case).first()
    missions = sel.host_country_missions(str(case.host_country or ""))
    position = _ORDER.index(case.status) if case.status in _ORDER else -1
    forms = {
        "tracing": f.FamilyTracingForm(
            initial={
                "started_on": tracing.started_on if tracing else timezone.localdate(),
                "outcome": tracing.outcome if tracing else "in_progress",
                "contact_name": tracing.contact_name if tracing else "",
                "contact_relationship": tracing.contact_relationship if tracing else "",
                "contact_phone": tracing.contact_phone if tracing else "",
                "contact_city": tracing.contact_city if tracing else "",
                "information_collected": tracing.information_collected if tracing else "",
            }
        ),
        "exchange": f.InformationExchangeForm(
            missions=missions,
            initial={"exchanged_on": timezone.localdate(), "mission": missions.first()},
        ),
        "arrival": f.ArrivalForm(initial={"arrived_on": timezone.localdate()}),
        "counselling": f.CounsellingForm(
            inbound=True,
            initial={
                "counselled_on": timezone.localdate(),
                "settlement_region": case.settlement_region,
            },
        ),
    }
    forms.update(forms_override or {})
    steps = []
    for code, label in INBOUND_STEPS:
        index = _ORDER.index(code)
        steps.append(
            {
                "code": code,
                "label": label,
                "done": position > index or case.status == "closed",
                "current": case.status == code
                or (code == "counselling" and case.status == "arrived"),
            }
        )
    ctx.update(
        {
            "steps": steps,
            "tracing": tracing,
            "exchanges": InformationExchange.objects.filter(case=case).select_related("mission"),
            "forms": forms,
            "position": position,
            "pos": {c: _ORDER.index(c) for c in _ORDER},
            "has_missions": missions.exists(),
        }
    )
    return render(request, "reintegration/inbound.html", ctx, status=status)


def _inbound_case(request, pk):
    case = _case(request, pk)
    if case.case_type != CaseType.INBOUND:
        raise Http404
    return case


@login_required
def inbound(request, pk: int):
    return _inbound_page(request, _inbound_case(request, pk))


def _inbound_post(request, case, key: str, form, call):
    if form.is_valid():
        with service_errors(form) as outcome:
            call(form.cleaned_data)
        if outcome.ok:
            return _done(
                request,
                reverse("reintegration:inbound", args=[case.pk]) + f"#step-{key}",
                _("Saved."),
            )
    return _inbound_page(request, case, forms_override={key: form}, status=400)


@login_required
@require_POST
def inbound_tracing(request, pk: int):
    case = _inbound_case(request, pk)
    form = f.FamilyTracingForm(request.POST)
    return _inbound_post(
        request,
        case,
        "tracing",
        form,
        lambda d: svc.family_tracing_record(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def inbound_exchange(request, pk: int):
    case = _inbound_case(request, pk)
    form = f.InformationExchangeForm(
        request.POST, missions=sel.host_country_missions(str(case.host_country or ""))
    )
    return _inbound_post(
        request,
        case,
        "exchange",
        form,
        lambda d: svc.information_exchange_record(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def inbound_arrival(request, pk: int):
    case = _inbound_case(request, pk)
    form = f.ArrivalForm(request.POST)
    return _inbound_post(
        request,
        case,
        "arrival",
        form,
        lambda d: svc.arrival_record(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def inbound_counselling(request, pk: int):
    case = _inbound_case(request, pk)
    form = f.CounsellingForm(request.POST, inbound=True)
    return _inbound_post(
        request,
        case,
        "counselling",
        form,
        lambda d: svc.counselling_record(actor=request.user, case=case, **d),
    )


@login_required
@require_POST
def advance(request, pk: int, action: str):
    """Start the reintegration project or the follow-up (both kinds of case)."""
    case = _case(request, pk)
    try:
        svc.reintegration_advance(actor=request.user, case=case, action=action)
    except (PermissionDenied, ValidationError) as e:
        messages.error(request, " ".join(getattr(e, "messages", [str(e)])))
    else:
        messages.success(
            request, _("Moved to “%(status)s”.") % {"status": case.get_status_display()}
        )
    return redirect(case_url(case))


# --- group activities ----------------------------------------------------------------------


@login_required
def activities(request):
    _section_guard(request)
    user = request.user
    can_create = user.organisation is not None and (
        has_capability(user, Capability.MANAGE_REINTEGRATION)
        or has_capability(user, Capability.RECORD_ASSISTANCE)
    )
    form = f.GroupActivityForm(request.POST or None, initial={"held_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if not can_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                svc.group_activity_create(
                    actor=user, organiser=user.organisation, **form.cleaned_data
                )
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                return _done(request, reverse("reintegration:activities"), _("Session recorded."))
        status = 400
    from django.db.models import Count

    rows = sel.group_activities_for(user).annotate(
        participants=Count("components__plan__beneficiaries", distinct=True)
    )
    return render(
        request,
        "reintegration/activities.html",
        {"activities": rows, "form": form if can_create else None},
        status=status,
    )


# --- scoring definition --------------------------------------------------------------------


@login_required
def scoring_list(request):
    if not (
        has_capability(request.user, Capability.MANAGE_PROGRAMMES)
        or has_capability(request.user, Capability.VIEW_REPORTS)
    ):
        raise Http404
    svc.scoring_definition_current()
    from django.db.models import Count

    definitions = ScoringDefinition.objects.annotate(n=Count("surveys")).select_related(
        "created_by"
    )
    return render(
        request,
        "reintegration/scoring_list.html",
        {
            "definitions": definitions,
            "can_edit": has_capability(request.user, Capability.MANAGE_PROGRAMMES),
        },
    )


@login_required
def scoring_detail(request, version: int):
    if not (
        has_capability(request.user, Capability.MANAGE_PROGRAMMES)
        or has_capability(request.user, Capability.VIEW_REPORTS)
    ):
        raise Http404
    definition = get_object_or_404(ScoringDefinition, version=version)
    data = definition.definition
    dimensions = []
    for d in data["dimensions"]:
        indicators = [
            {
                "code": i["code"],
                "label": localized(i.get("label")),
                "weight": i.get("weight", 1),
                "answers": [
                    {"code": a["code"], "label": localized(a.get("label")), "score": a.get("score")}
                    for a in i["answers"]
                ],
            }
            for i in d["indicators"]
        ]
        dimensions.append(
            {
                "code": d["code"],
                "label": localized(d.get("label")),
                "weight": d.get("weight", 1),
                "indicators": indicators,
            }
        )
    thresholds = [
        {"code": t["code"], "min": t["min"], "label": localized(t.get("label"))}
        for t in data.get("thresholds", [])
    ]
    return render(
        request,
        "reintegration/scoring_detail.html",
        {
            "definition": definition,
            "dimensions": dimensions,
            "thresholds": thresholds,
            "surveys": definition.surveys.count(),
            "can_edit": has_capability(request.user, Capability.MANAGE_PROGRAMMES),
            "json": json.dumps(data, ensure_ascii=False, indent=2),
        },
    )


@login_required
def scoring_new(request):
    if not has_capability(request.user, Capability.MANAGE_PROGRAMMES):
        raise PermissionDenied
    base = svc.scoring_definition_current()
    source = request.GET.get("from")
    if source and source.isdigit():
        base = get_object_or_404(ScoringDefinition, version=int(source))
    form = f.ScoringDefinitionForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "definition": json.dumps(base.definition, ensure_ascii=False, indent=2),
            "activate": True,
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                definition = svc.scoring_definition_create(
                    actor=request.user,
                    data=validate_definition(form.cleaned_data["parsed"]),
                    note=form.cleaned_data["note"],
                    activate=form.cleaned_data["activate"],
                )
            except ValidationError as e:
                for message in e.messages:
                    form.add_error(
                        "file" if form.cleaned_data.get("file") else "definition", message
                    )
            else:
                return _done(
                    request,
                    reverse("reintegration:scoring_detail", args=[definition.version]),
                    _("Version %(v)s saved.") % {"v": definition.version},
                )
        status = 400
    return _form_page(
        request,
        title=_("New version of the scoring definition"),
        intro=_(
            "Saving creates a new version; earlier versions and the scores they computed "
            "stay as they are."
        ),
        form=form,
        action=request.path,
        back=reverse("reintegration:scoring"),
        submit=_("Save as a new version"),
        status=status,
    )
