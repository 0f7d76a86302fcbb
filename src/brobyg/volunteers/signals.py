"""Link a volunteer's login to their profile when they accept a volunteer invitation with the same e-mail."""
from django.db.models.signals import post_save
from django.dispatch import receiver

from brobyg.partnerships.models import Membership, Role


@receiver(post_save, sender=Membership, dispatch_uid="volunteers-link-profile")
def link_profile(sender, instance: Membership, created: bool, **kwargs):
    if not created or instance.role != Role.VOLUNTEER or not instance.user.email:
        return
    from .models import VolunteerProfile

    VolunteerProfile.objects.filter(partnership_id=instance.partnership_id, user__isnull=True,
                                    email__iexact=instance.user.email).update(user=instance.user)
