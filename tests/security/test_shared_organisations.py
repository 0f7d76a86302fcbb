"""Issue 13 §1: one partnership cannot take over another's organisations.

Two partnerships in one municipality; "Venner af Captum" is an actor of partnership 7 with an activity that 7 owns and
a newcomer of 7 on the way to it. Partnership 15's facilitator tries the two attacks of the issue through HTTP and the
API: add the association as an actor (by typing its name, and as a real shared actor linked by a site administrator)
and edit its activity; invite an association contact for it and read 7's newcomers. Both fail."""
import json

import pytest
from django.urls import reverse

from brobyg.accounts.models import Invitation
from brobyg.audit.models import AuditEntry
from brobyg.bridging.models import Arrival, Citizen, Consent, Journey, Stage
from brobyg.directory.models import Activity
from brobyg.partnerships.models import Membership, Organisation, Partnership, PartnershipOrganisation, Role, Sector

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven(make_user):
    p7 = Partnership.objects.create(name="Partnerskab 7", municipality="Aarhus")
    p15 = Partnership.objects.create(name="Partnerskab 15", municipality="Aarhus")
    venner = Organisation.objects.create(name="Venner af Captum", sector=Sector.ASSOCIATION, municipality="Aarhus")
    PartnershipOrganisation.objects.create(partnership=p7, organisation=venner)
    activity = Activity(organisation=venner, partnership=p7, title="Captum-café", postcode="8000",
                        status=Activity.Status.PUBLISHED, contact_phone="11111111")
    activity.fill_place()
    activity.save()
    citizen = Citizen.objects.create(partnership=p7, first_name="Rosalina", welcome_needs="Et stille goddag")
    Consent.objects.create(citizen=citizen, share_with_association=True)
    journey = Journey.objects.create(partnership=p7, citizen=citizen, stage=Stage.VAERTSSKAB)
    arrival = Arrival.objects.create(journey=journey, activity=activity)
    return {"p7": p7, "p15": p15, "venner": venner, "activity": activity, "arrival": arrival,
            "contact7": make_user(Role.ASSOCIATION_CONTACT, p7, venner, username="contact7"),
            "fac15": make_user(Role.FACILITATOR, p15, None, username="fac15")}


def _payload(activity, partnership):
    """A full, valid replacement body (PUT replaces only with every field) that moves the activity into
    ``partnership`` and changes its public phone number — the attack of issue 13."""
    from brobyg.directory.api import _current

    body = json.loads(json.dumps(_current(activity), default=str))
    body.update({"partnership_id": partnership.pk, "postcode": "8000", "status": "published",
                 "contact_phone": "99999999"})
    return body


def _refused_to_edit(client, world):
    activity = world["activity"]
    assert client.get(reverse("directory:edit", args=[activity.pk])).status_code == 404
    for method in (client.put, client.patch):
        r = method(f"/api/v1/directory/activities/{activity.pk}", json.dumps(_payload(activity, world["p15"])),
                   content_type="application/json")
        assert r.status_code in (403, 404), (r.status_code, r.content)
    activity.refresh_from_db()
    assert (activity.partnership_id, activity.contact_phone) == (world["p7"].pk, "11111111")


def test_adding_anothers_association_by_name_takes_nothing_over(client_for, seven):
    fac = client_for(seven["fac15"])
    r = fac.post(reverse("partnerships:actor_new"), {"organisation_name": "Venner af Captum",
                                                     "sector": Sector.ASSOCIATION, "actor_role": "member"})
    assert r.status_code == 302
    actor = PartnershipOrganisation.objects.get(partnership=seven["p15"])
    assert actor.organisation_id != seven["venner"].pk  # a record of its own, not partnership 7's organisation
    _refused_to_edit(fac, seven)


def test_a_really_shared_association_grants_its_other_partnerships_nothing(client_for, client, seven):
    # The site administrator links the same organisation into both partnerships (it really is in both).
    PartnershipOrganisation.objects.create(partnership=seven["p15"], organisation=seven["venner"])
    fac = client_for(seven["fac15"])
    _refused_to_edit(fac, seven)
    # Nor can 15 create an activity for it in partnership 7, or move one of its own there.
    r = fac.post("/api/v1/directory/activities", json.dumps(_payload(seven["activity"], seven["p7"])),
                 content_type="application/json")
    assert r.status_code == 403
    # Its own partnership still edits it (the rule is not simply "nobody").
    contact = client_for(seven["contact7"])
    assert contact.get(reverse("directory:edit", args=[seven["activity"].pk])).status_code == 200


def test_facilitator_cannot_appoint_contacts_for_a_shared_association(client_for, seven):
    PartnershipOrganisation.objects.create(partnership=seven["p15"], organisation=seven["venner"])
    fac = client_for(seven["fac15"])
    r = fac.post(reverse("accounts:invite"), {"email": "mole@example.org", "role": Role.ASSOCIATION_CONTACT,
                                              "organisation": seven["venner"].pk})
    assert r.status_code == 200 and r.context["form"].errors["organisation"]
    assert not Invitation.objects.exists()
    # An organisation that is partnership 15's alone gets its first contact from 15's facilitator.
    own = Organisation.objects.create(name="Femtens egen forening", municipality="Aarhus")
    PartnershipOrganisation.objects.create(partnership=seven["p15"], organisation=own)
    r = fac.post(reverse("accounts:invite"), {"email": "ny@example.org", "role": Role.ASSOCIATION_CONTACT,
                                              "organisation": own.pk})
    assert r.status_code == 302 and Invitation.objects.get().organisation == own


def test_contact_of_a_shared_association_in_another_partnership_sees_none_of_its_newcomers(client_for, make_user,
                                                                                          seven):
    PartnershipOrganisation.objects.create(partnership=seven["p15"], organisation=seven["venner"])
    mole = make_user(Role.ASSOCIATION_CONTACT, seven["p15"], seven["venner"], username="mole")
    c = client_for(mole)
    page = c.get(reverse("bridging:newcomers"))
    assert page.status_code == 200 and "Rosalina" not in page.content.decode()
    arrival = seven["arrival"]
    assert c.get(reverse("bridging:newcomer", args=[arrival.pk])).status_code == 404
    r = c.post(reverse("bridging:newcomer", args=[arrival.pk]), {"kind": "visit", "v-outcome": "came"})
    assert r.status_code == 404 and not arrival.journey.visits.exists()
    # Partnership 7's own contact sees the newcomer, and 7's audit log says so (with the partnership).
    own = client_for(seven["contact7"])
    assert "Rosalina" in own.get(reverse("bridging:newcomers")).content.decode()
    assert AuditEntry.objects.filter(action="newcomer.list", actor=seven["contact7"],
                                     partnership=seven["p7"]).exists()
    assert "Rosalina" in own.get(reverse("bridging:newcomer", args=[arrival.pk])).content.decode()
    assert AuditEntry.objects.filter(action="newcomer.view", partnership=seven["p7"]).exists()
    assert not Membership.objects.filter(user=mole, partnership=seven["p7"]).exists()


def test_a_forgotten_scope_fails_instead_of_leaking(client_for, make_user, seven, monkeypatch):
    """The scope guard (core.permissions): put back the old rule of the newcomer list (by organisation, whatever
    the partnership) and the page no longer leaks partnership 7's newcomer to 15's contact: it raises."""
    from brobyg.bridging import bridge
    from brobyg.core.permissions import ScopeError

    PartnershipOrganisation.objects.create(partnership=seven["p15"], organisation=seven["venner"])
    mole = make_user(Role.ASSOCIATION_CONTACT, seven["p15"], seven["venner"], username="mole")

    def by_organisation(user):  # the rule before issue 13
        return Arrival.objects.filter(activity__organisation=seven["venner"]).select_related("journey__citizen",
                                                                                             "activity")

    monkeypatch.setattr(bridge, "arrivals_for_contact", by_organisation)
    with pytest.raises(ScopeError):
        client_for(mole).get(reverse("bridging:newcomers"))
    # Partnership 7's own contact is not refused by the guard.
    assert client_for(seven["contact7"]).get(reverse("bridging:newcomers")).status_code == 200


def test_an_associations_own_contact_invites_colleagues_and_nothing_else(client_for, seven):
    other = Organisation.objects.create(name="Naboforeningen", municipality="Aarhus")
    PartnershipOrganisation.objects.create(partnership=seven["p7"], organisation=other)
    contact = client_for(seven["contact7"])
    page = contact.get(reverse("accounts:invite")).content.decode()
    assert "Venner af Captum" in page and "Naboforeningen" not in page
    for refused in ({"role": Role.FACILITATOR, "organisation": seven["venner"].pk},
                    {"role": Role.ASSOCIATION_CONTACT, "organisation": other.pk},
                    {"role": Role.ASSOCIATION_CONTACT}):
        r = contact.post(reverse("accounts:invite"), {"email": "x@example.org", **refused})
        assert r.status_code == 200 and r.context["form"].errors
    assert not Invitation.objects.exists()
    r = contact.post(reverse("accounts:invite"), {"email": "kollega@example.org", "role": Role.ASSOCIATION_CONTACT,
                                                  "organisation": seven["venner"].pk})
    assert r.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.partnership, invitation.organisation, invitation.role) == (
        seven["p7"], seven["venner"], Role.ASSOCIATION_CONTACT)
    assert AuditEntry.objects.filter(action="invitation.create", partnership=seven["p7"]).exists()
