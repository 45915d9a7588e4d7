"""Settings shared by every environment. Configuration comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LANTERN_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "lantern.web",
    "lantern.staff",
    "lantern.people",
    "lantern.access",
    "lantern.audit",
    "lantern.obligations",
    "lantern.frontdoor",
    "lantern.assessment",
    "lantern.protection",
    "lantern.childinneed",
    "lantern.plans",
    "lantern.stepchange",
    "lantern.care",
    "lantern.missing",
    "lantern.leavingcare",
    "lantern.earlyhelp",
    "lantern.legal",
    "lantern.returns",
    "lantern.seed",
    "lantern.security",
    "lantern.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lantern.security.middleware.SessionTimeoutMiddleware",
    "lantern.security.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lantern.web.middleware.NoStoreMiddleware",
    "lantern.web.middleware.PermissionsPolicyMiddleware",
    "lantern.web.middleware.RequestSizeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lantern.urls"
WSGI_APPLICATION = "lantern.wsgi.application"

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
                "lantern.web.context.council",
                "csp.context_processors.nonce",
            ],
        },
    }
]
FORM_RENDERER = "lantern.web.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'lantern.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "staff.User"
LOGIN_URL = "web:sign-in"
LOGIN_REDIRECT_URL = "obligations:my-work"
LOGOUT_REDIRECT_URL = "web:sign-in"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Argon2id first: a password stored with an older hasher is rehashed at its next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes counts failures first; an unknown username still costs one password hash
# (ModelBackend hashes the attempt), so it answers no faster than a wrong password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A reset link works once (it is bound to the password it replaces) and for an hour.
PASSWORD_RESET_TIMEOUT = 60 * 60
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "lantern@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Built at setup from the npm packages (never committed, never from a CDN).
ASSETS_DIR = VAR_DIR / "assets"
STATICFILES_DIRS = [ASSETS_DIR]

# Database sessions that carry the user's id (a password reset ends all of them).
SESSION_ENGINE = "lantern.security.sessions"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Security: sessions, second factor, lockout, Content-Security-Policy.
# A signed-in session ends after this long without a request, and this long after sign-in.
LANTERN_SESSION_IDLE_MINUTES = int(os.environ.get("LANTERN_SESSION_IDLE_MINUTES", "30"))
LANTERN_SESSION_ABSOLUTE_HOURS = int(os.environ.get("LANTERN_SESSION_ABSOLUTE_HOURS", "10"))
SESSION_COOKIE_AGE = LANTERN_SESSION_ABSOLUTE_HOURS * 60 * 60
# Every account must give a code from an authenticator app after its password (production
# turns this on; an account that has set up an app is always asked for a code).
LANTERN_REQUIRE_2FA = os.environ.get("LANTERN_REQUIRE_2FA", "0") == "1"
OTP_TOTP_ISSUER = "Lantern"
# Lockout: this many failed sign-ins for one username lock it for the cool-off.
AXES_FAILURE_LIMIT = int(os.environ.get("LANTERN_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LANTERN_LOCKOUT_MINUTES", "30")))
# By username only: a council's staff share a few outgoing addresses, so locking an address
# would lock a whole office out after five typing slips (hence axes.W006 is silenced).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lantern.security.views.locked_out"
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True  # successes are security events already
AXES_VERBOSE = False
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
    },
}
# No page takes a file, and no form comes near these sizes: anything bigger is refused
# with a 400 and a security event.
LANTERN_MAX_REQUEST_BYTES = 1_000_000
CSRF_FAILURE_VIEW = "lantern.web.views.csrf_failure"
DATA_UPLOAD_MAX_MEMORY_SIZE = 500_000
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_HANDLERS: list[str] = []  # a file sent anyway is read past and dropped, never stored
LANTERN_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The council this installation serves.
LANTERN_COUNCIL = {
    "name": os.environ.get("LANTERN_COUNCIL_NAME", "Kingston upon Hull City Council"),
    "short_name": os.environ.get("LANTERN_COUNCIL_SHORT_NAME", "Hull"),
    "la_code": os.environ.get("LANTERN_LA_CODE", "810"),
    "area_code": os.environ.get("LANTERN_AREA_CODE", "E06000010"),
}
# The DfE validators' own interpreter (their virtualenv is made by `make setup`).
LANTERN_VALIDATORS_PYTHON = os.environ.get("LANTERN_VALIDATORS_PYTHON",
                                           str(BASE_DIR / ".venv-validators" / "bin" / "python"))
# Days ahead in which an open obligation counts as "due soon".
LANTERN_DUE_SOON_DAYS = 7
# Months after a step down within which a step back up or a new referral marks it premature.
LANTERN_STEP_DOWN_WINDOW_MONTHS = 6
# Repeat missing (M3, local): this many missing or away episodes starting within this many
# days flags the child for a strategy discussion.
LANTERN_MISSING_REPEAT = {"episodes": 3, "days": 30}

# The IRO's dispute resolution stages, in order (IRO Handbook; IR2): key, label and the
# working days allowed for a response at that stage. Referral to Cafcass is the last step,
# recorded as the dispute's outcome.
LANTERN_IRO_DISPUTE_STAGES = [
    {"key": "informal", "label": "Informal: the IRO with the social worker or team manager",
     "working_days": 5},
    {"key": "team_manager", "label": "Team manager", "working_days": 5},
    {"key": "service_manager", "label": "Service manager", "working_days": 5},
    {"key": "head_of_service", "label": "Head of service", "working_days": 5},
    {"key": "director", "label": "Director of children's services", "working_days": 5},
]

# Each practice area's function that turns its records into facts for the rules core.
LANTERN_FACT_SOURCES = [
    "lantern.people.facts.involvement_facts",
    "lantern.staff.facts.allocation_facts",
    "lantern.frontdoor.facts.contact_facts",
    "lantern.assessment.facts.assessment_facts",
    "lantern.protection.facts.protection_facts",
    "lantern.childinneed.facts.cin_plan_facts",
    "lantern.plans.facts.visit_facts",
    "lantern.care.facts.care_facts",
    "lantern.missing.facts.missing_facts",
    "lantern.legal.facts.legal_facts",
    "lantern.earlyhelp.facts.early_help_facts",
]
# Each practice area's function that lists a child's records for the chronology.
LANTERN_CHRONOLOGY_SOURCES = [
    "lantern.people.chronology.entries",
    "lantern.staff.chronology.entries",
    "lantern.frontdoor.chronology.entries",
    "lantern.assessment.chronology.entries",
]
# Areas whose chronology entries are read together in one query (see lantern.web.chronology).
LANTERN_CHRONOLOGY_PARTS = [
    "lantern.protection.chronology",
    "lantern.childinneed.chronology",
    "lantern.plans.chronology",
    "lantern.stepchange.chronology",
    "lantern.care.chronology",
    "lantern.missing.chronology",
    "lantern.earlyhelp.chronology",
]
