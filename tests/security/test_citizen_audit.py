"""Every page and API operation that shows a citizen's data writes an audit entry for the reader.

The walk is generated from the permission matrix: every GET entry whose URL names a citizen, a referral or a
journey is opened by each principal allowed to see it, and each successful read must leave an entry by that user,
about a citizen-data object, with no personal data in the entry. New citizen views are covered automatically.
"""
import re

import pytest
from django.core.management import call_command

from brobyg.audit.models import AuditEntry

from .matrix import API_MATRIX, MATRIX
from .test_permission_matrix import PRINCIPALS, World, _allowed, _client

CITIZEN_PATH = re.compile(r"/(citizens|referrals|journeys)/\d+")
CITIZEN_DATA = "bridging."  # citizens, referrals, journeys, consents, conversations…


@pytest.mark.django_db
def test_every_read_of_citizen_data_is_audited():
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    world = World()
    clients = {p: _client(p) for p in PRINCIPALS}
    from brobyg.bridging.models import Citizen

    names = {n for c in Citizen.objects.all() for n in (c.first_name, c.last_name) if n and len(n) > 2}
    checked, problems = [], []
    for label, rule in [*MATRIX.items(), *API_MATRIX.items()]:
        if rule.method != "get":
            continue
        path = rule.path(world)
        if not CITIZEN_PATH.search(path):
            continue
        for principal in PRINCIPALS:
            if principal == "anonymous" or not _allowed(principal, rule):
                continue
            last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = clients[principal].get(path)
            if response.status_code != 200:
                continue  # a redirect (e.g. to a form); the matrix test judges access
            checked.append((label, principal))
            new = AuditEntry.objects.filter(pk__gt=last)
            if not new.filter(object_type__startswith=CITIZEN_DATA).exists():
                problems.append(f"{label} read by {principal} left no audit entry about citizen data")
            for entry in new:
                leaked = [n for n in names if n in entry.detail]
                if leaked:
                    problems.append(f"{label}: the audit entry holds personal data {leaked}")
    assert len({label for label, _p in checked}) >= 5, checked  # the walk really reached the citizen pages
    assert not problems, "\n".join(problems)
