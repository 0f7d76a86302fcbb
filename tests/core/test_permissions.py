"""Unit tests of the central permission layer."""
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from brobyg.core import permissions
from brobyg.partnerships.models import Partnership, Role


@pytest.mark.django_db
def test_scope_limits_to_own_partnerships(facilitator_a, partnership_a, partnership_b):
    qs = permissions.scope(Partnership.objects.all(), facilitator_a, field="pk")
    assert list(qs) == [partnership_a]


@pytest.mark.django_db
def test_scope_respects_roles(make_user, partnership_a, org_a):
    volunteer = make_user(Role.VOLUNTEER, partnership_a, org_a)
    assert not permissions.scope(Partnership.objects.all(), volunteer, roles=[Role.FACILITATOR], field="pk").exists()
    assert permissions.scope(Partnership.objects.all(), volunteer, roles=[Role.VOLUNTEER], field="pk").exists()


@pytest.mark.django_db
def test_anonymous_sees_nothing(partnership_a):
    assert not permissions.scope(Partnership.objects.all(), AnonymousUser(), field="pk").exists()
    assert not permissions.has_role(AnonymousUser(), partnership_a)


@pytest.mark.django_db
def test_get_scoped_or_404_refuses_other_partnership(facilitator_a, partnership_b):
    with pytest.raises(Http404):
        permissions.get_scoped_or_404(Partnership.objects.all(), facilitator_a, field="pk", pk=partnership_b.pk)


@pytest.mark.django_db
def test_require_role(facilitator_a, partnership_a, partnership_b):
    permissions.require_role(facilitator_a, partnership_a, [Role.FACILITATOR])
    with pytest.raises(PermissionDenied):
        permissions.require_role(facilitator_a, partnership_a, [Role.REFERRER])
    with pytest.raises(PermissionDenied):
        permissions.require_role(facilitator_a, partnership_b, [Role.FACILITATOR])


@pytest.mark.django_db
def test_site_admin_sees_all(make_user, partnership_a, partnership_b):
    admin = make_user(is_superuser=True)
    assert permissions.scope(Partnership.objects.all(), admin, field="pk").count() == 2
