"""Property-based tests of the public forms (no login): whatever a visitor or a robot sends, the answer is never a
server error, and a refused submission writes nothing.

Each form starts from a valid submission (checked to be accepted), then hypothesis replaces some of its fields with
hostile values: huge, empty, control characters, HTML, other types.
"""
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brobyg.bridging.models import Referral
from brobyg.core.models import PublicFormCount
from brobyg.initiatives.models import Idea
from brobyg.volunteers.models import VolunteerProfile

HOSTILE = st.one_of(
    st.text(max_size=50),
    st.text(min_size=3000, max_size=6000, alphabet="æøåÆØÅ abc<>&\"'"),
    st.sampled_from(["", " ", "\x00", "<script>alert(1)</script>", "' OR 1=1 --", "9999", "-1", "0001", "1e309",
                     "NaN", "😀" * 40, "a@", "@b.dk", "on", "true", "\r\n", "%00", "../../etc/passwd"]),
    st.integers(min_value=-(2 ** 63), max_value=2 ** 63).map(str),
)


class FormFields(HTMLParser):
    """The names and values of the fields of the page's main form (hidden values such as signed time stamps)."""

    def __init__(self):
        super().__init__()
        self.values = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "textarea", "select") and attrs.get("name"):
            if attrs.get("type") == "hidden":
                self.values[attrs["name"]] = attrs.get("value", "")
            elif attrs.get("type") not in ("checkbox", "radio"):
                self.values.setdefault(attrs["name"], "")


def form_page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    parser = FormFields()
    parser.feed(response.content.decode())
    return parser.values


@pytest.fixture
def quick_forms(settings):
    settings.BROBYG_IDEA_MIN_SECONDS = 0
    settings.BROBYG_SIGNUP_MIN_SECONDS = 0
    settings.BROBYG_ASK_MIN_SECONDS = 0


def cases(partnership):
    return {
        "bridging:ask": ((), Referral, {
            "partnership": partnership.pk, "contact_name": "Mette", "contact_phone": "12345678",
            "contact_email": "mette@example.org", "postcode": "8000", "wants_help_with": "Gåture", "agree": "on"}),
        "volunteers:signup_form": ((partnership.pk,), VolunteerProfile, {
            "first_name": "Ole", "last_name": "Hansen", "email": "ole@example.org", "phone": "12345678",
            "postcode": "8000", "consent": "on", "wants_companion": "on", "travel_radius_km": "5",
            "commitment": "small", "interests": "kaffe", "website": "", "channel": "saw_it"}),
        "initiatives:idea_public": ((), Idea, {
            "partnership": partnership.pk, "title": "Strikkeklub i opgangen", "description": "Vi strikker sammen.",
            "initiator_name": "Aisha", "initiator_contact": "aisha@example.org", "contact_consent": "on",
            "website": ""}),
    }


FORMS = ["bridging:ask", "volunteers:signup_form", "initiatives:idea_public"]


@pytest.mark.parametrize("name", FORMS)
def test_the_valid_submission_is_accepted(name, partnership_a, quick_forms):
    args, model, valid = cases(partnership_a)[name]
    path = reverse(name, args=args)
    client = Client()
    data = {**form_page(client, path), **valid}
    before = model.objects.count()
    response = client.post(path, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response.status_code
    assert model.objects.count() == before + 1


@pytest.mark.parametrize("name", FORMS)
def test_hostile_submissions_never_fail_and_refusals_write_nothing(name, partnership_a, quick_forms):
    args, model, valid = cases(partnership_a)[name]
    path = reverse(name, args=args)
    client = Client()
    page = form_page(client, path)
    field_names = sorted(set(page) | set(valid))

    @settings(max_examples=40, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(changes=st.dictionaries(st.sampled_from(field_names), HOSTILE, min_size=1, max_size=4),
           dropped=st.sets(st.sampled_from(field_names), max_size=2))
    def check(changes, dropped):
        PublicFormCount.objects.all().delete()  # the per-client throttle would answer after a few examples
        data = {k: v for k, v in {**page, **valid, **changes}.items() if k not in dropped}
        before = model.objects.count()
        response = client.post(path, data)
        assert response.status_code < 500
        if response.status_code != 302:
            assert model.objects.count() == before, "a refused submission wrote data"
            assert b"Traceback" not in response.content
        else:
            assert model.objects.count() <= before + 1

    check()


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(params=st.dictionaries(
    st.sampled_from(["q", "postcode", "distance", "category", "target_group", "day", "time", "free", "access",
                     "host", "companion", "inclusion", "open", "age", "sort", "page"]), HOSTILE, max_size=6))
def test_the_public_directory_search_answers_any_query(params, db):
    response = Client().get(reverse("directory:public_list"), params)
    assert response.status_code < 500
