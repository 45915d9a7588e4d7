import json
from pathlib import Path

import pytest
from django.conf import settings

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
GOVUK_COMPONENTS = NODE_MODULES / "govuk-frontend" / "dist" / "govuk" / "components"


@pytest.fixture(scope="session")
def govuk_fixture():
    """govuk_fixture("tag", "grey") -> the fixture that govuk-frontend ships for it."""

    def find(component: str, name: str) -> dict:
        path = GOVUK_COMPONENTS / component / "fixtures.json"
        fixtures = json.loads(path.read_text())["fixtures"]
        return next(fixture for fixture in fixtures if fixture["name"] == name)

    return find
