import datetime

import pytest

from ocop.certification.services import certificate_issue, certificate_revoke
from ocop.geo.models import AdminUnit, Region
from ocop.registry.tests.factories import ProducerFactory, ProductFactory
from ocop.reporting.places import PlaceError, place_from_text
from ocop.reporting.stats import Place, ranking, statistics
from ocop.rules.models import ProductGroup

pytestmark = pytest.mark.django_db
D = datetime.date


def unit(scheme, level, code):
    return AdminUnit.objects.get(scheme=scheme, level=level, code=code)


def long_an_producer(producer_type="household", **extra):
    legacy_commune = AdminUnit.objects.filter(scheme="legacy", level="commune", province__code=80).first()
    return ProducerFactory(
        producer_type=producer_type,
        province=unit("current", "province", 80),
        commune=None,
        legacy_province=unit("legacy", "province", 80),
        legacy_district=legacy_commune.parent,
        legacy_commune=legacy_commune,
        **extra,
    )


def recognise(product, stars, date, number):
    return certificate_issue(
        actor="test", product=product, stars=stars, decision_number=number, decision_date=date
    )


@pytest.fixture
def long_an():
    """3 producers, 4 products in legacy Long An; one upgraded in 2024, one expired, one revoked."""
    drink = ProductGroup.objects.get(taxonomy__code="148", code="drink")
    household, cooperative, enterprise = (
        long_an_producer("household"),
        long_an_producer("cooperative"),
        long_an_producer("enterprise", is_sme=True),
    )
    rice = ProductFactory(producer=household, name="Gạo Nàng Thơm Chợ Đào")
    recognise(rice, 3, D(2022, 5, 1), "1/QĐ")
    recognise(rice, 4, D(2024, 6, 1), "2/QĐ")
    liquor = ProductFactory(producer=cooperative, name="Rượu đế Gò Đen", group=drink)
    recognise(liquor, 3, D(2024, 3, 1), "3/QĐ")
    old = ProductFactory(producer=enterprise, name="Bánh tráng")
    recognise(old, 3, D(2020, 1, 10), "4/QĐ")  # expired 10/01/2023
    revoked = ProductFactory(producer=enterprise, name="Lạp xưởng")
    certificate = recognise(revoked, 3, D(2023, 2, 1), "5/QĐ")
    certificate_revoke(
        actor="test",
        certificate=certificate,
        decision_number="6/QĐ",
        revoked_on=D(2024, 9, 1),
        ground="stopped",
    )


def test_stock_counts_each_valid_product_once_at_its_current_stars(long_an):
    place = place_from_text("Long An", "legacy")
    result = statistics(place, as_of=D(2024, 12, 31))
    assert result["unit"] == {"code": "80", "name": "Tỉnh Long An", "scheme": "legacy", "level": "province"}
    assert result["products"]["total"] == 2
    assert result["products"]["by_star"] == {"3": 1, "4": 1, "5": 0}
    assert result["products"]["by_group"] == {
        "food": 1,
        "drink": 1,
        "herbal": 0,
        "handicraft": 0,
        "ornamental": 0,
        "tourism": 0,
    }
    assert result["producers"]["total"] == 2
    assert result["producers"]["by_type"] == {
        "cooperative": 1,
        "coop_group": 0,
        "enterprise": 0,
        "household": 1,
    }
    assert result["producers"]["share_by_type_pct"]["household"] == 50.0


def test_the_same_products_count_under_the_current_province(long_an):
    legacy = statistics(place_from_text("Long An", "legacy"), as_of=D(2024, 12, 31))
    current = statistics(place_from_text("Tây Ninh", "current"), as_of=D(2024, 12, 31))
    assert current["products"] == legacy["products"]


def test_flows_in_a_period_by_kind_and_star(long_an):
    result = statistics(
        place_from_text("Long An", "legacy"),
        as_of=D(2024, 12, 31),
        date_from=D(2024, 1, 1),
        date_to=D(2024, 12, 31),
    )
    period = result["period"]
    assert period["recognitions"]["total"] == 2
    assert period["recognitions"]["new"] == 1 and period["recognitions"]["upgraded"] == 1
    assert period["recognitions"]["by_star"] == {"3": 1, "4": 1, "5": 0}
    assert period["producers_recognised"] == 2
    assert period["revocations"] == 1
    assert period["expiries"] == 0


def test_cumulative_products_count_each_product_once_at_its_latest_stars(long_an):
    result = statistics(
        place_from_text("Long An", "legacy"),
        as_of=D(2024, 12, 31),
        date_from=D(2020, 1, 1),
        date_to=D(2024, 12, 31),
    )
    assert result["period"]["cumulative_products"] == {"total": 4, "by_star": {"3": 3, "4": 1, "5": 0}}
    assert result["period"]["expiries"] == 1


def test_ranking_of_mekong_delta_provinces_in_the_legacy_scheme(long_an):
    region = Region.objects.get(code="dbscl")
    rows = ranking(scheme="legacy", region=region, as_of=D(2024, 12, 31))
    assert len(rows) == 13
    assert rows[0]["unit"].short_name == "Long An" and rows[0]["rank"] == 1 and rows[0]["value"] == 2
    assert {row["rank"] for row in rows[1:]} == {2}  # the others tie with nothing


def test_a_legacy_name_in_the_current_scheme_is_refused_with_the_successor():
    with pytest.raises(PlaceError, match="Tây Ninh"):
        place_from_text("Long An", "current")


@pytest.mark.parametrize("command", ["stats", "report"])
def test_the_commands_tell_a_former_unit_their_own_option(command, tmp_path):
    """The commands name `--scheme legacy` (the API names its parameter, `scheme=legacy`)."""
    from django.core.management import CommandError, call_command

    output = ["--format", "xlsx", "--output", str(tmp_path / "bao-cao.xlsx")] if command == "report" else []
    with pytest.raises(CommandError) as refused:
        call_command(command, "--unit", "Long An", "--from", "2024-01-01", "--to", "2024-12-31", *output)
    assert "Tây Ninh" in str(refused.value)
    assert str(refused.value).endswith(" Dùng --scheme legacy để thống kê theo địa giới cũ.")


def test_places_by_code_region_and_country():
    assert place_from_text("80", "legacy").unit.short_name == "Long An"
    assert place_from_text("80", "current").unit.short_name == "Tây Ninh"
    assert place_from_text("Đồng bằng sông Cửu Long", "legacy").region.code == "dbscl"
    assert place_from_text("toàn quốc") == Place(scheme="current")


def test_ranking_and_drill_down_agree_with_the_statistics_of_each_province(long_an):
    """The three reads the pages use count the same certificates: statistics() of one place,
    ranking() of all provinces and stock_by_child() (the dashboard's table)."""
    from ocop.reporting.stats import stock_by_child

    as_of = D(2024, 12, 31)
    long_an_unit = unit("legacy", "province", 80)
    alone = statistics(Place(scheme="legacy", unit=long_an_unit), as_of=as_of)
    rows = {
        metric: {row["unit"].pk: row["value"] for row in ranking(scheme="legacy", as_of=as_of, metric=metric)}
        for metric in ("products", "products_4plus", "producers")
    }
    drill = {row["unit"].pk: row for row in stock_by_child(Place(scheme="legacy"), as_of) if row["unit"]}
    assert (alone["products"]["total"], alone["producers"]["total"]) == (2, 2)
    assert rows["products"][long_an_unit.pk] == drill[long_an_unit.pk]["products"] == 2
    assert rows["products_4plus"][long_an_unit.pk] == drill[long_an_unit.pk]["products_4plus"] == 1
    assert rows["producers"][long_an_unit.pk] == drill[long_an_unit.pk]["producers"] == 2
    assert sum(rows["products"].values()) == 2  # nothing anywhere else


def test_the_upper_stars_metric_reads_its_threshold_from_the_rulebook(long_an):
    from ocop.rules.models import Regime
    from ocop.rules.selectors import clear_cache

    as_of = D(2024, 12, 31)
    long_an_unit = unit("legacy", "province", 80)

    def upper():
        rows = ranking(scheme="legacy", as_of=as_of, metric="products_4plus")
        return next(row["value"] for row in rows if row["unit"] == long_an_unit)

    assert upper() == 1  # the 4★ rice
    # A rulebook certifying from 2★: the upper levels start at 3★.
    Regime.objects.update(
        min_certified_stars=2, certifiers={"2": "province", "3": "province", "4": "province", "5": "central"}
    )
    clear_cache()  # a queryset update sends no signal
    try:
        assert upper() == 2
    finally:
        clear_cache()  # the rollback does not either


def test_certificates_follow_their_producer_when_it_moves(long_an):
    """The province a certificate counts in is copied from its producer, and kept in step."""
    from ocop.registry.models import Product
    from ocop.registry.services import producer_update

    as_of = D(2024, 12, 31)
    tay_ninh, can_tho = unit("current", "province", 80), unit("current", "province", 92)

    def valid_in(province):
        return statistics(Place(scheme="current", unit=province), as_of=as_of)["products"]["total"]

    assert (valid_in(tay_ninh), valid_in(can_tho)) == (2, 0)
    rice_grower = Product.objects.get(name="Gạo Nàng Thơm Chợ Đào").producer
    producer_update(
        actor="test",
        producer=rice_grower,
        province=can_tho,
        legacy_province=None,
        legacy_district=None,
        legacy_commune=None,
    )
    assert (valid_in(tay_ninh), valid_in(can_tho)) == (1, 1)


def test_the_dashboard_and_the_report_list_the_same_expiring_certificates_in_vietnamese_order(
    client, central_officer
):
    """Soonest end first; on the same day, by the product's Vietnamese sort key ("Ánh" before
    "Bưởi", though "Á" sorts after "B" byte-wise)."""
    from django.urls import reverse

    from ocop.reporting.narrative import build_report
    from ocop.reporting.stats import expiring_certificates

    producer = long_an_producer()
    for name, decided, number in (
        ("Bưởi da xanh", D(2022, 3, 1), "1/QĐ"),
        ("Ánh dương trà", D(2022, 3, 1), "2/QĐ"),
        ("Chuối sấy", D(2022, 2, 1), "3/QĐ"),
        ("Dừa sáp", D(2022, 9, 1), "4/QĐ"),  # ends after the 90 days
    ):
        recognise(ProductFactory(producer=producer, name=name), 3, decided, number)
    as_of = D(2024, 12, 31)
    place = Place(scheme="legacy", unit=unit("legacy", "province", 80))
    expected = ["Chuối sấy", "Ánh dương trà", "Bưởi da xanh"]

    assert [c.product.name for c in expiring_certificates(place, as_of)] == expected
    report = build_report(place, date_from=D(2024, 1, 1), date_to=as_of)
    title, _header, rows = report.tables[-1]
    assert title.endswith("Giấy chứng nhận hết hiệu lực trong 90 ngày tới")
    assert [row[1] for row in rows] == expected
    client.force_login(central_officer)
    response = client.get(
        reverse("reporting:dashboard"), {"scheme": "legacy", "unit": "80", "as_of": as_of.isoformat()}
    )
    assert [c.product.name for c in response.context["expiring"]] == expected
    assert response.context["expiring_count"] == 3
