import datetime

import pytest

from ocop.activities.demo import load_activities_demo
from ocop.demo.generator import load_registry_demo


@pytest.fixture(scope="module")
def demo(module_db):
    """The "provinces" demo registry and the demo activities, loaded once per module, rolled back."""
    load_registry_demo(scale="provinces", today=datetime.date(2026, 11, 23))
    load_activities_demo()
