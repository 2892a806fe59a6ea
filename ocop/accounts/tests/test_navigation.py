import pytest
from django.urls import reverse

from ocop.accounts import navigation
from ocop.accounts.navigation import NavEntry, menu_for

# Personas are fetched by name inside the tests, so declare the database up front: it keeps
# these tests among the database tests, before the transactional ones that flush tables.
pytestmark = pytest.mark.django_db


def _names(user):
    return {item["name"] for item in menu_for(user)}


@pytest.mark.parametrize(
    ("persona", "sees_admin"),
    [
        ("system_admin", True),
        ("central_officer", False),
        ("can_tho_officer", False),
        ("tay_ninh_officer", False),
        ("can_tho_commune_officer", False),
        ("council_member", False),
        ("producer_user", False),
        ("outsider", False),
    ],
)
def test_only_system_admins_see_the_admin_entry(request, persona, sees_admin):
    names = _names(request.getfixturevalue(persona))
    assert "portal:home" in names
    assert ("admin:index" in names) is sees_admin


def test_anonymous_visitors_see_only_public_entries(db):
    from django.contrib.auth.models import AnonymousUser

    assert _names(AnonymousUser()) == {"portal:home"}


def test_an_entry_whose_page_does_not_exist_yet_is_skipped(monkeypatch, central_officer):
    monkeypatch.setattr(
        navigation, "NAV", [*navigation.NAV, NavEntry("registry:does_not_exist", "Sổ đăng ký", None)]
    )
    assert "registry:does_not_exist" not in _names(central_officer)


def test_an_entry_needing_a_capability_is_shown_only_to_holders(monkeypatch, can_tho_officer, producer_user):
    monkeypatch.setattr(navigation, "NAV", [NavEntry("accounts:profile", "Báo cáo", "reports.view")])
    assert _names(can_tho_officer) == {"accounts:profile"}
    assert _names(producer_user) == set()


def test_the_page_header_shows_the_admin_link_to_a_system_admin_only(client, system_admin, can_tho_officer):
    client.force_login(system_admin)
    assert 'href="/admin/"' in client.get(reverse("portal:home")).content.decode()
    client.force_login(can_tho_officer)
    assert 'href="/admin/"' not in client.get(reverse("portal:home")).content.decode()


def test_the_current_section_is_marked_in_the_menu(central_officer):
    items = {item["name"]: item for item in menu_for(central_officer, "/")}
    assert items["portal:home"]["active"]
