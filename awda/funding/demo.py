"""Demo records of funding: the Ministry of Interior's ticket quotas (the three amendments to
its 2007 MoU with IOM, as published in seed 001) and illustrative budget lines.

Idempotent: travel's demo calls it before charging tickets, and the loader may too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from awda.funding.models import BudgetLine, Programme, QuotaAgreement

MOU_SIGNED = dt.date(2007, 6, 11)

# (title, tickets, signed on): `programmes_and_funding.ministry_of_interior.mou_and_amendments`.
AMENDMENTS = [
    ("1er avenant", 1000, dt.date(2014, 2, 28)),
    ("2ème avenant", 1500, dt.date(2015, 6, 1)),
    ("3ème avenant", 3000, dt.date(2016, 5, 4)),
]

# Illustrative budget lines (the documents publish no budgets): code, label, category,
# amount, currency.
BUDGETS = {
    "EU-IOM-JI": [
        ("T-01", "Billets de retour", "tickets", "2300000", "EUR"),
        ("T-02", "Pécule de départ", "per_diem", "460000", "EUR"),
        ("A-01", "Assistance directe avant le départ", "direct_assistance", "900000", "EUR"),
        ("R-01", "Assistance à la réintégration", "reintegration", "4600000", "EUR"),
    ],
    "COMPASS": [
        ("T-01", "Billets de retour", "tickets", "450000", "EUR"),
        ("R-01", "Soutien à la réintégration", "reintegration", "75000", "EUR"),
    ],
    "FORAS-II": [("F-01", "Orientation et formations pré-départ", "training", "600000", "EUR")],
    "ARMA": [
        ("R-01", "Formations et projets des femmes de retour", "reintegration", "165000", "EUR")
    ],
    "MI-FUNDING": [("T-01", "Billetterie (avenants au Mémorandum)", "tickets", "27500000", "MAD")],
}


def ensure_quotas(programme: Programme) -> list[QuotaAgreement]:
    """The three amendments of the MoU, each with its ticket segment and signature date."""
    rows = []
    for title, tickets, signed_on in AMENDMENTS:
        agreement, _created = QuotaAgreement.objects.get_or_create(
            programme=programme,
            title=title,
            defaults={
                "reference": "Avenant au Mémorandum d'Entente du 11 juin 2007",
                "signed_on": signed_on,
                "tickets": tickets,
                "notes": "Segment de la billetterie pris en charge par le Ministère de "
                "l'Intérieur (5 500 billets au total, 2014-2016).",
            },
        )
        rows.append(agreement)
    return rows


def load_demo(ctx) -> None:
    programmes = {p.code: p for p in Programme.objects.all()}
    if "MI-FUNDING" in programmes:
        ensure_quotas(programmes["MI-FUNDING"])
    lines = []
    existing = set(BudgetLine.objects.values_list("programme__code", "code"))
    for code, rows in BUDGETS.items():
        programme = programmes.get(code)
        if programme is None:
            continue
        for line_code, label, category, amount, currency in rows:
            if (code, line_code) in existing:
                continue
            lines.append(
                BudgetLine(
                    programme=programme,
                    code=line_code,
                    label=label,
                    category=category,
                    amount=Decimal(amount),
                    currency=currency,
                )
            )
    BudgetLine.objects.bulk_create(lines)
    ctx.log(f"    funding: {len(lines)} budget lines, MoU amendments for MI-FUNDING")
