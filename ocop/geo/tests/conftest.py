import pytest

from ocop.geo import resolver


@pytest.fixture(autouse=True)
def _fresh_resolver_cache(request):
    """Another app's transactional test may have flushed and reloaded the units with new ids."""
    uses_db = request.node.get_closest_marker("django_db") or "db" in request.fixturenames
    if uses_db or "transactional_db" in request.fixturenames:
        request.getfixturevalue("transactional_db" if "transactional_db" in request.fixturenames else "db")
        if resolver.fingerprint() and resolver.fingerprint() != resolver.current_fingerprint():
            resolver.clear_cache()
    yield
