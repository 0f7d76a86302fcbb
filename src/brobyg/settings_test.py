"""Settings for the test suite: the production settings with test conveniences switched on."""
import os

os.environ.setdefault("BROBYG_TESTING", "1")

from brobyg.settings import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
