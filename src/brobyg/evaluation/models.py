"""Network survey rounds (who works with whom, trust and value) and theories of change per intervention (003 §6)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SurveyRound(models.Model):
    """One round of the network survey in a partnership: every actor answers about every other actor."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE,
                                    related_name="survey_rounds")
    title = models.CharField(_("title"), max_length=200)
    opened = models.DateTimeField(_("opened"), default=timezone.now)
    expires = models.DateTimeField(_("links expire"))
    closed = models.BooleanField(_("closed"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("network survey round")
        verbose_name_plural = _("network survey rounds")
        ordering = ["-opened", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return not self.closed and self.expires > timezone.now()


class Invitation(models.Model):
    """An actor's personal link for a round. Only a SHA-256 hash of the random token is stored."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="invitations")
    actor = models.ForeignKey("partnerships.PartnershipOrganisation", on_delete=models.CASCADE,
                              related_name="survey_invitations")
    respondent_name = models.CharField(_("respondent"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [models.UniqueConstraint(fields=["round", "actor"], name="unique_invitation_per_actor")]

    def __str__(self) -> str:
        return f"invitation #{self.pk}"


class Frequency(models.IntegerChoices):
    RARELY = 1, _("A few times a year or less")
    QUARTERLY = 2, _("About every quarter")
    MONTHLY = 3, _("About every month")
    WEEKLY = 4, _("Every week or more")


class TieKind(models.TextChoices):
    INFORMATION = "information", _("Sharing information")
    REFERRALS = "referrals", _("Referring citizens")
    ACTIVITIES = "activities", _("Shared activities")
    RESOURCES = "resources", _("Sharing resources (rooms, money, people)")


class Tie(models.Model):
    """What one actor (source) answered about another (target) in a round. ``works_together`` False = no tie."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="ties")
    source = models.ForeignKey("partnerships.PartnershipOrganisation", on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey("partnerships.PartnershipOrganisation", on_delete=models.CASCADE, related_name="+")
    works_together = models.BooleanField(default=False)
    # False: "we don't know this organisation" — no tie, and not the same answer as "we don't work together".
    knows_target = models.BooleanField(default=True)
    frequency = models.PositiveSmallIntegerField(choices=Frequency.choices, null=True, blank=True)
    kinds = models.CharField(max_length=100, blank=True)  # comma-separated TieKind values
    trust_1 = models.PositiveSmallIntegerField(null=True, blank=True)
    trust_2 = models.PositiveSmallIntegerField(null=True, blank=True)
    trust_3 = models.PositiveSmallIntegerField(null=True, blank=True)
    value_1 = models.PositiveSmallIntegerField(null=True, blank=True)
    value_2 = models.PositiveSmallIntegerField(null=True, blank=True)
    value_3 = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "source", "target"], name="unique_tie_answer")]

    @staticmethod
    def _mean(values):
        values = [v for v in values if v is not None]
        return sum(values) / len(values) if values else None

    @property
    def trust(self) -> float | None:
        """Composite trust score 1–4: the mean of the three trust questions."""
        return self._mean([self.trust_1, self.trust_2, self.trust_3])

    @property
    def value(self) -> float | None:
        return self._mean([self.value_1, self.value_2, self.value_3])


class Intervention(models.Model):
    """A social intervention (indsats) of the partnership, with its theory of change."""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE,
                                    related_name="interventions")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ElementKind(models.TextChoices):
    ACTIVITY = "activity", pgettext_lazy("theory of change", "Activity")
    OUTPUT = "output", pgettext_lazy("theory of change", "Output")
    OUTCOME = "outcome", pgettext_lazy("theory of change", "Outcome")
    ASSUMPTION = "assumption", _("Assumption")


class ChangeElement(models.Model):
    """One box of a theory of change, optionally measured by an indicator of the registry."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="elements")
    kind = models.CharField(_("kind"), max_length=12, choices=ElementKind.choices)
    text = models.CharField(_("text"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    indicator = models.CharField(_("indicator"), max_length=64, blank=True)
    leads_to = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="comes_from",
                                      verbose_name=_("leads to"))

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text
