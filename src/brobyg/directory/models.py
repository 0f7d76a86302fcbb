"""The offer directory (tilbudsviften, 000 §7.1.1): activities with everything a newcomer needs to know.

Other apps read these models. The fields worth knowing:

``Activity``
    organisation (FK partnerships.Organisation, the owner), partnership (FK, nullable: the partnership whose staff
    manage it), title, description, categories (M2M Category), target_groups (M2M TargetGroup),
    inclusion ("ordinary" = alment, open to all / "target_group" = målgruppespecifikt, 000 §7.4.3),
    min_age / max_age (nullable years), audience ("everyone" / "women" / "men" / "families": who may join;
    matching's hard rule together with the ages and the target groups), volunteer_role (True: one takes part by
    helping, 000 §7.4), languages (comma-separated ISO 639-1 codes, "da, en"),
    address / postcode / city / municipality, latitude / longitude (WGS84 floats, nullable; filled from the postcode
    when not given — see geo.py),
    price_type ("free"/"fee"), price_amount (DKK, nullable), price_note, financial_support (text: what help exists,
    000 §7.6), payment_method (how payment is asked for — itself a barrier, 000 §7.6),
    capacity and open_places (nullable integers; open_places > 0 means room for newcomers, 000 §7.1.3),
    accessibility booleans: wheelchair, hearing_loop, quiet_room, low_stimulus, accessible_toilet, parking,
    public_transport, plus accessibility_note,
    newcomer information (000 §7.2.3): entrance, meeting_place, receiver (who receives you), what_to_bring,
    has_host (a host volunteer welcomes newcomers, 000 §7.3), host_name, host_note,
    companion_welcome (a følgeven may come along, 000 §7.2),
    contact_name / contact_email / contact_phone,
    status (draft/published/paused/ended), last_verified (date the owner last confirmed the data),
    notes_for_referrers (internal: shown to logged-in staff only, never in the public directory or exports),
    created / updated.
    Derived, maintained by ``services.refresh_derived()``: search_text (normalised words for search),
    weekday_mask (bit d set = meets on weekday d, Monday = 0), daypart_mask (1 morning, 2 afternoon, 4 evening),
    search_vector (PostgreSQL only, filled by a database trigger from title + search_text).
    Useful methods: ``distance_km(lat, lon)``, ``next_occurrence(after)``, ``is_stale()``, ``is_public()``.

``Schedule`` (recurring: weekly / biweekly / monthly on a weekday, start/end time, valid period),
``OneOffDate`` (a single date), ``Cancellation`` (a date or period when it does not take place: holidays).
The service ``schedule.next_occurrence(activity, after)`` combines them.
"""
from __future__ import annotations

import calendar
import uuid
from datetime import date, datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from brobyg.partnerships.models import Organisation, Partnership

from . import geo


class Category(models.Model):
    """An interest category (the Danish interest taxonomy, shipped in taxonomy.py). ``name`` is an English msgid."""

    backup_reference_data = True  # seeded by migration 0002: a fresh install has these rows (core.backup)

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    keywords = models.CharField(_("search words"), max_length=300, blank=True,
                                help_text=_("Danish words that should find this category in a search."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return gettext(self.name)


class TargetGroup(models.Model):
    """A target group for målgruppespecifikke activities (000 §7.4.3). ``name`` is an English msgid."""

    backup_reference_data = True  # seeded by migration 0002: a fresh install has these rows (core.backup)

    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return gettext(self.name)


def add_months(d: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's last day: 31 Aug + 6 → 28/29 Feb."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def stale_cutoff(today: date | None = None) -> date:
    """The latest ``last_verified`` that is stale on ``today``, so that the database can select stale activities:
    ``activity.is_stale(today)`` ⟺ ``activity.last_verified <= stale_cutoff(today)``.

    Going back the same number of months, except that on the last day of a month every day of the target month
    is due (31 Aug + 6 months is 28 Feb, so on 28 Feb the whole of August is stale)."""
    today = today or timezone.localdate()
    months = settings.BROBYG_VERIFY_AFTER_MONTHS
    cutoff = add_months(today, -months)
    if today.day == calendar.monthrange(today.year, today.month)[1]:
        cutoff = cutoff.replace(day=calendar.monthrange(cutoff.year, cutoff.month)[1])
    return cutoff


class InterestWord(models.Model):
    """A facilitator's addition to the Danish interest vocabulary (``vocabulary.py`` holds the curated base):
    an interest and the words that mean or belong to it ("håndarbejde": strik, hækling, syning). Matching and the
    directory search read both."""

    word = models.CharField(_("interest"), max_length=60, unique=True,
                            help_text=_("One Danish word, as citizens say it, e.g. håndarbejde."))
    related = models.CharField(_("related words"), max_length=400,
                               help_text=_("Words that mean or belong to it, comma-separated, e.g. strik, hækling."))

    class Meta:
        verbose_name = _("interest word")
        verbose_name_plural = _("interest vocabulary")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


class ActivityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Activity.Status.PUBLISHED)

    def stale(self, today: date | None = None):
        """Activities whose information has not been checked for BROBYG_VERIFY_AFTER_MONTHS (see ``is_stale``)."""
        return self.filter(last_verified__lte=stale_cutoff(today))

    def within_box(self, lat: float, lon: float, km: float):
        """Bounding-box prefilter on the indexed latitude/longitude (follow with an exact distance check)."""
        (lat_min, lat_max), (lon_min, lon_max) = geo.bounding_box(lat, lon, km)
        return self.filter(latitude__range=(lat_min, lat_max), longitude__range=(lon_min, lon_max))


# Languages often spoken by newcomers in Denmark that Django's own language list does not name.
EXTRA_LANGUAGES = {"so": _("Somali"), "ti": _("Tigrinya"), "ps": _("Pashto"), "prs": _("Dari"),
                   "ku": _("Kurdish"), "kmr": _("Kurdish"), "am": _("Amharic")}


def language_name(code: str) -> str:
    """The name of an ISO 639 language code in the active language; the code itself when unknown."""
    from django.utils.translation import get_language_info

    key = code.strip().lower()
    if key in EXTRA_LANGUAGES:
        return str(EXTRA_LANGUAGES[key])
    try:
        return str(get_language_info(key)["name_translated"])
    except KeyError:
        return code


postcode_validator = RegexValidator(r"^\d{4}$", _("A Danish postcode has four digits."))


class Activity(models.Model):
    class Inclusion(models.TextChoices):
        ORDINARY = "ordinary", _("Open to all (ordinary community)")
        TARGET_GROUP = "target_group", _("For a specific target group")

    class PriceType(models.TextChoices):
        FREE = "free", _("Free")
        FEE = "fee", _("Fee")

    class PaymentMethod(models.TextChoices):
        NONE = "none", _("Nothing to pay")
        CASH = "cash", _("Cash at the activity")
        MOBILEPAY = "mobilepay", _("MobilePay")
        INVOICE = "invoice", _("Invoice or bank transfer")
        CARD_ONLINE = "card_online", _("Card payment online")
        MUNICIPALITY = "municipality", _("Paid by the municipality or a fund")
        OTHER = "other", _("Other")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        WOMEN = "women", _("Only women")
        MEN = "men", _("Only men")
        FAMILIES = "families", _("Families (children come with an adult)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        PAUSED = "paused", _("Paused")
        ENDED = "ended", _("Ended")

    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False,
                               help_text="Stable id used as the HSDS service id (import updates by it).")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="activities",
                                     verbose_name=_("organisation"))
    partnership = models.ForeignKey(Partnership, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="activities", verbose_name=_("partnership"),
                                    help_text=_("The partnership whose staff help keep this activity up to date."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    categories = models.ManyToManyField(Category, blank=True, related_name="activities",
                                        verbose_name=_("categories"))
    target_groups = models.ManyToManyField(TargetGroup, blank=True, related_name="activities",
                                           verbose_name=_("target groups"))
    inclusion = models.CharField(_("kind of community"), max_length=20, choices=Inclusion.choices,
                                 default=Inclusion.ORDINARY,
                                 help_text=_("Open to all, or made for a specific target group (000 §7.4.3)."))
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True,
                                               validators=[MaxValueValidator(120)])
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True,
                                               validators=[MaxValueValidator(120)])
    audience = models.CharField(_("who may join"), max_length=10, choices=Audience.choices,
                                default=Audience.EVERYONE,
                                help_text=_("Matching suggests an activity only to people it is for."))
    volunteer_role = models.BooleanField(_("a volunteer role"), default=False,
                                         help_text=_("People take part by helping, e.g. as a café volunteer "
                                                     "(from participant to volunteer, 000 §7.4)."))
    languages = models.CharField(_("languages"), max_length=100, blank=True, default="da",
                                 help_text=_("Language codes separated by commas, e.g. da, en, ar."))

    # Place
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True, validators=[postcode_validator])
    city = models.CharField(_("city"), max_length=100, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True,
                                 validators=[MinValueValidator(54.0), MaxValueValidator(58.0)])
    longitude = models.FloatField(_("longitude"), null=True, blank=True,
                                  validators=[MinValueValidator(7.5), MaxValueValidator(15.5)])

    # Price (economy is a named barrier, 000 §7.6)
    price_type = models.CharField(_("price"), max_length=10, choices=PriceType.choices, default=PriceType.FREE)
    price_amount = models.DecimalField(_("amount (DKK)"), max_digits=8, decimal_places=2, null=True, blank=True,
                                       validators=[MinValueValidator(0)])
    price_currency = models.CharField(_("currency"), max_length=3, default="DKK",
                                      validators=[RegexValidator(r"^[A-Z]{3}$", _("A currency is three capital "
                                                                                  "letters (ISO 4217), e.g. DKK."))],
                                      help_text="ISO 4217; DKK unless an HSDS import said otherwise.")
    price_note = models.CharField(_("price note"), max_length=200, blank=True,
                                  help_text=_("E.g. per season, per time, coffee 5 kr."))
    financial_support = models.TextField(_("financial support"), blank=True,
                                         help_text=_("What help exists with fees, equipment or transport."))
    payment_method = models.CharField(_("how payment is made"), max_length=20, choices=PaymentMethod.choices,
                                      default=PaymentMethod.NONE,
                                      help_text=_("How payment is asked for can itself be a barrier (000 §7.6)."))

    # Room for newcomers (000 §7.1.3: the association must have room)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    open_places = models.PositiveIntegerField(_("open places"), null=True, blank=True,
                                              help_text=_("How many newcomers there is room for now."))
    # The balance (002, INSP!; the rule is directory.balance): the usual number of participants, and others among
    # them who need special support. Newcomers who came through the bridge are counted from their journeys.
    usual_participants = models.PositiveIntegerField(
        _("usual number of participants"), null=True, blank=True,
        help_text=_("How many usually take part on an ordinary day. Used to keep the community mixed (002)."))
    need_support = models.PositiveIntegerField(
        _("of whom need special support"), default=0, blank=True,
        help_text=_("Not counting newcomers who came through Brobyg: they are counted from their journeys."))

    # Accessibility
    wheelchair = models.BooleanField(_("wheelchair access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    quiet_room = models.BooleanField(_("quiet room"), default=False)
    low_stimulus = models.BooleanField(_("low-stimulus setting"), default=False)
    accessible_toilet = models.BooleanField(_("accessible toilet"), default=False)
    parking = models.BooleanField(_("parking"), default=False)
    public_transport = models.BooleanField(_("near public transport"), default=False)
    accessibility_note = models.CharField(_("accessibility note"), max_length=300, blank=True)

    # Newcomer information (000 §7.2.3: entrance, meeting place, who receives you)
    entrance = models.CharField(_("entrance"), max_length=300, blank=True,
                                help_text=_("Which door to use, e.g. 'the red door facing the car park'."))
    meeting_place = models.CharField(_("meeting place"), max_length=300, blank=True)
    receiver = models.CharField(_("who receives you"), max_length=300, blank=True,
                                help_text=_("Who stands ready to welcome a newcomer."))
    what_to_bring = models.CharField(_("what to bring"), max_length=300, blank=True)
    has_host = models.BooleanField(_("a host welcomes newcomers"), default=False,
                                   help_text=_("A host volunteer (vært) receives newcomers (000 §7.3)."))
    host_name = models.CharField(_("host's name"), max_length=200, blank=True)
    host_note = models.TextField(_("about the hosting"), blank=True)
    companion_welcome = models.BooleanField(_("companion welcome"), default=False,
                                            help_text=_("A companion (følgeven) may come along (000 §7.2)."))

    # Contact
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    last_verified = models.DateField(_("last verified"), default=date.today,
                                     help_text=_("When the information was last checked by the owner."))
    verify_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    notes_for_referrers = models.TextField(_("notes for referrers"), blank=True,
                                           help_text=_("Internal: only staff see this, never the public."))

    # Derived (services.refresh_derived)
    search_text = models.TextField(blank=True, default="", editable=False)
    weekday_mask = models.PositiveSmallIntegerField(default=0, editable=False)
    daypart_mask = models.PositiveSmallIntegerField(default=0, editable=False)
    # Matching: bit (pk % 62) of each target group it is for ("Everyone" left out); the stems of its own words
    # (title, description, category names — not the categories' hidden search words nor the target groups).
    target_group_mask = models.BigIntegerField(default=0, editable=False)
    interest_text = models.TextField(blank=True, default="", editable=False)

    # HSDS fields of an imported service that Brobyg has no place for (alternate_name, program, funding …): kept as
    # they came and written back by the export, so exchange through Brobyg loses nothing (hsds.py).
    hsds_extra = models.JSONField(default=dict, blank=True, editable=False)

    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["title", "pk"]
        indexes = [
            # Covering (id included): the distance search reads only this index on PostgreSQL (index-only scan),
            # 18 → 5 ms for a dense 10 km circle of 100,000 activities. Other databases ignore the INCLUDE.
            models.Index(fields=["status", "latitude", "longitude"], include=["id"], name="dir_act_status_geo_cov"),
            models.Index(fields=["latitude", "longitude"], name="dir_act_geo"),
            models.Index(fields=["organisation", "status"], name="dir_act_org_status"),
            models.Index(fields=["partnership", "status"], name="dir_act_partner_status"),
            models.Index(fields=["status", "last_verified"], name="dir_act_verified"),
            models.Index(fields=["status", "title", "id"], name="dir_act_status_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def currency_label(self) -> str:
        """'kr.' for Danish kroner, else the ISO code (an imported £35 is not 35 kr.)."""
        return "kr." if self.price_currency == "DKK" else self.price_currency

    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def verify_due(self) -> date:
        return add_months(self.last_verified, settings.BROBYG_VERIFY_AFTER_MONTHS)

    def is_stale(self, today: date | None = None) -> bool:
        """True when the data is older than BROBYG_VERIFY_AFTER_MONTHS and should be checked again."""
        return (today or timezone.localdate()) >= self.verify_due()

    def distance_km(self, lat: float | None, lon: float | None) -> float | None:
        if lat is None or lon is None or self.latitude is None or self.longitude is None:
            return None
        return geo.haversine_km(lat, lon, self.latitude, self.longitude)

    def next_occurrence(self, after: datetime | None = None):
        from .schedule import next_occurrence

        return next_occurrence(self, after)

    def place_line(self) -> str:
        """The address as one line, with postcode and city unless the address already holds them."""
        town = f"{self.postcode} {self.city}".strip()
        if not self.address:
            return town
        return self.address if self.postcode and self.postcode in self.address else f"{self.address}, {town}"

    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    def language_names(self) -> str:
        """The languages spoken, as names in the reader's language ("dansk, arabisk"), not codes: a citizen
        cannot read "da, ar". Unknown codes are shown as written."""
        return ", ".join(language_name(code) for code in self.language_list())

    def fill_place(self) -> None:
        """Fill city, municipality and coordinates from the postcode where they are missing (no network)."""
        place = geo.lookup_postcode(self.postcode) if self.postcode else geo.from_address(self.address)
        if place:
            if not self.postcode:
                self.postcode = place.code
            self.city = self.city or place.city
            self.municipality = self.municipality or place.municipality
            if self.latitude is None or self.longitude is None:
                self.latitude, self.longitude = place.latitude, place.longitude


class Schedule(models.Model):
    """A recurring time: every week, every other week, or monthly on the nth weekday."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        BIWEEKLY = "biweekly", _("Every other week")
        MONTHLY = "monthly", _("Once a month")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="schedules")
    frequency = models.CharField(_("how often"), max_length=10, choices=Frequency.choices,
                                 default=Frequency.WEEKLY)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    week_of_month = models.SmallIntegerField(
        _("week of the month"), null=True, blank=True,
        validators=[MinValueValidator(-1), MaxValueValidator(4)],
        help_text=_("For monthly times: 1–4 = first to fourth, -1 = last weekday of that kind in the month."))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    valid_from = models.DateField(_("from"), null=True, blank=True,
                                  help_text=_("First date; for every other week also the week it counts from."))
    valid_until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("recurring time")
        verbose_name_plural = _("recurring times")
        ordering = ["weekday", "start_time"]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} {self.get_weekday_display()} {self.start_time:%H:%M}"


class OneOffDate(models.Model):
    """A single date (an excursion, an open day)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="one_off_dates")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("single date")
        verbose_name_plural = _("single dates")
        ordering = ["date", "start_time"]

    def __str__(self) -> str:
        return f"{self.date} {self.start_time:%H:%M}"


class Cancellation(models.Model):
    """A date or period when the activity does not take place (holidays, cancelled meetings)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="cancellations")
    starts = models.DateField(_("from"))
    ends = models.DateField(_("until"), null=True, blank=True, help_text=_("Leave empty for a single day."))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("cancellation")
        verbose_name_plural = _("cancellations")
        ordering = ["starts"]

    def __str__(self) -> str:
        return f"{self.starts}–{self.ends or self.starts}"

    def covers(self, day: date) -> bool:
        return self.starts <= day <= (self.ends or self.starts)


class InclusionCheck(models.Model):
    """One round of an association's own inclusion self-check (000 §7.5): plans, goals, competences, culture.
    It belongs to the association (organisation) within one partnership; only its association contacts see it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="inclusion_checks")
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inclusion self-check")
        verbose_name_plural = _("inclusion self-checks")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.date}"


class InclusionScore(models.Model):
    round = models.ForeignKey(InclusionCheck, on_delete=models.CASCADE, related_name="scores")
    item = models.CharField(max_length=32)
    score = models.PositiveSmallIntegerField(null=True, blank=True,  # 1–5; empty = don't know
                                             validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "item"], name="one_inclusion_score_per_item")]
