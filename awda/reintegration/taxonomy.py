"""The vocabularies of reintegration: plan levels, dimensions and the kinds of assistance.

Two lists of component kinds exist because the seeds describe two programmes: projects in
the countries of origin for migrants returned from Morocco (seed 000, "Répartition des
assistances par type") and the assistance types for Moroccans coming home (seed 000,
"Assistance des Marocain-e-s de retour"). Kinds shared by both (cash, housing, vocational
training, schooling) are one code, so a report can add them up.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial")


class PlanLevel(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual (one returnee or one household)")
    COLLECTIVE = "collective", _("Collective (at least two returnees sharing a project)")
    COMMUNITY = "community", _("Community")


class ComponentKind(models.TextChoices):
    # Sectors of the projects in the countries of origin.
    TRADE = "trade", _("Trade of goods and food products")
    AGRICULTURE_LIVESTOCK = "agriculture_livestock", _("Agriculture and livestock")
    FISHING = "fishing", _("Fishing")
    TRANSPORT = "transport", _("Transport")
    MECHANICS = "mechanics", _("Mechanics")
    HAIRDRESSING_BEAUTY = "hairdressing_beauty", _("Hairdressing and beauty")
    TAILORING = "tailoring", _("Tailoring")
    CATERING = "catering", _("Catering")
    COMMUNICATION = "communication", _("Communication")
    SERVICES = "services", _("Services")
    FOOD_NON_FOOD = "food_non_food", _("Food and non-food support")
    SOCIAL_SUPPORT = "social_support", _("Social support")
    MEDICAL = "medical", _("Medical assistance")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
    # Shared by both programmes.
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    SCHOOLING = "schooling", _("Schooling (school fees)")
    HOUSING = "housing", _("Housing (rent, temporary housing)")
    CASH = "cash", _("Cash assistance")
    # Assistance types for Moroccans coming home.
    INCOME_GENERATING = "income_generating", _("Income-generating activity")
    HEALTH_ACCESS = "health_access", _("Access to health services")
    LEGAL_SERVICES = "legal_services", _("Access to legal services (identity documents)")
    LEGAL_STATUS = "legal_status", _("Legal status (auto-entrepreneur card, cooperative)")
    REFERRAL = "referral", _("Referral to national bodies")
    PSYCHOSOCIAL_WORKSHOP = "psychosocial_workshop", _("Psychosocial workshop")
    MENTORING = "mentoring", _("Mentoring")
    PSYCHOLOGICAL_COUNSELLING = "psychological_counselling", _("Psychological counselling")


K = ComponentKind

OUTBOUND_KINDS: tuple[str, ...] = (
    K.TRADE,
    K.AGRICULTURE_LIVESTOCK,
    K.FISHING,
    K.TRANSPORT,
    K.MECHANICS,
    K.HAIRDRESSING_BEAUTY,
    K.TAILORING,
    K.CATERING,
    K.COMMUNICATION,
    K.SERVICES,
    K.VOCATIONAL_TRAINING,
    K.SCHOOLING,
    K.MEDICAL,
    K.HOUSING,
    K.CASH,
    K.FOOD_NON_FOOD,
    K.SOCIAL_SUPPORT,
    K.PSYCHOSOCIAL,
)

INBOUND_KINDS: tuple[str, ...] = (
    K.CASH,
    K.INCOME_GENERATING,
    K.VOCATIONAL_TRAINING,
    K.HOUSING,
    K.SCHOOLING,
    K.HEALTH_ACCESS,
    K.LEGAL_SERVICES,
    K.LEGAL_STATUS,
    K.REFERRAL,
    K.PSYCHOSOCIAL_WORKSHOP,
    K.MENTORING,
    K.PSYCHOLOGICAL_COUNSELLING,
)

# Kinds delivered to a group at one event (a training session, a workshop): the component
# points at the GroupActivity so the report can count sessions as well as participants.
GROUP_ACTIVITY_KINDS = frozenset({K.VOCATIONAL_TRAINING, K.PSYCHOSOCIAL_WORKSHOP})

DIMENSION_OF: dict[str, str] = {
    K.TRADE: Dimension.ECONOMIC,
    K.AGRICULTURE_LIVESTOCK: Dimension.ECONOMIC,
    K.FISHING: Dimension.ECONOMIC,
    K.TRANSPORT: Dimension.ECONOMIC,
    K.MECHANICS: Dimension.ECONOMIC,
    K.HAIRDRESSING_BEAUTY: Dimension.ECONOMIC,
    K.TAILORING: Dimension.ECONOMIC,
    K.CATERING: Dimension.ECONOMIC,
    K.COMMUNICATION: Dimension.ECONOMIC,
    K.SERVICES: Dimension.ECONOMIC,
    K.VOCATIONAL_TRAINING: Dimension.ECONOMIC,
    K.CASH: Dimension.ECONOMIC,
    K.INCOME_GENERATING: Dimension.ECONOMIC,
    K.FOOD_NON_FOOD: Dimension.SOCIAL,
    K.SOCIAL_SUPPORT: Dimension.SOCIAL,
    K.MEDICAL: Dimension.SOCIAL,
    K.SCHOOLING: Dimension.SOCIAL,
    K.HOUSING: Dimension.SOCIAL,
    K.HEALTH_ACCESS: Dimension.SOCIAL,
    K.LEGAL_SERVICES: Dimension.SOCIAL,
    K.LEGAL_STATUS: Dimension.SOCIAL,
    K.REFERRAL: Dimension.SOCIAL,
    K.PSYCHOSOCIAL: Dimension.PSYCHOSOCIAL,
    K.PSYCHOSOCIAL_WORKSHOP: Dimension.PSYCHOSOCIAL,
    K.MENTORING: Dimension.PSYCHOSOCIAL,
    K.PSYCHOLOGICAL_COUNSELLING: Dimension.PSYCHOSOCIAL,
}


class ReportGroup(models.TextChoices):
    """The groups of the annual report's "Répartition des assistances par type" (seed 000)."""

    SALES = "sales", _("Sales of goods projects")
    FISHING_LIVESTOCK = "fishing_livestock", _("Fishing and livestock projects")
    TRANSPORT = "transport", _("Transport projects")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational trainings")
    SOCIAL_SUPPORT = "social_support", _("Social support")
    SERVICE_PROVIDERS = "service_providers", _("Service-provider projects")
    CASH = "cash", _("Cash reintegration assistance")
    CATERING = "catering", _("Catering projects")
    BEAUTY = "beauty", _("Cosmetics and beauty projects")
    FOOD_NON_FOOD = "food_non_food", _("Food and non-food support")
    HOUSING = "housing", _("Housing")


REPORT_GROUP_OF: dict[str, str] = {
    K.TRADE: ReportGroup.SALES,
    K.FISHING: ReportGroup.FISHING_LIVESTOCK,
    K.AGRICULTURE_LIVESTOCK: ReportGroup.FISHING_LIVESTOCK,
    K.TRANSPORT: ReportGroup.TRANSPORT,
    K.VOCATIONAL_TRAINING: ReportGroup.VOCATIONAL_TRAINING,
    K.SOCIAL_SUPPORT: ReportGroup.SOCIAL_SUPPORT,
    K.MEDICAL: ReportGroup.SOCIAL_SUPPORT,
    K.SCHOOLING: ReportGroup.SOCIAL_SUPPORT,
    K.PSYCHOSOCIAL: ReportGroup.SOCIAL_SUPPORT,
    K.SERVICES: ReportGroup.SERVICE_PROVIDERS,
    K.MECHANICS: ReportGroup.SERVICE_PROVIDERS,
    K.TAILORING: ReportGroup.SERVICE_PROVIDERS,
    K.COMMUNICATION: ReportGroup.SERVICE_PROVIDERS,
    K.CASH: ReportGroup.CASH,
    K.CATERING: ReportGroup.CATERING,
    K.HAIRDRESSING_BEAUTY: ReportGroup.BEAUTY,
    K.FOOD_NON_FOOD: ReportGroup.FOOD_NON_FOOD,
    K.HOUSING: ReportGroup.HOUSING,
}


def kinds_for(case_type: str) -> tuple[str, ...]:
    return INBOUND_KINDS if case_type == "inbound" else OUTBOUND_KINDS


def kind_choices_for(case_type: str) -> list[tuple[str, str]]:
    labels = dict(ComponentKind.choices)
    return [(k, labels[k]) for k in kinds_for(case_type)]
