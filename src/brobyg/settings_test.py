"""Settings for the test suite: the production settings with test conveniences switched on."""
import os

os.environ.setdefault("BROBYG_TESTING", "1")

from brobyg.settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The existing tests log in by password only (force_login); tests/security/test_two_factor.py switches the second
# factor on with the production default (brobyg.settings._2FA_DEFAULT).
BROBYG_2FA_ROLES = []
