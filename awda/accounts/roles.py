"""Roles a user can hold in an organisation, and the capabilities each role carries.

This is the vocabulary of access; *what* a role may see is decided in
`awda.accounts.access`, the one place where access rules live.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", _("Case worker")
    COUNSELLOR = "counsellor", _("Counsellor")
    PROTECTION_OFFICER = "protection_officer", _("Protection officer")
    MEDICAL_OFFICER = "medical_officer", _("Medical officer")
    MOVEMENT_OFFICER = "movement_officer", _("Movement officer")
    OFFICE_MANAGER = "office_manager", _("Office manager")
    ME_OFFICER = "me_officer", _("M&E officer")
    MISSION_OFFICER = "mission_officer", _("Reintegration officer (IOM mission)")
    CONSULATE_OFFICER = "consulate_officer", _("Consular officer")
    POLICE_OFFICER = "police_officer", _("Police officer")
    PARTNER_WORKER = "partner_worker", _("Partner worker (NGO or ministry)")
    DONOR_VIEWER = "donor_viewer", _("Donor")
    MINISTRY_VIEWER = "ministry_viewer", _("Ministry of Interior focal point")


# Roles that work on the case files of their IOM office in Morocco.
OFFICE_ROLES = frozenset(
    {
        Role.CASE_WORKER,
        Role.COUNSELLOR,
        Role.PROTECTION_OFFICER,
        Role.MEDICAL_OFFICER,
        Role.MOVEMENT_OFFICER,
        Role.OFFICE_MANAGER,
    }
)


class Capability(models.TextChoices):
    """What a user may do. Checked by services; views only hide what a user can't do."""

    REGISTER = "register", _("register people and cases")
    ADVANCE_CASE = "advance_case", _("move cases through their workflow")
    MANAGE_TRAVEL = "manage_travel", _("manage travel documents and movements")
    RECORD_ASSISTANCE = "record_assistance", _("record assistance")
    SCREEN_PROTECTION = "screen_protection", _("screen vulnerabilities")
    MANAGE_REINTEGRATION = "manage_reintegration", _("manage reintegration")
    APPROVE_DISBURSEMENT = "approve_disbursement", _("approve reintegration disbursements")
    ANSWER_REFERRAL = "answer_referral", _("answer referrals")
    CONSULAR_DECISION = "consular_decision", _("issue or refuse consular documents")
    RECORD_EXIT = "record_exit", _("record exit authorisations")
    VIEW_REPORTS = "view_reports", _("view reports")
    DRILL_DOWN = "drill_down", _("see the cases behind report figures")
    MANAGE_PROGRAMMES = "manage_programmes", _("manage programmes and quotas")
    EXPORT_LISTS = "export_lists", _("export case lists")


_office_common = {
    Capability.REGISTER,
    Capability.ADVANCE_CASE,
    Capability.RECORD_ASSISTANCE,
    Capability.EXPORT_LISTS,
    Capability.VIEW_REPORTS,
    Capability.DRILL_DOWN,
}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.CASE_WORKER: frozenset(_office_common | {Capability.MANAGE_TRAVEL}),
    Role.COUNSELLOR: frozenset(_office_common),
    Role.PROTECTION_OFFICER: frozenset(_office_common | {Capability.SCREEN_PROTECTION}),
    Role.MEDICAL_OFFICER: frozenset(_office_common | {Capability.SCREEN_PROTECTION}),
    Role.MOVEMENT_OFFICER: frozenset(_office_common | {Capability.MANAGE_TRAVEL}),
    Role.OFFICE_MANAGER: frozenset(
        _office_common
        | {
            Capability.MANAGE_TRAVEL,
            Capability.SCREEN_PROTECTION,
            Capability.MANAGE_PROGRAMMES,
            Capability.APPROVE_DISBURSEMENT,
        }
    ),
    Role.ME_OFFICER: frozenset(
        {
            Capability.VIEW_REPORTS,
            Capability.DRILL_DOWN,
            Capability.EXPORT_LISTS,
            Capability.MANAGE_PROGRAMMES,
        }
    ),
    Role.MISSION_OFFICER: frozenset(
        {
            Capability.ADVANCE_CASE,
            Capability.MANAGE_REINTEGRATION,
            Capability.APPROVE_DISBURSEMENT,
            Capability.RECORD_ASSISTANCE,
        }
    ),
    Role.CONSULATE_OFFICER: frozenset({Capability.CONSULAR_DECISION}),
    Role.POLICE_OFFICER: frozenset({Capability.RECORD_EXIT}),
    Role.PARTNER_WORKER: frozenset({Capability.ANSWER_REFERRAL}),
    Role.DONOR_VIEWER: frozenset({Capability.VIEW_REPORTS}),
    Role.MINISTRY_VIEWER: frozenset({Capability.VIEW_REPORTS}),
}
