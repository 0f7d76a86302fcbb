"""The evaluator (the funder) sees aggregated figures only (issue 13 §3: /partnership/actors/ and meeting minutes
showed staff names and e-mails to the evaluator)."""
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from brobyg.accounts.models import User
from brobyg.partnerships.models import Meeting, Partnership


@pytest.mark.django_db
def test_the_evaluator_reads_the_dashboard_but_no_names_of_the_workspace():
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    partnership = Partnership.objects.get(project_name="Mennesker er også medicin")
    meeting = Meeting.objects.filter(partnership=partnership).first()
    evaluator = Client()
    evaluator.force_login(User.objects.get(username="evaluator"), backend="django.contrib.auth.backends.ModelBackend")
    for path in (reverse("partnerships:actors"), reverse("partnerships:meetings"),
                 reverse("partnerships:meeting", args=[meeting.pk]), reverse("partnerships:workspace"),
                 f"/api/v1/partnerships/{partnership.pk}/actors"):
        assert evaluator.get(path).status_code == 403, path
    home = evaluator.get("/").content.decode()
    assert reverse("partnerships:actors") not in home and reverse("partnerships:workspace") not in home
    assert evaluator.get(reverse("evaluation:dashboard")).status_code == 200
