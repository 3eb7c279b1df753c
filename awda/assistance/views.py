"""Pages and form endpoints of assistance: records in the case file, distribution days,
counselling sessions and appointments. Thin: rules live in services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_countries import countries

from awda.accounts.access import Section, can_see_section, has_capability
from awda.assistance import sections, services
from awda.assistance.forms import (
    AppointmentForm,
    AppointmentStatusForm,
    AssistanceForm,
    CaseFilterForm,
    DeleteForm,
    DistributionForm,
    SessionForm,
)
from awda.assistance.selectors import (
    appointment_get_for_user,
    assistance_record_get_for_user,
    cases_by_reference,
    distribution_cases,
    distribution_get_for_user,
    distributions_visible_to,
    offices_for_distribution,
    open_cases_for_distribution,
    upcoming_appointments,
)
from awda.cases.models import CaseMember
from awda.cases.selectors import case_get_for_user, case_members, case_section_for_user
from awda.lib.forms import service_errors
from awda.protection.viewutils import (
    case_page_url,
    new_request_key,
    section_done,
    section_response,
)

ASSISTANCE_TITLE = gettext_lazy("Assistance")
COUNSELLING_TITLE = gettext_lazy("Counselling")


def _case(request, case_pk, section):
    return case_section_for_user(request.user, case_pk, section)


def _assistance_section(request, case, *, form=None, status=200):
    return section_response(
        request,
        case=case,
        template="assistance/sections/assistance.html",
        title=ASSISTANCE_TITLE,
        context=sections.assistance(request, case, case_members(case), form=form),
        status=status,
    )


def _counselling_section(request, case, *, status=200, **forms):
    return section_response(
        request,
        case=case,
        template="assistance/sections/counselling.html",
        title=COUNSELLING_TITLE,
        context=sections.counselling(request, case, case_members(case), **forms),
        status=status,
    )


@login_required
@require_POST
def record_add(request, case_pk):
    case = _case(request, case_pk, Section.ASSISTANCE)
    members = case_members(case)
    form = AssistanceForm(request.POST, members=members, prefix="assist")
    if form.is_valid():
        d = form.cleaned_data
        person = next((m.person for m in members if m.person_id == d["person"]), None)
        with service_errors(form) as call:
            services.assistance_record(
                actor=request.user,
                case=case,
                type=d["type"],
                date=d["date"],
                provider=d["provider"],
                quantity=d["quantity"],
                unit_value=d["unit_value"],
                currency=d["currency"],
                programme=d["programme"],
                person=person,
                description=d["description"],
                request_key=d["request_key"],
            )
        if call.ok:
            return section_done(
                request, case, _("Assistance recorded."), lambda: _assistance_section(request, case)
            )
    return _assistance_section(request, case, form=form, status=422)


@login_required
@require_POST
def record_delete(request, pk):
    record = assistance_record_get_for_user(request.user, pk)
    case = case_get_for_user(request.user, record.case_id)
    form = DeleteForm(request.POST, prefix=f"del-{record.pk}")
    if form.is_valid():
        try:
            services.assistance_delete(
                actor=request.user, record=record, reason=form.cleaned_data["reason"]
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            return section_done(
                request, case, _("Record removed."), lambda: _assistance_section(request, case)
            )
    else:
        messages.error(request, _("Say why the record is removed."))
    if getattr(request, "htmx", False):
        return _assistance_section(request, case, status=422)
    return redirect(case_page_url(case))


# --- Counselling ---------------------------------------------------------------------------


@login_required
@require_POST
def session_add(request, case_pk):
    case = _case(request, case_pk, Section.COUNSELLING)
    form = SessionForm(request.POST, prefix="session")
    if form.is_valid():
        d = form.cleaned_data
        with service_errors(form) as call:
            services.counselling_session_record(
                actor=request.user,
                case=case,
                date=d["date"],
                topics=d["topics"],
                interpreter_language=d["interpreter_language"],
                notes=d["notes"],
                next_appointment_at=d["next_appointment_at"],
                request_key=d["request_key"],
            )
        if call.ok:
            return section_done(
                request,
                case,
                _("Session recorded."),
                lambda: _counselling_section(request, case),
            )
    return _counselling_section(request, case, form=form, status=422)


@login_required
@require_POST
def appointment_add(request, case_pk):
    case = _case(request, case_pk, Section.COUNSELLING)
    form = AppointmentForm(request.POST, prefix="appt")
    if form.is_valid():
        d = form.cleaned_data
        with service_errors(form) as call:
            services.appointment_plan(
                actor=request.user,
                case=case,
                at=d["at"],
                kind=d["kind"],
                with_user=request.user,
                place=d["place"],
                note=d["note"],
            )
        if call.ok:
            return section_done(
                request,
                case,
                _("Appointment planned."),
                lambda: _counselling_section(request, case),
            )
    return _counselling_section(request, case, appointment_form=form, status=422)


@login_required
@require_POST
def appointment_status(request, pk):
    appointment = appointment_get_for_user(request.user, pk)
    case = case_get_for_user(request.user, appointment.case_id)
    form = AppointmentStatusForm(request.POST)
    if form.is_valid():
        try:
            services.appointment_set_status(
                actor=request.user, appointment=appointment, status=form.cleaned_data["status"]
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    if getattr(request, "htmx", False):
        return _counselling_section(request, case)
    return redirect(request.POST.get("next") or case_page_url(case))


@login_required
def appointments(request):
    mine = request.GET.get("all") != "1"
    qs = upcoming_appointments(request.user, mine=mine)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/appointments.html",
        {"page": page, "mine": mine},
    )


# --- Distribution days ---------------------------------------------------------------------


def _office(request, offices, value=None):
    value = value or request.POST.get("office") or request.GET.get("office")
    if value:
        office = offices.filter(pk=value).first()
        if office is not None:
            return office
    own = offices.filter(pk=request.user.organisation_id).first()
    return own or offices.first()


def _with_people(qs):
    principal = CaseMember.objects.filter(case=OuterRef("pk"), relationship="principal")
    return qs.annotate(
        principal_given=Subquery(principal.values("person__given_name")[:1]),
        principal_family=Subquery(principal.values("person__family_name")[:1]),
        group_size=Count("members", distinct=True),
    )


def _picker_context(request, office, data, selected_ids):
    user = request.user
    all_open = open_cases_for_distribution(user, office)
    statuses = sorted(set(all_open.values_list("status", flat=True)))
    workflow_labels = {}
    from awda.cases.workflows import WORKFLOWS

    for w in WORKFLOWS.values():
        for s in w.states:
            workflow_labels.setdefault(s.code, str(s.label))
    nationalities = sorted(
        {c for c in all_open.values_list("country_of_origin", flat=True) if c},
        key=lambda c: countries.name(c),
    )
    filters = CaseFilterForm(
        data,
        statuses=[(s, workflow_labels.get(s, s)) for s in statuses],
        nationalities=[(c, countries.name(c)) for c in nationalities],
    )
    f = filters.cleaned_data if filters.is_valid() else {}
    listed = _with_people(
        open_cases_for_distribution(
            user,
            office,
            q=f.get("q", ""),
            status=f.get("status", ""),
            nationality=f.get("nationality", ""),
        )
    )[:1000]
    selected = list(_with_people(all_open.filter(pk__in=selected_ids))) if selected_ids else []
    listed = [c for c in listed if c.pk not in set(selected_ids)]
    return {
        "filters": filters,
        "listed": listed,
        "selected": selected,
        "office": office,
        "open_count": all_open.count(),
        "status_labels": workflow_labels,
    }


def _selected_ids(values) -> list[int]:
    ids = []
    for v in values:
        try:
            ids.append(int(v))
        except (TypeError, ValueError):
            continue
    return ids


def _may_distribute(user) -> bool:
    return (
        has_capability(user, "record_assistance")
        and can_see_section(user, Section.ASSISTANCE)
        and offices_for_distribution(user).exists()
    )


@login_required
def distribution_picker(request):
    """The list of cases to choose from, refreshed as filters change (htmx)."""
    if not _may_distribute(request.user):
        raise Http404
    offices = offices_for_distribution(request.user)
    office = _office(request, offices)
    if office is None:
        raise Http404
    ctx = _picker_context(request, office, request.GET, _selected_ids(request.GET.getlist("cases")))
    return render(request, "assistance/_case_picker.html", ctx)


@login_required
def distribution_new(request):
    user = request.user
    if not _may_distribute(user):
        raise Http404
    offices = offices_for_distribution(user)
    office = _office(request, offices)
    if office is None:
        raise Http404
    if request.method == "POST":
        form = DistributionForm(
            request.POST,
            offices=offices,
            case_queryset=open_cases_for_distribution(user, office),
        )
        if form.is_valid():
            d = form.cleaned_data
            chosen = list(d["cases"])
            found, missing = cases_by_reference(user, d["office"], form.reference_list())
            if missing:
                form.add_error(
                    "references",
                    _("Not among this office's open cases: %(refs)s")
                    % {"refs": ", ".join(missing)},
                )
            else:
                with service_errors(form) as call:
                    distribution, created = services.distribution_record(
                        actor=user,
                        idempotency_key=d["idempotency_key"],
                        office=d["office"],
                        date=d["date"],
                        type=d["type"],
                        cases=chosen + found,
                        provider=d["provider"],
                        quantity_per_case=d["quantity_per_case"],
                        unit_value=d["unit_value"],
                        currency=d["currency"],
                        programme=d["programme"],
                        location=d["location"],
                    )
                if call.ok:
                    if created:
                        messages.success(request, _("Distribution recorded."))
                    else:
                        messages.info(request, _("This distribution was already recorded."))
                    return redirect("assistance:distribution_detail", pk=distribution.pk)
        selected_ids = _selected_ids(request.POST.getlist("cases"))
        status = 422
    else:
        form = DistributionForm(
            offices=offices,
            case_queryset=open_cases_for_distribution(user, office),
            initial={
                "idempotency_key": new_request_key(),
                "office": office.pk,
                "date": timezone.localdate(),
                "provider": office.pk,
                "quantity_per_case": 1,
                "currency": "MAD",
            },
        )
        selected_ids = []
        status = 200
    ctx = {"form": form, **_picker_context(request, office, request.GET, selected_ids)}
    return render(request, "assistance/distribution_form.html", ctx, status=status)


@login_required
def distribution_detail(request, pk):
    distribution = distribution_get_for_user(request.user, pk)
    cases = _with_people(distribution_cases(request.user, distribution))
    page = Paginator(cases, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/distribution_detail.html",
        {"distribution": distribution, "page": page},
    )


@login_required
def distribution_list(request):
    if not can_see_section(request.user, Section.ASSISTANCE):
        raise Http404
    qs = distributions_visible_to(request.user).annotate(cases_count=Count("records"))
    if request.GET.get("q"):
        qs = qs.filter(Q(location__icontains=request.GET["q"]))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/distribution_list.html",
        {"page": page, "may_distribute": _may_distribute(request.user)},
    )
