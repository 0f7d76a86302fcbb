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
        MEMBER = "member", _("Member")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="actors")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="actor_in")
    actor_role = models.CharField(_("role in the partnership"), max_length=32, choices=ActorRole.choices,
                                  default=ActorRole.MEMBER)
    joined = models.DateField(_("joined"), null=True, blank=True)

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation"], name="unique_partnership_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.partnership}"


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
