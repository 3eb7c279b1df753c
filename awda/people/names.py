"""Normalised keys for names and document numbers (search and duplicate detection).

Names reach the programme spelled by whoever wrote them down: a consulate clerk in
French, an IOM mission in English, a Moroccan official in Arabic script. The same person
is "Mohamed Osman", "Muhammad Usman" or "محمد عثمان". Two forms are derived here:

- `normalise()`: lower-case ASCII text, for prefix search (`Person.name_key`);
- `skeleton()`: a consonant skeleton per name token, in which the usual West African,
  French, English and Arabic spellings of a name coincide (Mohamed / Muhammad / محمد ->
  "mhmd", Diallo / Djalo / Jallow -> "jl", Ousmane / Usman / عثمان -> "asmn"). Arabic
  script leaves short vowels unwritten, so only consonants are compared; a name that
  starts with a vowel keeps the marker "a" so that "Issa" ("as") and "Sow" ("s") differ.

The skeletons are stored on Person (first/last token and their pair), indexed, so that
duplicate detection and search can find candidates by equality before any fuzzy scoring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from unidecode import unidecode

_non_alnum = re.compile(r"[^a-z0-9 ]+")
_spaces = re.compile(r"\s+")
_arabic_letters = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# Short-vowel marks, shadda, sukun, superscript alef, tatweel: not letters of the name.
_arabic_marks = re.compile(r"[\u064b-\u065f\u0670\u0640\u06d6-\u06ed]")

# Arabic letters as a French or English clerk would most often write them. Long vowels
# and the letters that are vowel carriers (alef, waw, ya, ain, hamza) become vowels, so
# that they vanish from the skeleton like the Latin vowels do. Tha is "s", not "th":
# West African and Maghrebi spellings (Ousmane, Osman, Othmane -> عثمان) prefer it.
_ARABIC_TO_LATIN = {
    "\u0627": "a",  # alef
    "\u0623": "a",  # alef with hamza above
    "\u0625": "i",  # alef with hamza below
    "\u0622": "a",  # alef madda
    "\u0671": "a",  # alef wasla
    "\u0621": "",  # hamza
    "\u0624": "u",  # waw with hamza
    "\u0626": "i",  # ya with hamza
    "\u0649": "a",  # alef maqsura
    "\u0629": "a",  # ta marbuta (Fatima فاطمة)
    "\u0628": "b",
    "\u062a": "t",
    "\u062b": "s",  # tha
    "\u062c": "j",
    "\u062d": "h",
    "\u062e": "kh",
    "\u062f": "d",
    "\u0630": "d",  # dhal
    "\u0631": "r",
    "\u0632": "z",
    "\u0633": "s",
    "\u0634": "sh",
    "\u0635": "s",
    "\u0636": "d",
    "\u0637": "t",
    "\u0638": "z",
    "\u0639": "a",  # ain: written as a vowel in Latin (Aissatou عيساتو, Omar عمر)
    "\u063a": "gh",
    "\u0641": "f",
    "\u0642": "q",
    "\u0643": "k",
    "\u0644": "l",
    "\u0645": "m",
    "\u0646": "n",
    "\u0647": "h",
    "\u0648": "u",  # waw
    "\u064a": "i",  # ya
    "\u06cc": "i",  # Farsi ya
    "\u06a9": "k",  # keheh
    "\u06af": "g",  # gaf
    "\u067e": "p",
    "\u06a4": "v",
}
_ARABIC_TABLE = str.maketrans(_ARABIC_TO_LATIN)

# Particles written sometimes apart, sometimes joined ("Abdel Kader" / "Abdelkader",
# "El Amrani" / "Elamrani", "عبد القادر"): joined to the word that follows them.
PARTICLES = frozenset(
    {"al", "el", "abd", "abdel", "abdal", "abdul", "abdoul", "ben", "bin", "ibn", "ould", "ait"}
)

# Spelling rules applied in order on a lower-case ASCII token: digraphs first, so that
# "ch"/"sh"/"ش" and "kh"/"k"/"خ" etc. meet.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"x", "ks"),
        (r"s?ch", "x"),
        (r"sh", "x"),
        (r"kh", "k"),
        (r"gh", "g"),
        (r"ph", "f"),
        # "Thi-" is the Wolof and Fula t (Thierno / Tierno, Thiam); otherwise "th" is
        # the Arabic tha that West Africa writes "s" (Othman / Osman / عثمان).
        (r"th(?=i)", "t"),
        (r"th", "s"),
        (r"dh", "d"),
        (r"dj", "j"),
        (r"ck", "k"),
        (r"qu?", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"v", "f"),
        # French "Di-" before a vowel is the sound English writes "J": Diallo / Jallow,
        # Diarra / Jarra.
        (r"^di(?=[aeou])", "j"),
        # An h after an opening vowel is not heard: Ahmadou / Amadou, أحمد.
        (r"^([aeiou])h(?=[^aeiouyh])", r"\1"),
    )
)
_doubled = re.compile(r"(.)\1+")
_VOWELS = frozenset("aeiouyw")


def has_arabic(text: str) -> bool:
    return bool(_arabic_letters.search(text or ""))


def normalise(text: str) -> str:
    """Lower-case ASCII with single spaces: 'Mamadou  DIALLO' -> 'mamadou diallo'.

    Arabic script is transliterated by Unidecode ('محمد' -> 'mhmd'), which is
    crude but enough for a prefix search; matching goes through `skeleton()`.
    """
    ascii_text = unidecode(text or "").lower()
    ascii_text = _non_alnum.sub(" ", ascii_text)
    return _spaces.sub(" ", ascii_text).strip()


def latinise(text: str) -> str:
    """Like `normalise`, but Arabic letters follow the table above (vowel carriers kept)."""
    text = _arabic_marks.sub("", text or "")
    return normalise(text.translate(_ARABIC_TABLE))


def name_tokens(text: str) -> list[str]:
    """Latinised words of a name, particles joined to the next word."""
    tokens: list[str] = []
    pending = ""
    for word in latinise(text).split():
        if word in PARTICLES:
            pending += word
            continue
        tokens.append(pending + word)
        pending = ""
    if pending:
        tokens.append(pending)
    return tokens


def skeleton(token: str) -> str:
    """Consonant skeleton of one latinised name token ('mouhamed' -> 'mhmd')."""
    t = token
    for pattern, replacement in _RULES:
        t = pattern.sub(replacement, t)
    t = _doubled.sub(r"\1", t)
    if not t:
        return ""
    head = "a" if t[0] in _VOWELS else t[0]
    rest = "".join(ch for ch in t[1:] if ch not in _VOWELS)
    # A final h is silent (Bah / Ba, Abdallah / Abdalla, فاطمة written Fatimah).
    rest = rest.rstrip("h")
    return head + rest


@dataclass(frozen=True)
class NameToken:
    text: str  # latinised
    skeleton: str
    arabic: bool  # written in Arabic script


def tokens_of(text: str) -> tuple[NameToken, ...]:
    arabic = has_arabic(text)
    return tuple(NameToken(t, skeleton(t), arabic) for t in name_tokens(text))


def _first_last_pair(tokens: list[str]) -> tuple[str, str, str]:
    """Skeletons of the first and last token, and their pair in a fixed order.

    The pair is sorted so that a name entered with given and family names swapped
    ("Diallo Mamadou") has the same key as "Mamadou Diallo".
    """
    skeletons = [s[:40] for s in (skeleton(t) for t in tokens) if s]
    if not skeletons:
        return "", "", ""
    first = skeletons[0]
    if len(skeletons) == 1:
        return first, "", ""
    last = skeletons[-1]
    return first, last, " ".join(sorted((first, last)))


def name_key(given_name: str, family_name: str, other_script: str = "") -> str:
    parts = [normalise(given_name), normalise(family_name)]
    other = normalise(other_script)
    if other:
        parts.append("|" + other)
    return " ".join(p for p in parts if p)[:300]


def search_keys(text: str) -> tuple[str, str, str]:
    """(first, last, pair) skeleton keys of a free-text name, as stored on Person."""
    return _first_last_pair(name_tokens(text))


def document_key(number: str) -> str:
    """Document numbers compared without spaces, dashes or case: 'ab-12 345' -> 'AB12345'."""
    return re.sub(r"[^A-Za-z0-9]", "", unidecode(number or "")).upper()[:64]


def person_keys(given_name: str, family_name: str, other_script: str = "") -> dict[str, str]:
    """Every derived search column of Person, from its names.

    Person.save() uses it, and so must any bulk loader (bulk_create skips save()).
    """
    first, last, pair = _first_last_pair(name_tokens(f"{given_name} {family_name}"))
    _, _, other_pair = _first_last_pair(name_tokens(other_script))
    return {
        "name_key": name_key(given_name, family_name, other_script),
        "first_key": first,
        "last_key": last,
        "pair_key": pair,
        "other_pair_key": other_pair,
    }
