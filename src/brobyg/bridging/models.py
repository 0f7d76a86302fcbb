"""The citizen's bridge (000 §7): referral, consent, conversation guide, journey, follow-ups and outcomes.

Design constraints taken from the seeds (see DOMAIN.md §7, after 002):
- minimal labelling: the record holds what helps the citizen in, not a diagnosis; no "vulnerable" badge is ever
  shown to associations, hosts or companions — they see a first name and what helps the person feel welcome;
- the citizen's own wishes come first (the conversation guide starts with them, 000 §7.1.3, §7.4.2);
- pausing is a normal stage, not a failure, and roles change in both directions (000 §7.4.1);
- personal data is stored only after consent (the referral alone holds what is needed to make contact).
"""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def split_list(value: str) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


class Stage(models.TextChoices):
    # The four elements of the bridge-building model, 000 §7.1–7.4, plus paused and ended.
    KENDSKAB = "kendskab", _("Getting to know (kendskab)")
    FOLGESKAB = "folgeskab", _("Companionship (følgeskab)")
    VAERTSSKAB = "vaertsskab", _("Hosting (værtsskab)")
    FAELLESSKAB = "faellesskab", _("Community (fællesskab)")
    PAUSED = "paused", _("Paused")
    ENDED = "ended", _("Ended")


ACTIVE_STAGES = (Stage.KENDSKAB, Stage.FOLGESKAB, Stage.VAERTSSKAB, Stage.FAELLESSKAB)
STAGE_ORDER = {s: i for i, s in enumerate([*ACTIVE_STAGES, Stage.PAUSED, Stage.ENDED])}


class EndReason(models.TextChoices):
    FOUND_COMMUNITY = "found_community", _("Found a community")
    MOVED = "moved", _("Moved away")
    DECLINED = "declined", _("Did not want to continue")
    NO_OFFER = "no_offer", _("No suitable offer")
    NO_CONTACT = "no_contact", _("Could not be reached")
    OTHER = "other", _("Other")


class ParticipationRole(models.TextChoices):
    # The three participation roles of 000 §7.4.1 (after Rambøll 2020). A citizen may hold several.
    USER = "bruger", _("User (bruger)")
    PARTICIPANT = "deltager", _("Participant (deltager)")
    VOLUNTEER = "frivillig", _("Volunteer (frivillig)")


class RecruitmentOwner(models.TextChoices):
    # 000 §7.1.2: responsibility for recruitment lies with the municipality, the association, or is shared.
    MUNICIPALITY = "municipality", _("Municipality")
    ASSOCIATION = "association", _("Association")
    SHARED = "shared", _("Shared")


class ReferralSource(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Volunteer centre")
    ASSOCIATION = "association", _("Association")
    HOUSING = "housing", _("Housing social plan")
    HEALTH = "health", _("Health service")
    SELF = "self", _("The citizen's own request")
    OTHER = "other", _("Other")


class ReferralReason(models.TextChoices):
    # Broad, non-stigmatising categories: why a community could help, not what is "wrong".
    LONELINESS = "loneliness", _("Wants more people in their life")
    NEW_IN_AREA = "new_in_area", _("New in the area")
    HEALTH = "health", _("After illness or injury")
    WORK = "work", _("Outside the labour market")
    LIFE_CHANGE = "life_change", _("Big change in life")
    MEANING = "meaning", _("Wants to do something meaningful")
    CHILD_LEISURE = "child_leisure", _("A child's leisure life")
    OTHER = "other", _("Other")


class Barrier(models.TextChoices):
    # 000 §7.2.1 (practical and physical) and §7.6 (general barriers).
    TRANSPORT = "transport", _("Getting there (transport)")
    ECONOMY = "economy", _("Money (fees, equipment, how to pay)")
    PHYSICAL = "physical", _("Physical (mobility, stamina)")
    MENTAL = "mental", _("Feeling unsafe among new people")
    LANGUAGE = "language", _("Language")
    NO_EXPERIENCE = "no_experience", _("No experience of associations")
    MOTIVATION = "motivation", _("Hard to find the energy or a reason")


class Support(models.TextChoices):
    # 000 §7.2–7.3: companion, host, someone calling before the first time.
    COMPANION = "companion", _("A companion who goes along (følgeven)")
    HOST = "host", _("Someone who receives me (vært)")
    CALL_BEFORE = "call_before", _("A phone call before the first time")


class CommunityKind(models.TextChoices):
    # 000 §7.4.3: decide with the citizen between an ordinary and a target-group-specific community.
    ORDINARY = "ordinary", _("Open to everybody (alment)")
    TARGET_GROUP = "target_group", _("For people in a similar situation (målgruppespecifikt)")
    EITHER = "either", _("Either")


class TimeOfDay(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")
    ANY = "any", _("Any time")


class Gender(models.TextChoices):
    # Only so that activities for women only / men only are suggested to the people they are for.
    UNSTATED = "", _("Not stated")
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")


class Citizen(models.Model):
    """The minimal record of a citizen on their way into a community. Created only when consent is recorded."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="citizens",
                                    verbose_name=_("partnership"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True,
                                 help_text=_("Comma-separated, e.g. dansk, arabisk."))
    inclusion_needs = models.TextField(
        _("needs that matter for taking part"), blank=True,
        help_text=_("Only what helps the person take part (e.g. needs a chair, short sessions). "
                    "Not a diagnosis."))
    welcome_needs = models.TextField(
        _("what helps them feel welcome"), blank=True,
        help_text=_("In the citizen's own words. Shared with companion and host only if the citizen agrees "
                    "(000 §7.3.2)."))
    guardian_name = models.CharField(_("guardian's name"), max_length=200, blank=True,
                                     help_text=_("For a child: the parent or guardian who gives consent."))
    guardian_phone = models.CharField(_("guardian's phone"), max_length=30, blank=True)
    bridge_builder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="bridged_citizens", verbose_name=_("bridge-builder"))
    roles = models.CharField(_("participation roles"), max_length=60, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True,
                              help_text=_("Only used so that activities for women or men only are suggested to "
                                          "the people they are for. Leave empty if not wanted."))
    home_latitude = models.FloatField(_("approximate home: latitude"), null=True, blank=True,
                                      validators=[MinValueValidator(54.0), MaxValueValidator(58.0)])
    home_longitude = models.FloatField(_("approximate home: longitude"), null=True, blank=True,
                                       validators=[MinValueValidator(7.5), MaxValueValidator(15.5)])
    # Wishes from the conversation (000 §7.1.3); matching reads these.
    interests = models.CharField(_("interests and wishes"), max_length=500, blank=True,
                                 help_text=_("Words the citizen used, comma-separated (e.g. gardening, walks)."))
    travel_km = models.PositiveSmallIntegerField(_("how far they can travel (km)"), default=5)
    days = models.CharField(_("days that work"), max_length=20, blank=True,
                            help_text=_("Weekday numbers 0 (Monday) to 6 (Sunday), comma-separated."))
    days_strict = models.BooleanField(_("only these days"), default=False,
                                      help_text=_("Off: the days are a preference."))
    time_of_day = models.CharField(_("time of day"), max_length=12, choices=TimeOfDay.choices, default=TimeOfDay.ANY)
    day_parts = models.CharField(_("parts of the day"), max_length=40, blank=True,
                                 help_text=_("morning, afternoon, evening – comma-separated; empty = any time."))
    open_target_groups = models.CharField(
        _("communities for … they would consider"), max_length=400, blank=True,
        help_text=_("Private, chosen by the citizen: the target-group communities they are open to (codes, "
                    "comma-separated). Empty = ordinary communities only. Never shown to anyone else."))
    with_family = models.BooleanField(_("comes with their family"), default=False,
                                      help_text=_("Family activities are suggested only then."))
    community_kind = models.CharField(_("kind of community"), max_length=16, choices=CommunityKind.choices,
                                      default=CommunityKind.EITHER)
    as_volunteer = models.BooleanField(_("would like to help as a volunteer"), default=False)
    barriers = models.CharField(_("barriers"), max_length=200, blank=True)
    support = models.CharField(_("support wanted"), max_length=100, blank=True)
    max_price = models.PositiveIntegerField(_("most they can pay per month (kr.)"), null=True, blank=True)
    needs_step_free = models.BooleanField(_("needs step-free access"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    last_activity = models.DateTimeField(_("last activity"), default=timezone.now, db_index=True)
    # After consent is withdrawn the bridge-builder erases the record or keeps only the minimal record (the
    # first name, the dates of referral, consent and withdrawal, the journey's stages): when that was done.
    minimised_at = models.DateTimeField(_("reduced to the minimal record"), null=True, blank=True)

    class Meta:
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")
        ordering = ["first_name", "last_name", "pk"]
        indexes = [models.Index(fields=["partnership", "last_activity"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def age(self) -> int | None:
        return timezone.now().year - self.birth_year if self.birth_year else None

    @property
    def is_minor(self) -> bool:
        return self.age is not None and self.age < 18

    def role_list(self) -> list[str]:
        return split_list(self.roles)

    def barrier_list(self) -> list[str]:
        return split_list(self.barriers)

    def support_list(self) -> list[str]:
        return split_list(self.support)

    def day_list(self) -> list[int]:
        return [int(d) for d in split_list(self.days) if d.isdigit() and int(d) < 7]

    def language_list(self) -> list[str]:
        return [x.lower() for x in split_list(self.languages)]

    def active_consent(self):
        return self.consents.filter(withdrawn_at__isnull=True).order_by("-given_at", "-pk").first()

    def current_journey(self):
        return self.journeys.order_by("-started", "-pk").first()


class Referral(models.Model):
    """A referral (henvisning). Before consent it holds only what is needed to make contact (000 §7.1.2)."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        CONSENTED = "consented", _("Consent recorded")
        DECLINED = "declined", _("Declined")

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="referrals",
                                    verbose_name=_("partnership"))
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, null=True, blank=True, related_name="referrals")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="referrals_made")
    organisation = models.ForeignKey("partnerships.Organisation", on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("referring organisation"))
    department = models.CharField(_("department"), max_length=200, blank=True,
                                  help_text=_("E.g. the job centre, the health department or the social services."))
    source = models.CharField(_("referred by"), max_length=20, choices=ReferralSource.choices,
                              default=ReferralSource.MUNICIPALITY)
    reasons = models.CharField(_("reasons"), max_length=200, blank=True)
    wants_help_with = models.TextField(_("what the citizen wants help with"), blank=True)
    recruitment_owner = models.CharField(_("who is responsible for recruitment"), max_length=16,
                                         choices=RecruitmentOwner.choices, default=RecruitmentOwner.SHARED,
                                         help_text=_("000 §7.1.2: the municipality, the association, or shared."))
    # Contact details: the minimum to reach the citizen (or, for a child, the parent) and ask for consent.
    contact_name = models.CharField(_("citizen's first name"), max_length=100)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    is_minor = models.BooleanField(_("the citizen is a child"), default=False,
                                   help_text=_("Then a parent or guardian gives consent (000 §7.1.2)."))
    guardian_name = models.CharField(_("parent or guardian"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk}"

    def reason_list(self) -> list[str]:
        return split_list(self.reasons)

    def reason_labels(self) -> list[str]:
        labels = dict(ReferralReason.choices)
        return [str(labels.get(r, r)) for r in self.reason_list()]


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")
    PAPER = "paper", _("Signed on paper")
    ONLINE = "online", _("Online form")


class WithdrawReason(models.TextChoices):
    CITIZEN = "citizen", _("The citizen asked to stop")
    GUARDIAN = "guardian", _("The parent or guardian withdrew it")
    NOT_NEEDED = "not_needed", _("No longer wants help from the bridge")
    OTHER = "other", _("Other")


class Consent(models.Model):
    """What the citizen (or guardian) agreed to, when and how. Withdrawal stops all sharing at once."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="consents")
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    method = models.CharField(_("how"), max_length=12, choices=ConsentMethod.choices,
                              default=ConsentMethod.IN_PERSON)
    given_by_guardian = models.BooleanField(_("given by parent or guardian"), default=False)
    share_with_association = models.BooleanField(
        _("share first name and welcome needs with the receiving association and host"), default=False)
    share_with_companion = models.BooleanField(
        _("share first name and welcome needs with the companion"), default=False)
    outcome_measures = models.BooleanField(_("answer short well-being questions (optional)"), default=False)
    contact_for_follow_up = models.BooleanField(_("be contacted for follow-up"), default=False)
    text = models.TextField(_("what was agreed, in words"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    withdrawn_reason = models.CharField(_("why consent was withdrawn"), max_length=20,
                                        choices=WithdrawReason.choices, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]

    def scopes(self) -> list[str]:
        out = [str(_("keep the record"))]
        if self.share_with_association:
            out.append(str(_("share with association and host")))
        if self.share_with_companion:
            out.append(str(_("share with companion")))
        if self.outcome_measures:
            out.append(str(_("well-being questions")))
        if self.contact_for_follow_up:
            out.append(str(_("follow-up contact")))
        return out


# --- Conversation guide (samtaleguide, 000 §7.1.3) ---

class QuestionKind(models.TextChoices):
    TEXT = "text", _("Free text")
    CHOICE = "choice", _("One of several")
    MULTI = "multi", _("Several of several")
    NUMBER = "number", _("Number")


class WishKey(models.TextChoices):
    # Answers to questions with a key also fill the citizen's wishes, which matching reads.
    NONE = "", _("(only kept as an answer)")
    INTERESTS = "interests", _("Interests and wishes")
    COMMUNITY_KIND = "community_kind", _("Kind of community")
    AS_VOLUNTEER = "as_volunteer", _("As participant or volunteer")
    DAYS = "days", _("Days that work")
    DAYS_STRICT = "days_strict", _("Only these days, or preferred")
    TIME_OF_DAY = "time_of_day", _("Parts of the day")
    OPEN_GROUPS = "open_target_groups", _("Target-group communities they would consider")
    WITH_FAMILY = "with_family", _("Comes with their family")
    TRAVEL_KM = "travel_km", _("How far they can travel")
    BARRIERS = "barriers", _("Barriers")
    MAX_PRICE = "max_price", _("What they can pay")
    STEP_FREE = "step_free", _("Step-free access")
    SUPPORT = "support", _("Support wanted")
    WELCOME = "welcome_needs", _("What helps them feel welcome")


class Guide(models.Model):
    """One version of a conversation guide. Editing makes a new version; answers keep the one they were given in."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="guides")
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    intro = models.TextField(_("introduction"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    is_current = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("conversation guide")
        verbose_name_plural = _("conversation guides")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class GuideQuestion(models.Model):
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    section = models.CharField(_("section"), max_length=100, blank=True)
    text = models.CharField(_("question"), max_length=300)
    help = models.CharField(_("help for the conversation"), max_length=400, blank=True)
    kind = models.CharField(_("kind of answer"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line as value|label."))
    key = models.CharField(_("fills the wish"), max_length=20, choices=WishKey.choices, blank=True)
    source = models.CharField(_("source"), max_length=60, blank=True)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    def choice_pairs(self) -> list[tuple[str, str]]:
        out = []
        for line in self.choices.splitlines():
            if line.strip():
                value, _sep, label = line.partition("|")
                out.append((value.strip(), (label or value).strip()))
        return out


class Conversation(models.Model):
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="conversations")
    guide = models.ForeignKey(Guide, on_delete=models.PROTECT, related_name="conversations")
    held_at = models.DateTimeField(_("held"), default=timezone.now)
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-held_at", "-pk"]


class Answer(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(GuideQuestion, on_delete=models.PROTECT, related_name="answers")
    value = models.TextField(blank=True)

    class Meta:
        ordering = ["question__order", "pk"]


# --- Journey ---

class Journey(models.Model):
    """The citizen's way through kendskab → følgeskab → værtsskab → fællesskab (000 §7)."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.PROTECT, related_name="journeys")
    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="journeys")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.KENDSKAB,
                             db_index=True)
    stage_since = models.DateTimeField(_("in this stage since"), default=timezone.now)
    end_reason = models.CharField(_("reason"), max_length=20, choices=EndReason.choices, blank=True)
    bridge_builder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="journeys", verbose_name=_("bridge-builder"))
    started = models.DateTimeField(default=timezone.now)
    first_visit = models.DateField(_("first visit"), null=True, blank=True)
    # The step from participant to volunteer (000 §7.4.1), opened by a participation record that says the citizen
    # would like to help: when the bridge-builder took it and who. Offered once per journey.
    volunteer_step_at = models.DateTimeField(_("step into a volunteer role"), null=True, blank=True)
    volunteer_step_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+")
    # The volunteer profile registered from that step, linked only when the person agreed (000 §7.4.1). The link
    # is kept on the citizen's side only: the volunteer profile carries no trace of the citizen record (002).
    volunteer_profile = models.ForeignKey("volunteers.VolunteerProfile", on_delete=models.SET_NULL, null=True,
                                          blank=True, related_name="+", verbose_name=_("volunteer profile"))

    class Meta:
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")
        indexes = [models.Index(fields=["partnership", "stage", "stage_since"]),
                   models.Index(fields=["bridge_builder", "stage"])]

    def __str__(self) -> str:
        return f"journey #{self.pk}"

    def days_in_stage(self) -> int:
        return (timezone.now() - self.stage_since).days


class Transition(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Stage.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")
    reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]


class RoleChange(models.Model):
    """A change of participation roles, in either direction (000 §7.4.1; 002: positions change both ways)."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="role_changes")
    from_roles = models.CharField(max_length=60, blank=True)
    to_roles = models.CharField(max_length=60, blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]


class FollowUp(models.Model):
    """A due follow-up (after the first visit, 2 weeks, 3 months — BROBYG_FOLLOWUP_DAYS)."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="follow_ups")
    label = models.CharField(_("follow-up"), max_length=100)
    due = models.DateField(_("due"), db_index=True)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="follow_ups")
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    note = models.TextField(_("how it is going"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["assigned_to", "done_at", "due"])]

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due < timezone.localdate()


class OutcomeMeasure(models.Model):
    """Optional, consented well-being answers: UCLA 3-item loneliness scale and WHO-5, with the citizen's words."""

    citizen = models.ForeignKey(Citizen, on_delete=models.CASCADE, related_name="outcomes")
    taken_at = models.DateTimeField(_("date"), default=timezone.now)
    occasion = models.CharField(_("occasion"), max_length=60, blank=True)
    ucla_1 = models.PositiveSmallIntegerField(null=True, blank=True)
    ucla_2 = models.PositiveSmallIntegerField(null=True, blank=True)
    ucla_3 = models.PositiveSmallIntegerField(null=True, blank=True)
    who5_1 = models.PositiveSmallIntegerField(null=True, blank=True)
    who5_2 = models.PositiveSmallIntegerField(null=True, blank=True)
    who5_3 = models.PositiveSmallIntegerField(null=True, blank=True)
    who5_4 = models.PositiveSmallIntegerField(null=True, blank=True)
    who5_5 = models.PositiveSmallIntegerField(null=True, blank=True)
    own_words = models.TextField(_("in the citizen's own words"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["taken_at", "pk"]

    @property
    def ucla_score(self) -> int | None:
        values = [self.ucla_1, self.ucla_2, self.ucla_3]
        return sum(values) if all(v is not None for v in values) else None

    @property
    def who5_score(self) -> int | None:
        values = [self.who5_1, self.who5_2, self.who5_3, self.who5_4, self.who5_5]
        return sum(values) * 4 if all(v is not None for v in values) else None


class ErasedJourney(models.Model):
    """What is left after erasure: anonymous statistics with no way back to the person (cf. pretix's shredder).

    No citizen id, no dates finer than a month, no free text."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="+")
    referral_source = models.CharField(max_length=20, blank=True)
    reasons = models.CharField(max_length=200, blank=True)
    started_month = models.DateField(null=True, blank=True)
    furthest_stage = models.CharField(max_length=12, blank=True)
    final_stage = models.CharField(max_length=12, blank=True)
    end_reason = models.CharField(max_length=20, blank=True)
    had_companion = models.BooleanField(default=False)
    proposals = models.PositiveSmallIntegerField(default=0)
    chosen_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    became_volunteer = models.BooleanField(default=False)
    erased_month = models.DateField()

    class Meta:
        verbose_name = _("erased journey (anonymous)")
        verbose_name_plural = _("erased journeys (anonymous)")


# --- Matching, companionship, hosting and community (000 §7.1.3–7.4) -----------------------------------------

class Proposal(models.Model):
    """An activity the bridge-builder proposed to the citizen, with the score and reasons shown at the time.

    Kept — together with the citizen's choice — so that matching quality can be measured later (which rank was
    chosen, how often the first suggestion was right)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CHOSEN = "chosen", _("Chosen by the citizen")
        DECLINED = "declined", _("Not chosen")

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="proposals")
    activity = models.ForeignKey("directory.Activity", on_delete=models.SET_NULL, null=True, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"), default=0, help_text=_("Place in the suggestion list."))
    score = models.PositiveSmallIntegerField(_("score"), default=0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_at = models.DateTimeField(default=timezone.now)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    chosen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["rank", "pk"]
        constraints = [models.UniqueConstraint(fields=["journey", "activity"], name="bridging_proposal_once")]


class Arrival(models.Model):
    """The arrival notice (000 §7.3): the citizen is coming to this activity; the association and host are told
    what helps them feel welcome (only while the citizen's consent allows it)."""

    journey = models.OneToOneField(Journey, on_delete=models.CASCADE, related_name="arrival")
    activity = models.ForeignKey("directory.Activity", on_delete=models.PROTECT, related_name="arrivals")
    expected = models.DateTimeField(_("expected first time"), null=True, blank=True)
    # When the association contacts were e-mailed about this notice (once per notice; reset when the activity or
    # the date changes). The e-mail holds no personal data, see bridge.notify_arrival.
    notified_at = models.DateTimeField(_("association told by e-mail"), null=True, blank=True)
    # The citizen's choice takes one of the activity's open places (directory.services.take_place); pausing,
    # ending or starting over, erasure, withdrawal and choosing another activity give it back. The journeys
    # that hold a place at an activity are also what its balance rule counts (directory.balance).
    holds_place = models.BooleanField(_("holds a place"), default=False, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("arrival")
        verbose_name_plural = _("arrivals")


class Companionship(models.Model):
    """A companion volunteer (følgeven, 000 §7.2) goes along; they see the meeting information only."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="companionships")
    profile = models.ForeignKey("volunteers.VolunteerProfile", on_delete=models.CASCADE,
                                related_name="companionships", verbose_name=_("companion"))
    meeting_place = models.CharField(_("meeting place"), max_length=300, blank=True)
    entrance = models.CharField(_("entrance"), max_length=300, blank=True)
    receiver = models.CharField(_("who receives you"), max_length=300, blank=True)
    meeting_at = models.DateTimeField(_("time"), null=True, blank=True)
    active = models.BooleanField(default=True)
    started = models.DateTimeField(default=timezone.now)
    ended = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("companionship")
        verbose_name_plural = _("companionships")
        ordering = ["-started", "-pk"]
        indexes = [models.Index(fields=["profile", "active"])]


class VisitOutcome(models.TextChoices):
    WELL = "well", _("Went well")
    MIXED = "mixed", _("Mixed")
    HARD = "hard", _("Was hard")
    NO_SHOW = "no_show", _("Did not come")


class Visit(models.Model):
    """How one of the first visits went, recorded by the host or association contact (000 §7.3)."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="visits")
    activity = models.ForeignKey("directory.Activity", on_delete=models.SET_NULL, null=True, related_name="+")
    date = models.DateField(_("date"), default=timezone.localdate)
    outcome = models.CharField(_("how it went"), max_length=10, choices=VisitOutcome.choices,
                               default=VisitOutcome.WELL)
    note = models.CharField(_("note"), max_length=500, blank=True,
                            help_text=_("What helped, and what could help next time. No health details."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["date", "pk"]


class Participation(models.Model):
    """Light participation recording in fællesskab (000 §7.4): still coming? wants a change? would like to help?"""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="participations")
    date = models.DateField(_("date"), default=timezone.localdate)
    still_coming = models.BooleanField(_("still coming"), default=True)
    wants_change = models.BooleanField(_("would like a change"), default=False)
    wants_to_volunteer = models.BooleanField(_("would like to help as a volunteer"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        ordering = ["-date", "-pk"]
