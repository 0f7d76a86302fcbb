from datetime import date, timedelta

from brobyg.directory.models import Activity, Category, TargetGroup
from brobyg.directory.services import can_edit, editable
from brobyg.partnerships.models import Role


def test_taxonomy_is_shipped(db):
    assert Category.objects.filter(slug__in=["sport", "musik", "sprogcafe", "samvaer", "natur"]).count() == 5
    assert TargetGroup.objects.count() >= 10


def test_place_filled_from_postcode(org_a):
    a = Activity(organisation=org_a, title="Gåtur", postcode="8200")
    a.fill_place()
    assert a.city == "Aarhus N" and a.municipality == "Aarhus" and a.latitude > 56
    b = Activity(organisation=org_a, title="Gåtur", address="Søndergade 2, 8600 Silkeborg")
    b.fill_place()
    assert b.postcode == "8600" and b.municipality == "Silkeborg"


def test_search_text_includes_categories(make_activity, org_a):
    a = make_activity(org_a, title="Fodboldholdet for alle", categories=["sport"])
    assert "fodboldholdet" in a.search_text and "idræt" in a.search_text and "fodboldhold" in a.search_text


def test_stale_after_configured_months(org_a, settings):
    settings.BROBYG_VERIFY_AFTER_MONTHS = 6
    a = Activity(organisation=org_a, title="x", last_verified=date.today() - timedelta(days=200))
    assert a.is_stale()
    a.last_verified = date.today() - timedelta(days=30)
    assert not a.is_stale()


def test_stale_cutoff_selects_exactly_the_stale_activities(org_a, settings):
    """The database filter (last_verified <= stale_cutoff) agrees with is_stale() for every day of two years,
    checked on every day of a leap year and a normal one and for several periods (month ends are the hard part)."""
    from brobyg.directory.models import stale_cutoff

    for months in (1, 6, 12):
        settings.BROBYG_VERIFY_AFTER_MONTHS = months
        for today in [date(2024, 1, 1) + timedelta(days=i) for i in range(2 * 365)]:
            cutoff = stale_cutoff(today)
            # is_stale is monotonic in last_verified, so the days around the cutoff decide it.
            around = [cutoff + timedelta(days=k) for k in range(-5, 6)]
            wrong = [d for d in around if Activity(last_verified=d).is_stale(today) != (d <= cutoff)]
            assert not wrong, (months, today, cutoff, wrong[:3])


def test_stale_queryset_in_the_database(make_activity, org_a, settings):
    settings.BROBYG_VERIFY_AFTER_MONTHS = 6
    old = make_activity(org_a, title="Gammel")
    fresh = make_activity(org_a, title="Frisk")
    Activity.objects.filter(pk=old.pk).update(last_verified=date(2024, 2, 29))
    Activity.objects.filter(pk=fresh.pk).update(last_verified=date(2024, 3, 1))
    assert list(Activity.objects.stale(date(2024, 8, 29))) == [old]
    assert set(Activity.objects.stale(date(2024, 9, 1))) == {old, fresh}
    assert list(Activity.objects.stale(date(2024, 8, 28))) == []


def test_edit_rule(make_activity, make_user, org_a, org_b, partnership_a, partnership_b):
    mine = make_activity(org_a, title="A's activity", partnership=partnership_a)
    own = make_activity(org_a, title="A's own activity, in no partnership")
    theirs = make_activity(org_b, title="B's activity")
    contact = make_user(Role.ASSOCIATION_CONTACT, partnership_a, org_a)
    facilitator = make_user(Role.FACILITATOR, partnership_a, None)
    referrer = make_user(Role.REFERRER, partnership_a, org_a)
    assert can_edit(contact, mine) and can_edit(contact, own) and not can_edit(contact, theirs)
    # The partnership that owns the activity decides; org_a being an actor in A grants nothing over its own.
    assert can_edit(facilitator, mine) and not can_edit(facilitator, own) and not can_edit(facilitator, theirs)
    assert not editable(referrer).exists()
