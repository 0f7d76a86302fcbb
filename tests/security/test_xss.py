"""Script injection: every free-text field of every Brobyg model is filled with markup, then every page of the
permission matrix is opened by every principal; the markup must only ever appear escaped."""
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from .matrix import API_MATRIX, MATRIX
from .test_permission_matrix import PRINCIPALS, World, _client

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SKIP_FIELDS = {"password", "username", "token", "email", "slug", "postcode", "language", "role", "status"}


def _text_fields(model):
    for field in model._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)) or field.choices:
            continue
        if isinstance(field, (models.EmailField, models.URLField, models.SlugField)) or field.unique:
            continue
        if field.name in SKIP_FIELDS or (field.max_length and field.max_length < len(PAYLOAD) + 10):
            continue
        yield field


def _inject():
    from brobyg.audit.models import AuditEntry
    from brobyg.audit.services import record

    for model in apps.get_models():
        if not model.__module__.startswith("brobyg.") or model._meta.proxy:
            continue
        if model is AuditEntry:  # append-only: markup goes in as new entries, the way every entry is written
            for entry in list(AuditEntry.objects.all()[:50]):
                record(None, f"{entry.action}{PAYLOAD}"[:64], None, partnership=entry.partnership_id,
                       detail=f"{entry.detail}{PAYLOAD}")
            continue
        fields = list(_text_fields(model))
        for obj in model._default_manager.all()[:200]:
            for field in fields:
                value = getattr(obj, field.attname) or ""
                setattr(obj, field.attname, f"{value}{PAYLOAD}"[-(field.max_length or 10_000):] if field.max_length
                        else f"{value}{PAYLOAD}")
            if fields:
                model._default_manager.filter(pk=obj.pk).update(
                    **{f.attname: getattr(obj, f.attname) for f in fields})


@pytest.mark.django_db
def test_user_text_is_escaped_everywhere():
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    world = World()
    pages = [(label, rule.path(world), rule.method) for label, rule in [*MATRIX.items(), *API_MATRIX.items()]]
    _inject()
    pages.append(("home", "/", "get"))
    leaks = []
    for principal in PRINCIPALS:
        client = _client(principal)
        for label, path, method in pages:
            if method != "get":
                continue
            response = client.get(path)
            if PAYLOAD in response.content.decode(errors="replace"):
                leaks.append(f"{label} as {principal}")
    assert not leaks, f"unescaped markup on: {leaks}"
