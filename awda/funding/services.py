"""Changes to programmes, budget lines and ticket quotas.

Tickets are charged to a quota only here (`quota_charge` / `quota_release`), inside the
caller's transaction and under a lock on the programme's agreement rows, so the last
ticket of a quota is sold once however many bookings arrive together.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from awda.accounts.access import has_capability
from awda.accounts.models import Organisation, OrganisationKind, User
from awda.audit.services import audit_record
from awda.funding.models import BudgetCategory, BudgetLine, Programme, QuotaAgreement


class QuotaRefused(Exception):
    """The programme's ticket quota cannot pay for the tickets; `message` says by how much."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def _require(actor: User | None, capability: str, message: str) -> None:
    if actor is not None and not has_capability(actor, capability):
        raise PermissionDenied(message)


def quota_figures(agreement: QuotaAgreement) -> str:
    """One agreement's figures in words: name, date, granted, used, remaining."""
    return _(
        "%(title)s (signed on %(date)s): %(total)s tickets, %(used)s used, %(remaining)s remaining"
    ) % {
        "title": agreement.title,
        "date": date_format(agreement.signed_on, "SHORT_DATE_FORMAT"),
        "total": _n(agreement.tickets),
        "used": _n(agreement.used),
        "remaining": _n(agreement.remaining),
    }


def quota_charge(
    *, programme: Programme, tickets: int, on: dt.date, actor: User | None = None
) -> list[QuotaAgreement | None]:
    """Charge `tickets` tickets to the programme's quota; one agreement per ticket, in order.

    Agreements in force on `on` are used oldest first. A programme without any quota
    agreement is not limited by tickets (its tickets come from its budget): every ticket
    gets None. Raises QuotaRefused, naming each agreement's figures, when the quotas in
    force cannot cover every ticket; nothing is charged then.
    Must run inside the booking's transaction: the locks last until it commits.
    """
    if tickets < 1:
        return []
    with transaction.atomic():
        # Locking every agreement of the programme (in id order, so concurrent bookings
        # queue rather than deadlock) serialises the bookings charged to it.
        agreements = list(
            QuotaAgreement.objects.select_for_update().filter(programme=programme).order_by("id")
        )
        if not agreements:
            return [None] * tickets
        in_force = sorted(
            (
                a
                for a in agreements
                if a.signed_on <= on and (a.valid_until is None or a.valid_until >= on)
            ),
            key=lambda a: (a.signed_on, a.id),
        )
        if not in_force:
            raise QuotaRefused(
                _("No ticket quota of %(programme)s is in force on %(date)s.")
                % {"programme": programme.name, "date": date_format(on, "SHORT_DATE_FORMAT")}
            )
        remaining = sum(max(a.remaining, 0) for a in in_force)
        if remaining < tickets:
            figures = "; ".join(quota_figures(a) for a in in_force)
            if remaining == 0:
                message = _("The ticket quota of %(programme)s is exhausted: %(figures)s.")
            else:
                message = _(
                    "The ticket quota of %(programme)s cannot pay for %(needed)s tickets, "
                    "only %(remaining)s remain: %(figures)s."
                )
            raise QuotaRefused(
                message
                % {
                    "programme": programme.name,
                    "figures": figures,
                    "needed": _n(tickets),
                    "remaining": _n(remaining),
                }
            )
        charged: list[QuotaAgreement | None] = []
        for agreement in in_force:
            take = min(agreement.remaining, tickets - len(charged))
            if take <= 0:
                continue
            QuotaAgreement.objects.filter(pk=agreement.pk).update(
                tickets_charged=F("tickets_charged") + take
            )
            agreement.tickets_charged += take
            charged.extend([agreement] * take)
            audit_record(
                actor=actor,
                verb="quota.charge",
                obj=agreement,
                data={"tickets": take, "used": agreement.used},
            )
            if len(charged) == tickets:
                break
    return charged


def quota_release(*, agreement_ids: list[int], actor: User | None = None, reason: str = "") -> None:
    """Give back the tickets of cancelled bookings (one id per ticket) to their quotas."""
    counts: dict[int, int] = {}
    for pk in agreement_ids:
        if pk is not None:
            counts[pk] = counts.get(pk, 0) + 1
    if not counts:
        return
    with transaction.atomic():
        for agreement in (
            QuotaAgreement.objects.select_for_update().filter(pk__in=counts).order_by("id")
        ):
            n = min(counts[agreement.pk], agreement.tickets_charged)
            QuotaAgreement.objects.filter(pk=agreement.pk).update(
                tickets_charged=F("tickets_charged") - n
            )
            audit_record(
                actor=actor,
                verb="quota.release",
                obj=agreement,
                data={"tickets": n, "reason": reason},
            )


_code_re = re.compile(r"^[A-Z0-9][A-Z0-9_.-]*$")


def programme_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    donor: Organisation | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    target_returns: int | None = None,
    target_reintegration: int | None = None,
) -> Programme:
    _require(actor, "manage_programmes", _("You may not manage programmes."))
    code = (code or "").strip().upper()
    errors = _programme_errors(code=code, name=name, donor=donor, start=start_date, end=end_date)
    if not errors.get("code") and Programme.objects.filter(code=code).exists():
        errors["code"] = _("A programme with this code already exists.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        programme = Programme(
            code=code,
            name=name.strip(),
            donor=donor,
            start_date=start_date,
            end_date=end_date,
            target_returns=target_returns,
            target_reintegration=target_reintegration,
        )
        programme.full_clean()
        try:
            with transaction.atomic():
                programme.save()
        except IntegrityError:
            raise ValidationError({"code": _("A programme with this code already exists.")})
        audit_record(actor=actor, verb="programme.create", obj=programme, data={"code": code})
    return programme


def _programme_errors(
    *, code: str, name: str, donor: Organisation | None, start, end
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not code or not _code_re.match(code):
        errors["code"] = _("Use capital letters, digits and dashes (e.g. EU-IOM-JI).")
    if not (name or "").strip():
        errors["name"] = _("Give the programme's name.")
    if donor is not None and donor.kind not in (
        OrganisationKind.DONOR,
        OrganisationKind.MINISTRY,
        OrganisationKind.UN_AGENCY,
    ):
        errors["donor"] = _("The donor must be a donor, a ministry or a UN agency.")
    if start and end and end < start:
        errors["end_date"] = _("The end date is before the start date.")
    return errors


def programme_update(
    *,
    actor: User | None,
    programme: Programme,
    name: str,
    donor: Organisation | None,
    start_date: dt.date | None,
    end_date: dt.date | None,
    target_returns: int | None,
    target_reintegration: int | None,
) -> Programme:
    _require(actor, "manage_programmes", _("You may not manage programmes."))
    errors = _programme_errors(
        code=programme.code, name=name, donor=donor, start=start_date, end=end_date
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        before = {
            "name": locked.name,
            "start": str(locked.start_date or ""),
            "end": str(locked.end_date or ""),
            "target_returns": locked.target_returns,
            "target_reintegration": locked.target_reintegration,
        }
        locked.name = name.strip()
        locked.donor = donor
        locked.start_date = start_date
        locked.end_date = end_date
        locked.target_returns = target_returns
        locked.target_reintegration = target_reintegration
        locked.full_clean()
        locked.save()
        audit_record(actor=actor, verb="programme.update", obj=locked, data={"before": before})
    return locked


def budget_line_create(
    *,
    actor: User | None,
    programme: Programme,
    code: str,
    label: str,
    category: str,
    amount: Decimal,
    currency: str = "USD",
) -> BudgetLine:
    _require(actor, "manage_programmes", _("You may not manage programmes."))
    code = (code or "").strip().upper()
    currency = (currency or "").strip().upper()
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = _("Give the budget line's code.")
    if not (label or "").strip():
        errors["label"] = _("Give the budget line's label.")
    if category not in BudgetCategory.values:
        errors["category"] = _("Choose a category.")
    if amount is None or amount < 0:
        errors["amount"] = _("The amount must be zero or more.")
    if not re.fullmatch(r"[A-Z]{3}", currency):
        errors["currency"] = _("Use a three-letter currency code (USD, EUR, MAD).")
    if (
        not errors.get("code")
        and BudgetLine.objects.filter(programme=programme, code=code).exists()
    ):
        errors["code"] = _("This programme already has a budget line with this code.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        line = BudgetLine(
            programme=programme,
            code=code,
            label=label.strip(),
            category=category,
            amount=amount,
            currency=currency,
        )
        line.full_clean()
        try:
            with transaction.atomic():
                line.save()
        except IntegrityError:
            raise ValidationError(
                {"code": _("This programme already has a budget line with this code.")}
            )
        audit_record(
            actor=actor,
            verb="budget_line.create",
            obj=line,
            data={"programme": programme.code, "amount": str(amount), "currency": currency},
        )
    return line


def quota_agreement_create(
    *,
    actor: User | None,
    programme: Programme,
    title: str,
    signed_on: dt.date,
    tickets: int,
    reference: str = "",
    valid_until: dt.date | None = None,
    tickets_used_before: int = 0,
    notes: str = "",
) -> QuotaAgreement:
    """Record a signed agreement granting a number of tickets (e.g. an MoU amendment)."""
    _require(actor, "manage_programmes", _("You may not manage programmes."))
    title = (title or "").strip()
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Give the agreement's title (e.g. 3rd amendment).")
    if signed_on is None:
        errors["signed_on"] = _("Give the date the agreement was signed.")
    if tickets is None or tickets < 1:
        errors["tickets"] = _("The agreement must grant at least one ticket.")
    if tickets_used_before is None or tickets_used_before < 0:
        errors["tickets_used_before"] = _("This number cannot be negative.")
    elif tickets and tickets_used_before > tickets:
        errors["tickets_used_before"] = _("More tickets used than granted.")
    if signed_on and valid_until and valid_until < signed_on:
        errors["valid_until"] = _("The end of validity is before the signature.")
    if (
        title
        and not errors.get("title")
        and QuotaAgreement.objects.filter(programme=programme, title=title).exists()
    ):
        errors["title"] = _("This programme already has an agreement with this title.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        agreement = QuotaAgreement(
            programme=programme,
            title=title,
            reference=(reference or "").strip(),
            signed_on=signed_on,
            valid_until=valid_until,
            tickets=tickets,
            tickets_used_before=tickets_used_before,
            notes=(notes or "").strip(),
            created_by=actor if actor is not None and actor.pk else None,
        )
        agreement.full_clean()
        try:
            with transaction.atomic():
                agreement.save()
        except IntegrityError:
            raise ValidationError(
                {"title": _("This programme already has an agreement with this title.")}
            )
        audit_record(
            actor=actor,
            verb="quota.create",
            obj=agreement,
            data={"programme": programme.code, "tickets": tickets, "signed_on": str(signed_on)},
        )
    return agreement
