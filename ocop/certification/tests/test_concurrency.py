"""Decisions recorded at the same time on PostgreSQL, with real threads (one connection each).

Before the product row was locked while issuing, two decisions at once left two valid
certificates with none superseded, twenty left twenty, and the same decision number twenty times
gave nineteen HTTP 500s (IntegrityError).
"""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from ocop.certification.errors import CertificationError
from ocop.certification.models import Certificate, Kind, Status
from ocop.certification.recognitions import certificate_problems, kind_between
from ocop.certification.services import certificate_issue
from ocop.registry.tests.factories import ProducerFactory, ProductFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL (SQLite serialises whole transactions); set DATABASE_URL",
    ),
]
D = datetime.date


def at_once(count: int, work) -> list:
    """Run `work(i)` in `count` threads released together; return each result or exception."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def assert_one_chain(product):
    chain = list(Certificate.objects.filter(product=product).order_by("decision_date", "id"))
    for previous, current in zip(chain, chain[1:], strict=False):
        assert (previous.superseded_by_id, previous.superseded_on) == (current.pk, current.decision_date)
        # A later decision recorded first was "new" as far as the system knew; otherwise the kind
        # follows from the previous recognition.
        assert current.kind in (Kind.NEW, kind_between(previous.stars, current.stars))
    assert chain[0].kind == Kind.NEW and chain[-1].superseded_by_id is None
    today = timezone.localdate()
    assert sum(c.status_on(today) in (Status.ACTIVE, Status.EXPIRING) for c in chain) == 1
    for certificate in chain:
        assert certificate_problems(certificate) == []
    return chain


@pytest.mark.parametrize("count", [2, 20])
def test_decisions_recorded_at_once_on_a_product_form_one_chain(count):
    product = ProductFactory()
    start = timezone.localdate() - datetime.timedelta(days=400)
    results = at_once(
        count,
        lambda i: certificate_issue(
            actor="test",
            product=product,
            stars=4,
            decision_number=f"{i}/QĐ",
            decision_date=start + datetime.timedelta(days=7 * i),
        ),
    )
    assert all(isinstance(r, Certificate) for r in results), results
    assert len(assert_one_chain(product)) == count


def test_the_same_decision_recorded_twenty_times_at_once_is_recorded_once():
    product = ProductFactory()
    results = at_once(
        20,
        lambda i: certificate_issue(
            actor="test", product=product, stars=4, decision_number="7/QĐ", decision_date=D(2025, 9, 1)
        ),
    )
    assert sum(isinstance(r, Certificate) for r in results) == 1
    refused = [r for r in results if not isinstance(r, Certificate)]
    assert len(refused) == 19 and all(isinstance(r, CertificationError) for r in refused), refused
    assert Certificate.objects.filter(product=product).count() == 1


def test_the_decision_form_posted_twenty_times_at_once_never_fails_with_a_server_error(
    client, can_tho, can_tho_officer
):
    from django.test import Client

    product = ProductFactory(producer=ProducerFactory(province=can_tho))
    url = reverse("certification:certificate_issue", args=[product.pk])
    data = {
        "stars": "4",
        "score": "",
        "decision_number": "245/QĐ-UBND",
        "decision_date": "2025-09-01",
        "issuer_name": "",
        "issuer_level": "",
        "kind": "",
    }

    def post(i):
        browser = Client(raise_request_exception=False)
        browser.force_login(can_tho_officer)
        response = browser.post(url, data)
        return response.status_code, response.content.decode()

    results = at_once(20, post)
    codes = sorted(code for code, _page in results)
    assert codes == [200] * 19 + [302], codes
    assert all("đã có giấy chứng nhận theo quyết định này" in page for code, page in results if code == 200)
    assert Certificate.objects.filter(product=product).count() == 1
