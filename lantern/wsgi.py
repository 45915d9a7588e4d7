import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantern.settings.production")
application = get_wsgi_application()

from lantern.web.runtime import tune_gc  # noqa: E402  (after Django has loaded the app)

tune_gc()
