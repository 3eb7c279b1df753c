"""What the case file and the "my work" page are made of.

Each domain app contributes: a case-file section (a template and a context function) and
"my work" items. The lists are here so the page layout is decided in one place; the
content lives with each app. A section is shown only to users who may see it
(`accounts.access.can_see_section`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class CaseSection:
    code: str  # an accounts.access.Section code
    title: object
    template: str
    # Dotted path of `function(request, case, members) -> dict` giving the template context.
    context: str


CASE_SECTIONS: tuple[CaseSection, ...] = (
    CaseSection("people", _("People"), "web/sections/people.html", "awda.web.sections.people"),
    CaseSection(
        "documents",
        _("Identity and travel documents"),
        "web/sections/documents.html",
        "awda.web.sections.documents",
    ),
    CaseSection(
        "vulnerabilities",
        _("Vulnerabilities"),
        "protection/sections/vulnerabilities.html",
        "awda.protection.sections.vulnerabilities",
    ),
    CaseSection(
        "consent",
        _("Voluntary-return declaration"),
        "web/sections/declaration.html",
        "awda.web.sections.declaration",
    ),
    CaseSection(
        "consent",
        _("Consent to share data"),
        "protection/sections/sharing.html",
        "awda.protection.sections.sharing",
    ),
    CaseSection(
        "counselling",
        _("Counselling"),
        "assistance/sections/counselling.html",
        "awda.assistance.sections.counselling",
    ),
    CaseSection(
        "assistance",
        _("Assistance"),
        "assistance/sections/assistance.html",
        "awda.assistance.sections.assistance",
    ),
    CaseSection(
        "referrals",
        _("Referrals"),
        "partners/sections/referrals.html",
        "awda.partners.sections.referrals",
    ),
    CaseSection(
        "travel", _("Travel"), "travel/sections/travel.html", "awda.travel.sections.travel"
    ),
    CaseSection(
        "reintegration",
        _("Reintegration"),
        "reintegration/sections/reintegration.html",
        "awda.reintegration.sections.reintegration",
    ),
    CaseSection(
        "timeline", _("Timeline"), "web/sections/timeline.html", "awda.web.sections.timeline"
    ),
)


@dataclass(frozen=True)
class WorkItem:
    """One line of "my work": a count of things waiting, linking to the filtered list."""

    group: object  # heading it appears under
    label: object
    count: int
    url: str


# Dotted paths of `function(user) -> list[WorkItem]`, in display order.
WORK_PROVIDERS: tuple[str, ...] = (
    "awda.web.work.cases_by_stage",
    "awda.web.work.documents_expiring",
)
