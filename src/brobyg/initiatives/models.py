"""Citizens and residents as initiators (issue 8).

- Ideas: "a concrete place to bring an idea" with expectations both ways and the support it needs
  (004 Part 2, "start help for resident ideas"), tied to the partnership's target groups, focus areas or measured
  criteria (004 Part 2, "existing efforts and continuous adjustment").
- Causes: a cause starts in a small circle, holds meetings of 2–30 people, makes an action plan and reaches out for
  helpers (002, case Sager der Samler).
- Success stories and logbooks: light documentation that stays with staff and is useful to those who record it
  (004 Part 2, "documentation by alternative methods"; 002 "evaluation and self-evaluation").
- Self-assessments: the success elements of 001 and capacity for action of 003 §2.2.1, answered by each partner.
"""
from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brobyg.partnerships.models import Organisation, Partnership


class PlanLink(models.Model):
    """Something of the partnership's plan an idea can be tied to (004 Part 2): a target group, a focus area or a
    criterion the partnership measures."""

    class Kind(models.TextChoices):
        TARGET_GROUP = "target_group", _("Target group")
        FOCUS_AREA = "focus_area", _("Focus area")
        CRITERION = "criterion", _("Measured criterion")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="plan_links")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.FOCUS_AREA)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("plan link")
        verbose_name_plural = _("plan links")
        ordering = ["partnership", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "kind", "name"], name="unique_plan_link")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class IdeaStatus(models.TextChoices):
    NEW = "new", _("New")
    DIALOGUE = "dialogue", _("In dialogue")
    RUNNING = "running", _("Running")
    PARKED = "parked", _("Parked")
    DECLINED = "declined", _("Declined with an explanation")


class Idea(models.Model):
    """An idea brought by a citizen, resident or volunteer (004 Part 2, 'start help for resident ideas')."""

    class Source(models.TextChoices):
        PUBLIC = "public", _("Public form")
        STAFF = "staff", _("Entered by staff")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="ideas")
    title = models.CharField(_("the idea in a few words"), max_length=200)
    description = models.TextField(_("what would you like to start?"))
    initiator_name = models.CharField(_("who is behind the idea"), max_length=200)
    initiator_contact = models.CharField(_("phone or e-mail"), max_length=200, blank=True)
    co_initiators = models.CharField(_("others who are in on it"), max_length=300, blank=True)
    initiator_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="initiated_ideas", verbose_name=_("initiator's login"))
    source = models.CharField(_("received via"), max_length=16, choices=Source.choices, default=Source.STAFF)
    contact_consent = models.BooleanField(_("the initiator agreed that we store the contact details"), default=False)
    # Support needed (004 Part 2: staff/practical support, premises, money).
    needs_staff = models.BooleanField(_("help from staff (practical or professional)"), default=False)
    needs_premises = models.BooleanField(_("premises"), default=False)
    needs_money = models.BooleanField(_("money"), default=False)
    needs_other = models.CharField(_("other support"), max_length=300, blank=True)
    # Expectations both ways (004 Part 2).
    initiator_expects = models.TextField(_("what the initiators expect of the partnership"), blank=True)
    partnership_expects = models.TextField(_("what the partnership expects of the initiators"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=IdeaStatus.choices, default=IdeaStatus.NEW,
                              db_index=True)
    explanation = models.TextField(_("explanation to the initiator"), blank=True)
    plan_links = models.ManyToManyField(PlanLink, blank=True, related_name="ideas",
                                        verbose_name=_("tied to the plan"))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("contact person among staff"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    received = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    status_changed = models.DateTimeField(_("status changed"), default=timezone.now)
    started = models.DateTimeField(_("became an activity or cause"), null=True, blank=True)
    activity = models.ForeignKey("directory.Activity", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="ideas", verbose_name=_("activity in the directory"))

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-received", "-id"]
        indexes = [models.Index(fields=["partnership", "status"]), models.Index(fields=["partnership", "received"])]

    def __str__(self) -> str:
        return self.title

    def support_list(self) -> list[str]:
        items = []
        if self.needs_staff:
            items.append(str(_("staff help")))
        if self.needs_premises:
            items.append(str(_("premises")))
        if self.needs_money:
            items.append(str(_("money")))
        if self.needs_other:
            items.append(self.needs_other)
        return items


class IdeaNote(models.Model):
    """One step of the dialogue with the initiators: a call, a meeting, an agreement."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="notes")
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("what was talked about or agreed"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dialogue note")
        verbose_name_plural = _("dialogue notes")
        ordering = ["-date", "-id"]


class Cause(models.Model):
    """A cause ('sag') started by citizens (002, Sager der Samler): small circle → meetings → action plan → helpers."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="causes")
    idea = models.ForeignKey(Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="causes",
                             verbose_name=_("from the idea"))
    title = models.CharField(_("the cause"), max_length=200)
    purpose = models.TextField(_("what the cause wants to change"))
    started_by = models.CharField(_("started by"), max_length=300,
                                  help_text=_("The people who started the cause – kept even when others join."))
    action_plan = models.TextField(_("action plan"), blank=True)
    call_for_helpers = models.TextField(_("call for helpers"), blank=True,
                                        help_text=_("What help you are looking for, and how people can join."))
    looking_for_helpers = models.BooleanField(_("looking for helpers now"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cause")
        verbose_name_plural = _("causes")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.title


class CauseMeeting(models.Model):
    """A meeting in a cause: 2–30 people (002) who agree the next steps."""

    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"), default=timezone.localdate)
    participants = models.PositiveSmallIntegerField(
        _("number of people"), validators=[MinValueValidator(2), MaxValueValidator(30)],
        help_text=_("Meetings in a cause gather between 2 and 30 people (002, Sager der Samler)."))
    notes = models.TextField(_("what was decided"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cause meeting")
        verbose_name_plural = _("cause meetings")
        ordering = ["-date", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(participants__gte=2, participants__lte=30),
                                              name="cause_meeting_2_to_30")]


def story_photo_path(instance, filename):
    # A random name: the file name a phone gives a photo can carry a person's name or a place.
    return f"initiatives/stories/{timezone.now():%Y/%m}/{secrets.token_hex(12)}.jpg"


class Story(models.Model):
    """A short success story (004 Part 2: small stories so staff remember and can use them in presentations)."""

    class Sharing(models.TextChoices):
        STAFF = "staff", _("Only staff in the partnership")
        REPORTS = "reports", _("May be used in reports and presentations")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(_("headline"), max_length=200)
    date = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("what happened"))
    change = models.TextField(_("what changed"), blank=True)
    people = models.CharField(_("who was involved"), max_length=300, blank=True,
                              help_text=_("First names or roles are enough."))
    people_consent = models.BooleanField(_("the people in the story agreed that it is written down"),
                                         default=False)
    sharing = models.CharField(_("who may see the story"), max_length=16, choices=Sharing.choices,
                               default=Sharing.STAFF)
    share_consent = models.BooleanField(_("the people in the story agreed that it is shared"), default=False)
    photo = models.ImageField(_("photo"), upload_to=story_photo_path, blank=True)
    photo_consent = models.BooleanField(_("the people in the photo agreed to it"), default=False)
    idea = models.ForeignKey(Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="stories",
                             verbose_name=_("idea"))
    cause = models.ForeignKey(Cause, on_delete=models.SET_NULL, null=True, blank=True, related_name="stories",
                              verbose_name=_("cause"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["partnership", "date"])]

    def __str__(self) -> str:
        return self.title


class LogEntry(models.Model):
    """A dated logbook note for the partnership or one of its activities or causes (002: logbooks)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="log_entries")
    cause = models.ForeignKey(Cause, on_delete=models.CASCADE, null=True, blank=True, related_name="log_entries",
                              verbose_name=_("cause"))
    activity = models.ForeignKey("directory.Activity", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="log_entries", verbose_name=_("activity"))
    activity_name = models.CharField(_("other activity"), max_length=200, blank=True,
                                     help_text=_("Leave empty for a note about the partnership as a whole."))
    date = models.DateField(_("date"), default=timezone.localdate)
    happened = models.TextField(_("what happened"))
    learned = models.TextField(_("what we learned"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("logbook note")
        verbose_name_plural = _("logbook notes")
        ordering = ["-date", "-id"]


class AssessmentRound(models.Model):
    """One round of the partnership self-assessment (001 success elements, 003 §2.2.1 capacity for action)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="assessment_rounds")
    title = models.CharField(_("title"), max_length=200)
    opens = models.DateField(_("date"), default=timezone.localdate)
    closed = models.BooleanField(_("closed for answers"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment round")
        verbose_name_plural = _("self-assessment rounds")
        ordering = ["partnership", "-opens", "-id"]

    def __str__(self) -> str:
        return self.title


class AssessmentResponse(models.Model):
    """One partner organisation's own answer in a round (each partner answers on its own)."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    answered = models.DateTimeField(default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "organisation"], name="one_response_per_partner")]


class AssessmentScore(models.Model):
    response = models.ForeignKey(AssessmentResponse, on_delete=models.CASCADE, related_name="scores")
    element = models.CharField(max_length=32)
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "element"], name="one_score_per_element")]


# ---------------------------------------------------------------------------------------------------------------
# Activities in the directory: involvement level, initiators as core volunteers, hosting rota and balance.
# Kept here, linked to directory.Activity, so the directory app stays as it is.
# ---------------------------------------------------------------------------------------------------------------


class Level(models.IntegerChoices):
    """Six levels of involvement, in our own words after 004 Table 1 (itself after Arnstein's ladder): 1–3 the
    partnership takes the initiative, 4–6 residents or citizens do."""

    PLAN_LED = 1, _("1 · Run by the partnership; participants take part")
    DIALOGUE = 2, _("2 · The partnership asks participants for their views")
    CO_DEVELOPED = 3, _("3 · The partnership leads; participants help shape it")
    HANDING_OVER = 4, _("4 · Citizen-driven, staff coordinate while handing over")
    SUPPORTED = 5, _("5 · Citizen-driven and self-governing, with practical staff help")
    SELF_RUNNING = 6, _("6 · Citizen-driven and self-running; only money is needed")


class Steering(models.TextChoices):
    """How much the partnership steers (004 Part 2: set by activity type, purpose, expected outcome and the
    volunteers' needs and resources — too little overwhelms, too much takes away ownership)."""

    HIGH = "high", _("A lot of steering")
    SOME = "some", _("Some steering")
    LITTLE = "little", _("Little steering")


class ActivityInvolvement(models.Model):
    """One recorded involvement level of a directory activity; the history shows the movement up (or down) the
    ladder over time (004 Table 1)."""

    activity = models.ForeignKey("directory.Activity", on_delete=models.CASCADE, related_name="involvement")
    level = models.PositiveSmallIntegerField(_("involvement level"), choices=Level.choices)
    steering = models.CharField(_("degree of steering"), max_length=8, choices=Steering.choices,
                                default=Steering.SOME)
    set_on = models.DateField(_("from"), default=timezone.localdate)
    note = models.CharField(_("why"), max_length=300, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("involvement level")
        verbose_name_plural = _("involvement levels")
        ordering = ["activity", "set_on", "id"]
        indexes = [models.Index(fields=["activity", "set_on"])]

    @property
    def staff_role(self) -> str:
        from .services import staff_role

        return staff_role(self.level)


class ActivityInitiator(models.Model):
    """The citizens who started an activity, as core volunteers (004: core volunteers / driving spirits) — kept
    so the activity remembers who started it."""

    activity = models.ForeignKey("directory.Activity", on_delete=models.CASCADE, related_name="initiators")
    profile = models.ForeignKey("volunteers.VolunteerProfile", on_delete=models.CASCADE,
                                related_name="initiated_activities")
    idea = models.ForeignKey(Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="initiators")
    since = models.DateField(_("since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("initiator")
        verbose_name_plural = _("initiators")
        constraints = [models.UniqueConstraint(fields=["activity", "profile"], name="unique_activity_initiator")]


class HostShift(models.Model):
    """Host of the week (002: hosting can rotate, chosen at a weekly meeting), with the three sides of hosting as
    prompts: connecting, inviting and facilitating."""

    activity = models.ForeignKey("directory.Activity", on_delete=models.CASCADE, related_name="host_shifts")
    week = models.DateField(_("week starting"))
    host = models.ForeignKey("volunteers.VolunteerProfile", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="host_shifts", verbose_name=_("host"))
    host_name = models.CharField(_("host (if not a registered volunteer)"), max_length=200, blank=True)
    connected = models.TextField(_("connecting: who did you introduce to whom?"), blank=True)
    invited = models.TextField(_("inviting: who did you welcome, and who did you ask along?"), blank=True)
    facilitated = models.TextField(_("facilitating: what chance to take part did you make visible?"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("host of the week")
        verbose_name_plural = _("hosts of the week")
        ordering = ["activity", "-week"]
        constraints = [models.UniqueConstraint(fields=["activity", "week"], name="one_host_per_week")]

    @property
    def name(self) -> str:
        return self.host.name if self.host_id else self.host_name

