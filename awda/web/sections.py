"""Case-file sections of this app: the group, documents, the voluntary-return declaration
and the timeline (see awda.web.registry for how sections are put together)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awda.accounts.access import can_see_section, has_capability
from awda.cases.models import TimelineEvent
from awda.cases.selectors import TERMINAL_STATUSES
from awda.people.models import IdentityDocument, Person
from awda.protection.selectors import declaration_for_case
from awda.web.forms import DeclarationSignForm, DeclarationWithdrawForm, DocumentAddForm

# Common languages of the information session (suggestions; any language can be typed).
DECLARATION_LANGUAGES = (
    _("French"),
    _("English"),
    _("Arabic"),
    _("Portuguese"),
    _("Bambara"),
    _("Wolof"),
    _("Pulaar (Fula)"),
    _("Susu"),
    _("Lingala"),
    _("Hausa"),
    _("Yoruba"),
    _("Tigrinya"),
)


def case_is_open(case) -> bool:
    return case.status not in TERMINAL_STATUSES


def people(request, case, members) -> dict:
    return {
        "show_contact": can_see_section(request.user, "contact"),
        "today": timezone.localdate(),
    }


def documents(request, case, members, form: DocumentAddForm | None = None) -> dict:
    by_person: dict[int, list[IdentityDocument]] = {m.person_id: [] for m in members}
    for d in IdentityDocument.objects.filter(person__in=list(by_person)).order_by(
        "person_id", "-expires_on", "id"
    ):
        by_person[d.person_id].append(d)
    today = timezone.localdate()
    horizon = case.planned_departure_date
    rows = []
    for m in members:
        docs = []
        for d in by_person[m.person_id]:
            warning = ""
            if d.expires_on and d.expires_on < today:
                warning = _("expired")
            elif d.is_travel_document and d.expires_on and horizon and d.expires_on < horizon:
                warning = _("expires before the planned departure")
            docs.append({"document": d, "warning": warning})
        rows.append({"member": m, "documents": docs})
    can_add = has_capability(request.user, "register") and case_is_open(case)
    if can_add and form is None:
        form = DocumentAddForm(members=members, prefix="doc")
    return {"rows": rows, "form": form if can_add else None}


def declaration(
    request,
    case,
    members,
    sign_form: DeclarationSignForm | None = None,
    withdraw_form: DeclarationWithdrawForm | None = None,
) -> dict:
    current = declaration_for_case(case)
    can_edit = has_capability(request.user, "advance_case") and case_is_open(case)
    ctx: dict = {"declaration": current, "can_edit": can_edit}
    if not can_edit:
        return ctx
    if current is None or current.withdrawn_on:
        ctx["sign_form"] = sign_form or DeclarationSignForm(prefix="sign")
        ctx["languages"] = [str(label) for label in DECLARATION_LANGUAGES]
    else:
        ctx["withdraw_form"] = withdraw_form or DeclarationWithdrawForm(prefix="withdraw")
    return ctx


# Labels of the timeline's non-transition actions.
ACTION_LABELS = {
    "create": _("Case opened"),
    "add_member": _("Joined the group"),
    "declaration_signed": _("Voluntary-return declaration signed"),
    "declaration_withdrawn": _("Voluntary-return declaration withdrawn"),
}


def timeline(request, case, members) -> dict:
    workflow = case.workflow
    events = list(case.timeline.select_related("actor").order_by("-at", "-id"))
    people_ids = {e.data.get("person") for e in events if e.data.get("person")}
    names = {
        p.pk: p.full_name
        for p in Person.objects.filter(pk__in=[i for i in people_ids if isinstance(i, int)])
    }
    rows = []
    for e in events:
        if e.kind == TimelineEvent.Kind.TRANSITION:
            transition = workflow.transition(e.action)
            label = transition.label if transition else e.get_kind_display()
        else:
            label = ACTION_LABELS.get(e.action, e.get_kind_display())
        rows.append(
            {
                "event": e,
                "label": label,
                "from_label": workflow.state(e.from_status).label if e.from_status else "",
                "to_label": workflow.state(e.to_status).label if e.to_status else "",
                "person": names.get(e.data.get("person")),
            }
        )
    return {"events": rows}
