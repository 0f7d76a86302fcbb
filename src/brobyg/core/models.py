from django.db import models


class PublicFormCount(models.Model):
    """Submissions of a public form per hashed client address per hour (the throttle of core.publicforms)."""

    scope = models.CharField(max_length=20)
    key = models.CharField(max_length=64)
    hour = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key", "hour"], name="unique_public_form_count")]
