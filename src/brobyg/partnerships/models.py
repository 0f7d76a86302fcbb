"""Organisations, local cross-sector partnerships and the memberships (with roles) that tie users to them."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    # The typical partner types of 000 §6.1.1.
    PUBLIC = "public", _("Public / municipality")
    ASSOCIATION = "association", _("Civil society / association")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Volunteer centre")
    HOUSING = "housing", _("Housing social plan")
    PRIVATE = "private", _("Private company")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    FAITH = "faith", _("Church / faith")


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator (backbone)")
    REFERRER = "referrer", _("Referrer")
    BRIDGE_BUILDER = "bridge_builder", _("Bridge-builder")
    ASSOCIATION_CONTACT = "association_contact", _("Association contact")
    VOLUNTEER = "volunteer", _("Volunteer")
    EVALUATOR = "evaluator", _("Evaluator")


class PartnerType(models.TextChoices):
    """What kind of place an actor is. The first ten are the typical partner types of 000 §6.1.1."""

    SCHOOL = "school", _("School")
    DAYCARE = "daycare", _("Day-care")
    SPORTS_CLUB = "sports_club", _("Sports club or youth club")
    ASSOCIATION = "association", _("Voluntary association or organisation")
    RESIDENTIAL_HOME = "residential_home", _("Residential home")
    CHURCH = "church", _("Church or parish council")
    HOUSING = "housing", _("Housing association or social plan")
    HEALTH_CENTRE = "health_centre", _("Health centre")
    NURSING_HOME = "nursing_home", _("Nursing home or activity centre")
    MUNICIPALITY = "municipality", _("Municipality department")
    VOLUNTEER_CENTRE = "volunteer_centre", _("Volunteer centre")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


TYPICAL_PARTNER_TYPES = [
    PartnerType.SCHOOL, PartnerType.DAYCARE, PartnerType.SPORTS_CLUB, PartnerType.ASSOCIATION,
    PartnerType.RESIDENTIAL_HOME, PartnerType.CHURCH, PartnerType.HOUSING, PartnerType.HEALTH_CENTRE,
    PartnerType.NURSING_HOME, PartnerType.MUNICIPALITY,
]

# When an actor's partner type is not set, its organisation's sector suggests one.
SECTOR_DEFAULT_TYPE = {
    Sector.PUBLIC: PartnerType.MUNICIPALITY,
    Sector.ASSOCIATION: PartnerType.ASSOCIATION,
    Sector.VOLUNTEER_CENTRE: PartnerType.VOLUNTEER_CENTRE,
    Sector.HOUSING: PartnerType.HOUSING,
    Sector.PRIVATE: PartnerType.COMPANY,
    Sector.EDUCATION: PartnerType.SCHOOL,
    Sector.HEALTH: PartnerType.HEALTH_CENTRE,
    Sector.FAITH: PartnerType.CHURCH,
}


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, default=Sector.ASSOCIATION)
    description = models.TextField(_("description"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partnership(models.Model):
    """A local cross-sector partnership: several organisations working together in a municipality."""

    name = models.CharField(_("name"), max_length=200)
    project_name = models.CharField(_("project name"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    municipality = models.CharField(_("municipality"), max_length=100)
    starts = models.DateField(_("starts"), null=True, blank=True)
    ends = models.DateField(_("ends"), null=True, blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="PartnershipOrganisation", related_name="partnerships", verbose_name=_("organisations")
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnershipOrganisation(models.Model):
    """An organisation's place in a partnership (an 'actor')."""

    class ActorRole(models.TextChoices):
        BACKBONE = "backbone", _("Backbone")
        STEERING_GROUP = "steering_group", _("Steering group")
        WORKING_GROUP = "working_group", _("Working group")
        ALLY = "ally", _("Ally")
        # 001: the partnerships wished they had had user representatives in their governance.
        USER_REPRESENTATIVE = "user_representative", _("User representatives")
        MEMBER = "member", _("Member")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="actors")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="actor_in")
    actor_role = models.CharField(_("role in the partnership"), max_length=32, choices=ActorRole.choices,
                                  default=ActorRole.MEMBER)
    joined = models.DateField(_("joined"), null=True, blank=True)
    # Workspace details (issue 6); they belong to this partnership, the organisation itself is shared.
    partner_type = models.CharField(_("type of partner"), max_length=32, choices=PartnerType.choices, blank=True)
    contribution = models.TextField(_("what the actor brings"), blank=True,
                                    help_text=_("Facilities, access to the target group, skills, network, "
                                                "location (000 §6.1.1)."))
    notes = models.TextField(_("notes"), blank=True)
    holds_authority = models.BooleanField(
        _("holds authority responsibility (myndighedsansvar)"), default=False,
        help_text=_("E.g. a municipal department that decides cases. It takes part as an equal, but should not "
                    "facilitate the partnership (003 §2.3.1)."))

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation"], name="unique_partnership_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.partnership}"

    def effective_type(self) -> str:
        """The partner type, or the one the organisation's sector suggests."""
        return self.partner_type or SECTOR_DEFAULT_TYPE.get(self.organisation.sector, PartnerType.OTHER)


class Membership(models.Model):
    """One role a user holds in a partnership, on behalf of an organisation. A user may hold several."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership", "organisation", "role"], name="unique_membership")
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.partnership}"


# --- The partnership workspace (issue 6): actors and contacts, phases, meetings, agreement, self-ratings -------------
# The evaluation app reads these models (actors for the network survey, ratings and phases for the dashboard).


class ContactPerson(models.Model):
    """A person the partnership talks to at an actor. Professional contact details only."""

    actor = models.ForeignKey(PartnershipOrganisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("job title or function"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_ally = models.BooleanField(_("ally"), default=False,
                                  help_text=_("The person at the partner who takes ownership of the shared work "
                                              "(000 §6.1.5)."))
    in_steering_group = models.BooleanField(_("in the steering group"), default=False)
    notes = models.CharField(_("notes"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["-is_ally", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def partnership(self):
        return self.actor.partnership


class Phase(models.TextChoices):
    """The five phases of the collaboration model (000 §6)."""

    BEFORE_START = "before_start", _("Before start")
    START_UP = "start_up", _("Start-up")
    FORMALISATION = "formalisation", _("Formalisation")
    RUNNING = "running", _("Running")
    ANCHORING = "anchoring", _("Anchoring")


class PhaseItem(models.Model):
    """One checklist item of a phase. Items with a ``key`` come from the advice of 000 §6 (see services)."""

    class Status(models.TextChoices):
        TODO = "todo", _("Not started")
        DOING = "doing", _("In progress")
        DONE = "done", _("Done")
        NOT_RELEVANT = "not_relevant", _("Not relevant")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="phase_items")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    key = models.CharField(max_length=40, blank=True)
    title = models.CharField(_("item"), max_length=200)
    source = models.CharField(_("source"), max_length=40, blank=True)
    order = models.PositiveSmallIntegerField(default=100)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.TODO)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    date = models.DateField(_("date"), null=True, blank=True, help_text=_("When it is due or was done."))
    notes = models.TextField(_("notes"), blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phase item")
        verbose_name_plural = _("phase items")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "key"], condition=~models.Q(key=""),
                                    name="unique_phase_item_key"),
        ]

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    class Form(models.TextChoices):
        PHYSICAL = "physical", _("Physical meeting")
        ONLINE = "online", _("Online")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    form = models.CharField(_("form"), max_length=16, choices=Form.choices, default=Form.PHYSICAL)
    place = models.CharField(_("place or link"), max_length=200, blank=True)
    organisations = models.ManyToManyField(PartnershipOrganisation, blank=True, related_name="meetings",
                                           verbose_name=_("actors present"))
    attendees = models.TextField(_("attendees"), blank=True, help_text=_("Who took part (one per line)."))
    decisions = models.TextField(_("decisions"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title


class FollowUpAction(models.Model):
    """A follow-up action agreed at a meeting, with an owner and a due date."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="follow_up_actions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("owner"))
    owner_actor = models.ForeignKey(PartnershipOrganisation, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("responsible actor"))
    due = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["done", "due", "pk"]
        indexes = [models.Index(fields=["partnership", "done", "due"])]

    def __str__(self) -> str:
        return self.text


class AgreementVersion(models.Model):
    """One saved version of the collaboration agreement (000 §6.3.2). Every save makes a new version."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agreement_versions")
    number = models.PositiveIntegerField(_("version"))
    purpose = models.TextField(_("purpose"))
    values = models.TextField(_("values and view of people"), blank=True)
    resources = models.TextField(_("resources"), blank=True)
    meeting_rhythm = models.CharField(_("meeting rhythm"), max_length=300, blank=True)
    starts = models.DateField(_("starts"), null=True, blank=True)
    ends = models.DateField(_("ends"), null=True, blank=True)
    signed_off_by = models.TextField(_("management sign-off"), blank=True,
                                     help_text=_("Which managers at each partner back the agreement (000 §6.3.3)."))
    signed_off_on = models.DateField(_("signed off on"), null=True, blank=True)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    # 000 §7.1.4: decide where recruitment lies by who has the best access to the target group. The values are
    # those of bridging.RecruitmentOwner, which a referral records.
    recruitment_owner = models.CharField(_("who recruits the target group"), max_length=16, blank=True,
                                         choices=[("municipality", _("Municipality")),
                                                  ("association", _("Association")), ("shared", _("Shared"))])
    recruitment_reason = models.TextField(
        _("why them"), blank=True,
        help_text=_("Who has the best access to and knowledge of the target group (000 §7.1.4)."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("collaboration agreement version")
        verbose_name_plural = _("collaboration agreement versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["partnership", "number"], name="unique_agreement_version")]

    def __str__(self) -> str:
        return f"{self.partnership} v{self.number}"


class AgreementTask(models.Model):
    """Who does what: one party's task or responsibility in one agreement version."""

    class Area(models.TextChoices):
        # The kinds of tasks a detailed agreement divides (000 §6.3.2).
        RECRUITMENT = "recruitment", _("Recruiting the target group")
        STAKEHOLDERS = "stakeholders", _("Contact with stakeholders")
        TRAINING = "training", _("Training of volunteers and staff")
        ACTIVITIES = "activities", _("Planning and running activities")
        MANAGEMENT = "management", _("Project management")
        OTHER = "other", _("Other")

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="tasks")
    actor = models.ForeignKey(PartnershipOrganisation, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("party"))
    party_name = models.CharField(max_length=200, blank=True)  # kept if the actor later leaves
    area = models.CharField(_("area"), max_length=20, choices=Area.choices, default=Area.OTHER)
    description = models.TextField(_("task and responsibility"))

    class Meta:
        ordering = ["party_name", "area", "pk"]


class RatingRound(models.Model):
    """One self-rating of the collective impact conditions and anchoring potential (003, 000 §6.5)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="rating_rounds")
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("self-rating")
        verbose_name_plural = _("self-ratings")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title or str(self.date)


class Rating(models.Model):
    round = models.ForeignKey(RatingRound, on_delete=models.CASCADE, related_name="ratings")
    condition = models.CharField(max_length=32)
    score = models.PositiveSmallIntegerField(null=True, blank=True)  # 1–5; empty = don't know
    comment = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "condition"], name="unique_rating_condition")]
