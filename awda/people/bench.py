"""Timing and recall of duplicate detection on a large registry (`awda bench-duplicates`).

`generate_persons` adds synthetic people whose names follow the nationalities the
programme sees (Guinea, Côte d'Ivoire, Senegal, Cameroon, Mali, Congo, Sudan …), with
the heavy repetition of real registries (many "Mamadou Diallo"). `run_bench` then takes
registered people, re-types them as another clerk would (spelling variants, swapped
names, Arabic script, approximate age, a passport number with spaces) and times
`find_duplicates`, checking that the original comes back first.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from awda.people.duplicates import MAX_BLOCK, find_duplicates
from awda.people.models import IdentityDocument, Person
from awda.people.names import document_key, person_keys

# Given and family names by nationality, most frequent first (weights follow Zipf's law).
_WEST_AFRICAN_MALE = [
    "Mamadou",
    "Mohamed",
    "Ibrahima",
    "Abdoulaye",
    "Ousmane",
    "Amadou",
    "Moussa",
    "Souleymane",
    "Alpha",
    "Boubacar",
    "Sekou",
    "Lamine",
    "Idrissa",
    "Aliou",
    "Oumar",
    "Cheikh",
    "Modou",
    "Lansana",
    "Issa",
    "Yacouba",
    "Adama",
    "Bakary",
    "Seydou",
    "Drissa",
    "Karim",
    "Youssouf",
    "Salif",
    "Daouda",
    "Thierno",
    "Alhassane",
    "Djibril",
    "Fode",
    "Kalilou",
    "Mory",
    "Samba",
    "Sidiki",
    "Ismael",
    "Abdourahmane",
    "Mamadi",
    "Ibrahim",
]
_WEST_AFRICAN_FEMALE = [
    "Fatoumata",
    "Aissatou",
    "Mariama",
    "Aminata",
    "Kadiatou",
    "Hawa",
    "Awa",
    "Fanta",
    "Mariam",
    "Oumou",
    "Nene",
    "Fatou",
    "Binta",
    "Djenabou",
    "Ramatoulaye",
    "Salimata",
    "Assetou",
    "Rokia",
    "Bintou",
    "Maimouna",
    "Kadidia",
    "Fatima",
    "Khadija",
    "Adama",
    "Sira",
    "Safiatou",
    "Hadiatou",
    "Kany",
    "Nafissatou",
    "Coumba",
]
_FAMILY = {
    "GN": "Diallo Barry Bah Sow Balde Camara Conde Toure Traore Keita Sylla Soumah Bangoura "
    "Kouyate Cisse Kaba Fofana Doumbouya Sidibe Konate Kante Drame Haidara Savane Tounkara "
    "Kourouma Yansane Bangoura Kamano Guilavogui",
    "CI": "Kone Coulibaly Ouattara Traore Diarra Bamba Sangare Toure Doumbia Yao Kouassi "
    "Kouame Konan Koffi Nguessan Brou Aka Diabate Fofana Sylla Cisse Soro Silue Tuo Yeo",
    "SN": "Diop Ndiaye Fall Gueye Mbaye Faye Sarr Ba Ndao Sow Diallo Diouf Thiam Seck Cisse "
    "Niang Kane Wade Sy Dieng Mbengue Toure Camara Sall Diagne",
    "ML": "Traore Coulibaly Keita Diarra Kone Sangare Toure Cisse Maiga Doumbia Sidibe Dembele "
    "Sissoko Konate Diallo Samake Kante Ballo Bagayoko Dicko Haidara Tangara Fofana",
    "CM": "Nkoulou Mbarga Ngono Atangana Essomba Fouda Tchoupo Kamga Njoya Nana Tchamba Mbappe "
    "Ekotto Nkomo Abena Manga Eto Biya Ndjock Ondoa Mvondo Kameni Moukoko Nguemo",
    "CG": "Mbemba Nkounkou Malonga Makosso Moukouri Bouanga Loemba Mabiala Nganga Samba Massamba "
    "Milandou Moussavou Ngoma Bakala Kimbembe Mavoungou Ntoumi Okemba Itoua",
    "NG": "Okafor Okeke Adeyemi Eze Okonkwo Ibrahim Mohammed Bello Abubakar Musa Adebayo Olawale "
    "Chukwu Nwosu Obi Uche Okoro Suleiman Lawal Yusuf",
    "SD": "Osman Ahmed Mohamed Abdallah Ibrahim Hassan Ali Adam Yousif Omer Salih Babiker Idris "
    "Musa Hamid Elamin Abdelrahman Khalid Elhassan Mustafa",
}
_GIVEN_ARABIC = [
    "Mohamed",
    "Ahmed",
    "Osman",
    "Ibrahim",
    "Hassan",
    "Ali",
    "Adam",
    "Yousif",
    "Omer",
    "Khalid",
    "Mustafa",
    "Abdallah",
    "Idris",
    "Musa",
    "Hamid",
    "Salih",
    "Babiker",
    "Elhassan",
    "Abdelrahman",
    "Fatima",
    "Khadija",
    "Aisha",
    "Mariam",
    "Amna",
    "Halima",
    "Zeinab",
    "Hawa",
    "Sara",
    "Asha",
]
# Shares of 2017–2022 returns (published figures), enough to shape the registry.
_NATIONALITIES = {
    "GN": 30,
    "CI": 22,
    "SN": 12,
    "CM": 8,
    "CG": 7,
    "ML": 7,
    "NG": 4,
    "SD": 4,
}
# How other clerks write the same names.
_VARIANTS = {
    "Mohamed": ["Mohammed", "Muhammad", "Mouhamed", "Mohamad"],
    "Mamadou": ["Mamadu", "Mammadou"],
    "Diallo": ["Djalo", "Dialo", "Jallow"],
    "Aissatou": ["Aïssatou", "Aisatou"],
    "Ousmane": ["Usman", "Ousman"],
    "Osman": ["Othman", "Usman", "Osmane"],
    "Traore": ["Traoré"],
    "Camara": ["Kamara"],
    "Conde": ["Condé", "Konde"],
    "Toure": ["Touré"],
    "Keita": ["Keïta"],
    "Cisse": ["Cissé", "Sissé"],
    "Kone": ["Koné"],
    "Coulibaly": ["Koulibaly", "Kulibali"],
    "Fatoumata": ["Fatumata"],
    "Ibrahima": ["Ibrahim"],
    "Abdoulaye": ["Abdulaye"],
    "Souleymane": ["Souleimane", "Suleyman"],
    "Boubacar": ["Boubakar", "Bubacar"],
    "Youssouf": ["Yusuf", "Youssef"],
    "Sekou": ["Sékou"],
    "Moussa": ["Musa", "Mousa"],
    "Amadou": ["Ahmadou", "Amadu"],
    "Kadiatou": ["Khadiatou", "Kadiatu"],
    "Oumar": ["Omar", "Umar"],
    "Djibril": ["Jibril"],
    "Sangare": ["Sangaré"],
    "Sidibe": ["Sidibé"],
    "Ahmed": ["Ahmad"],
    "Hassan": ["Hasan"],
    "Yousif": ["Youssef", "Yusuf"],
}
_ARABIC = {
    "Mohamed": "محمد",
    "Ahmed": "أحمد",
    "Osman": "عثمان",
    "Ibrahim": "إبراهيم",
    "Hassan": "حسن",
    "Ali": "علي",
    "Adam": "آدم",
    "Yousif": "يوسف",
    "Omer": "عمر",
    "Khalid": "خالد",
    "Mustafa": "مصطفى",
    "Abdallah": "عبد الله",
    "Idris": "إدريس",
    "Musa": "موسى",
    "Hamid": "حامد",
    "Salih": "صالح",
    "Babiker": "بابكر",
    "Fatima": "فاطمة",
    "Khadija": "خديجة",
    "Aisha": "عائشة",
    "Mariam": "مريم",
    "Halima": "حليمة",
    "Zeinab": "زينب",
    "Hawa": "حواء",
    "Sara": "سارة",
    "Abdelrahman": "عبد الرحمن",
    "Elhassan": "الحسن",
    "Elamin": "الأمين",
}


def _zipf(items: list[str]) -> list[float]:
    return [1 / (rank + 1) for rank in range(len(items))]


def _synthetic_person(rng: random.Random, today: dt.date) -> dict:
    nationality = rng.choices(list(_NATIONALITIES), weights=list(_NATIONALITIES.values()))[0]
    sex = "M" if rng.random() < 0.7 else "F"
    if nationality == "SD":
        pool = _GIVEN_ARABIC[:20] if sex == "M" else _GIVEN_ARABIC[20:]
    else:
        pool = _WEST_AFRICAN_MALE if sex == "M" else _WEST_AFRICAN_FEMALE
    given = rng.choices(pool, weights=_zipf(pool))[0]
    if rng.random() < 0.1:
        given = f"{given} {rng.choice(pool)}"
    families = _FAMILY[nationality].split()
    family = rng.choices(families, weights=_zipf(families))[0]
    age = int(rng.triangular(1, 60, 27))
    if rng.random() < 0.3:
        date_of_birth, estimated = dt.date(today.year - age, 7, 1), True
    else:
        date_of_birth = dt.date(today.year - age, 1, 1) + dt.timedelta(days=rng.randrange(365))
        estimated = False
    other = ""
    if nationality == "SD" and all(w in _ARABIC for w in f"{given} {family}".split()):
        other = " ".join(_ARABIC[w] for w in f"{given} {family}".split())
    return {
        "given_name": given,
        "family_name": family,
        "name_other_script": other,
        "sex": sex,
        "date_of_birth": date_of_birth,
        "dob_estimated": estimated,
        "nationality": nationality,
    }


def generate_persons(
    count: int, *, seed: int = 1, log: Callable[[str], None] = print
) -> tuple[int, int]:
    """Add `count` synthetic people (60 % with a passport) in bulk. Returns (people, passports)."""
    rng = random.Random(seed)
    today = dt.date(2026, 1, 1)
    created_people = created_passports = 0
    batch_size = 5000
    start_number = IdentityDocument.objects.count()
    for offset in range(0, count, batch_size):
        rows = [_synthetic_person(rng, today) for _ in range(min(batch_size, count - offset))]
        people = [
            Person(
                **row,
                **person_keys(row["given_name"], row["family_name"], row["name_other_script"]),
            )
            for row in rows
        ]
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=1000)
            documents = []
            for person in people:
                if rng.random() < 0.6:
                    start_number += 1
                    number = f"{person.nationality}{start_number:08d}"
                    documents.append(
                        IdentityDocument(
                            person=person,
                            kind="passport",
                            number=number,
                            number_key=document_key(number),
                            issuing_country=person.nationality,
                            expires_on=today + dt.timedelta(days=rng.randrange(-400, 3000)),
                        )
                    )
            IdentityDocument.objects.bulk_create(documents, batch_size=1000)
        created_people += len(people)
        created_passports += len(documents)
        log(f"  {created_people} people")
    return created_people, created_passports


def _retype(name: str, rng: random.Random) -> str:
    words = []
    for word in name.split():
        if word in _VARIANTS and rng.random() < 0.7:
            word = rng.choice(_VARIANTS[word])
        words.append(word)
    return " ".join(words)


@dataclass
class BenchResult:
    persons: int
    queries: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    found_first: float  # share of queries whose original person ranks first
    found_top10: float
    # Share of queries whose original is neither in the top 10 nor outranked only by ten
    # or more people scoring as high (true namesakes: same name, year and nationality).
    missed: float
    mean_candidates: float

    def lines(self) -> list[str]:
        return [
            f"persons in registry: {self.persons}",
            f"queries: {self.queries}",
            f"find_duplicates p50 {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, "
            f"p99 {self.p99_ms:.1f} ms, max {self.max_ms:.1f} ms",
            f"original person ranked first: {self.found_first:.1%}, in top 10: "
            f"{self.found_top10:.1%}; missed (not even tied with the 10th): {self.missed:.1%}",
            f"candidates returned per query (mean): {self.mean_candidates:.1f}",
        ]


def make_queries(count: int, *, seed: int = 7) -> list[tuple[Person, dict]]:
    """(registered person, what another clerk would type for them), `count` times."""
    rng = random.Random(seed)
    max_pk = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    if max_pk is None:
        raise ValueError("The registry is empty: generate people first.")
    out: list[tuple[Person, dict]] = []
    while len(out) < count:
        original = Person.objects.filter(pk__gte=rng.randint(1, max_pk)).order_by("pk").first()
        if original is None:
            continue
        passports = list(
            original.documents.filter(kind="passport").values_list("number", flat=True)
        )
        given, family = _retype(original.given_name, rng), _retype(original.family_name, rng)
        other = ""
        if original.name_other_script and rng.random() < 0.5:
            given, family, other = "", "", original.name_other_script
        elif rng.random() < 0.1:
            given, family = family, given
        query: dict = {
            "given_name": given,
            "family_name": family,
            "name_other_script": other,
            "nationality": original.nationality.code if rng.random() < 0.8 else "",
        }
        roll = rng.random()
        if original.date_of_birth and roll < 0.5 and not original.dob_estimated:
            query["date_of_birth"] = original.date_of_birth
        elif original.date_of_birth and roll < 0.85:
            query["birth_year"] = original.date_of_birth.year + rng.choice((-1, 0, 0, 1))
        if passports and rng.random() < 0.3:
            number = passports[0]
            query["document_numbers"] = [f"{number[:2]} {number[2:6]}-{number[6:]}"]
        out.append((original, query))
    return out


def run_bench(*, queries: int = 500, seed: int = 7) -> BenchResult:
    """Time `find_duplicates` on people re-typed from the registry."""
    total = Person.objects.count()
    timings: list[float] = []
    first = top10 = missed = returned = 0
    for original, query in make_queries(queries, seed=seed):
        start = time.perf_counter()
        candidates = find_duplicates(**query)
        timings.append((time.perf_counter() - start) * 1000)
        ids = [c.person.pk for c in candidates]
        first += bool(ids) and ids[0] == original.pk
        top10 += original.pk in ids
        returned += len(ids)
        if original.pk not in ids:
            everyone = find_duplicates(**query, limit=MAX_BLOCK)
            score = next((c.score for c in everyone if c.person.pk == original.pk), None)
            missed += score is None or len(ids) < 10 or score < candidates[-1].score
    timings.sort()

    def pct(p: float) -> float:
        return timings[min(len(timings) - 1, int(p * len(timings)))]

    return BenchResult(
        persons=total,
        queries=queries,
        p50_ms=statistics.median(timings),
        p95_ms=pct(0.95),
        p99_ms=pct(0.99),
        max_ms=timings[-1],
        found_first=first / queries,
        found_top10=top10 / queries,
        missed=missed / queries,
        mean_candidates=returned / queries,
    )
