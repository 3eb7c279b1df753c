"""Report pages: the annual report, drill-down to cases, background exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from awda.accounts.access import has_capability
from awda.reports.charts import chart_for
from awda.reports.definition import TOTAL
from awda.reports.exporters import footnote
from awda.reports.forms import ExportForm, ReportForm
from awda.reports.models import ExportStatus, FactsState, ReportExport
from awda.reports.params import DEFAULT_BANDS
from awda.reports.selectors import (
    build_table,
    default_year,
    drill_cases,
    report_build,
    report_params_for,
    report_scope,
)
from awda.reports.services import export_request
from awda.reports.tasks import export_report, rebuild_facts


def _report_form(request, data):
    scope = report_scope(request.user)
    year = default_year()
    if not data:
        data = {"year": year}
        if scope.suppress_default:
            data["suppress"] = "on"
    if not data.get("bands"):
        data["bands"] = DEFAULT_BANDS
    return scope, ReportForm(data, scope=scope, default_year=year)


def _case_url(pk: int) -> str:
    try:
        return reverse("web:case_detail", args=[pk])
    except NoReverseMatch:
        return f"/cases/{pk}/"


@login_required
@require_GET
def report(request):
    scope, form = _report_form(request, request.GET.copy())
    built = None
    if form.is_valid():
        built = report_build(request.user, form.params())
    context = {
        "form": form,
        "scope": scope,
        "report": built,
        "charts": {t.code: chart_for(t) for t in built.tables} if built else {},
        "footnotes": {t.code: footnote(t) for t in built.tables} if built else {},
        "export_form": ExportForm(),
        "exports": ReportExport.objects.filter(requested_by=request.user)[:5],
        "can_rebuild": has_capability(request.user, "manage_programmes"),
        "facts_state": FactsState.objects.filter(key="facts").first(),
        "query": urlencode(built.params.query()) if built else "",
    }
    template = "reports/_report.html" if request.htmx else "reports/report.html"
    return render(request, template, context)


@login_required
@require_GET
def drill(request):
    _scope, form = _report_form(request, request.GET.copy())
    if not form.is_valid():
        raise Http404("Bad parameters")
    table_code = request.GET.get("table", "")
    row_key = request.GET.get("row", "")
    col_key = request.GET.get("col", "")
    spec, cases, persons = drill_cases(request.user, form.params(), table_code, row_key, col_key)
    params = report_params_for(request.user, form.params())
    table = build_table(spec, params)
    row_label = next((r.label for r in table.data.rows if r.key == row_key), "")
    if row_key == TOTAL:
        row_label = _("Total")
    col_label = next((c.label for c in table.columns if c.key == col_key), "")
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/drill.html",
        {
            "spec": spec,
            "row_label": row_label,
            "col_label": col_label,
            "persons": persons,
            "page": page,
            "rows": [(case, _case_url(case.pk)) for case in page.object_list],
            "back": reverse("reports:report") + "?" + urlencode(params.query()),
            "query": request.GET.copy(),
            "params": params,
        },
    )


@login_required
@require_POST
def export_create(request):
    scope, form = _report_form(request, request.POST.copy())
    export_form = ExportForm(request.POST)
    if not (form.is_valid() and export_form.is_valid()):
        if request.htmx:
            return render(
                request,
                "reports/_export_form.html",
                {"export_form": export_form, "form": form},
                status=422,
            )
        messages.error(request, _("The export could not be requested: check the filters."))
        return redirect("reports:report")
    params = report_params_for(request.user, form.params())
    external = export_form.cleaned_data["external"] or scope.force_suppress
    if external:
        params = params.with_(suppress=True)
    try:
        export, created = export_request(
            user=request.user,
            fmt=export_form.cleaned_data["fmt"],
            params=params.to_dict(),
            language=get_language(),
            external=external,
            idempotency_key=export_form.cleaned_data["key"],
        )
    except PermissionError:
        raise Http404("No such export")
    if created:
        export_report.enqueue(str(export.pk))
        export.refresh_from_db()
    if request.htmx:
        return render(request, "reports/_export.html", {"export": export})
    return redirect("reports:export_status", pk=export.pk)


def _own_export(request, pk) -> ReportExport:
    report_scope(request.user)
    return get_object_or_404(ReportExport, pk=pk, requested_by=request.user)


@login_required
@require_GET
def export_status(request, pk):
    export = _own_export(request, pk)
    template = "reports/_export.html" if request.htmx else "reports/export.html"
    return render(request, template, {"export": export})


@login_required
@require_GET
def export_download(request, pk):
    export = _own_export(request, pk)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404("Not ready")
    return FileResponse(
        export.file.open("rb"), as_attachment=True, filename=export.file.name.rsplit("/", 1)[-1]
    )


@login_required
@require_POST
def facts_rebuild_view(request):
    report_scope(request.user)
    if not has_capability(request.user, "manage_programmes"):
        raise Http404("Not allowed")
    rebuild_facts.enqueue()
    messages.success(request, _("The report tables are being rebuilt from the case records."))
    return redirect(reverse("reports:report") + "?" + request.POST.get("query", ""))
