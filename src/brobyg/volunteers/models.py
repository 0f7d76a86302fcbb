"""Volunteers: who they are, what they want to do, when and where — and the tasks matched to them.

Sources: 004 (volunteering among residents: recruitment, tasks matched to the person, support, retention,
anchoring and the checklist), 001 (volunteers' professional skills, 'frivillig faglighed'), 000 §7.2 (the
companion, følgeven) and 000 §7.3 (the host, vært).

Other apps use this module like this:

- ``VolunteerProfile`` is the volunteer. The bridging app attaches companions (følgevenner) to citizens by a
  foreign key to ``VolunteerProfile`` in its own assignment model and registers a load counter with
  :func:`brobyg.volunteers.services.register_companion_load` so suggestions respect each volunteer's
  ``max_companion_load``. ``brobyg.volunteers.services.suggest_companions`` ranks companions for a citizen.
- ``HostAssignment`` (added when the directory's ``Activity`` exists) says which volunteer hosts which activity;
  ``services.hosts_for_activity(activity)`` lists them so bridging can tell the host a newcomer is coming.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class DayPart(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")


DAY_PARTS = [p for p, _label in DayPart.choices]


def slot_bit(weekday: int, part: str) -> int:
    """The bit of one weekly slot in ``VolunteerProfile.availability_mask`` (3 parts × 7 days = 21 bits)."""
    return 1 << (int(weekday) * 3 + DAY_PARTS.index(part))


def slots_mask(slots) -> int:
    mask = 0
    for weekday, part in slots:
        mask |= slot_bit(weekday, part)
    return mask


def mask_slots(mask: int) -> list[tuple[int, str]]:
    return [(d, p) for d in range(7) for p in DAY_PARTS if mask & slot_bit(d, p)]


class Kind(models.TextChoices):
    # 004 'Kernefrivillige og brugerfrivillige'.
    CORE = "core", _("Core volunteer")
    USER = "user", _("User volunteer")
    UNDECIDED = "", _("Not stated")


class Commitment(models.TextChoices):
    SMALL = "small", _("Small – now and then")
    LARGE = "large", _("Larger – regular and responsible")


class Channel(models.TextChoices):
    """How the volunteer came to us (004 Del 3: make visible, invite personally, help get started; 001 postings)."""

    SAW_IT = "saw_it", _("Saw it (poster, website, social media)")
    PERSONAL = "personal", _("Personal invitation from staff")
    VOLUNTEER = "volunteer", _("Invited by another volunteer")
    PARTICIPANT = "participant", _("From participant to volunteer")
    PARTNER = "partner", _("Via a partner organisation")
    POSTING = "posting", _("Volunteer posting (e.g. frivilligjob.dk)")
    EDUCATION = "education", _("School or place of education")
    EVENT = "event", _("Meeting or event")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    RESTING = "resting", _("Resting (taking a break)")
    STOPPED = "stopped", _("Stopped")


class StatusReason(models.TextChoices):
    """Why a volunteer pauses or stops, so drop-out can be studied (004 Del 4–5)."""

    NONE = "", _("No reason given")
    LIFE_CHANGE = "life_change", _("Change in life circumstances")
    TIME = "time", _("Lack of time")
    HEALTH = "health", _("Health")
    MOVED = "moved", _("Moved away")
    JOB = "job", _("Started work or education")
    TASK_FIT = "task_fit", _("The task did not fit")
    SUPPORT = "support", _("Missed support or recognition")
    CONFLICT = "conflict", _("Conflict in the group")
    PROJECT_ENDED = "project_ended", _("The activity or project ended")
    OTHER = "other", _("Other")


class SkillDomain(models.TextChoices):
    # 001: the volunteers' professional skills were social, cultural, craft or other.
    NONE = "", _("None stated")
    SOCIAL = "social", _("Social")
    CULTURAL = "cultural", _("Cultural")
    CRAFT = "craft", _("Craft")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    PUBLIC_FORM = "public_form", _("Public sign-up form")
    STAFF = "staff", _("Entered by staff")
    IMPORT = "import", _("Import")


def split_words(text: str) -> set[str]:
    """Comma- or semicolon-separated free text → a set of lower-case terms (for languages, interests, skills)."""
    out = set()
    for part in (text or "").replace(";", ",").replace("\n", ",").split(","):
        part = part.strip().lower()
        if part:
            out.add(part)
    return out


class VolunteerProfile(models.Model):
    """A volunteer in one partnership — companion (følgeven), host (vært), activity volunteer or helper.

    Fields in short:
    - ``partnership``: the partnership the volunteer belongs to (all access is scoped by it).
    - ``user``: the volunteer's own login, optional. Public sign-ups have none until staff invite them; accepting a
      volunteer invitation with the same e-mail links the account (see signals).
    - name, e-mail, phone, ``postcode``; ``latitude``/``longitude`` are filled from the postcode
      (``brobyg.directory.geo.lookup_postcode``) and stay empty when the postcode is unknown.
    - ``travel_radius_km``: how far the volunteer will go (many citizens cannot travel far, 000 §7.1).
    - ``languages``, ``interests``, ``skills``: comma-separated words; ``professional_skills`` with
      ``skill_domain`` (001 'frivillig faglighed').
    - availability: ``AvailabilitySlot`` rows (weekday + part of day), mirrored in ``availability_mask`` for fast
      matching; ``availability_uneven`` = "uneven — ask me" (004: allow uneven commitment).
    - roles wanted: ``wants_companion`` (følgeven, 000 §7.2), ``wants_host`` (vært, 000 §7.3),
      ``wants_activity`` (helps run an activity), ``wants_other`` (other tasks).
    - ``kind``: core or user volunteer (004); ``commitment``: small or large; ``channel``: recruitment channel.
    - ``status`` active / resting / stopped with ``status_reason`` and ``status_note`` (history in
      ``StatusChange``).
    - ``consent_given`` + ``consent_at``: consent to store the data (no profile is stored from the public form
      without it).
    - capacity: ``max_companion_load`` = how many citizens the volunteer accompanies at once; ``max_tasks`` = how
      many tasks and hosted activities at once. Current companion load is counted by the bridging app through
      ``services.register_companion_load``.
    """

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE,
                                    related_name="volunteers", verbose_name=_("partnership"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="volunteer_profiles", verbose_name=_("login"))
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    travel_radius_km = models.PositiveSmallIntegerField(
        _("travel radius (km)"), default=5, help_text=_("How far you are willing to travel for a task."))
    languages = models.CharField(_("languages"), max_length=200, blank=True,
                                 help_text=_("Separate with commas, e.g. dansk, engelsk, arabisk."))
    interests = models.TextField(_("interests"), blank=True,
                                 help_text=_("What you enjoy, separated by commas, e.g. gardening, football, cooking."))
    skills = models.TextField(_("skills"), blank=True,
                              help_text=_("What you are good at, separated by commas."))
    professional_skills = models.TextField(
        _("professional skills"), blank=True,
        help_text=_("Skills from your education or work that you would like to use (001: volunteers' "
                    "professional skills), e.g. music teacher, nurse, carpenter."))
    skill_domain = models.CharField(_("field of professional skills"), max_length=16, choices=SkillDomain.choices,
                                    blank=True, default=SkillDomain.NONE)
    availability_uneven = models.BooleanField(
        _("uneven — ask me"), default=False,
        help_text=_("My time varies from week to week; ask me when something comes up."))
    availability_mask = models.PositiveIntegerField(default=0, editable=False)
    availability_note = models.CharField(_("note on availability"), max_length=200, blank=True)
    wants_companion = models.BooleanField(_("companion (følgeven)"), default=False,
                                          help_text=_("Go along with a citizen to an activity for a period "
                                                      "(000 §7.2)."))
    wants_host = models.BooleanField(_("host (vært)"), default=False,
                                     help_text=_("Welcome newcomers at an activity (000 §7.3)."))
    wants_activity = models.BooleanField(_("activity volunteer"), default=False,
                                         help_text=_("Help run an activity."))
    wants_other = models.BooleanField(_("other tasks"), default=False,
                                      help_text=_("Practical tasks, e.g. making coffee, driving, posters."))
    kind = models.CharField(_("kind of volunteer"), max_length=8, choices=Kind.choices, blank=True,
                            default=Kind.UNDECIDED,
                            help_text=_("Core volunteers start and run things; user volunteers also use the "
                                        "activity they help in (004)."))
    commitment = models.CharField(_("wished commitment"), max_length=8, choices=Commitment.choices,
                                  default=Commitment.SMALL)
    channel = models.CharField(_("how did you hear about us"), max_length=16, choices=Channel.choices,
                               default=Channel.OTHER)
    source = models.CharField(_("registered via"), max_length=16, choices=Source.choices, default=Source.STAFF)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.CharField(_("reason"), max_length=16, choices=StatusReason.choices, blank=True,
                                     default=StatusReason.NONE)
    status_note = models.CharField(_("note on status"), max_length=300, blank=True)
    status_changed = models.DateField(_("status changed"), null=True, blank=True)
    resting_until = models.DateField(_("resting until"), null=True, blank=True)
    max_companion_load = models.PositiveSmallIntegerField(
        _("citizens at a time (companion)"), default=1,
        help_text=_("How many citizens the volunteer accompanies at the same time."))
    max_tasks = models.PositiveSmallIntegerField(
        _("tasks at a time"), default=3, help_text=_("Tasks and hosted activities at the same time."))
    consent_given = models.BooleanField(_("consent to store data"), default=False)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed at"), null=True, blank=True)
    notes = models.TextField(_("staff notes"), blank=True,
                             help_text=_("Only staff see this. Keep it short and factual."))
    last_follow_up = models.DateField(_("last follow-up"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["first_name", "last_name", "pk"]
        indexes = [
            models.Index(fields=["partnership", "status"]),
            models.Index(fields=["partnership", "first_name", "last_name"]),
            models.Index(fields=["partnership", "last_follow_up"]),
            models.Index(fields=["partnership", "channel"]),
            models.Index(fields=["user"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def roles_wanted(self) -> list[str]:
        out = []
        for field in ("wants_companion", "wants_host", "wants_activity", "wants_other"):
            if getattr(self, field):
                out.append(str(self._meta.get_field(field).verbose_name))
        return out

    @property
    def slots(self) -> list[tuple[int, str]]:
        return mask_slots(self.availability_mask)

    @property
    def is_available_for_work(self) -> bool:
        return self.status == Status.ACTIVE

    def language_set(self) -> set[str]:
        return split_words(self.languages)


class AvailabilitySlot(models.Model):
    """One weekly slot when the volunteer can usually help (weekday + part of the day)."""

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    part = models.CharField(_("part of day"), max_length=10, choices=DayPart.choices)

    class Meta:
        verbose_name = _("availability slot")
        verbose_name_plural = _("availability slots")
        ordering = ["weekday", "part"]
        constraints = [models.UniqueConstraint(fields=["profile", "weekday", "part"], name="unique_volunteer_slot")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.get_part_display()}"


class StatusChange(models.Model):
    """History of status changes with reasons (004: study drop-out; pausing without penalty, 002)."""

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="status_changes")
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    old_status = models.CharField(_("from"), max_length=8, choices=Status.choices)
    new_status = models.CharField(_("to"), max_length=8, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=16, choices=StatusReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by_volunteer = models.BooleanField(_("changed by the volunteer"), default=False)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-pk"]


class OnboardingItem(models.Model):
    """One point on a partnership's onboarding checklist (intro conversation, confidentiality, børneattest…)."""

    class ItemKind(models.TextChoices):
        INTRO = "intro", _("Intro conversation")
        CONFIDENTIALITY = "confidentiality", _("Confidentiality declaration")
        CHILD_RECORD = "child_record", _("Child-protection record (børneattest)")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE,
                                    related_name="onboarding_items")
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices, default=ItemKind.OTHER)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    required_for_all = models.BooleanField(
        _("required before any assignment"), default=False,
        help_text=_("If ticked, no volunteer can be given a task before this is done."))
    valid_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), null=True, blank=True,
        help_text=_("Leave empty if it does not expire. A børneattest is often renewed every 24 months."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("onboarding item")
        verbose_name_plural = _("onboarding checklist")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class OnboardingRecord(models.Model):
    """That a volunteer has completed an onboarding item, when, and when it expires."""

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="onboarding")
    item = models.ForeignKey(OnboardingItem, on_delete=models.CASCADE, related_name="records")
    completed_on = models.DateField(_("done on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("onboarding record")
        verbose_name_plural = _("onboarding records")
        constraints = [models.UniqueConstraint(fields=["profile", "item"], name="unique_onboarding_record")]

    def is_valid_on(self, day) -> bool:
        return self.completed_on <= day and (self.expires_on is None or self.expires_on >= day)


class Task(models.Model):
    """A task (opgave) for the partnership or one of its activities: what, when, requirements, commitment.

    004: tasks are matched to the volunteer, not the other way round; state how much time a task takes; spread
    tasks so no activity depends on one person (``volunteers_needed``).
    """

    class Kind(models.TextChoices):
        ACTIVITY = "activity", _("Help run an activity")
        HOST = "host", _("Host (vært)")
        COMPANION = "companion", _("Companion (følgeven)")
        OTHER = "other", _("Other / practical task")

    class TaskStatus(models.TextChoices):
        OPEN = "open", _("Looking for volunteers")
        FILLED = "filled", _("Filled")
        CLOSED = "closed", _("Closed")

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="tasks")
    activity = models.ForeignKey(
        "directory.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="volunteer_tasks",
        verbose_name=_("activity"),
        help_text=_("The activity in the directory this task belongs to, if any. A host volunteer who takes a host "
                    "task for an activity becomes one of its hosts (000 §7.3)."))
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("what the task is"), blank=True,
                                   help_text=_("What will the volunteer do, why does it matter, and what do they "
                                               "get out of it (004)."))
    kind = models.CharField(_("kind of task"), max_length=10, choices=Kind.choices, default=Kind.ACTIVITY)
    keywords = models.CharField(_("interests and skills that fit"), max_length=300, blank=True,
                                help_text=_("Separate with commas, e.g. cooking, football, arabisk."))
    languages = models.CharField(_("useful languages"), max_length=200, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, null=True, blank=True)
    day_part = models.CharField(_("part of day"), max_length=10, choices=DayPart.choices, blank=True)
    starts_on = models.DateField(_("first date"), null=True, blank=True)
    ends_on = models.DateField(_("last date"), null=True, blank=True)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("to"), null=True, blank=True)
    meeting_place = models.CharField(_("meeting place"), max_length=200, blank=True,
                                     help_text=_("Address, entrance and who receives the volunteer (000 §7.2)."))
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    commitment = models.CharField(_("commitment"), max_length=8, choices=Commitment.choices,
                                  default=Commitment.SMALL)
    hours_per_month = models.PositiveSmallIntegerField(_("hours per month"), null=True, blank=True,
                                                       help_text=_("Say how much time it takes (004)."))
    volunteers_needed = models.PositiveSmallIntegerField(
        _("volunteers needed"), default=2,
        help_text=_("Two or more keeps the task from depending on one person (004)."))
    involves_children = models.BooleanField(_("involves children under 15"), default=False,
                                            help_text=_("Then a valid børneattest is required."))
    requirements = models.ManyToManyField(OnboardingItem, blank=True, related_name="tasks",
                                          verbose_name=_("requirements"))
    status = models.CharField(_("status"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def slot_mask(self) -> int:
        if self.weekday is None:
            return 0
        if self.day_part:
            return slot_bit(self.weekday, self.day_part)
        return slots_mask((self.weekday, p) for p in DAY_PARTS)


class TaskAssignment(models.Model):
    """A volunteer holds a task. Created only when the task's requirements are met (services.assign_task)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="task_assignments")
    active = models.BooleanField(_("active"), default=True)
    starts = models.DateField(_("from"), default=timezone.localdate)
    ends = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task assignment")
        verbose_name_plural = _("task assignments")
        indexes = [models.Index(fields=["profile", "active"]), models.Index(fields=["task", "active"])]


class HostAssignment(models.Model):
    """A volunteer hosts (is vært for) a directory activity: welcomes newcomers there (000 §7.3).

    Created by ``services.assign_host`` — directly, or when a volunteer takes a host task linked to the activity
    (then ``task`` is set and the load is counted once, as the task). ``services.hosts_for_activities`` lists the
    active hosts per activity for the bridging app.
    """

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="host_assignments")
    activity = models.ForeignKey("directory.Activity", on_delete=models.CASCADE, related_name="host_assignments",
                                 verbose_name=_("activity"))
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="host_assignments")
    active = models.BooleanField(_("active"), default=True)
    starts = models.DateField(_("from"), default=timezone.localdate)
    ends = models.DateField(_("until"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("host assignment")
        verbose_name_plural = _("host assignments")
        indexes = [models.Index(fields=["activity", "active"]), models.Index(fields=["profile", "active"])]
        constraints = [models.UniqueConstraint(fields=["profile", "activity"], condition=models.Q(active=True),
                                               name="unique_active_host")]


class Ask(models.Model):
    """Who was asked to take a task, by whom, and the answer (004: invite personally, follow up, no hurry)."""

    class Answer(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        YES = "yes", _("Yes")
        NO = "no", _("No thanks")
        LATER = "later", _("Maybe later")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="asks")
    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="asks")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    score = models.PositiveSmallIntegerField(_("fit"), default=0)
    reasons = models.CharField(_("why suggested"), max_length=500, blank=True)
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices, default=Answer.PENDING)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["task", "profile"])]


class SupportNote(models.Model):
    """A support or follow-up conversation with a volunteer (004 Del 4: follow up on the match continuously)."""

    class NoteKind(models.TextChoices):
        FOLLOW_UP = "follow_up", _("Follow-up conversation")
        SUPPORT = "support", _("Support / sparring")
        MATCH_REVIEW = "match_review", _("Review of the task match")
        SUPERVISION = "supervision", _("Supervision")
        OTHER = "other", _("Other")

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="support_notes")
    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=16, choices=NoteKind.choices, default=NoteKind.FOLLOW_UP)
    note = models.TextField(_("note"), blank=True, help_text=_("Short and factual; the volunteer may ask to see it."))
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support note")
        verbose_name_plural = _("support notes")
        ordering = ["-date", "-pk"]


class Recognition(models.Model):
    """Recognition given to a volunteer: thanks, a course, an event (004 Del 5)."""

    class RecognitionKind(models.TextChoices):
        THANKS = "thanks", _("Thank-you")
        COURSE = "course", _("Course or training")
        EVENT = "event", _("Event or party")
        GIFT = "gift", _("Small gift")
        REFERENCE = "reference", _("Reference or certificate")
        STORY = "story", _("Success story shared")
        OTHER = "other", _("Other")

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="recognitions")
    date = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=10, choices=RecognitionKind.choices,
                            default=RecognitionKind.THANKS)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+")

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["-date", "-pk"]


class VisitLog(models.Model):
    """The volunteer's own note that a visit or shift happened (from the volunteer's page).

    ``ref`` is an opaque reference to what it was about: "task:<id>", "host:<id>" or a reference handed out by
    the bridging app for a companion assignment (e.g. "companion:<id>"). No citizen data is stored here.
    """

    profile = models.ForeignKey(VolunteerProfile, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("date"), default=timezone.localdate)
    ref = models.CharField(_("about"), max_length=64)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["ref", "date"])]


class SelfAssessment(models.Model):
    """The 004 checklist ('Din tjekliste') answered for one volunteer initiative at one point in time."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE,
                                    related_name="volunteer_self_assessments")
    initiative = models.CharField(_("volunteer initiative"), max_length=150,
                                  help_text=_("E.g. 'Følgevenner' or 'Café volunteers'."))
    date = models.DateField(_("date"), default=timezone.localdate)
    participants = models.CharField(_("who took part"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.initiative} {self.date:%Y-%m-%d}"


class SelfAssessmentAnswer(models.Model):
    class AnswerStatus(models.TextChoices):
        NOT_YET = "not_yet", _("Not considered yet")
        STARTED = "started", _("Partly in place")
        IN_PLACE = "in_place", _("In place")
        NOT_RELEVANT = "not_relevant", _("Not relevant for us")

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=40)  # key from checklist.QUESTIONS
    answer = models.TextField(_("our answer"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=AnswerStatus.choices,
                              default=AnswerStatus.NOT_YET)
    notes = models.CharField(_("next step"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["assessment", "question"], name="unique_assessment_answer")]
