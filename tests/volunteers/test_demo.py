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


def test_scale_loader_makes_20_volunteers_per_unit_with_tasks_and_onboarding_and_is_rerunnable():
    import io

    from brobyg.core.demo import DemoContext
    from brobyg.partnerships import demo as partnerships_demo
    from brobyg.volunteers import demo, services
    from brobyg.volunteers.models import OnboardingRecord, Task

    out = io.StringIO()
    ctx = DemoContext(out=out)
    partnerships_demo.load_scale(ctx, 3)
    demo.load_scale(ctx, 3)
    synthetic = VolunteerProfile.objects.filter(email__endswith="@syntetisk.invalid")
    assert synthetic.count() == 60
    assert "volunteers" in out.getvalue() and "60/60" in out.getvalue()
    tasks = Task.objects.filter(title__startswith="Syntetisk opgave")
    assert tasks.count() == 5 * len(ctx.extra["scale_partnerships"])
    assert OnboardingRecord.objects.filter(profile__in=synthetic).exists()
    demo.load_scale(ctx, 3)  # a second run adds nothing
    assert synthetic.count() == 60 and tasks.count() == 5 * len(ctx.extra["scale_partnerships"])
    task = tasks.filter(involves_children=True).first()
    assert all(s.score >= 0 for s in services.suggest_volunteers(task))
