"""Exports of the annual report: one row generator per table feeds XLSX, CSV and PDF.

CSV is a ZIP with one file per table (a CSV holds one table): row 1 the headers in the
user's language, row 2 the HXL hashtags, then the data; hidden small counts are written
"<5". The XLSX has a cover sheet and one sheet per table; the PDF is the report page
rendered by WeasyPrint with its charts.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from awda.reports.charts import html_chart_for
from awda.reports.definition import Report, Table

HIDDEN = "<5"


def header_row(table: Table) -> list[str]:
    head = []
    if table.spec.code_hxl:
        head.append(_("Code"))
    head.append(str(table.spec.label_header))
    head += [str(c.label) for c in table.columns]
    return head


def hxl_row(table: Table) -> list[str]:
    tags = []
    if table.spec.code_hxl:
        tags.append(table.spec.code_hxl)
    tags.append(table.spec.label_hxl)
    tags += [c.hxl for c in table.columns]
    return tags


def _code(table: Table, row) -> str:
    from awda.reports.selectors import _iso3

    if table.spec.code_hxl == "#country+code":
        return _iso3(row.code) if not row.is_total else ""
    return row.code if not row.is_total else ""


def data_rows(table: Table) -> Iterator[list]:
    """The one row generator: values as numbers, hidden counts as "<5"."""
    for row, cells in table.rows:
        line: list = []
        if table.spec.code_hxl:
            line.append(_code(table, row))
        line.append(str(row.label))
        for cell in cells:
            if cell.hidden:
                line.append(HIDDEN)
            else:
                line.append("" if cell.value is None else cell.value)
        yield line


def footnote(table: Table) -> str:
    text = str(table.spec.footnote)
    if table.suppressed:
        text += " " + _(
            "Counts from 1 to 4 are shown as <5, and some other counts are hidden so that totals do not reveal them."
        )
    if table.data.note and not isinstance(table.data.note, dict):
        text += " " + str(table.data.note)
    return text


def sheet_title(table: Table, used: set[str]) -> str:
    title = table.code[:31]
    n = 2
    while title in used:
        title = f"{table.code[:28]}_{n}"
        n += 1
    used.add(title)
    return title


def params_lines(report: Report) -> list[tuple[str, str]]:
    p = report.params
    return [
        (
            _("Period"),
            f"{date_format(p.start, 'SHORT_DATE_FORMAT')} – {date_format(p.end, 'SHORT_DATE_FORMAT')}",
        ),
        (_("Scope"), str(report.scope_label)),
        (_("Small counts hidden"), _("yes") if p.suppress else _("no")),
        (_("Produced on"), date_format(timezone.localtime(), "DATETIME_FORMAT")),
    ]


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE7EE")
    tag_font = Font(italic=True, color="5F6B73")
    rtl = translation.get_language_bidi()
    wb = Workbook()
    cover = wb.active
    cover.title = _("Report")[:31]
    cover.sheet_view.rightToLeft = rtl
    cover.append([_("Annual report (Bilan)")])
    cover["A1"].font = Font(bold=True, size=14)
    for label, value in params_lines(report):
        cover.append([label, value])
    cover.append([])
    cover.append([_("Sheet"), _("Table")])
    for cell in cover[cover.max_row]:
        cell.font = bold
    for table in report.tables:
        cover.append([table.code, str(table.spec.title)])
    cover.column_dimensions["A"].width = 28
    cover.column_dimensions["B"].width = 70
    used: set[str] = {cover.title}
    for table in report.tables:
        ws = wb.create_sheet(sheet_title(table, used))
        ws.sheet_view.rightToLeft = rtl
        ws.append([str(table.spec.title)])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append(header_row(table))
        for cell in ws[2]:
            cell.font = bold
            cell.fill = head_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.append(hxl_row(table))
        for cell in ws[3]:
            cell.font = tag_font
        if not table.available:
            ws.append([str(table.data.note)])
        for (row, _cells), line in zip(table.rows, data_rows(table), strict=True):
            ws.append(line)
            if row.is_total:
                for cell in ws[ws.max_row]:
                    cell.font = bold
        ws.append([])
        ws.append([footnote(table)])
        ws.freeze_panes = "B4" if not table.spec.code_hxl else "C4"
        label_col = "B" if table.spec.code_hxl else "A"
        ws.column_dimensions[label_col].width = 40
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header_row(table))
    writer.writerow(hxl_row(table))
    for line in data_rows(table):
        writer.writerow(line)
    return out.getvalue()


def to_csv_zip(report: Report) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        notes = [f"{label}: {value}" for label, value in params_lines(report)]
        notes.append("")
        for table in report.tables:
            if not table.available:
                notes.append(f"{table.code}.csv — {table.spec.title}: {table.data.note}")
                continue
            # UTF-8 with BOM so spreadsheet programs read accents and Arabic correctly.
            archive.writestr(f"{table.code}.csv", "\ufeff" + table_csv(table))
            notes.append(f"{table.code}.csv — {table.spec.title}. {footnote(table)}")
        archive.writestr("README.txt", "\n".join(notes) + "\n")
    return out.getvalue()


def to_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reports/pdf.html",
        {
            "report": report,
            "charts": {t.code: html_chart_for(t) for t in report.tables},
            "params_lines": params_lines(report),
            "footnotes": {t.code: footnote(t) for t in report.tables},
        },
    )
    return HTML(string=html).write_pdf()


WRITERS = {
    "xlsx": (to_xlsx, "xlsx"),
    "csv": (to_csv_zip, "zip"),
    "pdf": (to_pdf, "pdf"),
}


def run_export(export_id: str) -> None:
    """Build and store one export, updating its progress (called by the task)."""
    from awda.reports.models import ExportStatus, ReportExport
    from awda.reports.params import ReportParams
    from awda.reports.selectors import report_build
    from awda.reports.services import export_fail, export_finish, export_progress

    export = ReportExport.objects.select_related("requested_by").get(pk=export_id)
    if export.status == ExportStatus.DONE:
        return
    export_progress(export=export, progress=1, status=ExportStatus.RUNNING)
    try:
        with translation.override(export.language):
            params = ReportParams.from_dict(export.params)
            if export.external:
                params = params.with_(suppress=True)

            def progress(done: int, total: int) -> None:
                export_progress(export=export, progress=int(80 * done / total))

            # No drill-down links in files: they would point at pages out of context.
            report = report_build(export.requested_by, params, progress=progress, links=False)
            writer, extension = WRITERS[export.fmt]
            content = writer(report)
        name = f"bilan-{params.start.isoformat()}-{params.end.isoformat()}.{extension}"
        export_finish(export=export, name=name, content=content)
    except Exception as error:  # the page must say it failed, not spin forever
        export_fail(export=export, error=f"{type(error).__name__}: {error}")
        raise
