"""Export of the case list: one row generator, written as CSV or XLSX.

The columns are those of the sections the user may see (a consulate gets no phone
numbers, nobody gets a vulnerability above their clearance), in the user's language.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from awda.accounts.access import can_see_section
from awda.accounts.models import User
from awda.cases.models import CaseMember, CaseReturnReason, CaseType, ReferralSource, ReturnReason
from awda.cases.selectors import CaseFilters, case_list
from awda.people.models import TRAVEL_DOCUMENT_KINDS, IdentityDocument, Sex

CHUNK = 2000
DATE_COLUMNS = frozenset(
    {
        "application_date",
        "planned_departure_date",
        "departure_date",
        "arrival_date",
        "closed_on",
        "principal_date_of_birth",
        "travel_document_expiry",
    }
)


@dataclass(frozen=True)
class Column:
    key: str
    header: object
    section: str


COLUMNS = (
    Column("reference", _("Reference"), "summary"),
    Column("case_type", _("Kind of case"), "summary"),
    Column("status", _("Status"), "summary"),
    Column("office", _("Office"), "summary"),
    Column("programme", _("Programme"), "summary"),
    Column("application_date", _("Application date"), "summary"),
    Column("referral_source", _("How they were referred"), "summary"),
    Column("country_of_origin", _("Country of origin"), "summary"),
    Column("destination_country", _("Destination country"), "summary"),
    Column("planned_departure_date", _("Planned departure"), "summary"),
    Column("departure_date", _("Departure date"), "summary"),
    Column("arrival_date", _("Arrival date"), "summary"),
    Column("closed_on", _("Closed on"), "summary"),
    Column("reasons", _("Reasons for return"), "summary"),
    Column("principal_name", _("Principal applicant"), "people"),
    Column("principal_other_script", _("Name in another script"), "people"),
    Column("principal_sex", _("Sex"), "people"),
    Column("principal_date_of_birth", _("Date of birth"), "people"),
    Column("principal_age", _("Age"), "people"),
    Column("principal_nationality", _("Nationality"), "people"),
    Column("member_count", _("People in the group"), "people"),
    Column("phone", _("Phone"), "contact"),
    Column("residence_city", _("City of residence"), "contact"),
    Column("travel_document", _("Travel document of the principal applicant"), "documents"),
    Column("travel_document_expiry", _("Travel document expires on"), "documents"),
    Column("vulnerabilities", _("Vulnerabilities"), "vulnerabilities"),
)


def _age(dob, today) -> int | None:
    if not dob:
        return None
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def _csv_value(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()  # ISO dates sort and import the same in every language
    return value


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    it = iter(iterable)
    while chunk := list(islice(it, size)):
        yield chunk


class CaseListExporter:
    """The case list as a table, for one user and one set of filters."""

    def __init__(self, user: User, filters: CaseFilters, language: str | None = None):
        self.user = user
        self.filters = filters
        self.language = language or getattr(user, "language", "") or translation.get_language()
        self.columns = [c for c in COLUMNS if can_see_section(user, c.section)]
        self.keys = {c.key for c in self.columns}

    def queryset(self):
        qs = case_list(self.user, self.filters)
        if "phone" in self.keys or "residence_city" in self.keys:
            principal = CaseMember.objects.filter(case=OuterRef("pk"), relationship="principal")
            qs = qs.annotate(
                principal_phone=Subquery(principal.values("person__phone")[:1]),
                principal_city=Subquery(principal.values("person__residence_city")[:1]),
            )
        if "travel_document" in self.keys:
            best = IdentityDocument.objects.filter(
                person=OuterRef("principal_person_id"), kind__in=TRAVEL_DOCUMENT_KINDS
            ).order_by("-expires_on", "-id")
            qs = qs.annotate(
                travel_number=Subquery(best.values("number")[:1]),
                travel_expiry=Subquery(best.values("expires_on")[:1]),
            )
        return qs

    def headers(self) -> list[str]:
        with translation.override(self.language):
            return [str(c.header) for c in self.columns]

    def rows(self) -> Iterator[list]:
        """One list of cell values per case, in column order (dates stay dates)."""
        today = timezone.localdate()
        reason_labels = dict(ReturnReason.choices)
        with translation.override(self.language):
            type_labels = {k: str(v) for k, v in CaseType.choices}
            source_labels = {k: str(v) for k, v in ReferralSource.choices}
            sex_labels = {k: str(v) for k, v in Sex.choices}
            for chunk in _chunks(self.queryset().iterator(chunk_size=CHUNK), CHUNK):
                ids = [c.pk for c in chunk]
                reasons = defaultdict(list)
                if "reasons" in self.keys:
                    for case_id, reason in CaseReturnReason.objects.filter(
                        case_id__in=ids
                    ).values_list("case_id", "reason"):
                        reasons[case_id].append(str(reason_labels.get(reason, reason)))
                vulnerabilities = self._vulnerabilities(ids)
                for c in chunk:
                    values = {
                        "reference": c.reference,
                        "case_type": type_labels.get(c.case_type, c.case_type),
                        "status": c.get_status_display(),
                        "office": c.office.name,
                        "programme": c.programme.name if c.programme else "",
                        "application_date": c.application_date,
                        "referral_source": source_labels.get(c.referral_source, ""),
                        "country_of_origin": countries.name(str(c.country_of_origin or "")),
                        "destination_country": countries.name(str(c.destination_country or "")),
                        "planned_departure_date": c.planned_departure_date,
                        "departure_date": c.departure_date,
                        "arrival_date": c.arrival_date,
                        "closed_on": c.closed_on,
                        "reasons": "; ".join(reasons.get(c.pk, [])),
                        "principal_name": " ".join(
                            p for p in (c.principal_given_name, c.principal_family_name) if p
                        ),
                        "principal_other_script": c.principal_other_script or "",
                        "principal_sex": sex_labels.get(c.principal_sex, ""),
                        "principal_date_of_birth": c.principal_date_of_birth,
                        "principal_age": _age(c.principal_date_of_birth, today),
                        "principal_nationality": countries.name(c.principal_nationality or ""),
                        "member_count": c.member_count,
                        "phone": getattr(c, "principal_phone", "") or "",
                        "residence_city": getattr(c, "principal_city", "") or "",
                        "travel_document": getattr(c, "travel_number", "") or "",
                        "travel_document_expiry": getattr(c, "travel_expiry", None),
                        "vulnerabilities": "; ".join(vulnerabilities.get(c.pk, [])),
                    }
                    yield [values[col.key] for col in self.columns]

    def _vulnerabilities(self, case_ids: list[int]) -> dict[int, list[str]]:
        """Current vulnerability categories per case, as protection lets this user see them
        in an export (one rule for pages, exports and the API: protection.selectors)."""
        if "vulnerabilities" not in self.keys:
            return {}
        from awda.protection.selectors import vulnerabilities_for_export

        found: dict[int, list[str]] = {}
        for case_id, rows in vulnerabilities_for_export(self.user, case_ids).items():
            labels = {
                str(row["category_label"])
                for row in rows
                if row["category"] is not None and row["resolved_on"] is None
            }
            if labels:
                found[case_id] = sorted(labels)
        return found

    # --- Formats ---------------------------------------------------------------------------

    def csv_lines(self) -> Iterator[str]:
        """CSV text, line by line (UTF-8 with BOM so that spreadsheet programs read Arabic
        and accented names right)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)

        def flush() -> str:
            text = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate(0)
            return text

        writer.writerow(self.headers())
        yield "\ufeff" + flush()
        for row in self.rows():
            writer.writerow([_csv_value(v) for v in row])
            yield flush()

    def write_xlsx(self, target) -> None:
        """Write the table to `target` (a path or a binary file) with openpyxl's streaming
        writer, so a long list never sits in memory as a workbook."""
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        with translation.override(self.language):
            title = str(_("Cases"))
            right_to_left = translation.get_language_bidi()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=title[:31])
        sheet.sheet_view.rightToLeft = right_to_left
        bold = Font(bold=True)
        header = []
        for text in self.headers():
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        date_columns = {i for i, c in enumerate(self.columns) if c.key in DATE_COLUMNS}
        for row in self.rows():
            cells = []
            for i, value in enumerate(row):
                cell = WriteOnlyCell(sheet, value=value)
                if i in date_columns and value:
                    cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            sheet.append(cells)
        workbook.save(target)
