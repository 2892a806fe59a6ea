import datetime

import pytest
from django.db import transaction

from ocop.activities.demo import load_activities_demo
from ocop.demo.generator import load_registry_demo


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The "provinces" demo registry and the demo activities, loaded once per module, rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_registry_demo(scale="provinces", today=datetime.date(2026, 11, 23))
        load_activities_demo()
        yield
        transaction.set_rollback(True)
