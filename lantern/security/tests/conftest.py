# The URL-walk access test's sample records, for walking every page here too.
from lantern.access.tests.test_url_access import assessment, contact, plans, step_down  # noqa: F401
