import pytest
from django.core import mail
from django.core.management import call_command


@pytest.mark.django_db
def test_daily_jobs_are_idempotent():
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    from brobyg.audit.models import AuditEntry

    call_command("daily", stdout=open("/dev/null", "w"))
    sent, audited = len(mail.outbox), AuditEntry.objects.count()
    call_command("daily", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == sent, "a second run the same day sent mail again"
    assert AuditEntry.objects.count() == audited
