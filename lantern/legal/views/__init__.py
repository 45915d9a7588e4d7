"""Legal pages, one module per part, each with its ``urlpatterns``."""
