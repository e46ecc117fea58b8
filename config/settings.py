"""Tomoni settings, read from the environment; a fresh checkout runs on SQLite."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

# The demo lives on the replica's own day (docs/replica.md, "The demo's day"): `make demo` sets
# TOMONI_TODAY=2015-03-20, and tomoni.core.clock then gives that date with the time of day now. Never in
# production: a fixed date there would stamp every record with it, so it is refused without DEBUG.
TOMONI_TODAY = dt.date.fromisoformat(os.environ["TOMONI_TODAY"]) if os.environ.get("TOMONI_TODAY") else None
if TOMONI_TODAY is not None and not DEBUG:
    raise ImproperlyConfigured("TOMONI_TODAY (the demo's day) is for the demo only and needs DEBUG=1.")
# The development key only ever serves a local checkout; production sets SECRET_KEY. Its prefix makes
# `check --deploy` (security.W009) refuse it, so a production without SECRET_KEY cannot pass.
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-tomoni-dev-only-key-set-SECRET_KEY-in-production")
# Key for special-care personal data encrypted at rest (Fernet, urlsafe base64, 32 bytes).
# Without one, a key is derived from SECRET_KEY so that a local checkout works.
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "tomoni.core.apps.OperatorAdminConfig",  # the operators-only admin site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    # Before allauth, so Tomoni's templates for the login and two-factor pages take precedence over allauth's.
    "tomoni.core",
    "tomoni.preferences",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "tomoni.federation",
    "tomoni.members",
    "tomoni.capital",
    "tomoni.governance",
    "tomoni.work",
    "tomoni.inclusion",
    "tomoni.operations",
    "tomoni.reports",
    "tomoni.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "tomoni.core.auth.TwoFactorRequiredMiddleware",
    # After the session and login: the reader's language, text size and contrast; furigana in plain Japanese.
    "tomoni.preferences.middleware.PreferencesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tomoni.preferences.context_processors.display",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the one writer work side by side; a busy timeout rather than an error.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # psycopg prepares a statement run this many times on a connection, but only the hot statements written for
    # it use a server-binding cursor (tomoni.core.db.prepared_cursor); Django's own cursors never prepare.
    # Set DB_PREPARE_THRESHOLD=off behind a transaction-mode pooler that cannot keep prepared statements.
    _prepare = os.environ.get("DB_PREPARE_THRESHOLD", "5")
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        None if _prepare.lower() in {"", "off", "none"} else int(_prepare)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
# Where a signed-in person lands: what needs them today (tomoni.reports, above every context).
START_PAGE = "reports:start"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# django-allauth: log in with an email address or a member number (the username).
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ALLOW_REGISTRATION = False  # members are registered by their coop's officers
ACCOUNT_ADAPTER = "tomoni.core.auth.AccountAdapter"
ACCOUNT_FORMS = {"login": "tomoni.core.auth.LoginForm"}
# Lockout: after 5 failed logins for one account (by email or member number alike, see tomoni.core.auth)
# the account is locked for 15 minutes; one address may fail 10 times a minute across accounts.
LOGIN_FAILURES = envint("LOGIN_FAILURES", 5)
ACCOUNT_RATE_LIMITS = {"login_failed": f"10/m/ip,{LOGIN_FAILURES}/15m/key"}
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Two-factor authentication (TOTP with recovery codes) for officers and anyone else who wants it.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tomoni"
MFA_RECOVERY_CODE_COUNT = 10
# Two-factor is required of everyone who reads other people's records (any grant), after a grace period counted
# from their first grant; each coop may set its own (tomoni.core.models.TwoFactorPolicy). Federation staff follow
# these two settings.
TWO_FACTOR_GRACE_DAYS = envint("TWO_FACTOR_GRACE_DAYS", 14)
TWO_FACTOR_REQUIRED_FOR_FEDERATION_STAFF = envbool("TWO_FACTOR_REQUIRED_FOR_FEDERATION_STAFF", True)

# The lockout counters live in the cache: one shared Redis cache in production
# (CACHE_URL=redis://…), so every gunicorn worker counts the same failures; in-process otherwise.
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tomoni"}
    )
}

LANGUAGE_CODE = "ja"
# Plain Japanese (やさしい日本語) is a language of its own: its catalogue (ja_Plain) holds the plain-words texts
# of the member pages and falls back to Japanese for the rest; every page in it gets furigana.
# Ready for the languages of foreign care workers: add ("vi", …), ("zh-hans", …), ("pt-br", …), ("tl", …) here
# once `make messages` has made their catalogues and they are translated (see the README).
LANGUAGES = [("ja", _("Japanese")), ("ja-plain", _("Plain Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and envbool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # DRF's token authentication with its query written in SQL on PostgreSQL (the same checks and refusals).
        "tomoni.core.auth.TokenAuthentication",
        "tomoni.core.auth.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "tomoni.core.errors.api_exception_handler",
}
# API tokens stop working this many days after they were issued (a new login to the API issues a new one);
# a password change or reset, and turning on two-factor, revoke them at once.
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 90)
SPECTACULAR_SETTINGS = {
    "TITLE": "Tomoni API",
    "DESCRIPTION": "Registry and member register of co-operatives of associated work.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Every authenticated operation documents its 401 and the two-factor 403 (tomoni/core/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tomoni.core.schema.document_auth_refusals",
    ],
    # Choice sets that share a field name ("kind") get names of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "CoopKindEnum": "tomoni.federation.models.CoopKind",
        "MembershipKindEnum": "tomoni.members.models.MembershipKind",
        "MeetingKindEnum": "tomoni.governance.models.MeetingKind",
        "MeetingStatusEnum": "tomoni.governance.models.MeetingStatus",
        "MotionKindEnum": "tomoni.governance.models.MotionKind",
        "MotionStatusEnum": "tomoni.governance.models.MotionStatus",
        "ProposalKindEnum": "tomoni.governance.models.ProposalKind",
        "ProposalStatusEnum": "tomoni.governance.models.ProposalStatus",
        "DecisionStatusEnum": "tomoni.governance.models.DecisionStatus",
        "AppropriationStatusEnum": "tomoni.capital.models.AppropriationStatus",
    },
}

# Jobs: with no broker they run in-process (eagerly); set CELERY_BROKER_URL=redis://… to distribute.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
CELERY_TIMEZONE = TIME_ZONE
# With no broker, jobs run in a thread of the web process so a request never waits for one (see
# tomoni/core/jobs.py); the tests turn this off to run them inline.
JOBS_IN_THREAD = os.environ.get("JOBS_IN_THREAD", "1") == "1"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "tomoni@localhost")
# The site's address, for the links in the mails people receive (notifications).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Password-reset mail in production: EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and these.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)

# Production hardening, switched on by the environment (see README, "Deploy").
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", False) else None
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
