"""Local development and the demo council: SQLite by default, debug on."""

from .base import *  # noqa: F403
from .base import SECRET_KEY as _SECRET_KEY

DEBUG = True
SECRET_KEY = _SECRET_KEY or "dev-only-not-secret-lantern-demo"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# Password reset emails are printed by the development server.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
