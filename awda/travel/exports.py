"""Documents handed to others: the nominal list of LPC requests for a consulate (XLSX, PDF),
the departure manifest and the per-diem receipt sheet (PDF), in the user's language.

One row generator per list feeds every format.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from awda.accounts.models import User
from awda.travel import selectors
from awda.travel.models import LpcBatch

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def render_pdf(template: str, context: dict, request) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def lpc_list_headers() -> list[str]:
    return [
        _("No."),
        _("Family name"),
        _("Given names"),
        _("Name in another script"),
        _("Sex"),
        _("Date of birth"),
        _("Place of birth"),
        _("Nationality"),
        _("Passport"),
        _("Request"),
        _("Photo"),
        _("Case reference"),
    ]


def lpc_list_rows(user: User, batch: LpcBatch) -> Iterator[list[str]]:
    """One row per person on the list, with only identity and travel fields."""
    for number, r in enumerate(selectors.lpc_batch_requests(user, batch), start=1):
        p = r.person
        if p.date_of_birth is None:
            dob = ""
        elif p.dob_estimated:
            dob = _("about %(year)s") % {"year": p.date_of_birth.year}
        else:
            dob = date_format(p.date_of_birth, "SHORT_DATE_FORMAT")
        passport = r.get_document_situation_display()
        if r.previous_document_number:
            passport = f"{passport} ({r.previous_document_number})"
        yield [
            str(number),
            p.family_name,
            p.given_name,
            p.name_other_script,
            p.get_sex_display(),
            dob,
            r.place_of_birth,
            p.nationality.name if p.nationality else "",
            passport,
            r.get_status_display(),
            "",  # photo: pasted by hand on the printed list
            r.case.reference,
        ]


def lpc_list_xlsx_response(user: User, batch: LpcBatch) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = batch.reference[:31]
    ws.sheet_view.rightToLeft = get_language_bidi()
    ws.append([_("Nominal list of laissez-passer requests"), batch.reference])
    ws.append([_("Consulate"), batch.consulate.name])
    ws.append([_("IOM office"), batch.office.name])
    ws.append([_("Sent on"), date_format(batch.sent_on, "SHORT_DATE_FORMAT")])
    ws.append([])
    ws.append(lpc_list_headers())
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=13)
    for row in lpc_list_rows(user, batch):
        ws.append(row)
        ws.row_dimensions[ws.max_row].height = 60  # room for a passport photo
    widths = [5, 20, 22, 22, 8, 14, 18, 16, 26, 22, 14, 18]
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{batch.reference}.xlsx"'
    return response


def lpc_list_pdf_response(request, batch: LpcBatch) -> HttpResponse:
    context = {
        "batch": batch,
        "headers": lpc_list_headers(),
        "rows": list(lpc_list_rows(request.user, batch)),
    }
    pdf = render_pdf("travel/pdf/lpc_list.html", context, request)
    return pdf_response(pdf, f"{batch.reference}.pdf")
