"""Brobyg settings, read from environment variables.

Production-safe defaults: DEBUG is off, a SECRET_KEY must be given, cookies are secure.
`make run` is the only place that supplies a development secret.
"""
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("BROBYG_DATA_DIR", Path.cwd() / "var"))
# The data directory (SQLite database, uploads, collected static files) is created on first use, wherever it points:
# a fresh clone must start with nothing made by hand.
DATA_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
TESTING = os.environ.get("BROBYG_TESTING") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-test-key-only-for-debug-and-tests"
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set the SECRET_KEY environment variable (see README, Configuration).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or TESTING else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Brobyg's apps first: their templates and Danish translations take precedence over Django's own.
    "brobyg.core",
    "brobyg.accounts",
    "brobyg.partnerships",
    "brobyg.audit",
    "brobyg.directory",
    "brobyg.volunteers",
    "brobyg.bridging",
    "brobyg.mine",
    "brobyg.evaluation",
    "brobyg.initiatives",
    "brobyg.tokens",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "brobyg.core.middleware.HealthCheckMiddleware",  # first: /healthz must not need the session or the user
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "brobyg.core.middleware.SecurityHeadersMiddleware",
    "brobyg.core.middleware.ScopeGuardMiddleware",  # a forgotten partnership scope raises (core.permissions)
    "axes.middleware.AxesMiddleware",
    "brobyg.accounts.policy.SessionPolicyMiddleware",
    "brobyg.accounts.two_factor.TwoFactorMiddleware",
    "brobyg.tokens.middleware.BearerTokenMiddleware",  # last: a bearer call acts as the token's user
]

ROOT_URLCONF = "brobyg.urls"
WSGI_APPLICATION = "brobyg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "brobyg.core.context_processors.brobyg",
            ],
            # Numbers and dates on screen follow one rule (|number, |percent, |day, |moment; brobyg.core.formats).
            "builtins": ["brobyg.core.templatetags.brobyg_format"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'brobyg.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE",
         "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2id first (Django's recommendation: memory-hard, and a login costs a fraction of PBKDF2's CPU time, which
# matters when a whole team logs in at nine); passwords stored with PBKDF2 still verify and are upgraded on login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Lockout after repeated failed logins (django-axes), counted per username *and* client address: failures from one
# address lock that username for that address only, so nobody can lock another person out by guessing from elsewhere
# (a lockout per username alone let five anonymous requests lock any account). Distributed guessing of one password
# is left to the password rules, Argon2 and the second factor. A password reset clears the lockout.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "brobyg.core.net.client_ip"
# models.W040: the directory's covering index (INCLUDE id) is a PostgreSQL speed-up; SQLite builds it without the
# included column, which is fine, so the warning would only confuse `make run` users.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# Two-factor log-in (TOTP with recovery codes, django-otp) is required of these roles; "site_admin" = superusers.
# Default: everyone who reads citizen records, and site administrators. "none" (or empty) switches it off, which
# only `make run` (demo logins) and the test settings do; the tests of the second factor switch it on.
_2FA_DEFAULT = "facilitator,bridge_builder,referrer,association_contact,site_admin"
BROBYG_2FA_ROLES = [r for r in env_list("BROBYG_2FA_ROLES", _2FA_DEFAULT) if r != "none"]
OTP_TOTP_ISSUER = "Brobyg"

# Internationalisation: Danish first, English selectable.
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]  # each app carries its own locale/ catalog
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
# No thousands separator: with it, every integer in a template is localised, so an id rendered into a form field's
# name or value becomes "1.234" in Danish once ids pass 999 — the network survey then silently lost all answers
# (found by CI, where ids had grown). Numbers that should be grouped for reading use a filter explicitly.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "media"
WHITENOISE_USE_FINDERS = DEBUG or TESTING
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# E-mail: SMTP from EMAIL_URL (smtp://user:pass@host:port); without it the console only with DEBUG (it prints
# password-reset links and invitation tokens), otherwise nothing is sent.
_email_url = os.environ.get("EMAIL_URL", "")
if _email_url:
    from urllib.parse import unquote, urlparse

    _u = urlparse(_email_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _u.hostname or "localhost"
    EMAIL_PORT = _u.port or 587
    EMAIL_HOST_USER = unquote(_u.username or "")
    EMAIL_HOST_PASSWORD = unquote(_u.password or "")
    EMAIL_USE_TLS = _u.scheme in {"smtp+tls", "submission"} or EMAIL_PORT == 587
    EMAIL_USE_SSL = _u.scheme == "smtps"
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # prints links and tokens: development only
else:
    EMAIL_BACKEND = "brobyg.core.mail.UnconfiguredBackend"  # sends nothing, logs a warning without content
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "brobyg@localhost")
# Mails (arrival notices, reminders) are sent from the request or the daily job: a hanging mail server must not hold
# either for long. A failed send is retried by `brobyg daily`.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))

# Security: secure cookies unless explicitly running plain-HTTP development.
SECURE = not env_bool("INSECURE_COOKIES", DEBUG or TESTING)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from a meta tag, not the cookie
SESSION_COOKIE_AGE = 8 * 3600
# Users who read citizen data (facilitators, bridge-builders, referrers, association contacts, site administrators)
# are logged out after this many idle minutes (0: never); everyone's session lasts at most SESSION_COOKIE_AGE.
BROBYG_IDLE_TIMEOUT_MINUTES = int(os.environ.get("BROBYG_IDLE_TIMEOUT_MINUTES", "30"))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG or TESTING else "31536000"))
# Behind the documented reverse proxy (one hop that sets X-Forwarded-Proto and appends the client to
# X-Forwarded-For): HTTPS is recognised, and the client address (core.net.client_ip) is the one the proxy saw.
BEHIND_PROXY = env_bool("BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None

# Content-Security-Policy: nothing inline, nothing third-party.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Logging: never personal data on stdout; only levels and technical messages.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}

# Domain settings (per-partnership overrides live in the database).
BROBYG_VERIFY_AFTER_MONTHS = int(os.environ.get("BROBYG_VERIFY_AFTER_MONTHS", "6"))
BROBYG_SMALL_COUNT = int(os.environ.get("BROBYG_SMALL_COUNT", "5"))  # aggregates below this are suppressed
BROBYG_INACTIVE_CITIZEN_MONTHS = int(os.environ.get("BROBYG_INACTIVE_CITIZEN_MONTHS", "24"))
BROBYG_SURVEY_REMIND_DAYS = int(os.environ.get("BROBYG_SURVEY_REMIND_DAYS", "7"))  # network-survey reminder gap
# Follow-ups of a citizen's journey: days after the first visit, comma-separated (bridging.services.followup_days).
BROBYG_FOLLOWUP_DAYS = os.environ.get("BROBYG_FOLLOWUP_DAYS") or "2,14,90"
# Ideas declined or parked this many months ago lose the initiators' personal data (`brobyg initiatives-retention`).
BROBYG_IDEA_RETENTION_MONTHS = int(os.environ.get("BROBYG_IDEA_RETENTION_MONTHS", "12"))
BROBYG_BASE_URL = os.environ.get("BROBYG_BASE_URL", "http://127.0.0.1:8000")
# Days a citizen's personal link to their own page works before the bridge-builder renews it (brobyg.mine).
BROBYG_CITIZEN_LINK_DAYS = int(os.environ.get("BROBYG_CITIZEN_LINK_DAYS", "30"))
# Public forms (core.publicforms): minimum seconds between opening and sending, submissions per client and hour.
BROBYG_ASK_MIN_SECONDS = int(os.environ.get("BROBYG_ASK_MIN_SECONDS", "3"))
BROBYG_ASK_PER_HOUR = int(os.environ.get("BROBYG_ASK_PER_HOUR", "5"))
BROBYG_SIGNUP_MIN_SECONDS = int(os.environ.get("BROBYG_SIGNUP_MIN_SECONDS", "3"))
BROBYG_SIGNUP_PER_HOUR = int(os.environ.get("BROBYG_SIGNUP_PER_HOUR", "5"))
BROBYG_IDEA_MIN_SECONDS = int(os.environ.get("BROBYG_IDEA_MIN_SECONDS", "3"))
BROBYG_IDEA_RATE_LIMIT = int(os.environ.get("BROBYG_IDEA_RATE_LIMIT", "5"))  # ideas per client and hour
