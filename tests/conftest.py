"""Shared fixtures: two partnerships (A and B) and a factory for users with roles."""
import pytest
from django.contrib.auth import get_user_model

from brobyg.partnerships.models import Membership, Organisation, Partnership, PartnershipOrganisation, Role, Sector


@pytest.fixture(autouse=True)
def _no_language_left_over():
    """Each test starts as a fresh process would: no language active, so the default (Danish) applies. A request in
    English through the test client leaves English active in the thread (LocaleMiddleware), which made a later
    command-line test read English messages."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def org_a(db):
    return Organisation.objects.create(name="Forening A", sector=Sector.ASSOCIATION, municipality="Aarhus",
                                       postcode="8000")


@pytest.fixture
def org_b(db):
    return Organisation.objects.create(name="Forening B", sector=Sector.ASSOCIATION, municipality="København",
                                       postcode="2200")


@pytest.fixture
def partnership_a(org_a):
    p = Partnership.objects.create(name="Partnerskab A", municipality="Aarhus")
    PartnershipOrganisation.objects.create(partnership=p, organisation=org_a)
    return p


@pytest.fixture
def partnership_b(org_b):
    p = Partnership.objects.create(name="Partnerskab B", municipality="København")
    PartnershipOrganisation.objects.create(partnership=p, organisation=org_b)
    return p


@pytest.fixture
def make_user(db):
    counter = {"n": 0}

    def make(role=None, partnership=None, organisation=None, username=None, **extra):
        counter["n"] += 1
        user = get_user_model().objects.create_user(
            username=username or f"user{counter['n']}", password="correct-horse-battery", first_name="Test", **extra
        )
        if role:
            Membership.objects.create(user=user, partnership=partnership, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def facilitator_a(make_user, partnership_a, org_a):
    return make_user(Role.FACILITATOR, partnership_a, org_a, username="fac_a")


@pytest.fixture
def facilitator_b(make_user, partnership_b, org_b):
    return make_user(Role.FACILITATOR, partnership_b, org_b, username="fac_b")


@pytest.fixture
def client_for(client):
    """A logged-in Django test client for a user (one client per call)."""
    from django.test import Client

    def login(user):
        c = Client()
        c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return c

    return login
