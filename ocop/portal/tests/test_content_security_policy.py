"""Content-Security-Policy: sent on every page, and no template relies on inline script."""

import re
from pathlib import Path

import pytest

OCOP = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def templates():
    return sorted(p for p in OCOP.rglob("templates/**/*.html") if "report_pdf" not in p.name)


def test_no_template_has_inline_script_or_event_handler_attributes():
    found = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER):
            found += [f"{path.relative_to(OCOP)}: {m.group(0)[:60]}" for m in pattern.finditer(text)]
    assert not found, "Move these to static/ocop/ocop.js (data attributes): " + "; ".join(found)


@pytest.mark.django_db
def test_every_page_carries_the_policy(client, can_tho_officer):
    client.force_login(can_tho_officer)
    for url in ("/", "/registry/producers/", "/api/docs/", "/accounts/login/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy
        assert "object-src 'none'" in policy
