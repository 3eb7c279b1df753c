"""Programme pages: the list with their ticket quotas, one programme with its targets,
budget lines and quota agreements, and the forms that change them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from awda.funding import selectors, services
from awda.funding.forms import BudgetLineForm, ProgrammeForm, QuotaAgreementForm
from awda.lib.forms import add_service_errors


def _require_view(user) -> None:
    if not selectors.can_view_programmes(user):
        raise Http404


def _require_manage(user) -> None:
    if not selectors.can_manage_programmes(user):
        raise PermissionDenied


@login_required
def programmes(request):
    _require_view(request.user)
    rows = list(selectors.programmes_with_quota_totals(request.user))
    for p in rows:
        p.quota_remaining = (p.quota_tickets or 0) - (p.quota_used or 0)
        p.quota_pct = round(100 * (p.quota_used or 0) / p.quota_tickets) if p.quota_tickets else 0
    return render(
        request,
        "funding/programmes.html",
        {"programmes": rows, "can_manage": selectors.can_manage_programmes(request.user)},
    )


def _detail_context(request, programme, **forms) -> dict:
    from awda.travel.selectors import tickets_by_programme

    agreements = selectors.quota_consumption(programme=programme)
    for a in agreements:
        a["pct"] = round(100 * a["used"] / a["tickets"]) if a["tickets"] else 0
    can_manage = selectors.can_manage_programmes(request.user)
    tickets = []
    if programme.start_date:
        from django.utils import timezone

        end = programme.end_date or timezone.localdate()
        tickets = [
            r
            for r in tickets_by_programme(start=programme.start_date, end=end)
            if r["programme_code"] == programme.code
        ]
    return {
        "programme": programme,
        "agreements": agreements,
        "budget_lines": list(programme.budget_lines.order_by("code")),
        "remaining": selectors.quota_remaining(programme),
        "tickets": tickets[0] if tickets else None,
        "can_manage": can_manage,
        "quota_form": forms.get("quota_form") or QuotaAgreementForm(prefix="quota"),
        "budget_form": forms.get("budget_form") or BudgetLineForm(prefix="budget"),
        "edit_form": forms.get("edit_form")
        or ProgrammeForm(
            prefix="edit",
            editing=True,
            initial={
                "name": programme.name,
                "donor": programme.donor_id,
                "start_date": programme.start_date,
                "end_date": programme.end_date,
                "target_returns": programme.target_returns,
                "target_reintegration": programme.target_reintegration,
            },
        ),
    }


@login_required
def programme_detail(request, code: str):
    programme = selectors.programme_get_for_user(request.user, code)
    return render(request, "funding/programme.html", _detail_context(request, programme))


@login_required
def programme_new(request):
    _require_view(request.user)
    _require_manage(request.user)
    if request.method == "POST":
        form = ProgrammeForm(request.POST, prefix="new")
        if form.is_valid():
            try:
                programme = services.programme_create(actor=request.user, **form.cleaned_data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("The programme is created."))
                return redirect("funding:programme", code=programme.code)
    else:
        form = ProgrammeForm(prefix="new")
    status = 400 if request.method == "POST" else 200
    return render(request, "funding/programme_new.html", {"form": form}, status=status)


def _post_on_programme(request, code, form_class, prefix, form_key, call, success):
    programme = selectors.programme_get_for_user(request.user, code)
    _require_manage(request.user)
    kwargs = {"editing": True} if form_class is ProgrammeForm else {}
    form = form_class(request.POST, prefix=prefix, **kwargs)
    if form.is_valid():
        try:
            call(programme, form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, success)
            return redirect("funding:programme", code=programme.code)
    context = _detail_context(request, programme, **{form_key: form})
    context["open_form"] = form_key
    return render(request, "funding/programme.html", context, status=400)


@login_required
@require_POST
def programme_edit(request, code: str):
    return _post_on_programme(
        request,
        code,
        ProgrammeForm,
        "edit",
        "edit_form",
        lambda p, d: services.programme_update(actor=request.user, programme=p, **d),
        _("The programme is updated."),
    )


@login_required
@require_POST
def quota_new(request, code: str):
    return _post_on_programme(
        request,
        code,
        QuotaAgreementForm,
        "quota",
        "quota_form",
        lambda p, d: services.quota_agreement_create(actor=request.user, programme=p, **d),
        _("The quota agreement is recorded."),
    )


@login_required
@require_POST
def budget_line_new(request, code: str):
    return _post_on_programme(
        request,
        code,
        BudgetLineForm,
        "budget",
        "budget_form",
        lambda p, d: services.budget_line_create(actor=request.user, programme=p, **d),
        _("The budget line is added."),
    )
