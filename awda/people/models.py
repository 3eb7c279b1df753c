"""People as the programme knows them: names as written, identity documents."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class MoroccanRegion(models.TextChoices):
    """The twelve regions of Morocco (2015 division), for residence and settlement."""

    TANGER_TETOUAN_AL_HOCEIMA = "01", _("Tanger-Tétouan-Al Hoceïma")
    ORIENTAL = "02", _("Oriental")
    FES_MEKNES = "03", _("Fès-Meknès")
    RABAT_SALE_KENITRA = "04", _("Rabat-Salé-Kénitra")
    BENI_MELLAL_KHENIFRA = "05", _("Béni Mellal-Khénifra")
    CASABLANCA_SETTAT = "06", _("Casablanca-Settat")
    MARRAKECH_SAFI = "07", _("Marrakech-Safi")
    DRAA_TAFILALET = "08", _("Drâa-Tafilalet")
    SOUSS_MASSA = "09", _("Souss-Massa")
    GUELMIM_OUED_NOUN = "10", _("Guelmim-Oued Noun")
    LAAYOUNE_SAKIA_EL_HAMRA = "11", _("Laâyoune-Sakia El Hamra")
    DAKHLA_OUED_ED_DAHAB = "12", _("Dakhla-Oued Ed-Dahab")


class Person(models.Model):
    """One human being, whatever the number of return processes they go through.

    Names are kept as written (Latin or Arabic script); `name_key` is a normalised
    ASCII form used for search and duplicate detection. When only the age is known,
    `date_of_birth` holds 1 July of the estimated year and `dob_estimated` is set, so
    that age bands stay plain SQL.
    """

    given_name = models.CharField(_("given name(s)"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150, blank=True)
    name_other_script = models.CharField(
        _("name in another script"),
        max_length=300,
        blank=True,
        help_text=_("The name as written in Arabic (or Latin) script, if known."),
    )
    name_key = models.CharField(max_length=300, db_index=True, editable=False, default="")
    # Consonant skeletons (awda.people.names): of the first and last word of the name, and
    # of both in sorted order, for the name as written and in the other script. Indexed
    # with the date of birth: duplicate detection looks people up by these before scoring.
    first_key = models.CharField(max_length=40, editable=False, default="")
    last_key = models.CharField(max_length=40, editable=False, default="")
    pair_key = models.CharField(max_length=81, editable=False, default="")
    other_pair_key = models.CharField(max_length=81, editable=False, default="")
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    dob_estimated = models.BooleanField(_("date of birth estimated"), default=False)
    nationality = CountryField(_("nationality"), blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, db_index=True)
    residence_city = models.CharField(_("city of residence in Morocco"), max_length=100, blank=True)
    residence_region = models.CharField(
        _("region of residence"), max_length=2, choices=MoroccanRegion.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Idempotency key of the registration form that created the person: submitting the
    # same form twice (double click, retry after a timeout) returns the first person.
    creation_key = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["nationality", "sex"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["first_key", "date_of_birth"], name="person_first_key_dob"),
            models.Index(fields=["last_key", "date_of_birth"], name="person_last_key_dob"),
            models.Index(fields=["pair_key", "date_of_birth"], name="person_pair_key_dob"),
            models.Index(
                fields=["other_pair_key", "date_of_birth"], name="person_other_pair_key_dob"
            ),
            # Prefix search while a name is being typed (LIKE 'km%' on PostgreSQL; on
            # SQLite the opclass is ignored and the search uses a range).
            models.Index(
                fields=["first_key"],
                name="person_first_key_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["last_key"],
                name="person_last_key_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
            # The case list sorts by the principal applicant's name.
            models.Index(fields=["family_name", "given_name"], name="person_name_sort"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["creation_key"],
                condition=~models.Q(creation_key=""),
                name="person_creation_key_once",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    def save(self, *args, **kwargs):
        from awda.people.names import person_keys

        for field, value in person_keys(
            self.given_name, self.family_name, self.name_other_script
        ).items():
            setattr(self, field, value)
        super().save(*args, **kwargs)


class DocumentKind(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity card")
    CONSULAR_CARD = "consular_card", _("Consular card")
    LPC = "lpc", _("Laissez-passer consulaire (LPC)")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    REFUGEE_CARD = "refugee_card", _("Refugee or asylum-seeker card")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    OTHER = "other", _("Other")


# Documents a person can travel on across a border.
TRAVEL_DOCUMENT_KINDS = frozenset({DocumentKind.PASSPORT, DocumentKind.LPC})


# Kinds whose numbers identify one document nationally. Birth certificates are numbered
# per civil-registry office, so the same number legitimately recurs.
UNIQUE_NUMBER_KINDS = (
    DocumentKind.PASSPORT,
    DocumentKind.NATIONAL_ID,
    DocumentKind.CONSULAR_CARD,
    DocumentKind.LPC,
    DocumentKind.REFUGEE_CARD,
    DocumentKind.RESIDENCE_PERMIT,
)


class IdentityDocument(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="documents", verbose_name=_("person")
    )
    kind = models.CharField(_("document type"), max_length=24, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=64)
    number_key = models.CharField(max_length=64, db_index=True, editable=False, default="")
    issuing_country = CountryField(_("issuing country"), blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        indexes = [models.Index(fields=["expires_on"])]
        constraints = [
            # One passport (LPC, card …) number per issuing country belongs to one person.
            models.UniqueConstraint(
                fields=["kind", "issuing_country", "number_key"],
                condition=models.Q(kind__in=[k.value for k in UNIQUE_NUMBER_KINDS])
                & ~models.Q(number_key=""),
                name="document_number_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def save(self, *args, **kwargs):
        from awda.people.names import document_key

        self.number_key = document_key(self.number)
        super().save(*args, **kwargs)

    @property
    def is_travel_document(self) -> bool:
        return self.kind in TRAVEL_DOCUMENT_KINDS
