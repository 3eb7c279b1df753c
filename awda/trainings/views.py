"""Pages of FORAS orientation and trainings: cycles and their sessions, enrolment,
attendance sheets, awareness sessions, and the yearly figures."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awda.accounts.access import has_capability
from awda.accounts.models import OrganisationKind
from awda.accounts.roles import Capability
from awda.cases.models import CaseMember, CaseType
from awda.cases.selectors import cases_visible_to
from awda.lib.forms import add_service_errors
from awda.people.names import normalise
from awda.trainings import forms as f
from awda.trainings import selectors as sel
from awda.trainings import services as svc

MAX_CANDIDATES = 60


def _guard(request) -> bool:
    """Whether the user may change trainings (viewing needs an office or national role)."""
    user = request.user
    if sel._office_of(user) is None:
        raise Http404
    return has_capability(user, Capability.RECORD_ASSISTANCE)


def _user_office(user):
    org = user.organisation
    return org if org is not None and org.kind == OrganisationKind.IOM_OFFICE and org.city else None


def _candidates(request, exclude_person_ids=()):
    """Migrants before departure in the cases the user may open, narrowed by ?q=."""
    q = (request.GET.get("q") or "").strip()
    cases = (
        cases_visible_to(request.user)
        .filter(case_type=CaseType.OUTBOUND)
        .exclude(status__in=svc.ENROLLABLE_STATUSES_EXCLUDED)
    )
    members = CaseMember.objects.filter(case__in=cases.values("pk")).exclude(
        person__in=list(exclude_person_ids)
    )
    if q:
        words = normalise(q).split()
        condition = Q(case__reference__icontains=q)
        name = Q()
        for w in words:
            name &= Q(person__name_key__contains=w)
        members = members.filter(condition | name) if words else members.filter(condition)
    members = members.select_related("person", "case").order_by("-case__application_date", "id")
    return [(m.person, m.case) for m in members[:MAX_CANDIDATES]], q


@login_required
def index(request):
    can_edit = _guard(request)
    user = request.user
    year = timezone.localdate().year
    figures_form = f.FiguresForm(request.GET or None, initial={"year": year})
    office = _user_office(user) if sel._office_of(user) is not True else None
    if figures_form.is_valid():
        year = figures_form.cleaned_data["year"]
        office = figures_form.cleaned_data["office"] or office
    if sel._office_of(user) is not True:
        # Office staff see their own office's figures.
        office = _user_office(user)
        figures_form.fields.pop("office", None)
    figures = sel.training_figures(
        start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), office=office
    )
    cycles = (
        sel.cycles_visible_to(user)
        .annotate(
            n_sessions=Count("sessions", distinct=True),
            n_enrolled=Count("enrolments", distinct=True),
        )
        .order_by("-starts_on", "-pk")
    )
    awareness = (
        sel.awareness_visible_to(user).annotate(n=Count("participants")).order_by("-held_on", "-pk")
    )
    return render(
        request,
        "trainings/index.html",
        {
            "can_edit": can_edit,
            "figures": figures,
            "year": year,
            "office": office,
            "figures_form": figures_form,
            "cycles": Paginator(cycles, 20).get_page(request.GET.get("cycles_page")),
            "awareness": Paginator(awareness, 20).get_page(request.GET.get("awareness_page")),
        },
    )


def _page(request, template, ctx, status=200):
    return render(request, template, ctx, status=status)


@login_required
def cycle_new(request):
    if not _guard(request):
        raise PermissionDenied
    form = f.CycleForm(request.POST or None, initial={"office": _user_office(request.user)})
    if request.method == "POST" and form.is_valid():
        try:
            cycle = svc.cycle_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Cycle created: add its sessions and enrol participants."))
            return redirect("trainings:cycle", pk=cycle.pk)
    return _page(
        request,
        "trainings/form_page.html",
        {"form": form, "title": _("New training cycle"), "back": reverse("trainings:index")},
        status=400 if request.method == "POST" else 200,
    )


def _cycle_page(request, cycle, *, session_form=None, people_form=None, status=200):
    can_edit = has_capability(request.user, Capability.RECORD_ASSISTANCE)
    enrolments = list(sel.cycle_enrolments(cycle))
    candidates, q = (
        _candidates(request, [e.person_id for e in enrolments]) if can_edit else ([], "")
    )
    sessions = cycle.sessions.annotate(
        present=Count("attendance", filter=Q(attendance__present=True))
    )
    return render(
        request,
        "trainings/cycle.html",
        {
            "cycle": cycle,
            "sessions": sessions,
            "enrolments": enrolments,
            "can_edit": can_edit,
            "session_form": session_form or f.SessionForm(initial={"held_on": cycle.starts_on}),
            "people_form": people_form or f.PeopleForm(candidates=candidates),
            "q": q,
        },
        status=status,
    )


@login_required
def cycle_detail(request, pk: int):
    _guard(request)
    return _cycle_page(request, sel.cycle_get_for_user(request.user, pk))


@login_required
@require_POST
def session_add(request, pk: int):
    if not _guard(request):
        raise PermissionDenied
    cycle = sel.cycle_get_for_user(request.user, pk)
    form = f.SessionForm(request.POST)
    if form.is_valid():
        try:
            svc.session_add(actor=request.user, cycle=cycle, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Session added."))
            return redirect("trainings:cycle", pk=cycle.pk)
    return _cycle_page(request, cycle, session_form=form, status=400)


@login_required
@require_POST
def enrol(request, pk: int):
    if not _guard(request):
        raise PermissionDenied
    cycle = sel.cycle_get_for_user(request.user, pk)
    enrolled = cycle.enrolments.values_list("person_id", flat=True)
    candidates, _q = _candidates(request, enrolled)
    form = f.PeopleForm(request.POST, candidates=candidates)
    if form.is_valid():
        try:
            for person, case in form.chosen():
                svc.enrolment_add(actor=request.user, cycle=cycle, person=person, case=case)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Participants enrolled."))
            return redirect("trainings:cycle", pk=cycle.pk)
    return _cycle_page(request, cycle, people_form=form, status=400)


@login_required
def attendance(request, pk: int):
    can_edit = _guard(request)
    session = sel.session_get_for_user(request.user, pk)
    enrolments = list(sel.cycle_enrolments(session.cycle))
    present = set(session.attendance.filter(present=True).values_list("enrolment_id", flat=True))
    error = ""
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        try:
            ids = [int(x) for x in request.POST.getlist("present")]
            svc.attendance_record(actor=request.user, session=session, present=ids)
        except (ValueError, ValidationError) as e:
            error = " ".join(getattr(e, "messages", [_("Invalid selection.")]))
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("trainings:cycle", pk=session.cycle_id)
    return render(
        request,
        "trainings/attendance.html",
        {
            "session": session,
            "enrolments": enrolments,
            "present": present,
            "can_edit": can_edit,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def completion(request, pk: int):
    if not _guard(request):
        raise PermissionDenied
    enrolment = sel.enrolment_get_for_user(request.user, pk)
    satisfied = {"yes": True, "no": False}.get(request.POST.get("satisfied", ""))
    try:
        svc.enrolment_complete(
            actor=request.user,
            enrolment=enrolment,
            completed=request.POST.get("completed") == "1",
            satisfied=satisfied,
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("Saved."))
    return redirect(reverse("trainings:cycle", args=[enrolment.cycle_id]) + "#enrolments")


@login_required
def awareness_new(request):
    if not _guard(request):
        raise PermissionDenied
    form = f.AwarenessForm(
        request.POST or None,
        initial={"office": _user_office(request.user), "held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = svc.awareness_session_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Session recorded: now record who attended."))
            return redirect("trainings:awareness", pk=session.pk)
    return _page(
        request,
        "trainings/form_page.html",
        {"form": form, "title": _("New awareness session"), "back": reverse("trainings:index")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def awareness_detail(request, pk: int):
    can_edit = _guard(request)
    session = sel.awareness_get_for_user(request.user, pk)
    participants = session.participants.select_related("person", "case").order_by(
        "person__family_name"
    )
    candidates, q = (
        _candidates(request, participants.values_list("person_id", flat=True))
        if can_edit
        else ([], "")
    )
    form = f.PeopleForm(request.POST or None, candidates=candidates)
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                n = svc.awareness_participants_add(
                    actor=request.user, session=session, participants=form.chosen()
                )
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("%(n)s participants added.") % {"n": n})
                return redirect("trainings:awareness", pk=session.pk)
        status = 400
    return render(
        request,
        "trainings/awareness.html",
        {
            "session": session,
            "participants": participants,
            "form": form,
            "can_edit": can_edit,
            "q": q,
        },
        status=status,
    )
