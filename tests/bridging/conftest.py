import datetime as dt

import pytest
from django.test import RequestFactory

from brobyg.bridging import services
from brobyg.partnerships.models import Role


class Who:
    """A minimal request stand-in for services (user + audit)."""

    def __init__(self, user):
        self.user = user


@pytest.fixture
def people(make_user, partnership_a, partnership_b, org_a, org_b):
    return {
        "bb": make_user(Role.BRIDGE_BUILDER, partnership_a, org_a, username="bb_a", email="bb@example.org"),
        "fac": make_user(Role.FACILITATOR, partnership_a, org_a, username="fac_a"),
        "ref": make_user(Role.REFERRER, partnership_a, None, username="ref_a"),
        "ref2": make_user(Role.REFERRER, partnership_a, None, username="ref2_a"),
        "ac": make_user(Role.ASSOCIATION_CONTACT, partnership_a, org_a, username="ac_a"),
        "vol": make_user(Role.VOLUNTEER, partnership_a, None, username="vol_a"),
        "ev": make_user(Role.EVALUATOR, partnership_a, None, username="ev_a"),
        "bb_b": make_user(Role.BRIDGE_BUILDER, partnership_b, org_b, username="bb_b"),
    }


@pytest.fixture
def make_citizen(people, partnership_a):
    def make(first_name="Rosa", partnership=None, by=None, minor=False, **consent):
        by = by or people["bb"]
        partnership = partnership or partnership_a
        referral = services.create_referral(Who(people["ref"]), partnership, {
            "contact_name": first_name, "contact_phone": "12345678", "referred_by": people["ref"],
            "reasons": "loneliness"})
        citizen_data = {"first_name": first_name, "last_name": "Testesen", "phone": "12345678",
                        "postcode": "8000", "birth_year": 2015 if minor else 1970,
                        "welcome_needs": "Likes a quiet hello", "inclusion_needs": "Needs a chair",
                        "guardian_name": "Far Testesen" if minor else ""}
        consent_data = {"share_with_association": True, "share_with_companion": True,
                        "outcome_measures": True, "given_by_guardian": minor, **consent}
        return services.record_consent(Who(by), referral, citizen_data, consent_data)

    return make


@pytest.fixture
def rf():
    return RequestFactory()


def days_ago(n):
    return dt.date.today() - dt.timedelta(days=n)
