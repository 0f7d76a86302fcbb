"""Every URL pattern and API operation × every principal → the expected allow/deny (see matrix.py)."""
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from brobyg.accounts.models import User

from .matrix import API_MATRIX, API_PUBLIC, MATRIX, PUBLIC

PRINCIPALS = ["anonymous", "facilitator", "referrer", "bridgebuilder", "association", "volunteer", "evaluator",
              "other", "admin"]
SKIP_NAMESPACES = {"admin", "api"}


def _url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            if ns in SKIP_NAMESPACES:
                continue
            yield from _url_names(entry, f"{prefix}{ns}:" if ns else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


class World:
    """The demo data, looked up once; matrix entries build their URLs from it."""

    def __init__(self):
        from brobyg.partnerships.models import Partnership

        self.partnership = Partnership.objects.get(project_name="Mennesker er også medicin")
        self.other_partnership = Partnership.objects.get(project_name="Fælles om fodbold")


def _client(principal):
    client = Client()
    if principal != "anonymous":
        username = {"other": "facilitator-kbh"}.get(principal, principal)
        client.force_login(User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend")
    return client


def _allowed(principal, rule):
    return principal == "admin" or principal in rule.allow


def _check(response, principal, allowed, label):
    code = response.status_code
    if allowed:
        ok = code == 200 or (code == 302 and "/accounts/login" not in response.get("Location", ""))
    elif principal == "anonymous":
        ok = code in (401, 403, 404) or (code == 302 and "/accounts/login" in response.get("Location", ""))
    else:
        ok = code in (401, 403, 404)
    return None if ok else f"{label} as {principal}: {'expected access' if allowed else 'expected refusal'}, got {code}"


def test_every_url_has_an_entry():
    names = set(_url_names())
    missing = sorted(names - set(MATRIX) - PUBLIC)
    assert not missing, f"URL names without an entry in tests/security/matrix.py: {missing}"


def test_every_api_operation_has_an_entry(client):
    document = client.get("/api/v1/openapi.json").json()
    operations = {f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item}
    missing = sorted(operations - set(API_MATRIX) - API_PUBLIC)
    assert not missing, f"API operations without an entry in tests/security/matrix.py: {missing}"


@pytest.mark.django_db
def test_matrix():
    call_command("demo", quiet_logins=True, stdout=open("/dev/null", "w"))
    world = World()
    from brobyg.audit.services import record

    for username in ("bridgebuilder", "referrer"):  # something in the Aarhus log that Copenhagen must not see
        record(User.objects.get(username=username), "partnership.view", world.partnership)
    clients = {p: _client(p) for p in PRINCIPALS}
    problems = []
    for label, rule in [*MATRIX.items(), *API_MATRIX.items()]:
        path = rule.path(world)
        for principal in PRINCIPALS:
            response = getattr(clients[principal], rule.method)(path)
            problem = _check(response, principal, _allowed(principal, rule), label)
            if problem:
                problems.append(problem)
            elif principal == "other" and rule.leak and response.status_code == 200:
                body = response.content.decode()
                problems += [f"{label} as other: shows '{text}'" for text in rule.leak(world) if text in body]
    assert not problems, "\n".join(problems)
