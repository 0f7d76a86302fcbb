"""Many parallel requests for the last open place / the last volunteer slot never overbook.

The threaded tests need a database that serves parallel connections with real row locks, so they run on PostgreSQL
(`.ci/run` runs the suite there too); the same rules are also checked sequentially on every database.
"""
import datetime as dt
import threading

import pytest
from django.db import connection, connections

from brobyg.directory.models import Activity
from brobyg.directory.services import release_place, take_place
from brobyg.volunteers import services as volunteer_services
from brobyg.volunteers.models import Status, Task, TaskAssignment, VolunteerProfile

needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql",
                                    reason="parallel connections with row locks: PostgreSQL only")
PARALLEL = 12


def run_in_threads(fn, n=PARALLEL):
    """Start n threads that call fn(i) at the same moment; return their results (exceptions included)."""
    barrier = threading.Barrier(n)
    results = [None] * n

    def work(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def activity(org_a):
    return Activity.objects.create(organisation=org_a, title="Strikkecafé", postcode="8000",
                                   status=Activity.Status.PUBLISHED, capacity=10, open_places=1)


def test_the_last_place_goes_once_and_comes_back(activity):
    assert take_place(activity.pk) is True
    assert take_place(activity.pk) is False
    activity.refresh_from_db()
    assert activity.open_places == 0
    release_place(activity.pk)
    release_place(activity.pk)  # never above... the capacity still allows it: 2 of 10
    activity.refresh_from_db()
    assert activity.open_places == 2
    activity.open_places = activity.capacity
    activity.save()
    release_place(activity.pk)
    activity.refresh_from_db()
    assert activity.open_places == activity.capacity


def test_an_activity_without_a_known_number_of_places_always_takes(org_a):
    a = Activity.objects.create(organisation=org_a, title="Gåtur", postcode="8000", status=Activity.Status.PUBLISHED)
    assert all(take_place(a.pk) for _ in range(3))
    a.refresh_from_db()
    assert a.open_places is None


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_requests_for_the_last_place_never_overbook(org_a):
    a = Activity.objects.create(organisation=org_a, title="Strikkecafé", postcode="8000",
                                status=Activity.Status.PUBLISHED, capacity=10, open_places=3)
    results = run_in_threads(lambda i: take_place(a.pk))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results.count(True) == 3 and results.count(False) == PARALLEL - 3
    a.refresh_from_db()
    assert a.open_places == 0


def _volunteers(partnership, n):
    return [VolunteerProfile.objects.create(partnership=partnership, first_name=f"F{i}", last_name="Test",
                                            email=f"f{i}@example.org", consent_given=True, status=Status.ACTIVE,
                                            wants_activity=True, wants_companion=True) for i in range(n)]


def test_a_full_task_refuses_the_next_volunteer_with_a_reason(partnership_a):
    task = Task.objects.create(partnership=partnership_a, title="Følgeven til fællesspisning",
                               kind=Task.Kind.ACTIVITY, volunteers_needed=1)
    first, second = _volunteers(partnership_a, 2)
    volunteer_services.assign_task(first, task)
    with pytest.raises(volunteer_services.TaskFull) as refused:
        volunteer_services.assign_task(second, task)
    assert refused.value.reasons
    assert TaskAssignment.objects.filter(task=task, active=True).count() == 1


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_assignments_to_the_last_slot_never_overbook(partnership_a):
    task = Task.objects.create(partnership=partnership_a, title="Følgeven til fællesspisning",
                               kind=Task.Kind.ACTIVITY, volunteers_needed=2)
    people = _volunteers(partnership_a, PARALLEL)
    results = run_in_threads(lambda i: volunteer_services.assign_task(people[i], task))
    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, volunteer_services.TaskFull)]
    assert not unexpected, unexpected
    assert sum(isinstance(r, TaskAssignment) for r in results) == 2
    assert TaskAssignment.objects.filter(task=task, active=True).count() == 2
    task.refresh_from_db()
    assert task.status == Task.TaskStatus.FILLED


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_survey_reminders_send_each_mail_once(partnership_a):
    """The reminder button and `brobyg remind-survey` at the same moment: each invitation is claimed once."""
    from django.core import mail

    from brobyg.evaluation import services as evaluation_services
    from brobyg.partnerships.models import Organisation, PartnershipOrganisation, Sector

    for i in range(3):
        org = Organisation.objects.create(name=f"Aktør {i}", sector=Sector.PUBLIC, email=f"aktor{i}@example.org")
        PartnershipOrganisation.objects.create(partnership=partnership_a, organisation=org)
    rnd, _tokens = evaluation_services.start_round(None, partnership_a, "Runde", days=30)
    rnd.opened = rnd.opened - dt.timedelta(days=30)  # old enough for the scheduled job too
    rnd.save(update_fields=["opened"])
    mail.outbox = []
    results = run_in_threads(lambda i: evaluation_services.send_reminders(None, rnd, scheduled=bool(i % 2)), n=6)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(m.to[0] for m in mail.outbox) == [f"aktor{i}@example.org" for i in range(3)]
    assert sum(r.emailed for r in results) == 3


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_acceptance_of_one_invitation_succeeds_once(partnership_a, org_a):
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from brobyg.accounts.models import Invitation
    from brobyg.partnerships.models import Membership, Role

    invitation = Invitation.objects.create(partnership=partnership_a, organisation=org_a, role=Role.REFERRER,
                                           email="ny@example.org")
    url = reverse("accounts:accept", args=[invitation.token])

    def accept(i):
        return Client().post(url, {"username": f"ny{i}", "first_name": "Ny", "last_name": "",
                                   "password1": "lang-og-sikker-2026", "password2": "lang-og-sikker-2026"})

    responses = run_in_threads(accept, n=8)
    assert not [r for r in responses if isinstance(r, Exception)], responses
    codes = sorted(r.status_code for r in responses)
    assert codes == [302] + [410] * 7, codes
    refused = next(r for r in responses if r.status_code == 410).content.decode()
    assert "ikke længere bruges" in refused  # "The invitation can no longer be used"
    assert get_user_model().objects.filter(username__startswith="ny").count() == 1
    assert Membership.objects.filter(partnership=partnership_a, role=Role.REFERRER).count() == 1
