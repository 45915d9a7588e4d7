from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "lantern.security"
    label = "security"
    verbose_name = "Sign-in and sessions"

    def ready(self):
        from . import signals  # noqa: F401  (security events for sign-in, sign-out, lockout)
