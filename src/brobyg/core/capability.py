"""Secrets that grant access by being known: personal survey links, the citizen's personal link, API tokens and
calendar addresses. One rule for all of them: a random token is shown once, and only its SHA-256 hash is stored,
so a copy of the database gives nobody a working link."""
import hashlib
import secrets


def new_token(nbytes: int = 24) -> str:
    return secrets.token_urlsafe(nbytes)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
