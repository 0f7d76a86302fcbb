"""The facilitator's own check (issue 20): facilitation self-ratings from 003 Table 2.3 over rounds, the warning
when a facilitating actor holds authority responsibility, user representatives in the governance (001), and who
recruits and why in the collaboration agreement (000 §7.1.4) — all over HTTP."""
import pytest
from django.urls import reverse

from brobyg.partnerships import services
from brobyg.partnerships.models import AgreementVersion, Organisation, PartnershipOrganisation, RatingRound, Sector

pytestmark = pytest.mark.django_db

FAC_KEYS = [k for k, group, _text, _src in services.CONDITIONS if k.startswith("fac_")]


@pytest.fixture
def fac(client_for, facilitator_a):
    return client_for(facilitator_a)


def _round(day, facilitation):
    data = {"date": day, "title": "", "note": ""}
    for key, score in zip(FAC_KEYS, facilitation):
        data[f"score_{key}"] = str(score)
    return data


def test_facilitation_self_check_in_rounds(fac, partnership_a):
    form = fac.get(reverse("partnerships:rating_new")).content.decode()
    assert "Facilitering" in form and "003 Tab. 2.3" in form and "myndighedsansvar" in form
    assert fac.post(reverse("partnerships:rating_new"), _round("2024-01-10", [2] * len(FAC_KEYS))).status_code == 302
    assert fac.post(reverse("partnerships:rating_new"),
                    _round("2024-07-10", [3] + [2] * (len(FAC_KEYS) - 2) + [1])).status_code == 302
    assert RatingRound.objects.filter(partnership=partnership_a).count() == 2
    page = fac.get(reverse("partnerships:ratings")).content.decode()
    assert '<tr class="group-row"><th colspan="4">Facilitering</th></tr>' in page
    assert "▲ +1" in page and "▼ -1" in page  # activating went up, "no authority responsibility" down
    assert 'data-advice="partnership.facilitation"' in page
    latest = RatingRound.objects.filter(partnership=partnership_a).order_by("-date").first()
    assert latest.ratings.get(condition="fac_activate").score == 3
    assert latest.ratings.get(condition="fac_no_authority").score == 1


def _actor_post(actor, **extra):
    data = {"actor_role": actor.actor_role, "partner_type": "", "joined": "", "contribution": "", "notes": ""}
    data.update(extra)
    return data


def test_warning_when_the_facilitating_actor_holds_authority(fac, partnership_a, org_a):
    actor = PartnershipOrganisation.objects.get(partnership=partnership_a, organisation=org_a)
    kommune = Organisation.objects.create(name="Jobcentret", sector=Sector.PUBLIC)
    PartnershipOrganisation.objects.create(partnership=partnership_a, organisation=kommune, holds_authority=True)
    page = fac.get(reverse("partnerships:actors")).content.decode()
    assert 'id="authority-warning"' not in page  # authority, but it does not facilitate
    response = fac.post(reverse("partnerships:actor_edit", args=[actor.pk]), _actor_post(actor, holds_authority="on"))
    assert response.status_code == 302
    for name in ("partnerships:actors", "partnerships:ratings"):
        page = fac.get(reverse(name)).content.decode()
        assert 'id="authority-warning"' in page and "Forening A" in page.split('id="authority-warning"')[1][:300]
    fac.post(reverse("partnerships:actor_edit", args=[actor.pk]), _actor_post(actor))
    assert 'id="authority-warning"' not in fac.get(reverse("partnerships:actors")).content.decode()


def test_user_representatives_in_the_governance(fac, partnership_a):
    assert 'id="no-user-representatives"' in fac.get(reverse("partnerships:actors")).content.decode()
    response = fac.post(reverse("partnerships:actor_new"), {
        "organisation_name": "Brugerrådet", "sector": Sector.ASSOCIATION, "actor_role": "user_representative",
        "partner_type": "", "joined": "", "contribution": "", "notes": ""})
    assert response.status_code == 302
    page = fac.get(reverse("partnerships:actors")).content.decode()
    assert 'id="no-user-representatives"' not in page and "Brugerrepræsentanter" in page


def test_agreement_records_who_recruits_and_why(fac, partnership_a, org_a):
    actor = PartnershipOrganisation.objects.get(partnership=partnership_a, organisation=org_a)
    form = fac.get(reverse("partnerships:agreement_edit")).content.decode()
    assert 'data-advice="partnership.governance"' in form
    data = {"purpose": "Flere med", "values": "", "resources": "", "meeting_rhythm": "", "starts": "", "ends": "",
            "signed_off_by": "", "signed_off_on": "", "change_note": "", "recruitment_owner": "municipality",
            "recruitment_reason": "Jobkonsulenterne møder borgerne hver uge",
            "tasks-TOTAL_FORMS": "1", "tasks-INITIAL_FORMS": "0", "tasks-MIN_NUM_FORMS": "0",
            "tasks-MAX_NUM_FORMS": "60", "tasks-0-actor": actor.pk, "tasks-0-area": "recruitment",
            "tasks-0-description": "Henviser borgere"}
    assert fac.post(reverse("partnerships:agreement_edit"), data).status_code == 302
    version = AgreementVersion.objects.get(partnership=partnership_a)
    assert version.recruitment_owner == "municipality"
    page = fac.get(reverse("partnerships:agreement")).content.decode()
    assert "Jobkonsulenterne møder borgerne hver uge" in page
    # the next version starts from the choice, so revising keeps it
    revise = fac.get(reverse("partnerships:agreement_edit")).content.decode()
    assert "Jobkonsulenterne møder borgerne hver uge" in revise


def test_other_partnerships_facilitator_cannot_read_the_check(client_for, facilitator_b, fac, partnership_a):
    fac.post(reverse("partnerships:rating_new"), _round("2024-01-10", [4] * len(FAC_KEYS)))
    rnd = RatingRound.objects.get(partnership=partnership_a)
    assert client_for(facilitator_b).get(reverse("partnerships:rating", args=[rnd.pk])).status_code == 404
