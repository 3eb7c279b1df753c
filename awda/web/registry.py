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

    @property
    def slug(self) -> str:
        """Unique per section (two sections may share an access code): the function's name."""
        return self.context.rsplit(".", 1)[-1]


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


# Dotted paths of `function(user) -> list[WorkItem]`, in display order. A provider that
# has nothing for this user returns [] (the page then says nothing waits).
WORK_PROVIDERS: tuple[str, ...] = (
    "awda.web.work.cases_by_stage",
    "awda.web.work.waiting_on_you",
    "awda.web.work.documents_expiring",
    "awda.partners.work.referrals",
    "awda.assistance.work.appointments",
    "awda.reintegration.work.reintegration_work",
    "awda.trainings.work.training_work",
    "awda.travel.work.lpc_requests_waiting",
    "awda.travel.work.bookings_to_make",
    "awda.travel.work.departures_today",
)


@dataclass(frozen=True)
class NavLink:
    """One entry of the main menu, shown only to users who hold `capability` (if given) and
    may see `section` (if given)."""

    url_name: str
    label: object
    capability: str = ""
    section: str = ""
    # The home page is active only on "/"; other entries on every page under their URL.
    exact: bool = False


# The main menu, in display order. Adding an entry is one line here.
NAV_LINKS: tuple[NavLink, ...] = (
    NavLink("web:home", _("My work"), exact=True),
    NavLink("web:case_list", _("Cases"), section="summary"),
    NavLink("web:intake", _("Register"), capability="register"),
    NavLink("partners:queue", _("Referrals"), section="referrals"),
    NavLink("assistance:distribution_list", _("Distributions"), capability="record_assistance"),
    NavLink("reintegration:index", _("Reintegration"), section="reintegration"),
    NavLink("trainings:index", _("Trainings"), capability="record_assistance"),
    NavLink("travel:lpc_queue", _("Consular queue"), capability="consular_decision"),
    NavLink("travel:departures", _("Departure manifests"), capability="record_exit"),
    NavLink("travel:departures", _("Departures"), capability="manage_travel"),
    NavLink("travel:lpc_queue", _("Laissez-passer requests"), capability="manage_travel"),
    NavLink("funding:programmes", _("Programmes"), capability="manage_programmes"),
    NavLink("reports:report", _("Reports"), capability="view_reports"),
)
