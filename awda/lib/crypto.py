"""Encryption at rest for restricted fields (trafficking, medical, psychosocial details).

Keys come from AWDA_FIELD_KEYS (Fernet keys, comma-separated). The first key encrypts;
every key decrypts, so keys rotate by prepending a new one, re-encrypting
(`awda rotate-field-keys`) and then removing the old one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.db import models, transaction

PREFIX = "fernet:"

# The key settings.py falls back to when AWDA_FIELD_KEYS is not set. It is public (it is in
# the source), so a deployment that still uses it has no encryption worth the name.
DEVELOPMENT_KEY = "YXdkYS1kZXYta2V5LW5ldmVyLWluLXByb2R1Y3Rpb24="


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


@lru_cache(maxsize=4)
def _first(key: str) -> Fernet:
    return Fernet(key.encode())


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.AWDA_FIELD_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token.startswith(PREFIX):
        raise ValueError("not an Awda ciphertext")
    try:
        return fernet().decrypt(token[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: unknown key") from exc


def rotate(token: str) -> str:
    """The same plaintext, encrypted under the current first key."""
    return PREFIX + fernet().rotate(token[len(PREFIX) :].encode("ascii")).decode("ascii")


def is_under_current_key(token: str) -> bool:
    """Whether the first (encrypting) key opens this ciphertext."""
    if not token.startswith(PREFIX):
        return False
    try:
        _first(settings.AWDA_FIELD_KEYS[0]).decrypt(token[len(PREFIX) :].encode("ascii"))
    except InvalidToken:
        return False
    return True


class EncryptedTextField(models.TextField):
    """A text column that holds only ciphertext in the database.

    It cannot be searched or filtered on, by design: restricted details are read one case
    at a time, by people cleared for them.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)


def encrypted_fields() -> list[tuple[type[models.Model], EncryptedTextField]]:
    """Every encrypted column of every installed model."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, EncryptedTextField):
                found.append((model, f))
    return found


@dataclass
class RotationResult:
    column: str
    rows: int = 0
    rotated: int = 0
    already_current: int = 0
    encrypted_plaintext: int = 0
    unreadable: list = field(default_factory=list)


def rotate_column(
    model: type[models.Model], f: EncryptedTextField, *, dry_run: bool = False, batch: int = 500
) -> RotationResult:
    """Re-encrypt one column under the first key, batch by batch.

    Raw ciphertext is read and written through a plain TextField cast, so the plaintext never
    leaves `cryptography` and nothing is encrypted twice. Rows that no configured key can
    open are left as they are and reported: dropping their old key would lose them.
    """
    result = RotationResult(column=f"{model._meta.label}.{f.name}")
    raw = models.functions.Cast(f.attname, output_field=models.TextField())
    pending: list[tuple[object, str]] = []

    def flush() -> None:
        if dry_run or not pending:
            pending.clear()
            return
        whens = [
            models.When(pk=pk, then=models.Value(token, output_field=models.TextField()))
            for pk, token in pending
        ]
        with transaction.atomic():
            model._base_manager.filter(pk__in=[pk for pk, _t in pending]).update(
                **{f.attname: models.Case(*whens, output_field=models.TextField())}
            )
        pending.clear()

    rows = (
        model._base_manager.exclude(**{f"{f.attname}__isnull": True})
        .annotate(_raw=raw)
        .exclude(_raw="")
        .order_by("pk")
        .values_list("pk", "_raw")
    )
    last = None
    while True:
        # Keyset pages rather than one open cursor: SQLite does not like a table being
        # updated while a SELECT on it is still being read.
        page = list((rows if last is None else rows.filter(pk__gt=last))[:batch])
        if not page:
            break
        for pk, token in page:
            result.rows += 1
            if not token.startswith(PREFIX):
                # Written before the column was encrypted (or by a raw import).
                pending.append((pk, encrypt(token)))
                result.encrypted_plaintext += 1
            elif is_under_current_key(token):
                result.already_current += 1
            else:
                try:
                    pending.append((pk, rotate(token)))
                    result.rotated += 1
                except InvalidToken:
                    result.unreadable.append(pk)
        last = page[-1][0]
        flush()
    return result


def rotate_all(*, dry_run: bool = False) -> list[RotationResult]:
    return [rotate_column(model, f, dry_run=dry_run) for model, f in encrypted_fields()]


@checks.register(checks.Tags.security)
def check_field_keys(app_configs=None, **kwargs):
    errors = []
    keys = list(getattr(settings, "AWDA_FIELD_KEYS", []))
    if not keys:
        errors.append(
            checks.Error(
                "AWDA_FIELD_KEYS is empty: restricted fields cannot be encrypted.", id="awda.E001"
            )
        )
    for i, key in enumerate(keys):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            errors.append(
                checks.Error(
                    f"AWDA_FIELD_KEYS[{i}] is not a Fernet key (32 url-safe base64-encoded bytes).",
                    hint="Generate one with: python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())'",
                    id="awda.E002",
                )
            )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_field_keys_deploy(app_configs=None, **kwargs):
    keys = list(getattr(settings, "AWDA_FIELD_KEYS", []))
    if DEVELOPMENT_KEY in keys:
        return [
            checks.Error(
                "AWDA_FIELD_KEYS contains the public development key.",
                hint="Set AWDA_FIELD_KEYS (or AWDA_FIELD_KEYS_FILE) to keys of your own and run "
                "`awda rotate-field-keys`.",
                id="awda.E003",
            )
        ]
    return []
