import pytest
from django.core.management import call_command

from brobyg.volunteers.models import VolunteerProfile

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_links_the_demo_volunteer():
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    count = VolunteerProfile.objects.count()
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    assert VolunteerProfile.objects.count() == count >= 12
    hanne = VolunteerProfile.objects.get(user__username="volunteer")
    assert hanne.wants_companion and hanne.wants_host
