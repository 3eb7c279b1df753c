"""Normalised keys for names and document numbers (search and duplicate detection)."""

import re

from unidecode import unidecode

_non_alnum = re.compile(r"[^a-z0-9 ]+")
_spaces = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower-case ASCII with single spaces: 'Mamadou  DIALLO' -> 'mamadou diallo'.

    Arabic script is transliterated by Unidecode ('محمد' -> 'mhmd'), which is
    crude but enough to be matched against consonant skeletons.
    """
    ascii_text = unidecode(text or "").lower()
    ascii_text = _non_alnum.sub(" ", ascii_text)
    return _spaces.sub(" ", ascii_text).strip()


def name_key(given_name: str, family_name: str, other_script: str = "") -> str:
    parts = [normalise(given_name), normalise(family_name)]
    other = normalise(other_script)
    if other:
        parts.append("|" + other)
    return " ".join(p for p in parts if p)[:300]


def document_key(number: str) -> str:
    """Document numbers compared without spaces, dashes or case: 'ab-12 345' -> 'AB12345'."""
    return re.sub(r"[^A-Za-z0-9]", "", number or "").upper()[:64]


def person_keys(given_name: str, family_name: str, other_script: str = "") -> dict[str, str]:
    """Every derived search column of Person, from its names.

    Person.save() uses it, and so must any bulk loader (bulk_create skips save()).
    """
    return {"name_key": name_key(given_name, family_name, other_script)}
