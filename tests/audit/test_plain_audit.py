"""The audit log in plain Danish: who, what, which record by a name the facilitator may see, when; filtered by
person and by record; exported as CSV."""
import pytest
from django.urls import reverse

from brobyg.audit.models import AuditEntry
from brobyg.bridging.models import Citizen, Journey
from brobyg.partnerships.models import Role

pytestmark = pytest.mark.django_db


def test_who_opened_birthes_record(client_for, make_user, facilitator_a, partnership_a, partnership_b, org_a):
    bb = make_user(Role.BRIDGE_BUILDER, partnership_a, org_a, username="mette", last_name="Holm")
    birthe = Citizen.objects.create(partnership=partnership_a, first_name="Birthe", last_name="Bak")
    rosa = Citizen.objects.create(partnership=partnership_a, first_name="Rosa", last_name="Ring")
    Journey.objects.create(partnership=partnership_a, citizen=birthe)
    Journey.objects.create(partnership=partnership_a, citizen=rosa)
    other = Citizen.objects.create(partnership=partnership_b, first_name="Birthe", last_name="Anden")
    for c in (birthe, rosa):
        assert client_for(bb).get(reverse("bridging:citizen", args=[c.pk])).status_code == 200
    # An entry of another partnership that names a record there: never shown, nor its name.
    AuditEntry.objects.create(action="citizen.view", object_type="bridging.citizen", object_id=str(other.pk),
                              partnership=partnership_b, actor_username="x")

    fac = client_for(facilitator_a)
    html = fac.get(reverse("audit:list")).content.decode()
    assert "Åbnede borgerens oplysninger" in html and "Birthe Bak" in html and "Test Holm" in html
    assert "Birthe Anden" not in html and "bridging.citizen #" not in html
    # Filters are posted (no name in the URL) and kept in the session for the page and its export.
    filtered = fac.post(reverse("audit:list"), {"record": "Birthe"}, follow=True).content.decode()
    assert "Birthe Bak" in filtered and "Rosa Ring" not in filtered
    assert "Test Holm" in fac.post(reverse("audit:list"), {"user": "Holm"}, follow=True).content.decode()
    assert "Birthe Bak" not in fac.post(reverse("audit:list"), {"user": "nobody"}, follow=True).content.decode()
    fac.post(reverse("audit:list"), {"record": "Birthe"})

    response = fac.get(reverse("audit:list"), {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Tidspunkt,Hvem,Hvad,Oplysninger om") or "Hvem" in lines[0]
    assert any("Birthe Bak" in line and "Test Holm" in line for line in lines[1:])
    assert not any("Rosa Ring" in line for line in lines)
    assert AuditEntry.objects.filter(action="audit.export", actor=facilitator_a).exists()
    # The log itself still holds no names.
    assert not AuditEntry.objects.filter(detail__icontains="Birthe").exists()
