"""Activity pages over HTTP: who may see and change what, filters in either scheme, export, the
staged import, and the producer maintaining its own sales channels."""

import datetime
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from conftest import legacy_province
from ocop.accounts.models import RoleAssignment
from ocop.activities import services
from ocop.activities.models import Funding, TradeEvent
from ocop.core.models import AuditEntry
from ocop.registry.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def can_tho_event(can_tho):
    # Recorded against Sóc Trăng (cũ): the current province follows (Cần Thơ).
    return services.event_create(
        actor="test",
        legacy_province=legacy_province(94),
        name="Hội chợ OCOP Sóc Trăng 2024",
        kind="fair",
        start_date=D(2024, 9, 1),
        location="in_province",
    )


@pytest.fixture
def own_producer(producer_user, can_tho):
    producer = ProducerFactory(name="HTX Của Tôi")
    RoleAssignment.objects.filter(user=producer_user).update(
        scope_type=ContentType.objects.get_for_model(producer), scope_id=str(producer.pk)
    )
    return producer


def test_an_event_recorded_in_the_old_scheme_is_listed_under_either_scheme(
    client, can_tho_officer, can_tho_event
):
    assert can_tho_event.province.code == 92
    client.force_login(can_tho_officer)
    url = reverse("activities:events_list")
    assert (
        "Hội chợ OCOP Sóc Trăng 2024" in client.get(url, {"scheme": "legacy", "unit": "94"}).content.decode()
    )
    assert (
        "Hội chợ OCOP Sóc Trăng 2024" in client.get(url, {"scheme": "current", "unit": "92"}).content.decode()
    )
    assert (
        "Hội chợ OCOP Sóc Trăng 2024"
        not in client.get(url, {"scheme": "legacy", "unit": "93"}).content.decode()
    )


def test_an_officer_of_another_province_neither_sees_nor_edits_it(client, tay_ninh_officer, can_tho_event):
    client.force_login(tay_ninh_officer)
    assert "Hội chợ OCOP" not in client.get(reverse("activities:events_list")).content.decode()
    assert client.get(reverse("activities:events_edit", args=[can_tho_event.pk])).status_code == 404
    assert client.post(reverse("activities:events_delete", args=[can_tho_event.pk])).status_code == 404
    assert TradeEvent.objects.filter(pk=can_tho_event.pk).exists()


def test_a_commune_officer_sees_the_list_but_may_not_change_it(
    client, can_tho_commune_officer, can_tho_commune
):
    event = services.event_create(
        actor="test",
        commune=can_tho_commune,
        name="Phiên chợ xã",
        kind="market",
        start_date=D(2025, 8, 1),
        location="in_province",
    )
    client.force_login(can_tho_commune_officer)
    assert "Phiên chợ xã" in client.get(reverse("activities:events_list")).content.decode()
    assert client.get(reverse("activities:events_create")).status_code == 403
    assert client.post(reverse("activities:events_delete", args=[event.pk])).status_code == 403


def test_a_province_officer_records_an_event_through_the_form_and_it_is_audited(
    client, can_tho_officer, can_tho
):
    client.force_login(can_tho_officer)
    response = client.post(
        reverse("activities:events_create"),
        {
            "province": can_tho.pk,
            "name": "Tuần lễ OCOP Cần Thơ",
            "kind": "week",
            "start_date": "2025-10-01",
            "end_date": "2025-10-05",
            "location": "abroad",
            "country": "",
        },
    )
    assert "Sự kiện ở nước ngoài cần ghi quốc gia." in response.content.decode()
    assert not TradeEvent.objects.exists()
    response = client.post(
        reverse("activities:events_create"),
        {
            "province": can_tho.pk,
            "name": "Tuần lễ OCOP Cần Thơ",
            "kind": "week",
            "start_date": "2025-10-01",
            "end_date": "2025-10-05",
            "location": "abroad",
            "country": "Nhật Bản",
            "revenue": "1250",
        },
    )
    assert response.status_code == 302
    event = TradeEvent.objects.get()
    assert (event.country, event.revenue, event.province) == ("Nhật Bản", 1250, can_tho)
    assert AuditEntry.objects.filter(action="activities.event_create", object_id=str(event.pk)).exists()


def test_a_producer_maintains_its_own_channels_and_only_those(client, producer_user, own_producer):
    other = ProducerFactory(name="HTX Hàng Xóm")
    theirs = services.channel_create(actor="test", producer=other, kind="ecommerce", platform="shopee")
    client.force_login(producer_user)
    create = reverse("activities:channels_create")
    response = client.post(
        create,
        {
            "producer": own_producer.pk,
            "kind": "ecommerce",
            "platform": "lazada",
            "listing_url": "https://shopee.vn/htx",
        },
    )
    assert "lazada.vn" in response.content.decode() and not own_producer.sales_channels.exists()
    response = client.post(
        create,
        {
            "producer": own_producer.pk,
            "kind": "ecommerce",
            "platform": "lazada",
            "listing_url": "https://www.lazada.vn/shop/htx-cua-toi",
        },
    )
    assert response.status_code == 302
    mine = own_producer.sales_channels.get()
    assert mine.listing_url == "https://www.lazada.vn/shop/htx-cua-toi"
    # Another producer's channel: not offered, not listed, not editable.
    response = client.post(create, {"producer": other.pk, "kind": "ecommerce", "platform": "tiki"})
    assert response.status_code == 200 and other.sales_channels.count() == 1
    page = client.get(reverse("activities:channels_list")).content.decode()
    assert "HTX Của Tôi" in page and "HTX Hàng Xóm" not in page
    assert client.get(reverse("activities:channels_edit", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("activities:channels_edit", args=[mine.pk])).status_code == 200
    # It changes its own listing: the shop closed at the end of 2026.
    response = client.post(
        reverse("activities:channels_edit", args=[mine.pk]),
        {
            "producer": own_producer.pk,
            "kind": "ecommerce",
            "platform": "lazada",
            "listing_url": "https://www.lazada.vn/shop/htx-cua-toi",
            "ended_on": "2026-12-31",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.ended_on == D(2026, 12, 31)
    assert AuditEntry.objects.filter(action="activities.channel_update", object_id=str(mine.pk)).exists()
    # It deletes its own channel, never another producer's.
    assert client.post(reverse("activities:channels_delete", args=[theirs.pk])).status_code == 404
    assert other.sales_channels.count() == 1
    assert client.post(reverse("activities:channels_delete", args=[mine.pk])).status_code == 302
    assert not own_producer.sales_channels.exists()
    assert AuditEntry.objects.filter(action="activities.channel_delete", object_id=str(mine.pk)).exists()
    # A producer does not record events.
    assert client.get(reverse("activities:events_create")).status_code == 403


def test_the_list_exports_what_the_filters_show(client, can_tho_officer, can_tho_event):
    services.event_create(
        actor="test",
        legacy_province=legacy_province(93),
        name='=HYPERLINK("x")',
        kind="fair",
        start_date=D(2024, 3, 1),
        location="in_province",
    )
    client.force_login(can_tho_officer)
    response = client.get(
        reverse("activities:events_list"), {"scheme": "current", "unit": "92", "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ['=HYPERLINK("x")', "Hội chợ OCOP Sóc Trăng 2024"]
    response = client.get(
        reverse("activities:events_list"), {"scheme": "legacy", "unit": "94", "format": "csv"}
    )
    text = response.content.decode("utf-8-sig")
    assert "Hội chợ OCOP Sóc Trăng 2024" in text and "HYPERLINK" not in text


def test_an_uploaded_file_with_an_error_writes_nothing_and_a_clean_one_is_confirmed(
    client, can_tho_officer, can_tho
):
    client.force_login(can_tho_officer)
    url = reverse("activities:funding_import")

    def upload(rows):
        workbook = Workbook()
        workbook.active.append(["Năm", "Nguồn vốn", "Số tiền (triệu đồng)", "Tỉnh/thành phố"])
        for row in rows:
            workbook.active.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        buffer.seek(0)
        buffer.name = "nguon-luc.xlsx"
        return client.post(url, {"file": buffer})

    page = upload(
        [
            [2025, "Ngân sách địa phương", 1200, "Cần Thơ"],
            [2025, "Ngân sách tỉnh bạn", 10, "Cần Thơ"],
            [2025, "Vốn tín dụng", 300, "Tây Ninh"],
        ]
    ).content.decode()
    assert "Dòng 3, cột &#x27;Nguồn vốn&#x27;" in page and "Dòng 4, cột &#x27;Tỉnh/thành phố&#x27;" in page
    assert "Dòng 2" not in page
    assert not Funding.objects.exists()
    page = upload([[2025, "Ngân sách địa phương", 1200, "Cần Thơ"], [2025, "tín dụng", "300,5", "Cần Thơ"]])
    token = page.context["token"]
    assert token and not Funding.objects.exists()
    assert client.post(url, {"token": token}).status_code == 302
    assert sorted(Funding.objects.values_list("source", "amount")) == [
        ("credit", 300.5),
        ("local", 1200),
    ]


def _class_with(topic, producers, absent, officials):
    training = services.training_class_create(
        actor="test",
        legacy_province=legacy_province(92),
        topic=topic,
        start_date=D(2025, 5, 6),
        organiser="Sở Nông nghiệp và Môi trường",
    )
    services.participants_add(
        actor="test",
        training=training,
        participants=[{"kind": "producer", "producer": p, "attended": True} for p in producers]
        + [{"kind": "producer", "producer": p, "attended": False} for p in absent]
        + [{"kind": "official", "name": f"Cán bộ {i}", "attended": True} for i in range(officials)],
    )
    return training


def test_the_class_list_counts_who_attended_without_a_query_per_row(
    client, can_tho_officer, django_assert_max_num_queries
):
    producers = [ProducerFactory(name=f"HTX Học viên {i}") for i in range(4)]
    _class_with("Lớp A", producers[:3], producers[3:], 2)
    client.force_login(can_tho_officer)
    url = reverse("activities:classes_list")
    with django_assert_max_num_queries(30) as one_class:
        client.get(url)
    for i in range(12):
        _class_with(f"Lớp B{i}", producers[:1], [], 1)
    with django_assert_max_num_queries(len(one_class.captured_queries)):
        page = client.get(url).content.decode()
    assert "Lớp A" in page and "Lớp B11" in page
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    header = [cell.value for cell in sheet[1]]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    attended, officials = header.index("Chủ thể tham dự"), header.index("Cán bộ tham dự")
    # Three producers attended (the fourth was absent) and two officials: counted apart, not multiplied.
    assert (rows["Lớp A"][attended], rows["Lớp A"][officials]) == (3, 2)
    assert (rows["Lớp B0"][attended], rows["Lớp B0"][officials]) == (1, 1)
