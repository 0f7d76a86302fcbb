import pytest

from brobyg.partnerships.models import Role
from brobyg.volunteers import services
from brobyg.volunteers.models import Status, Task, VolunteerProfile


@pytest.fixture
def make_volunteer(partnership_a):
    counter = {"n": 0}

    def make(partnership=None, **kw):
        counter["n"] += 1
        slots = kw.pop("slots", [])
        data = dict(first_name=f"Frivillig{counter['n']}", last_name="Test", email=f"f{counter['n']}@example.org",
                    consent_given=True, status=Status.ACTIVE, latitude=56.15, longitude=10.2,
                    travel_radius_km=5, wants_companion=True, wants_activity=True)
        data.update(kw)
        profile = VolunteerProfile.objects.create(partnership=partnership or partnership_a, **data)
        if slots:
            services.set_availability(profile, slots)
        return profile

    return make


@pytest.fixture
def make_task(partnership_a):
    def make(partnership=None, **kw):
        data = dict(title="Vært i caféen", kind=Task.Kind.ACTIVITY, keywords="kaffe, madlavning",
                    weekday=2, day_part="afternoon", latitude=56.15, longitude=10.2)
        data.update(kw)
        return Task.objects.create(partnership=partnership or partnership_a, **data)

    return make


@pytest.fixture
def bridgebuilder_a(make_user, partnership_a, org_a):
    return make_user(Role.BRIDGE_BUILDER, partnership_a, org_a, username="bb_a")


@pytest.fixture
def referrer_a(make_user, partnership_a, org_a):
    return make_user(Role.REFERRER, partnership_a, org_a, username="ref_a")
