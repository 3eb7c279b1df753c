"""Referral pages: the partner's queue and referral page, and the case-file section's forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from awda.accounts.access import Section, can_see_section
from awda.cases.selectors import case_get_for_user, case_members, case_section_for_user
from awda.lib.forms import add_service_errors, service_errors
from awda.partners import sections, services
from awda.partners.forms import (
    AnswerForm,
    CancelForm,
    IncomingReferralForm,
    QueueFilterForm,
    ReferralForm,
)
from awda.partners.selectors import referral_get_for_user, referral_queue
from awda.partners.services import ANSWERS, may_answer
from awda.protection.viewutils import case_page_url, section_response

REFERRALS_TITLE = gettext_lazy("Referrals")


def _section(request, case, *, status=200, **forms):
    return section_response(
        request,
        case=case,
        template="partners/sections/referrals.html",
        title=REFERRALS_TITLE,
        context=sections.referrals(request, case, case_members(case), **forms),
        status=status,
    )


def _case(request, case_pk):
    return case_section_for_user(request.user, case_pk, Section.REFERRALS)


def _member(members, person_id):
    if person_id is None:
        return None
    return next((m.person for m in members if m.person_id == person_id), None)


@login_required
@require_POST
def referral_send(request, case_pk):
    case = _case(request, case_pk)
    members = case_members(case)
    form = ReferralForm(request.POST, members=members, prefix="ref")
    if form.is_valid():
        d = form.cleaned_data
        with service_errors(form) as call:
            services.referral_send(
                actor=request.user,
                case=case,
                to_organisation=d["to_organisation"],
                service=d["service"],
                reason=d["reason"],
                person=_member(members, d["person"]),
                sent_on=d["sent_on"],
                request_key=d["request_key"],
            )
        if call.ok:
            if getattr(request, "htmx", False):
                return _section(request, case)
            messages.success(request, _("Referral sent."))
            return redirect(case_page_url(case))
    return _section(request, case, form=form, status=422)


@login_required
@require_POST
def referral_incoming(request, case_pk):
    case = _case(request, case_pk)
    members = case_members(case)
    form = IncomingReferralForm(request.POST, members=members, prefix="in")
    if form.is_valid():
        d = form.cleaned_data
        with service_errors(form) as call:
            services.referral_receive(
                actor=request.user,
                case=case,
                from_organisation=d["from_organisation"],
                service=d["service"],
                reason=d["reason"],
                sent_on=d["sent_on"],
                person=_member(members, d["person"]),
            )
        if call.ok:
            if getattr(request, "htmx", False):
                return _section(request, case)
            messages.success(request, _("Referral recorded."))
            return redirect(case_page_url(case))
    return _section(request, case, incoming_form=form, status=422)


def _back(request, referral):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("partners:referral_detail", pk=referral.pk)


@login_required
@require_POST
def referral_answer(request, pk):
    referral = referral_get_for_user(request.user, pk)
    if not may_answer(request.user, referral):
        raise Http404
    form = AnswerForm(
        request.POST, prefix=f"answer-{referral.pk}", allowed=ANSWERS.get(referral.status, ())
    )
    if form.is_valid():
        d = form.cleaned_data
        with service_errors(form) as call:
            services.referral_answer(
                actor=request.user,
                referral=referral,
                status=d["status"],
                note=d["note"],
                on=d["on"],
            )
        if call.ok:
            if getattr(request, "htmx", False) and can_see_section(request.user, Section.REFERRALS):
                return _section(request, case_get_for_user(request.user, referral.case_id))
            messages.success(request, _("Answer recorded."))
            return _back(request, referral)
    return _detail(request, referral, answer_form=form, status=422)


@login_required
@require_POST
def referral_cancel(request, pk):
    referral = referral_get_for_user(request.user, pk)
    form = CancelForm(request.POST, prefix=f"cancel-{referral.pk}")
    if form.is_valid():
        try:
            services.referral_cancel(
                actor=request.user, referral=referral, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied:
            raise Http404
        else:
            if getattr(request, "htmx", False):
                return _section(request, case_get_for_user(request.user, referral.case_id))
            messages.success(request, _("Referral cancelled."))
            return _back(request, referral)
    messages.error(request, _("Say why the referral is cancelled."))
    return _back(request, referral)


def _detail(request, referral, *, answer_form=None, status=200):
    user = request.user
    case = referral.case
    ctx = {
        "referral": referral,
        "case": case,
        "events": list(referral.events.select_related("actor", "organisation")),
        "show_people": can_see_section(user, Section.PEOPLE),
        "show_contact": can_see_section(user, Section.CONTACT),
        "today": timezone.localdate(),
    }
    if ctx["show_people"]:
        ctx["members"] = case_members(case)
    if can_see_section(user, Section.SUMMARY):
        ctx["case_url"] = case_page_url(case)
    if referral.is_open and may_answer(user, referral):
        ctx["answer_form"] = answer_form or AnswerForm(
            prefix=f"answer-{referral.pk}",
            allowed=ANSWERS[referral.status],
            initial={"on": timezone.localdate()},
        )
    return render(request, "partners/referral_detail.html", ctx, status=status)


@login_required
def referral_detail(request, pk):
    return _detail(request, referral_get_for_user(request.user, pk))


@login_required
def queue(request):
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = referral_queue(
        request.user,
        status=filters.get("status", ""),
        direction=filters.get("direction", ""),
        service=filters.get("service", ""),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    ctx = {"form": form, "page": page, "query": query.urlencode()}
    if getattr(request, "htmx", False):
        return render(request, "partners/_queue_table.html", ctx)
    return render(request, "partners/queue.html", ctx)
