"""docs/api.md lists every endpoint of /api/v1/ (the table went stale once: stats were missing)."""

import pathlib
import re

from ocop.api.urls import urlpatterns

API_DOC = pathlib.Path(__file__).resolve().parents[3] / "docs" / "api.md"


def documented_form(route: str) -> str:
    """ "v1/units/<str:scheme>/<int:code>/" → "/api/v1/units/{scheme}/{code}/"."""
    return "/api/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_every_v1_endpoint_is_in_the_api_table():
    text = API_DOC.read_text(encoding="utf-8")
    routes = [str(pattern.pattern) for pattern in urlpatterns if str(pattern.pattern).startswith("v1/")]
    assert len(routes) >= 8
    missing = [documented_form(route) for route in routes if documented_form(route) not in text]
    assert missing == []
