"""Staff can find volunteers by what they bring (skills, interests, languages, area), and a companion on a break is
flagged where companions are assigned."""
import pytest
from django.urls import reverse

from brobyg.volunteers.models import Status, VolunteerProfile

pytestmark = pytest.mark.django_db


def test_search_covers_skills_interests_languages_and_areas(client_for, people, partnership_a):
    VolunteerProfile.objects.create(partnership=partnership_a, first_name="Ny", last_name="Frivilligsen",
                                    professional_skills="uddannet pædagog", interests="fodbold, kor",
                                    languages="dansk, arabisk", city="Viby J", postcode="8260", consent_given=True)
    VolunteerProfile.objects.create(partnership=partnership_a, first_name="Anden", last_name="Strikkesen",
                                    interests="strik", consent_given=True)
    c = client_for(people["bb"])

    def found(q):
        # The search is posted (no name or phone in the URL) and kept in the session for the page it leads to.
        html = c.post(reverse("volunteers:list"), {"q": q}, follow=True).content.decode()
        return "Frivilligsen" in html, "Strikkesen" in html

    assert found("pædagog") == (True, False)
    assert found("fodbold") == (True, False)
    assert found("arabisk") == (True, False)
    assert found("Viby") == (True, False)
    assert found("fodbold pædagog") == (True, False)  # every word must match
    assert found("klaver") == (False, False)
    assert found("strik") == (False, True)


def test_a_companion_on_a_break_is_flagged_where_companions_are_assigned(client_for, people, make_citizen,
                                                                        partnership_a):
    import datetime as dt

    VolunteerProfile.objects.create(partnership=partnership_a, first_name="Hvilende", consent_given=True,
                                    wants_companion=True, status=Status.RESTING,
                                    resting_until=dt.date(2030, 3, 1))
    citizen = make_citizen("Rosa")
    html = client_for(people["bb"]).get(reverse("bridging:citizen", args=[citizen.pk])).content.decode()
    assert "Holder pause (spørges ikke nu):" in html and "Hvilende · til 1. Mar" in html
    assert "Hvilende</option>" not in html  # not offered for assignment while on a break
