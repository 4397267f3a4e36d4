"""InfoGov settings: one file, driven by the environment.

Every variable is documented in `.env.example`. A bad value stops start-up with a
message that names the variable (see `infogov.core.env`).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from infogov.core.env import (
    ConfigError,
    database_from_url,
    env_bool,
    env_date,
    env_int,
    env_list,
    env_proxies,
    env_secret,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env_str("INFOGOV_VAR_DIR", str(REPO_DIR / "var")))

DEBUG = env_bool("INFOGOV_DEBUG", False)
DEMO = env_bool("INFOGOV_DEMO", False)
# Under pytest the suite runs with test-friendly defaults (fast hasher, console mail).
TESTING = env_bool("INFOGOV_TESTING", False) or "pytest" in sys.modules

SECRET_KEY = env_secret(
    "INFOGOV_SECRET_KEY",
    # Only debug (development) may fall back to a fixed key; production must set one.
    development_default="infogov-development-key-not-for-production" if DEBUG or TESTING else None,
)

ALLOWED_HOSTS = env_list("INFOGOV_ALLOWED_HOSTS", [])
if DEBUG or TESTING:
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, "127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("INFOGOV_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("INFOGOV_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # InfoGov apps: shared machinery first, then one app per domain area.
    "infogov.core",
    "infogov.organisation",
    "infogov.assets",
    "infogov.records",
    "infogov.incidents",
    "infogov.requests",
    "infogov.risks",
    "infogov.plans",
    "infogov.registrations",
    "infogov.training",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "infogov.core.middleware.MfaRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "infogov.core.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "infogov.urls"
WSGI_APPLICATION = "infogov.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "core" / "templates"],  # ours before the admin's
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "infogov.core.context_processors.infogov",
            ],
        },
    },
]

# SQLite lets one writer at a time: another request waits this long for the lock, then is
# answered 503 with Retry-After (`DatabaseBusyMiddleware`), never a server error.
DATABASES = {
    "default": database_from_url(
        "DATABASE_URL",
        f"sqlite:///{VAR_DIR / 'infogov.sqlite3'}",
        debug=DEBUG,
        sqlite_timeout=env_int("INFOGOV_SQLITE_TIMEOUT_SECONDS", 20, minimum=1),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "infogov.core.backends.InfoGovBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Tests create many users: a fast hasher keeps the suite quick.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failures (django-axes), per user name and address.
AXES_FAILURE_LIMIT = env_int("INFOGOV_LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = env_int("INFOGOV_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "infogov.core.auth_views.locked_out"
AXES_VERBOSE = False
# Reverse proxies whose X-Forwarded-For is believed (hops or networks; none by default). One
# rule, `infogov.core.net.client_ip`, gives the address for lockout and every rate limit.
INFOGOV_TRUSTED_PROXIES = env_proxies("INFOGOV_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "infogov.core.net.client_ip"

# Password reset e-mails an hour, per client address and per e-mail address.
INFOGOV_PASSWORD_RESET_PER_ADDRESS = env_int("INFOGOV_PASSWORD_RESET_PER_ADDRESS", 10, minimum=1)
INFOGOV_PASSWORD_RESET_PER_ACCOUNT = env_int("INFOGOV_PASSWORD_RESET_PER_ACCOUNT", 3, minimum=1)

# API tokens (infogov.core.tokens): a token dies this many days after it is issued, and
# after this many days unused (0: no idle expiry).
INFOGOV_API_TOKEN_DAYS = env_int("INFOGOV_API_TOKEN_DAYS", 30, minimum=1)
INFOGOV_API_TOKEN_IDLE_DAYS = env_int("INFOGOV_API_TOKEN_IDLE_DAYS", 7, minimum=0)

# Idle session timeout: the session expires after this many minutes without a request.
SESSION_COOKIE_AGE = env_int("INFOGOV_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("INFOGOV_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("INFOGOV_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env_str("INFOGOV_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
INFOGOV_MAX_UPLOAD_MB = env_int("INFOGOV_MAX_UPLOAD_MB", 20, minimum=1)
# Spreadsheets read for imports and data-quality extracts: larger ones are refused unread.
INFOGOV_IMPORT_MAX_COLUMNS = env_int("INFOGOV_IMPORT_MAX_COLUMNS", 200, minimum=1)
INFOGOV_IMPORT_MAX_ROWS = env_int("INFOGOV_IMPORT_MAX_ROWS", 200_000, minimum=1)
# Imports of files up to this size run in the request; larger ones by the `imports` job.
INFOGOV_IMPORT_INLINE_KB = env_int("INFOGOV_IMPORT_INLINE_KB", 256, minimum=0)
# An import pass running longer than this (its worker stopped) is queued again.
INFOGOV_IMPORT_STALE_MINUTES = env_int("INFOGOV_IMPORT_STALE_MINUTES", 60, minimum=1)

# E-mail: a file path selects the file backend (development); a host selects SMTP.
EMAIL_FILE_PATH = env_str("INFOGOV_EMAIL_FILE_PATH", "")
EMAIL_HOST = env_str("INFOGOV_EMAIL_HOST", "")
if EMAIL_FILE_PATH:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
elif EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("INFOGOV_EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("INFOGOV_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("INFOGOV_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("INFOGOV_EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("INFOGOV_EMAIL_USE_SSL", False)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ConfigError(
            "INFOGOV_EMAIL_USE_SSL",
            "cannot be used together with INFOGOV_EMAIL_USE_TLS; set one of them to 0",
        )
elif DEBUG or TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    raise ConfigError(
        "INFOGOV_EMAIL_HOST",
        "is required in production (or set INFOGOV_EMAIL_FILE_PATH for the file backend)",
    )
DEFAULT_FROM_EMAIL = env_str("INFOGOV_EMAIL_FROM", "infogov@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The scheduler (`infogov send_reminders`): a failed send is tried again after
# INFOGOV_MAIL_RETRY_MINUTES, doubling each time, INFOGOV_MAIL_RETRY_ATTEMPTS times in all;
# a message claimed by a sender that stopped is released after the claim timeout.
INFOGOV_MAIL_RETRY_ATTEMPTS = env_int("INFOGOV_MAIL_RETRY_ATTEMPTS", 8, minimum=1)
INFOGOV_MAIL_RETRY_MINUTES = env_int("INFOGOV_MAIL_RETRY_MINUTES", 5, minimum=1)
INFOGOV_MAIL_CLAIM_TIMEOUT_MINUTES = env_int("INFOGOV_MAIL_CLAIM_TIMEOUT_MINUTES", 15, minimum=2)
INFOGOV_JOBS_INTERVAL_SECONDS = env_int("INFOGOV_JOBS_INTERVAL_SECONDS", 300, minimum=10)
# One SMTP conversation never outlives a claim (the claim timeout is at least two minutes).
EMAIL_TIMEOUT = 30

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "infogov.core.tokens.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "infogov.core.drf.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "infogov.core.schema.GovernedAutoSchema",
    "EXCEPTION_HANDLER": "infogov.core.drf.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": env_str("INFOGOV_TOKEN_THROTTLE", "60/minute")},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "InfoGov API",
    "DESCRIPTION": "The REST API of InfoGov. Authenticate with `POST /api/auth/token/` "
    "and send `Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AccessRoleEnum": "infogov.core.roles.Role",
        "MembershipRoleEnum": "infogov.organisation.choices.MembershipRole",
        "DpiaLikelihoodEnum": "infogov.assets.choices.Likelihood",
        "DpiaSeverityEnum": "infogov.assets.choices.Severity",
        "DisposalOutcomeEnum": "infogov.records.choices.DecisionOutcome",
        "DestructionMethodEnum": "infogov.records.choices.DestructionMethod",
        "ResponseMethodEnum": "infogov.requests.choices.ResponseMethod",
        "CaseOutcomeEnum": "infogov.requests.choices.Outcome",
        "NotificationMethodEnum": "infogov.incidents.choices.NotificationMethod",
        "SpecialistRoleEnum": "infogov.training.choices.SPECIALIST_ROLES",
    },
}

# Council branding: the council's own name and colour (no GOV.UK crown or font).
INFOGOV_COUNCIL_NAME = env_str("INFOGOV_COUNCIL_NAME", "")
# The council's privacy notice for requesters, linked from the public request form.
INFOGOV_PRIVACY_NOTICE_URL = env_str("INFOGOV_PRIVACY_NOTICE_URL", "")
INFOGOV_BRAND_COLOUR = env_str("INFOGOV_BRAND_COLOUR", "#1d4f76")
if not re.fullmatch(r"#[0-9a-fA-F]{6}", INFOGOV_BRAND_COLOUR):
    raise ConfigError("INFOGOV_BRAND_COLOUR", "must be a colour like #1d4f76")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("INFOGOV_LOG_LEVEL", "WARNING")},
}

SIMPLE_HISTORY_REVERT_DISABLED = True
FORMS_URLFIELD_ASSUME_HTTPS = True

# A cache shared by every app server (rate limits, throttles): a database table, so several
# workers agree without another service. `infogov migrate` creates the table.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "infogov_cache",
    }
}
if TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Information assets are reviewed this often; their owners are reminded this many days ahead.
INFOGOV_ASSET_REVIEW_MONTHS = env_int("INFOGOV_ASSET_REVIEW_MONTHS", 12, minimum=1)
INFOGOV_REVIEW_REMINDER_DAYS = env_int("INFOGOV_REVIEW_REMINDER_DAYS", 30, minimum=1)

# Closed request case files are anonymised after this many years (the council's schedule).
INFOGOV_REQUEST_RETENTION_YEARS = env_int("INFOGOV_REQUEST_RETENTION_YEARS", 6, minimum=1)
# Dates people enter lie from this date to today plus a margin (`infogov.core.validators`):
# one day for dates that say when something happened, this many days for planned ones.
INFOGOV_EARLIEST_DATE = env_date("INFOGOV_EARLIEST_DATE", "1990-01-01")
INFOGOV_DATE_FUTURE_MARGIN_DAYS = env_int("INFOGOV_DATE_FUTURE_MARGIN_DAYS", 3650, minimum=1)
SILENCED_SYSTEM_CHECKS: list[str] = []
