"""The case worker's pages: my work, the case list and its export, the case file with its
workflow actions, and intake. Views only read the request, call selectors and services,
and render; htmx requests get the part of the page they asked for."""

from __future__ import annotations

import logging
import tempfile
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awda.accounts.access import can_see_section, has_capability
from awda.audit.services import audit_record
from awda.cases import guards
from awda.cases.models import Case
from awda.cases.selectors import (
    CaseListPages,
    case_get_for_user,
    case_members,
    case_section_for_user,
)
from awda.cases.services import TransitionRefused, available_actions, case_transition
from awda.lib.forms import add_service_errors
from awda.people.services import document_add
from awda.protection.services import declaration_sign, declaration_withdraw
from awda.web import registry
from awda.web.exporters import CaseListExporter
from awda.web.forms import (
    CaseFilterForm,
    DeclarationSignForm,
    DeclarationWithdrawForm,
    DocumentAddForm,
    TransitionForm,
)
from awda.web.intake import MAX_DOCUMENTS, MAX_PEOPLE, IntakeState, document_form, person_block
from awda.web.selectors import intake_case_for_token
from awda.web.services import IntakeInvalid, intake_register

log = logging.getLogger(__name__)

# --- My work ------------------------------------------------------------------------------


@login_required
def home(request):
    groups: dict[str, dict] = {}
    for path in registry.WORK_PROVIDERS:
        for item in import_string(path)(request.user):
            group = groups.setdefault(str(item.group), {"title": item.group, "items": []})
            group["items"].append(item)
    return render(request, "web/home.html", {"groups": list(groups.values())})


# --- Case list ----------------------------------------------------------------------------


def _filter_form(request) -> CaseFilterForm:
    form = CaseFilterForm(request.GET, user=request.user)
    form.is_valid()
    return form


@login_required
def case_list_view(request):
    if not can_see_section(request.user, "summary"):
        raise Http404
    form = _filter_form(request)
    paginator = Paginator(CaseListPages(request.user, form.to_filters()), form.page_size)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "cases": list(page),
        "show_people": can_see_section(request.user, "people"),
        "can_export": has_capability(request.user, "export_lists"),
        "query": request.GET.urlencode(),
    }
    if request.htmx and request.htmx.target == "case-results":
        return render(request, "web/_case_results.html", context)
    return render(request, "web/case_list.html", context)


@login_required
@require_GET
def case_export(request, fmt: str):
    if not (
        can_see_section(request.user, "summary") and has_capability(request.user, "export_lists")
    ):
        raise Http404
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form = _filter_form(request)
    filters = form.to_filters()
    exporter = CaseListExporter(request.user, filters)
    # Who exported which list is kept: an export leaves the system with people's data. The
    # search text is left out (it is often a name), only its use is noted.
    audit_record(
        actor=request.user,
        verb="case_list.export",
        object_type="cases.case",
        data={
            "format": fmt,
            "filters": {k: v for k, v in request.GET.lists() if k not in ("q", "page")},
            "search": bool(filters.q),
            "columns": [c.key for c in exporter.columns],
        },
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = StreamingHttpResponse(
            exporter.csv_lines(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="awda-cases-{stamp}.csv"'
        return response
    # XLSX: a temporary file rather than memory: the streaming writer needs a file to zip.
    target = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    exporter.write_xlsx(target)
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=f"awda-cases-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# --- Case file ----------------------------------------------------------------------------

# Guards whose condition the action's own form supplies (a planned date, a closure
# reason): shown as a field to fill rather than as a refusal.
FORM_GUARDS = (
    guards.planned_departure_set,
    guards.closure_reason_given,
    guards.settlement_region_recorded,
)


class ActionView:
    """One workflow action as the case file shows it."""

    def __init__(self, state, case, form: TransitionForm | None = None):
        self.transition = state.transition
        own = {
            str(message)
            for g in state.transition.guards
            if g in FORM_GUARDS and (message := g(case, {}))
        }
        self.refusals = [r for r in state.refusals if r not in own]
        self.form = form or TransitionForm(
            transition=state.transition, prefix=state.transition.action
        )

    @property
    def allowed(self) -> bool:
        return not self.refusals

    @property
    def branch(self) -> bool:
        return self.transition.branch

    @property
    def danger(self) -> bool:
        return self.transition.action in ("withdraw", "declare_not_eligible", "mark_no_show")


def _actions(case: Case, user, bound: TransitionForm | None = None) -> list[ActionView]:
    views = []
    for state in available_actions(case, user):
        form = bound if bound is not None and bound.transition == state.transition else None
        views.append(ActionView(state, case, form))
    return views


def _render_sections(request, case: Case, members, overrides: dict | None = None) -> list[dict]:
    """Every section the user may see, rendered with its own context function.

    `overrides` gives a section extra context (a bound form with errors) by slug.
    """
    rendered = []
    for section in registry.CASE_SECTIONS:
        if not can_see_section(request.user, section.code):
            continue
        extra = (overrides or {}).get(section.slug, {})
        try:
            module, name = section.context.rsplit(".", 1)
            context_fn = getattr(import_module(module), name)
            context = {
                **context_fn(request, case, members, **extra),
                "case": case,
                "members": members,
                "section": section,
            }
            html = render_to_string(section.template, context, request=request)
        except Exception:
            # One app's broken section must not take the whole case file down with it.
            if settings.DEBUG:
                raise
            log.exception("Case-file section %s failed for case %s", section.slug, case.pk)
            html = format_html(
                '<p class="notice bad">{}</p>', _("This section cannot be shown right now.")
            )
        rendered.append({"section": section, "html": html})
    return rendered


def _case_page(
    request, case: Case, *, bound: TransitionForm | None = None, overrides=None, status=200
):
    members = case_members(case)
    principal = next((m for m in members if m.is_principal), None)
    workflow = case.workflow
    actions = []
    if has_capability(request.user, "advance_case") or has_capability(
        request.user, "manage_travel"
    ):
        actions = _actions(case, request.user, bound)
    context = {
        "case": case,
        "members": members,
        "principal": principal,
        "sections": _render_sections(request, case, members, overrides),
        "main_actions": [a for a in actions if not a.branch],
        "branch_actions": [a for a in actions if a.branch],
        "path": _progress(case),
        "state": workflow.state(case.status),
    }
    return render(request, "web/case_detail.html", context, status=status)


def _progress(case: Case) -> list[dict]:
    """The main path of the case's workflow, each step done, current or to come. A
    suspended case shows where it stopped."""
    path = case.workflow.main_path()
    here = case.previous_status if case.status == "suspended" else case.status
    position = path.index(here) if here in path else -1
    return [
        {
            "state": case.workflow.state(code),
            "done": i < position,
            "current": i == position,
        }
        for i, code in enumerate(path)
    ]


@login_required
def case_detail(request, pk: int):
    case = case_get_for_user(request.user, pk)
    return _case_page(request, case)


@login_required
@require_POST
def case_transition_view(request, pk: int, action: str):
    case = case_get_for_user(request.user, pk)
    transition = case.workflow.transition(action)
    if transition is None:
        raise Http404
    form = TransitionForm(request.POST, transition=transition, prefix=action)
    if not form.is_valid():
        messages.error(
            request,
            _("Check the highlighted fields of “%(action)s”.") % {"action": transition.label},
        )
        return _case_page(request, case, bound=form, status=400)
    try:
        case_transition(case=case, action=action, actor=request.user, **form.service_kwargs())
    except TransitionRefused as refused:
        messages.error(
            request,
            _("“%(action)s” was refused; nothing was changed.") % {"action": transition.label},
        )
        for reason in refused.reasons:
            messages.error(request, reason)
        return redirect("web:case_detail", pk=case.pk)
    messages.success(
        request,
        _("Done: %(action)s. The case is now “%(status)s”.")
        % {"action": transition.label, "status": case.get_status_display()},
    )
    return redirect("web:case_detail", pk=case.pk)


def _require(user, capability: str) -> None:
    if not has_capability(user, capability):
        raise PermissionDenied


@login_required
@require_POST
def declaration_sign_view(request, pk: int):
    case = case_section_for_user(request.user, pk, "consent")
    _require(request.user, "advance_case")
    form = DeclarationSignForm(request.POST, prefix="sign")
    if form.is_valid():
        try:
            declaration_sign(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The voluntary-return declaration is recorded."))
            return redirect(reverse("web:case_detail", args=[case.pk]) + "#section-declaration")
    return _case_page(request, case, overrides={"declaration": {"sign_form": form}}, status=400)


@login_required
@require_POST
def declaration_withdraw_view(request, pk: int):
    case = case_get_for_user(request.user, pk)
    if not can_see_section(request.user, "consent"):
        raise Http404
    _require(request.user, "advance_case")
    form = DeclarationWithdrawForm(request.POST, prefix="withdraw")
    if form.is_valid():
        try:
            declaration_withdraw(
                actor=request.user,
                case=case,
                reason=form.cleaned_data["reason"],
                withdrawn_on=form.cleaned_data["withdrawn_on"],
            )
        except ValidationError as e:
            add_service_errors(form, e)
        except TransitionRefused as refused:
            for reason in refused.reasons:
                form.add_error(None, reason)
        else:
            messages.success(
                request,
                _("The withdrawal is recorded. The case is now “%(status)s”.")
                % {"status": case.get_status_display()},
            )
            return redirect(reverse("web:case_detail", args=[case.pk]) + "#section-declaration")
    return _case_page(request, case, overrides={"declaration": {"withdraw_form": form}}, status=400)


@login_required
@require_POST
def document_add_view(request, pk: int):
    case = case_section_for_user(request.user, pk, "documents")
    _require(request.user, "register")
    members = case_members(case)
    form = DocumentAddForm(request.POST, members=members, prefix="doc")
    if form.is_valid():
        data = dict(form.cleaned_data)
        person_id = data.pop("person")
        member = next(m for m in members if m.person_id == person_id)
        try:
            document_add(actor=request.user, person=member.person, **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(
                request,
                _("The document of %(name)s is recorded.") % {"name": member.person.full_name},
            )
            return redirect(reverse("web:case_detail", args=[case.pk]) + "#section-documents")
    return _case_page(request, case, overrides={"documents": {"form": form}}, status=400)


# --- Intake -------------------------------------------------------------------------------


def _intake_page(request, state: IntakeState, *, review: bool = False, status: int = 200):
    return render(
        request,
        "web/intake.html",
        {"state": state, "review": review, "max_people": MAX_PEOPLE},
        status=status,
    )


@login_required
def intake(request):
    _require(request.user, "register")
    if request.method != "POST":
        return _intake_page(request, IntakeState.new(request.user))

    state = IntakeState.from_post(request.POST, request.user)
    token = state.token_uuid
    if token is None:
        # A form without its token was not produced by this page: start afresh.
        messages.error(request, _("The form had expired. Please fill it in again."))
        return redirect("web:intake")
    previous = intake_case_for_token(request.user, token)
    if previous is not None:
        messages.info(
            request, _("This form was already submitted: here is the case it registered.")
        )
        return redirect("web:case_detail", pk=previous.pk)

    action = request.POST.get("action", "check")
    if not state.is_valid():
        messages.error(request, _("Some details are missing or wrong; see the highlighted fields."))
        return _intake_page(request, state, review=action == "create", status=400)
    state.find_candidates(request.user)
    if action == "check" and state.has_candidates:
        for block in state.people:
            block.shown = [c.person.pk for c in block.candidates]
        return _intake_page(request, state, review=True)
    if not state.decisions_complete():
        for block in state.people:
            block.shown = [c.person.pk for c in block.candidates]
        messages.warning(request, _("For each person, say whether they are already registered."))
        return _intake_page(request, state, review=True, status=400)

    data = state.case_form.cleaned_data
    try:
        case, created = intake_register(
            actor=request.user,
            token=token,
            case_type=data["case_type"],
            office=data["office"],
            people=state.entries(),
            application_date=data["application_date"],
            programme=data.get("programme"),
            referral_source=data["referral_source"],
            referred_by=data.get("referred_by"),
            arrival_in_morocco_date=data.get("arrival_in_morocco_date"),
            host_country=data.get("host_country") or "",
            destination_country=data.get("destination_country") or "",
            reasons=data.get("reasons") or [],
        )
    except IntakeInvalid as invalid:
        state.apply_errors(invalid.errors)
        messages.error(request, _("Nothing was registered; see the highlighted fields."))
        return _intake_page(request, state, review=state.has_candidates, status=400)
    if created:
        messages.success(
            request,
            _("Case %(reference)s is registered.") % {"reference": case.reference},
        )
    else:
        messages.info(
            request, _("This form was already submitted: here is the case it registered.")
        )
    return redirect("web:case_detail", pk=case.pk)


@login_required
@require_GET
def intake_member_row(request):
    """One more person block (htmx), numbered after the highest number on the page."""
    _require(request.user, "register")
    try:
        index = max(1, min(int(request.GET.get("member_count", "1")), MAX_PEOPLE))
    except ValueError:
        index = 1
    if index >= MAX_PEOPLE:
        return HttpResponse(status=204)
    return render(
        request,
        "web/_intake_member_added.html",
        {"block": person_block(index), "next_count": index + 1},
    )


@login_required
@require_GET
def intake_document_row(request):
    """One more document row for a person (htmx)."""
    _require(request.user, "register")
    try:
        person = max(0, min(int(request.GET.get("person", "0")), MAX_PEOPLE))
        index = int(request.GET.get(f"p{person}-doc_count", "1"))
    except ValueError:
        raise Http404
    if index >= MAX_DOCUMENTS:
        return HttpResponse(status=204)
    return render(
        request,
        "web/_intake_document_added.html",
        {"person": person, "doc": document_form(person, index), "next_count": index + 1},
    )
