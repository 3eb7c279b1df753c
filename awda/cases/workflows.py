"""The three workflows, one per case type: states, transitions and guards.

Outbound follows the phases of the Ministry of Interior's programme (assistance,
pre-departure, reintegration) and the steps IOM Morocco lists; inbound follows the five
steps for Moroccans coming home; resettlement the medical examination, cultural
orientation and movement. `awda workflow-diagram` renders them.
"""

from django.utils.translation import gettext_lazy as _

from awda.cases import guards as g
from awda.cases.models import CaseType
from awda.cases.workflow import PREVIOUS, State, Transition, Workflow

ASSISTANCE = _("Assistance")
PRE_DEPARTURE = _("Pre-departure")
REINTEGRATION = _("Reintegration")
ENDED = _("Ended")

# Shared states.
REGISTERED = State("registered", _("Registered"), ASSISTANCE)
SUSPENDED = State("suspended", _("Suspended"), ENDED)
WITHDRAWN = State("withdrawn", _("Withdrawn"), ENDED, terminal=True, active=False)
CLOSED = State("closed", _("Closed"), ENDED, terminal=True, active=False)

_book_guards = (
    g.has_members,
    g.declaration_signed,
    g.planned_departure_set,
    g.travel_documents_valid,
    g.best_interests_determined,
    g.fit_to_travel,
    g.escort_assigned,
)

_before_departure = (
    "registered",
    "counselling",
    "screening",
    "travel_documents",
    "ready",
    "booked",
    "no_show",
)

OUTBOUND = Workflow(
    case_type=CaseType.OUTBOUND,
    label=_("Return from Morocco"),
    initial="registered",
    states=(
        REGISTERED,
        State("counselling", _("Counselling"), ASSISTANCE),
        State("screening", _("Eligibility and vulnerability screening"), ASSISTANCE),
        State("travel_documents", _("Travel documents"), PRE_DEPARTURE),
        State("ready", _("Ready for booking"), PRE_DEPARTURE),
        State("booked", _("Booked"), PRE_DEPARTURE),
        State("departed", _("Departed"), PRE_DEPARTURE),
        State("arrived", _("Arrived"), REINTEGRATION),
        State("reintegration", _("Reintegration"), REINTEGRATION),
        State("monitoring", _("Monitoring"), REINTEGRATION),
        CLOSED,
        WITHDRAWN,
        State("not_eligible", _("Not eligible"), ENDED, terminal=True, active=False),
        State("no_show", _("No-show"), PRE_DEPARTURE),
        SUSPENDED,
    ),
    transitions=(
        Transition(
            "start_counselling",
            _("Start counselling"),
            ("registered",),
            "counselling",
            (g.has_members,),
        ),
        Transition(
            "start_screening",
            _("Start screening"),
            ("counselling",),
            "screening",
            (g.members_identified,),
        ),
        Transition(
            "confirm_eligibility",
            _("Confirm eligibility"),
            ("screening",),
            "travel_documents",
            (g.members_identified,),
        ),
        Transition(
            "declare_not_eligible",
            _("Not eligible"),
            ("screening",),
            "not_eligible",
            requires_reason=True,
            branch=True,
            stamps="closed_on",
        ),
        Transition(
            "mark_ready",
            _("Travel documents ready"),
            ("travel_documents",),
            "ready",
            (g.travel_documents_valid,),
        ),
        Transition(
            "book",
            _("Book the journey"),
            ("ready",),
            "booked",
            _book_guards,
            capability="manage_travel",
        ),
        Transition(
            "depart",
            _("Record departure"),
            ("booked",),
            "departed",
            (g.departure_not_in_future,),
            capability="manage_travel",
            stamps="departure_date",
        ),
        Transition(
            "mark_no_show",
            _("No-show"),
            ("booked",),
            "no_show",
            requires_reason=True,
            capability="manage_travel",
            branch=True,
        ),
        Transition(
            "rebook", _("Prepare a new booking"), ("no_show",), "ready", capability="manage_travel"
        ),
        Transition(
            "confirm_arrival",
            _("Confirm arrival"),
            ("departed",),
            "arrived",
            (g.arrival_after_departure,),
            stamps="arrival_date",
        ),
        Transition("start_reintegration", _("Start reintegration"), ("arrived",), "reintegration"),
        Transition("start_monitoring", _("Start monitoring"), ("reintegration",), "monitoring"),
        Transition(
            "close",
            _("Close the case"),
            ("arrived", "reintegration", "monitoring"),
            "closed",
            (g.closure_reason_given,),
            stamps="closed_on",
        ),
        Transition(
            "withdraw",
            _("Withdraw"),
            (*_before_departure, "suspended"),
            "withdrawn",
            requires_reason=True,
            branch=True,
            stamps="closed_on",
        ),
        Transition(
            "suspend",
            _("Suspend"),
            _before_departure,
            "suspended",
            requires_reason=True,
            branch=True,
        ),
        Transition("resume", _("Resume"), ("suspended",), PREVIOUS),
        Transition(
            "reopen", _("Reopen"), ("closed",), "monitoring", requires_reason=True, branch=True
        ),
    ),
)

_inbound_before_arrival = ("registered", "family_tracing", "information_exchange")

INBOUND = Workflow(
    case_type=CaseType.INBOUND,
    label=_("Return of Moroccans to Morocco"),
    initial="registered",
    states=(
        REGISTERED,
        State("family_tracing", _("1. Family tracing and information collection"), ASSISTANCE),
        State(
            "information_exchange",
            _("2. Information exchange with the host-country mission"),
            ASSISTANCE,
        ),
        State("arrived", _("Arrived in Morocco"), REINTEGRATION),
        State("counselling", _("3. Counselling and orientation"), REINTEGRATION),
        State("reintegration", _("4. Reintegration project"), REINTEGRATION),
        State("monitoring", _("5. Follow-up and evaluation"), REINTEGRATION),
        CLOSED,
        WITHDRAWN,
        SUSPENDED,
    ),
    transitions=(
        Transition(
            "start_family_tracing",
            _("Start family tracing"),
            ("registered",),
            "family_tracing",
            (g.has_members, g.host_country_recorded),
        ),
        Transition(
            "start_information_exchange",
            _("Exchange information with the mission"),
            ("family_tracing",),
            "information_exchange",
            (g.host_country_recorded,),
        ),
        Transition(
            "confirm_arrival",
            _("Confirm arrival"),
            ("information_exchange",),
            "arrived",
            stamps="arrival_date",
        ),
        Transition(
            "start_counselling",
            _("Start counselling"),
            ("arrived",),
            "counselling",
            (g.settlement_region_recorded,),
        ),
        Transition(
            "start_reintegration",
            _("Start reintegration project"),
            ("counselling",),
            "reintegration",
        ),
        Transition("start_monitoring", _("Start follow-up"), ("reintegration",), "monitoring"),
        Transition(
            "close",
            _("Close the case"),
            ("arrived", "counselling", "reintegration", "monitoring"),
            "closed",
            (g.closure_reason_given,),
            stamps="closed_on",
        ),
        Transition(
            "withdraw",
            _("Withdraw"),
            (*_inbound_before_arrival, "suspended"),
            "withdrawn",
            requires_reason=True,
            branch=True,
            stamps="closed_on",
        ),
        Transition(
            "suspend",
            _("Suspend"),
            (*_inbound_before_arrival, "counselling", "reintegration"),
            "suspended",
            requires_reason=True,
            branch=True,
        ),
        Transition("resume", _("Resume"), ("suspended",), PREVIOUS),
        Transition(
            "reopen", _("Reopen"), ("closed",), "monitoring", requires_reason=True, branch=True
        ),
    ),
)

_resettlement_before_departure = (
    "registered",
    "medical_examination",
    "cultural_orientation",
    "travel_documents",
    "ready",
    "booked",
    "no_show",
)

RESETTLEMENT = Workflow(
    case_type=CaseType.RESETTLEMENT,
    label=_("Resettlement"),
    initial="registered",
    states=(
        REGISTERED,
        State("medical_examination", _("Medical examination"), PRE_DEPARTURE),
        State("cultural_orientation", _("Cultural orientation"), PRE_DEPARTURE),
        State("travel_documents", _("Travel documents"), PRE_DEPARTURE),
        State("ready", _("Ready for booking"), PRE_DEPARTURE),
        State("booked", _("Booked"), PRE_DEPARTURE),
        State("departed", _("Departed"), PRE_DEPARTURE),
        State("arrived", _("Arrived in the resettlement country"), ENDED),
        CLOSED,
        WITHDRAWN,
        State("no_show", _("No-show"), PRE_DEPARTURE),
        SUSPENDED,
    ),
    transitions=(
        Transition(
            "start_medical_examination",
            _("Start medical examination"),
            ("registered",),
            "medical_examination",
            (g.has_members, g.destination_recorded),
        ),
        Transition(
            "start_cultural_orientation",
            _("Start cultural orientation"),
            ("medical_examination",),
            "cultural_orientation",
            (g.members_identified, g.medical_examinations_done),
        ),
        Transition(
            "request_travel_documents",
            _("Request travel documents"),
            ("cultural_orientation",),
            "travel_documents",
            (g.cultural_orientation_attended,),
        ),
        Transition(
            "mark_ready",
            _("Travel documents ready"),
            ("travel_documents",),
            "ready",
            (g.travel_documents_valid,),
        ),
        Transition(
            "book",
            _("Book the journey"),
            ("ready",),
            "booked",
            (
                g.has_members,
                g.planned_departure_set,
                g.travel_documents_valid,
                g.best_interests_determined,
                g.fit_to_travel,
                g.escort_assigned,
            ),
            capability="manage_travel",
        ),
        Transition(
            "depart",
            _("Record departure"),
            ("booked",),
            "departed",
            (g.departure_not_in_future,),
            capability="manage_travel",
            stamps="departure_date",
        ),
        Transition(
            "mark_no_show",
            _("No-show"),
            ("booked",),
            "no_show",
            requires_reason=True,
            capability="manage_travel",
            branch=True,
        ),
        Transition(
            "rebook", _("Prepare a new booking"), ("no_show",), "ready", capability="manage_travel"
        ),
        Transition(
            "confirm_arrival",
            _("Confirm arrival"),
            ("departed",),
            "arrived",
            (g.arrival_after_departure,),
            stamps="arrival_date",
        ),
        Transition(
            "close",
            _("Close the case"),
            ("arrived",),
            "closed",
            (g.closure_reason_given,),
            stamps="closed_on",
        ),
        Transition(
            "withdraw",
            _("Withdraw"),
            (*_resettlement_before_departure, "suspended"),
            "withdrawn",
            requires_reason=True,
            branch=True,
            stamps="closed_on",
        ),
        Transition(
            "suspend",
            _("Suspend"),
            _resettlement_before_departure,
            "suspended",
            requires_reason=True,
            branch=True,
        ),
        Transition("resume", _("Resume"), ("suspended",), PREVIOUS),
    ),
)

WORKFLOWS: dict[str, Workflow] = {w.case_type: w for w in (OUTBOUND, INBOUND, RESETTLEMENT)}


def workflow_for(case_type: str) -> Workflow:
    return WORKFLOWS[case_type]
