"""Settings shared by every environment. Configuration comes from the environment."""

import os
from pathlib import Path

import dj_database_url

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
    "lantern.returns",
    "lantern.seed",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lantern.web.middleware.NoStoreMiddleware",
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

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Built at setup from the npm packages (never committed, never from a CDN).
ASSETS_DIR = VAR_DIR / "assets"
STATICFILES_DIRS = [ASSETS_DIR]

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

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
]
