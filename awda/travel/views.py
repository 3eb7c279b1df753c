"""Pages of departure operations. Views parse input, call a service or a selector, and
render; htmx requests get the part of the page they asked for."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from awda.accounts.access import Section, has_capability
from awda.accounts.models import Organisation, OrganisationKind
from awda.cases.models import Case
from awda.cases.selectors import case_members, case_section_for_user
from awda.cases.services import TransitionRefused
from awda.funding.models import Programme
from awda.lib.forms import add_service_errors
from awda.travel import exports, selectors, services
from awda.travel.forms import (
    BatchForm,
    BookingForm,
    DepartureForm,
    ExaminationForm,
    FitnessForm,
    IdentityForm,
    InterviewForm,
    IssueForm,
    LpcRequestForm,
    MovementEditForm,
    OrientationForm,
    PerDiemForm,
    PvForm,
    ReasonForm,
)
from awda.travel.models import LPC_OPEN_STATUSES, BorderPost, LpcStatus, Movement, MovementStatus
from awda.travel.sections import travel as travel_section_context

UPCOMING_DAYS = 30


def _case_url(case: Case) -> str:
    try:
        return reverse("web:case_detail", args=[case.pk]) + "#section-travel"
    except NoReverseMatch:
        return reverse("travel:case", args=[case.pk])


def _travel_case(request, pk: int) -> Case:
    return case_section_for_user(request.user, pk, Section.TRAVEL)


def _require(user, capability: str) -> None:
    if not has_capability(user, capability):
        raise PermissionDenied


def _parse_date(value: str | None, default: dt.date | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


# --- The case's travel section ---------------------------------------------------------


def _section_response(request, case: Case, *, status: int = 200, **extra) -> HttpResponse:
    """After a form in the travel section: the section again (htmx), the case page
    (success) or a page of its own with the errors next to the fields."""
    case.refresh_from_db()
    members = case_members(case)
    context = {
        **travel_section_context(request, case, members, **extra),
        "case": case,
        "members": members,
    }
    if request.htmx:
        return HttpResponse(
            render_to_string("travel/sections/travel.html", context, request=request),
            status=status,
        )
    if status == 200:
        return redirect(_case_url(case))
    return render(request, "travel/case_travel.html", context, status=status)


@login_required
def case_travel(request, pk: int):
    """The travel section of one case on a page of its own."""
    case = _travel_case(request, pk)
    members = case_members(case)
    context = {
        **travel_section_context(request, case, members),
        "case": case,
        "members": members,
    }
    return render(request, "travel/case_travel.html", context)


@login_required
@require_POST
def lpc_request_view(request, pk: int):
    case = _travel_case(request, pk)
    _require(request.user, "manage_travel")
    members = case_members(case)
    form = LpcRequestForm(request.POST, prefix="lpc", persons=[m.person for m in members])
    if form.is_valid():
        person = next(m.person for m in members if m.person_id == form.cleaned_data["person"])
        try:
            services.lpc_request_create(
                actor=request.user,
                case=case,
                person=person,
                document_situation=form.cleaned_data["document_situation"],
                place_of_birth=form.cleaned_data["place_of_birth"],
                previous_document_number=form.cleaned_data["previous_document_number"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(
                request,
                _("The laissez-passer request for %(name)s was sent to the consulate.")
                % {"name": person.full_name},
            )
            return _section_response(request, case, notice=_("Request sent to the consulate."))
    return _section_response(request, case, status=400, lpc_form=form)


@login_required
@require_POST
def lpc_cancel_view(request, pk: int):
    request_obj = selectors.lpc_request_get_for_user(request.user, pk)
    case = _travel_case(request, request_obj.case_id)
    _require(request.user, "manage_travel")
    form = ReasonForm(request.POST, prefix=f"cancel{pk}")
    if form.is_valid():
        try:
            services.lpc_request_cancel(
                actor=request.user, request=request_obj, reason=form.cleaned_data["reason"]
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The request was cancelled."))
            return _section_response(request, case, notice=_("The request was cancelled."))
    return _section_response(request, case, status=400, cancel_forms={pk: form})


@login_required
@require_POST
def fitness_view(request, pk: int):
    case = _travel_case(request, pk)
    _require(request.user, "screen_protection")
    members = case_members(case)
    form = FitnessForm(request.POST, prefix="fitness", persons=[m.person for m in members])
    if form.is_valid():
        d = form.cleaned_data
        person = next(m.person for m in members if m.person_id == d["person"])
        try:
            services.fitness_record(
                actor=request.user,
                case=case,
                person=person,
                assessed_on=d["assessed_on"],
                outcome=d["outcome"],
                conditions=d["conditions"],
                valid_until=d["valid_until"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The fitness-to-travel decision is recorded."))
            return _section_response(request, case, notice=_("Fitness to travel recorded."))
    return _section_response(request, case, status=400, fitness_form=form)


@login_required
@require_POST
def examination_view(request, pk: int):
    case = _travel_case(request, pk)
    members = case_members(case)
    form = ExaminationForm(request.POST, prefix="exam", persons=[m.person for m in members])
    if form.is_valid():
        d = form.cleaned_data
        person = next(m.person for m in members if m.person_id == d["person"])
        try:
            services.medical_examination_record(
                actor=request.user,
                case=case,
                person=person,
                examined_on=d["examined_on"],
                result=d["result"],
                clinic=d["clinic"],
            )
        except PermissionDenied:
            raise
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The medical examination is recorded."))
            return _section_response(request, case, notice=_("Medical examination recorded."))
    return _section_response(request, case, status=400, exam_form=form)


@login_required
@require_POST
def orientation_view(request, pk: int):
    case = _travel_case(request, pk)
    members = case_members(case)
    form = OrientationForm(request.POST, prefix="orientation", persons=[m.person for m in members])
    if form.is_valid():
        d = form.cleaned_data
        person = next(m.person for m in members if m.person_id == d["person"])
        try:
            services.cultural_orientation_record(
                actor=request.user,
                case=case,
                person=person,
                session_on=d["session_on"],
                attended=d["attended"],
                facilitator=d["facilitator"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The cultural orientation session is recorded."))
            return _section_response(request, case, notice=_("Cultural orientation recorded."))
    return _section_response(request, case, status=400, orientation_form=form)


# --- Booking -------------------------------------------------------------------------


def _upcoming_departures(user):
    today = timezone.localdate()
    return list(
        selectors.departures_list(user, start=today, end=today + dt.timedelta(days=90)).filter(
            is_charter=True
        )
    )


@login_required
def book_view(request, pk: int):
    case = _travel_case(request, pk)
    _require(request.user, "manage_travel")
    members = case_members(case)
    departures = _upcoming_departures(request.user)
    refusals: list[str] = []
    if request.method == "POST":
        form = BookingForm(request.POST, case=case, members=members, departures=departures)
        if form.is_valid():
            d = form.cleaned_data
            programme = Programme.objects.filter(pk=d["programme"]).first()
            try:
                services.movement_book(
                    actor=request.user,
                    case=case,
                    mode=d["mode"],
                    post=d["post"],
                    legs=form.legs(),
                    programme=programme,
                    booking_reference=d["booking_reference"],
                    tickets=form.tickets(),
                    escort=form.escort_user(),
                    escort_name=d["escort_name"],
                    final_destination=d["final_destination"],
                    departure=form.departures.get(d.get("departure")),
                )
            except ValidationError as e:
                add_service_errors(form, e)
            except TransitionRefused as refused:
                refusals = refused.reasons
            else:
                messages.success(
                    request,
                    ngettext(
                        "The journey is booked: %(count)s ticket charged to %(programme)s.",
                        "The journey is booked: %(count)s tickets charged to %(programme)s.",
                        len(members),
                    )
                    % {"count": len(members), "programme": programme.name},
                )
                return redirect(_case_url(case))
    else:
        form = BookingForm(
            case=case,
            members=members,
            departures=departures,
            initial={
                "leg0_departs_on": case.planned_departure_date,
                "post": BorderPost.CMN,
                "final_destination": case.destination_country.name
                if case.destination_country
                else "",
            },
        )
    status = 400 if request.method == "POST" else 200
    context = {
        "case": case,
        "members": members,
        "form": form,
        "refusals": refusals,
        "attach_only": case.status == "booked",
    }
    return render(request, "travel/book.html", context, status=status)


@login_required
def movement_edit_view(request, pk: int):
    movement = _movement_for_user(request, pk)
    _require(request.user, "manage_travel")
    case = movement.case
    if request.method == "POST":
        form = MovementEditForm(request.POST, movement=movement)
        if form.is_valid():
            try:
                services.movement_update(
                    actor=request.user,
                    movement=movement,
                    booking_reference=form.cleaned_data["booking_reference"],
                    tickets=form.tickets(),
                    escort=form.escort_user(),
                    escort_name=form.cleaned_data["escort_name"],
                )
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("The booking is updated."))
                return redirect(_case_url(case))
    else:
        form = MovementEditForm(movement=movement)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "travel/movement_edit.html",
        {"case": case, "movement": movement, "form": form},
        status=status,
    )


def _movement_for_user(request, pk: int) -> Movement:
    try:
        movement = Movement.objects.select_related("case", "departure").get(pk=pk)
    except (Movement.DoesNotExist, ValueError):
        raise Http404
    _travel_case(request, movement.case_id)
    return movement


# --- Departures, manifests, checklist, PV -------------------------------------------


@login_required
def index(request):
    if selectors.consulate_of(request.user) is not None:
        return redirect("travel:lpc_queue")
    return redirect("travel:departures")


def _can_see_departures(user) -> bool:
    return selectors.police_post_of(user) is not None or selectors.sees_travel(user)


@login_required
def departures_view(request):
    user = request.user
    if not _can_see_departures(user):
        raise Http404
    today = timezone.localdate()
    police = selectors.police_post_of(user)
    default_end = today if police else today + dt.timedelta(days=UPCOMING_DAYS)
    start = _parse_date(request.GET.get("start"), today)
    end = _parse_date(request.GET.get("end"), default_end)
    if end < start:
        end = start
    post = request.GET.get("post", "")
    if post not in BorderPost.values:
        post = ""
    rows = list(selectors.departures_list(user, start=start, end=end, post=post))
    if not has_capability(user, "manage_travel"):
        rows = [r for r in rows if r.n_passengers]
    form = None
    if has_capability(user, "manage_travel"):
        form = DepartureForm(prefix="dep")
    context = {
        "departures": rows,
        "start": start,
        "end": end,
        "post": post,
        "posts": BorderPost.choices,
        "police_post": BorderPost(police).label if police else "",
        "form": form,
        "today": today,
    }
    return render(request, "travel/departures.html", context)


@login_required
@require_POST
def departure_create_view(request):
    _require(request.user, "manage_travel")
    form = DepartureForm(request.POST, prefix="dep")
    if form.is_valid():
        try:
            departure = services.departure_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The departure is scheduled: %(d)s.") % {"d": departure})
            return redirect("travel:departures")
    today = timezone.localdate()
    context = {
        "departures": list(
            selectors.departures_list(
                request.user, start=today, end=today + dt.timedelta(days=UPCOMING_DAYS)
            )
        ),
        "start": today,
        "end": today + dt.timedelta(days=UPCOMING_DAYS),
        "post": "",
        "posts": BorderPost.choices,
        "police_post": "",
        "form": form,
        "form_open": True,
        "today": today,
    }
    return render(request, "travel/departures.html", context, status=400)


def _manifest_context(request, departure, **extra) -> dict:
    user = request.user
    passengers = selectors.manifest_passengers(user, departure)
    for number, p in enumerate(passengers, start=1):
        p.row_number = number
    police = selectors.police_post_of(user) is not None
    escorts = sorted({p.movement.escort_label for p in passengers if p.movement.has_escort})
    return {
        "departure": departure,
        "passengers": passengers,
        "police": police,
        "can_check": has_capability(user, "manage_travel") and not police,
        "can_record_pv": police and has_capability(user, "record_exit"),
        "escorts": escorts,
        "steps": _step_labels(),
        "checklist_open": departure.date <= timezone.localdate(),
        "per_diem_amount": services.PER_DIEM_AMOUNT,
        "per_diem_currency": services.PER_DIEM_CURRENCY,
        "counts": {
            "total": len(passengers),
            "pv": sum(1 for p in passengers if hasattr(p, "exit_authorisation")),
            "boarded": sum(1 for p in passengers if p.status == "boarded"),
        },
        **extra,
    }


def _step_labels():
    return [
        (services.Step.ESCORTED, _("Escorted")),
        (services.Step.CHECKED_IN, _("Checked in")),
        (services.Step.CURRENCY_EXCHANGED, _("Currency exchanged")),
        (services.Step.PER_DIEM, _("Per diem")),
        (services.Step.BOARDED, _("Boarded")),
    ]


@login_required
def departure_view(request, pk: int):
    departure = selectors.departure_get_for_user(request.user, pk)
    return render(request, "travel/departure.html", _manifest_context(request, departure))


def _row_response(request, passenger_pk: int, *, status: int = 200, **extra) -> HttpResponse:
    passenger = selectors.passenger_get_for_user(request.user, passenger_pk)
    departure = passenger.movement.departure
    context = _manifest_context(request, departure)
    row = next((p for p in context["passengers"] if p.pk == passenger.pk), None)
    if row is None:
        raise Http404
    if not request.htmx:
        if status == 200:
            return redirect("travel:departure", pk=departure.pk)
        return render(
            request,
            "travel/departure.html",
            {**context, "row_errors": {row.pk: extra}},
            status=status,
        )
    response = HttpResponse(
        render_to_string(
            "travel/_manifest_row.html",
            {**context, "p": row, **extra},
            request=request,
        ),
        status=status,
    )
    if passenger.movement.status == MovementStatus.DEPARTED:
        # The whole page changes (the group has left): reload it.
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_POST
def passenger_check_view(request, pk: int, step: str):
    passenger = selectors.passenger_get_for_user(request.user, pk)
    _require(request.user, "manage_travel")
    done = request.POST.get("done", "1") == "1"
    kwargs = {}
    error = ""
    if step == services.Step.PER_DIEM and done:
        form = PerDiemForm(request.POST, prefix=f"pd{pk}")
        if not form.is_valid():
            first = next(iter(form.errors.values()))[0]
            return _row_response(request, pk, status=400, error=first)
        kwargs = {
            "amount": form.cleaned_data["amount"],
            "currency": form.cleaned_data["currency"],
            "receipt_signed": form.cleaned_data["receipt_signed"],
        }
    try:
        services.passenger_check(
            actor=request.user, passenger=passenger, step=step, done=done, **kwargs
        )
    except ValidationError as e:
        error = " ".join(e.messages)
    except TransitionRefused as refused:
        error = " ".join(refused.reasons)
    if error:
        if not request.htmx:
            messages.error(request, error)
        return _row_response(request, pk, status=400, error=error)
    return _row_response(request, pk)


@login_required
@require_POST
def exit_authorisation_view(request, pk: int):
    passenger = selectors.passenger_get_for_user(request.user, pk)
    _require(request.user, "record_exit")
    form = PvForm(request.POST, prefix=f"pv{pk}")
    if form.is_valid():
        try:
            services.exit_authorisation_record(
                actor=request.user,
                passenger=passenger,
                pv_number=form.cleaned_data["pv_number"],
                issued_on=form.cleaned_data["issued_on"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            if not request.htmx:
                messages.success(request, _("PV recorded."))
            return _row_response(request, pk)
    return _row_response(request, pk, status=400, pv_form=form)


@login_required
def manifest_pdf(request, pk: int):
    departure = selectors.departure_get_for_user(request.user, pk)
    context = _manifest_context(request, departure)
    pdf = exports.render_pdf("travel/pdf/manifest.html", context, request)
    return exports.pdf_response(pdf, f"manifest-{departure.date:%Y%m%d}-{departure.pk}.pdf")


@login_required
def per_diem_pdf(request, pk: int):
    departure = selectors.departure_get_for_user(request.user, pk)
    if selectors.police_post_of(request.user) is not None:
        raise Http404
    context = _manifest_context(request, departure)
    pdf = exports.render_pdf("travel/pdf/per_diem.html", context, request)
    return exports.pdf_response(pdf, f"per-diem-{departure.date:%Y%m%d}-{departure.pk}.pdf")


# --- LPC requests: the consulate's queue and IOM's lists ----------------------------


_QUEUE_TABS = (
    ("open", LpcStatus.REQUESTED),
    ("issued", LpcStatus.ISSUED),
    ("refused", LpcStatus.REFUSED),
    ("all", ""),
)


def _can_see_lpc(user) -> bool:
    return selectors.consulate_of(user) is not None or selectors.sees_travel(user)


@login_required
def lpc_queue_view(request):
    user = request.user
    if not _can_see_lpc(user):
        raise Http404
    tab = request.GET.get("status", "open")
    if tab not in {t for t, _s in _QUEUE_TABS}:
        tab = "open"
    counts = selectors.lpc_queue_counts(user)
    tabs = [
        {
            "key": "open",
            "label": _("To process"),
            "count": sum(counts.get(s, 0) for s in LPC_OPEN_STATUSES),
        },
        {"key": "issued", "label": _("Issued"), "count": counts.get(LpcStatus.ISSUED, 0)},
        {"key": "refused", "label": _("Refused"), "count": counts.get(LpcStatus.REFUSED, 0)},
        {"key": "all", "label": _("All"), "count": sum(counts.values())},
    ]
    rows = list(selectors.lpc_queue(user, status=tab)[:500])
    consulate = selectors.consulate_of(user)
    context = {
        "rows": rows,
        "tabs": tabs,
        "tab": tab,
        "consulate": consulate,
        "unbatched": []
        if consulate
        else selectors.consulates_with_unbatched_requests(user)
        if has_capability(user, "manage_travel")
        else [],
    }
    if request.htmx and request.htmx.target == "lpc-results":
        return render(request, "travel/_lpc_rows.html", context)
    return render(request, "travel/lpc_queue.html", context)


def _lpc_detail_context(request, lpc, **forms) -> dict:
    person = lpc.person
    consulate_user = selectors.consulate_of(request.user) is not None
    documents = [d for d in person.documents.all().order_by("-expires_on") if d.is_travel_document]
    can_decide = (
        consulate_user and has_capability(request.user, "consular_decision") and lpc.is_open
    )
    return {
        "lpc": lpc,
        "person": person,
        "documents": documents,
        "consulate_user": consulate_user,
        "can_decide": can_decide,
        "interview_form": forms.get("interview_form")
        or InterviewForm(
            prefix="interview",
            initial={"interview_at": lpc.interview_at, "place": lpc.interview_place},
        ),
        "identity_form": forms.get("identity_form") or IdentityForm(prefix="identity"),
        "issue_form": forms.get("issue_form") or IssueForm(prefix="issue"),
        "refuse_form": forms.get("refuse_form") or ReasonForm(prefix="refuse"),
        "history": [
            {"at": e.at, "label": _lpc_event_labels().get(e.action, e.action), "reason": e.reason}
            for e in lpc.case.timeline.filter(
                action__startswith="lpc_", data__request=lpc.pk
            ).order_by("at", "id")
        ],
    }


def _lpc_event_labels() -> dict[str, str]:
    return {
        "lpc_requested": _("Request sent to the consulate"),
        "lpc_interview_scheduled": _("Identification interview scheduled"),
        "lpc_identity_confirmed": _("Identity confirmed"),
        "lpc_identity_not_confirmed": _("Identity not confirmed"),
        "lpc_issued": _("LPC issued"),
        "lpc_refused": _("Refused by the consulate"),
        "lpc_cancelled": _("Cancelled by IOM"),
    }


@login_required
def lpc_detail_view(request, pk: int):
    lpc = selectors.lpc_request_get_for_user(request.user, pk)
    return render(request, "travel/lpc_detail.html", _lpc_detail_context(request, lpc))


def _consular_action(request, pk: int, form_class, prefix: str, form_key: str, call, success):
    lpc = selectors.lpc_request_get_for_user(request.user, pk)
    if selectors.consulate_of(request.user) is None and not request.user.is_superuser:
        raise Http404
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            call(lpc, form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, success)
            return redirect("travel:lpc_detail", pk=lpc.pk)
    lpc.refresh_from_db()
    context = _lpc_detail_context(request, lpc, **{form_key: form})
    return render(request, "travel/lpc_detail.html", context, status=400)


@login_required
@require_POST
def lpc_interview_view(request, pk: int):
    return _consular_action(
        request,
        pk,
        InterviewForm,
        "interview",
        "interview_form",
        lambda lpc, d: services.lpc_interview_schedule(
            actor=request.user, request=lpc, interview_at=d["interview_at"], place=d["place"]
        ),
        _("The identification interview is scheduled."),
    )


@login_required
@require_POST
def lpc_identity_view(request, pk: int):
    return _consular_action(
        request,
        pk,
        IdentityForm,
        "identity",
        "identity_form",
        lambda lpc, d: services.lpc_identity_record(
            actor=request.user,
            request=lpc,
            confirmed=d["confirmed"],
            on=d["on"],
            reason=d["reason"],
        ),
        _("The identification is recorded."),
    )


@login_required
@require_POST
def lpc_issue_view(request, pk: int):
    return _consular_action(
        request,
        pk,
        IssueForm,
        "issue",
        "issue_form",
        lambda lpc, d: services.lpc_issue(
            actor=request.user,
            request=lpc,
            number=d["number"],
            issued_on=d["issued_on"],
            expires_on=d["expires_on"],
        ),
        _("The laissez-passer is issued."),
    )


@login_required
@require_POST
def lpc_refuse_view(request, pk: int):
    return _consular_action(
        request,
        pk,
        ReasonForm,
        "refuse",
        "refuse_form",
        lambda lpc, d: services.lpc_refuse(actor=request.user, request=lpc, reason=d["reason"]),
        _("The request is refused."),
    )


@login_required
def lpc_batches_view(request):
    if not _can_see_lpc(request.user):
        raise Http404
    batches = list(selectors.lpc_batches_visible_to(request.user).order_by("-sent_on", "-id")[:200])
    return render(request, "travel/lpc_batches.html", {"batches": batches})


@login_required
def lpc_batch_new_view(request, consulate_pk: int):
    _require(request.user, "manage_travel")
    try:
        consulate = Organisation.objects.get(pk=consulate_pk, kind=OrganisationKind.CONSULATE)
    except Organisation.DoesNotExist:
        raise Http404
    requests = selectors.lpc_requests_unbatched(request.user, consulate)
    if request.method == "POST":
        form = BatchForm(request.POST, requests=requests)
        if form.is_valid():
            chosen = [r for r in requests if r.pk in set(form.cleaned_data["requests"])]
            try:
                batch = services.lpc_batch_create(
                    actor=request.user,
                    consulate=consulate,
                    requests=chosen,
                    sent_on=form.cleaned_data["sent_on"],
                )
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(
                    request,
                    _("List %(ref)s made with %(n)s requests.")
                    % {"ref": batch.reference, "n": len(chosen)},
                )
                return redirect("travel:lpc_batch", pk=batch.pk)
    else:
        form = BatchForm(requests=requests, initial={"requests": [r.pk for r in requests]})
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "travel/lpc_batch_new.html",
        {"form": form, "consulate": consulate, "requests": requests},
        status=status,
    )


@login_required
def lpc_batch_view(request, pk: int):
    batch = selectors.lpc_batch_get_for_user(request.user, pk)
    rows = list(exports.lpc_list_rows(request.user, batch))
    return render(
        request,
        "travel/lpc_batch.html",
        {"batch": batch, "rows": rows, "headers": exports.lpc_list_headers()},
    )


@login_required
def lpc_batch_export(request, pk: int, fmt: str):
    batch = selectors.lpc_batch_get_for_user(request.user, pk)
    if fmt == "xlsx":
        return exports.lpc_list_xlsx_response(request.user, batch)
    if fmt == "pdf":
        return exports.lpc_list_pdf_response(request, batch)
    raise Http404
