"""The permission matrix: every URL of the configuration × every role × an object inside and one
outside the role's scope, checked against the `@access(...)` declaration beside the view
(`ocop/accounts/access.py`, `docs/permissions.md`).

A new view needs only its declaration; a new kind of object (`object="dossier"`) also needs an
entry in OBJECT_KINDS below that creates one inside Cần Thơ's first commune and one in Tây Ninh.

The producer persona is a producer's account: its role is granted on the world's producer in Cần
Thơ, so "inside" is its own producer, product, sales channel or dossier and "outside" another
producer's; records placed in a unit (a point of sale, a fair) are never inside a producer's scope.

The council member persona sits on a council of the Cần Thơ round that scores one of the world's
products there: "inside" is its own sheet (page, offline workbook, evidence, API), "outside" a sheet
of another council, the Tây Ninh round's, which scores a product of its own.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode

from ocop.accounts.access import Access, walk_urls
from ocop.accounts.permissions import scope_for

ALLOW, DENY, LOGIN = "allowed", "refused", "sent to sign in"

# Roles of the shared personas (conftest.py), plus the anonymous visitor.
PERSONAS = [
    "anonymous",
    "outsider",
    "system_admin",
    "central_officer",
    "can_tho_officer",
    "can_tho_commune_officer",
    "council_member",
    "producer_user",
]


@dataclass
class Kind:
    """How to make an object of one kind inside/outside the scope, and its URL argument."""

    make: object  # (world, persona user or None, inside: bool) -> URL argument value
    owned: bool = False  # visible to its creator only (superusers excepted), not by unit
    of_producer: bool = False  # belongs to a producer: inside the scope of that producer's account


def _producer(world, user, inside):
    return world.producers[inside].pk


def _product(world, user, inside):
    return world.products[inside].pk


def _certificate(world, user, inside):
    return world.certificates[inside].pk


def _certificate_code(world, user, inside):
    return world.certificates[inside].public_code


def _gtin(world, user, inside):
    product = world.products[inside]
    product.gtin = {True: "08934588012228", False: "00012345600012"}[inside]
    product.save()
    return product.gtin


def _unit(world, user, inside):
    # The commune officer's own commune is inside every unit-scoped persona's scope.
    return str(world.communes[inside].code)


def _plan(world, user, inside):
    return world.plans[inside].pk


def _target(world, user, inside):
    return world.targets[inside].pk


def _import_batch(world, user, inside):
    from ocop.imports.models import ImportBatch

    owner = user if inside and user is not None else world.stranger
    batch = ImportBatch.objects.create(
        kind=ImportBatch.Kind.PRODUCTS,
        file=ContentFile(b"a,b\n", name="matrix.csv"),
        original_name="matrix.csv",
        created_by=owner,
    )
    return batch.pk


def _activity(kind):
    """An activity record (ocop.activities) in the world's commune inside or outside the scope, made
    once per test: placed by its address, or by the world's producer there."""

    def make(world, user, inside):
        import datetime as dt

        from ocop.activities import services as act

        cache = world.__dict__.setdefault("activities", {})
        if (kind, inside) not in cache:
            commune, producer = world.communes[inside], world.producers[inside]
            place = {"commune": commune}
            day = dt.date.today()
            make_record = {
                "sales_channel": lambda: act.channel_create(
                    actor="test", producer=producer, kind="modern_retail", retailer=RETAILERS[inside]
                ),
                "point_of_sale": lambda: act.point_of_sale_create(
                    actor="test", name="Điểm bán ma trận", **place
                ),
                "trade_event": lambda: act.event_create(
                    actor="test",
                    name="Hội chợ ma trận",
                    kind="fair",
                    start_date=day,
                    location="in_province",
                    **place,
                ),
                "training_class": lambda: act.training_class_create(
                    actor="test", topic="Lớp ma trận", start_date=day, organiser="VPĐP", **place
                ),
                "funding": lambda: act.funding_create(
                    actor="test", year=day.year, source="local", amount=1, **place
                ),
                "support": lambda: act.support_create(actor="test", producer=producer, kind="logo", date=day),
                "value_chain": lambda: act.value_chain_create(
                    actor="test", producer=producer, name="Chuỗi ma trận"
                ),
                "craft_village": lambda: act.craft_village_create(
                    actor="test", name="Làng nghề ma trận", **place
                ),
                "commendation": lambda: act.commendation_create(
                    actor="test",
                    recipient="Tập thể ma trận",
                    recipient_kind="collective",
                    form="Bằng khen",
                    issuer="Chủ tịch UBND tỉnh",
                    date=day,
                    **place,
                ),
            }[kind]
            cache[(kind, inside)] = make_record().pk
        return cache[(kind, inside)]

    return make


# The retailer of the world's sales channel of each producer, to tell them apart on a page.
RETAILERS = {True: "WinMart Cần Thơ", False: "Co.opmart Tây Ninh"}

ACTIVITY_KINDS = (
    "sales_channel",
    "point_of_sale",
    "trade_event",
    "training_class",
    "funding",
    "support",
    "value_chain",
    "craft_village",
    "commendation",
)


def _round(world, user, inside):
    from ocop.evaluation.models import Round

    commune = world.communes[inside]
    today = datetime.date.today()
    round_, _ = Round.objects.get_or_create(
        name=f"Đợt ma trận {commune.province.code}",
        level="province",
        province=commune.province,
        defaults={
            "year": today.year,
            "registration_opens": today - datetime.timedelta(days=10),
            "registration_closes": today + datetime.timedelta(days=10),
            "scoring_opens": today - datetime.timedelta(days=10),
            "scoring_closes": today + datetime.timedelta(days=40),
        },
    )
    return round_.pk


def _dossier_object(world, inside):
    from ocop.evaluation.models import Dossier

    product = world.products[inside]
    dossier, _ = Dossier.objects.get_or_create(
        round_id=_round(world, None, inside),
        product=product,
        defaults={
            "producer": product.producer,
            "province": product.producer.province,
            "commune": product.producer.commune,
            "state": "submitted",
            "screening_level": "commune",
            "submitted_on": datetime.date.today(),
        },
    )
    return dossier


def _dossier(world, user, inside):
    return _dossier_object(world, inside).pk


def _score(world, user, inside):
    """A sheet of the product a council of the world scores (see `council_account`): inside, the
    user's own (the council member persona's is the one its council gave it); outside, a sheet of
    a member of the other council."""
    from ocop.evaluation.models import Score

    dossier = world.councils[inside].dossiers.get()
    if not inside or user is None:
        return dossier.scores.order_by("pk").first().pk
    score, _ = Score.objects.get_or_create(dossier=dossier, member=user)
    return score.pk


def _decision(world, user, inside):
    from ocop.evaluation.models import Decision

    decision, _ = Decision.objects.get_or_create(
        round_id=_round(world, user, inside),
        number="1/QĐ-MT",
        defaults={"date": datetime.date.today(), "signer": "Chủ tịch", "issuer_name": "UBND"},
    )
    return decision.pk


OF_PRODUCER = {"sales_channel", "support", "value_chain"}

OBJECT_KINDS = {
    "producer": Kind(_producer, of_producer=True),
    "product": Kind(_product, of_producer=True),
    "certificate": Kind(_certificate, of_producer=True),
    "certificate_code": Kind(_certificate_code, of_producer=True),
    "gtin": Kind(_gtin, of_producer=True),
    "unit": Kind(_unit),
    "plan": Kind(_plan),
    "target": Kind(_target),
    "import_batch": Kind(_import_batch, owned=True),
    **{kind: Kind(_activity(kind), of_producer=kind in OF_PRODUCER) for kind in ACTIVITY_KINDS},
    "round": Kind(_round),
    "dossier": Kind(_dossier, of_producer=True),
    "score": Kind(_score, owned=True),
    "decision": Kind(_decision),
}


@dataclass
class World:
    communes: dict
    producers: dict
    products: dict
    certificates: dict
    plans: dict
    targets: dict
    stranger: object
    councils: dict | None = None  # inside → the council scoring a product there (council_account)


@pytest.fixture
def world(can_tho_commune, tay_ninh_commune):
    from ocop.accounts.tests.factories import UserFactory
    from ocop.certification.services import certificate_issue
    from ocop.programme.models import Target
    from ocop.programme.services import plan_create, target_add
    from ocop.registry.tests.factories import ProducerFactory, ProductFactory

    communes = {True: can_tho_commune, False: tay_ninh_commune}
    producers = {
        inside: ProducerFactory(
            province=commune.province, commune=commune, name=f"Chủ thể ma trận {commune.code}"
        )
        for inside, commune in communes.items()
    }
    products = {
        inside: ProductFactory(producer=p, name=f"Sản phẩm ma trận {p.pk}") for inside, p in producers.items()
    }
    certificates = {
        inside: certificate_issue(
            actor="test",
            product=product,
            stars=3,
            decision_number=f"{product.pk}/QĐ-UBND",
            decision_date=timezone.localdate() - datetime.timedelta(days=30),
        )
        for inside, product in products.items()
    }
    year = timezone.localdate().year
    plans = {
        inside: plan_create(
            actor="test",
            name="Kế hoạch ma trận",
            unit=commune,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
        )
        for inside, commune in communes.items()
    }
    targets = {
        inside: target_add(
            actor="test",
            plan=plan,
            kind=Target._meta.get_field("kind").choices[0][0],
            description="Chỉ tiêu ma trận",
            target_value=10,
        )
        for inside, plan in plans.items()
    }
    return World(
        communes, producers, products, certificates, plans, targets, UserFactory(username="nguoi-tai")
    )


def expected(declared: Access, user, inside: bool | None, kind: Kind | None) -> str:
    if declared.public:
        return ALLOW
    if user is None:
        return LOGIN
    if declared.login:
        return ALLOW
    scopes = [scope_for(user, capability) for capability in declared.capabilities()]
    if all(scope.empty for scope in scopes):
        return LOGIN if declared.admin_site else DENY
    if any(reaches(scope, user, inside, kind) for scope in scopes if not scope.empty):
        return ALLOW
    return DENY


def reaches(scope, user, inside: bool | None, kind: Kind | None) -> bool:
    """Whether a non-empty scope covers the object (inside or outside) the URL names."""
    if kind is None:
        return True
    if kind.owned:
        return inside or user.is_superuser
    if scope.national:
        return True
    # A unit scope reaches everything in its unit; a producer's account only what is its own (a
    # council seat, the other object scope, reaches no producer's records).
    return inside and (
        bool(scope.province_ids or scope.commune_ids) or (kind.of_producer and _producers(scope))
    )


def _producers(scope) -> bool:
    """Whether the scope holds a producer (a producer's account), not only other objects."""
    from django.contrib.contenttypes.models import ContentType

    from ocop.registry.models import Producer

    producer_type = ContentType.objects.get_for_model(Producer).pk
    return any(content_type == producer_type for content_type, _pk in scope.objects)


def classify(response, declared: Access) -> str:
    status = response.status_code
    if status >= 500:
        return f"error {status}"
    if status in (301, 302, 303):
        login = resolve_url("admin:login" if declared.admin_site else settings.LOGIN_URL)
        return LOGIN if response["Location"].split("?")[0].endswith(login) else ALLOW
    if status == 401:
        return LOGIN
    if status in (403, 404):
        return DENY
    return ALLOW


def _request(client, url):
    """GET, or POST (empty form) when the view only answers POST; nothing it writes is kept, and
    the session survives (a sign-out URL would end it)."""
    cookies = client.cookies.get(settings.SESSION_COOKIE_NAME)
    with transaction.atomic():
        response = client.get(url)
        if response.status_code == 405:
            response = client.post(url)
        transaction.set_rollback(True)
    if cookies is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookies.value
    return response


def _url(route, declared: Access, world, user, inside):
    kwargs = dict(declared.example)
    for argument, kind_name in declared.url_kinds().items():
        kwargs[argument] = OBJECT_KINDS[kind_name].make(world, user, inside)
    query = {name: OBJECT_KINDS[k].make(world, user, inside) for name, k in declared.query.items()}
    try:
        url = reverse(route.name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None
    return f"{url}?{urlencode(query)}" if query else url


def routes():
    return [route for route in walk_urls() if route.name]


def test_every_url_declares_who_may_open_it():
    undeclared = [
        f"{route.pattern} ({route.name or 'no name'})" for route in walk_urls() if route.access is None
    ]
    assert not undeclared, (
        "These URLs have no @access(...) declaration (see docs/permissions.md): " + ", ".join(undeclared)
    )


def test_every_url_has_a_name_and_its_object_kinds_are_known():
    problems = []
    for route in walk_urls():
        if not route.name and not (route.access and route.access.admin_site):
            problems.append(f"{route.pattern}: no URL name")
        if route.access is None:
            continue
        for kind_name in route.access.kinds():
            if kind_name not in OBJECT_KINDS:
                problems.append(f"{route.name}: object kind {kind_name!r} missing from OBJECT_KINDS")
    assert not problems, problems


def _matrix_routes():
    """Admin URLs are Django's own views behind one namespace declaration (each model's admin then
    grants or refuses adding, changing, deleting): the index and the model lists stand for them."""
    for route in routes():
        if route.access is None:
            continue
        if route.access.admin_site and not (
            route.name == "admin:index" or route.name.endswith("_changelist")
        ):
            continue
        yield route


@pytest.fixture
def producer_account(world, producer_user):
    """The producer persona's role granted on the world's producer in Cần Thơ: its own producer."""
    from django.contrib.contenttypes.models import ContentType

    own = world.producers[True]
    producer_user.role_assignments.update(
        scope_type=ContentType.objects.get_for_model(own), scope_id=str(own.pk)
    )
    producer_user.__dict__.pop("_ocop_assignments", None)
    return producer_user


@pytest.fixture
def council_account(world, council_member):
    """The council member persona seated on a council of the Cần Thơ round, which scores a product
    of the world's producer there; the Tây Ninh round has a council of five others scoring a product
    of its own. Both dossiers go the real way (submitted, screened, found complete, assigned), so
    every member who scores holds a blank sheet."""
    from ocop.accounts.tests.factories import UserFactory
    from ocop.evaluation import services
    from ocop.evaluation.models import CouncilRole, Round
    from ocop.evaluation.tests.builders import assigned_dossier, product_of, submitted_dossier

    council_member.role_assignments.all().delete()  # its role comes with its seat, as in use
    organiser = UserFactory(username="to-chuc-ma-tran", is_superuser=True)
    world.councils = {}
    for inside, producer in world.producers.items():
        round_ = Round.objects.get(pk=_round(world, None, inside))
        code = producer.province.code
        seated = [UserFactory(username=f"hoi-dong-{code}-{i}") for i in range(4 if inside else 5)]
        if inside:
            seated.insert(2, council_member)
        roles = [CouncilRole.CHAIR, CouncilRole.SECRETARY, *[CouncilRole.MEMBER] * 3]
        council = services.council_create(
            actor=organiser,
            round_=round_,
            name=f"Hội đồng ma trận {code}",
            members=list(zip(seated, roles, strict=True)),
        )
        product = product_of(producer, name=f"Sản phẩm hội đồng {code}")
        dossier = submitted_dossier(organiser, round_, product, timezone.localdate())
        assigned_dossier(dossier, screener=organiser, province_officer=organiser, council=council)
        world.councils[inside] = council
    council_member.__dict__.pop("_ocop_assignments", None)
    return council_member


@pytest.mark.django_db
def test_every_url_answers_every_role_as_declared(client, world, producer_account, council_account, request):
    users = {name: None if name == "anonymous" else request.getfixturevalue(name) for name in PERSONAS} | {
        "producer_user": producer_account,
        "council_member": council_account,
    }
    mismatches, checked = [], 0
    for name, user in users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for route in _matrix_routes():
            declared = route.access
            kinds = [OBJECT_KINDS[k] for k in declared.kinds()]
            kind = kinds[0] if kinds else None
            for inside in (True, False) if kind else (None,):
                url = _url(route, declared, world, user, inside)
                if url is None:
                    mismatches.append(f"{route.name}: cannot build its URL from the declaration")
                    continue
                answer = classify(_request(client, url), declared)
                want = expected(declared, user, inside, kind)
                checked += 1
                if answer != want:
                    where = "" if inside is None else (" inside" if inside else " outside")
                    mismatches.append(f"{url} as {name}{where}: {answer}, declared {want}")
    assert not mismatches, f"{len(mismatches)} of {checked} answers differ:\n" + "\n".join(mismatches)


def _channel_upload(client, rows):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Chủ thể", "Loại kênh", "Sàn"])
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "kenh-ban.xlsx"
    return client.post(reverse("activities:channels_import"), {"file": buffer})


@pytest.mark.django_db
def test_a_producer_account_sees_and_keeps_its_own_records_and_none_of_another_producers(
    client, world, producer_account
):
    """What the matrix counts as allowed and refused, read on the pages: the producer's own
    channel, product and dossier are there, the other producer's are not."""
    own, other = world.producers[True], world.producers[False]
    channels = {inside: OBJECT_KINDS["sales_channel"].make(world, None, inside) for inside in (True, False)}
    dossiers = {inside: _dossier(world, None, inside) for inside in (True, False)}
    client.force_login(producer_account)

    page = client.get(reverse("activities:channels_list")).content.decode()
    assert RETAILERS[True] in page and RETAILERS[False] not in page
    listed = client.get("/api/v1/activities/channels/").json()["results"]
    assert [c["id"] for c in listed] == [channels[True]]
    page = client.get(reverse("portal:my_producer")).content.decode()
    assert own.name in page and RETAILERS[True] in page and other.name not in page
    page = client.get(reverse("portal:my_product", args=[world.products[True].pk])).content.decode()
    assert world.products[True].name in page
    page = client.get(reverse("evaluation:my_dossiers")).content.decode()
    assert world.products[True].name in page and world.products[False].name not in page
    assert client.get(reverse("evaluation:my_dossier", args=[dossiers[True]])).status_code == 200
    assert client.get(reverse("evaluation:my_dossier", args=[dossiers[False]])).status_code == 404
    assert client.post(reverse("activities:channels_delete", args=[channels[False]])).status_code == 404
    assert other.sales_channels.filter(pk=channels[False]).exists()

    # An import naming the other producer is refused on its row and writes nothing; its own is written.
    page = _channel_upload(
        client,
        [[own.name, "Sàn thương mại điện tử", "Shopee"], [other.name, "Sàn thương mại điện tử", "Tiki"]],
    )
    assert page.context["problems"] and not page.context["token"]
    assert [p.row for p in page.context["result"].problems] == [3]
    page = _channel_upload(client, [[own.name, "Sàn thương mại điện tử", "Shopee"]])
    assert (
        client.post(reverse("activities:channels_import"), {"token": page.context["token"]}).status_code
        == 302
    )
    assert list(own.sales_channels.values_list("platform", flat=True).order_by("platform")) == ["", "shopee"]
    assert other.sales_channels.count() == 1


@pytest.mark.django_db
def test_a_council_member_scores_its_own_councils_product_and_cannot_reach_another_councils_sheets(
    client, world, council_account
):
    """What the matrix counts as allowed and refused for a council seat, read on the pages: the
    member's assignments, sheet, offline workbook and dossiers are its own council's; another
    council's sheet is not found, by page or API, and a POST to it (a form, an uploaded workbook)
    changes nothing."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ocop.evaluation.models import Score, ScoreState
    from ocop.evaluation.tests.builders import parts_for

    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    dossiers = {inside: council.dossiers.get() for inside, council in world.councils.items()}
    own = Score.objects.get(dossier=dossiers[True], member=council_account)
    other = dossiers[False].scores.order_by("pk").first()
    client.force_login(council_account)

    page = client.get(reverse("evaluation:assignments")).content.decode()
    assert dossiers[True].product.name in page and dossiers[False].product.name not in page
    listed = client.get("/api/v1/scores/").json()
    assert [(s["id"], s["product"]) for s in listed] == [(own.pk, dossiers[True].product.name)]
    assert [d["id"] for d in client.get("/api/v1/dossiers/").json()] == [dossiers[True].pk]
    page = client.get(reverse("evaluation:score", args=[own.pk]))
    assert page.status_code == 200 and dossiers[True].product.name in page.content.decode()
    workbook = client.get(reverse("evaluation:score_sheet_download", args=[own.pk]))
    assert workbook.status_code == 200 and workbook["Content-Type"] == xlsx

    # Its own sheet keeps what it writes.
    parts = {f"part_{part}": str(value) for part, value in parts_for(70).items()}
    form = {"action": "save", "no_conflict": "on", **parts}
    assert client.post(reverse("evaluation:score", args=[own.pk]), form).status_code == 302
    own.refresh_from_db()
    assert own.total == 70 and own.state == ScoreState.DRAFT

    # Another council's sheet: not found, whichever way, and left as it was.
    before = Score.objects.filter(pk=other.pk).values().get()
    for name in ("evaluation:score", "evaluation:score_evidence", "evaluation:score_sheet_download"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404, name
    for path in (f"/api/v1/scores/{other.pk}/", f"/api/v1/scores/{other.pk}/sheet/"):
        assert client.get(path).status_code == 404, path
    assert client.post(reverse("evaluation:score", args=[other.pk]), form).status_code == 404
    upload = SimpleUploadedFile("phieu-cham.xlsx", workbook.content, content_type=xlsx)
    answer = client.post(
        reverse("evaluation:score", args=[other.pk]), {"action": "upload_submit", "sheet": upload}
    )
    assert answer.status_code == 404
    upload.seek(0)
    answer = client.post(f"/api/v1/scores/{other.pk}/sheet/", {"sheet": upload, "submit": "true"})
    assert answer.status_code == 404
    answer = client.put(
        f"/api/v1/scores/{other.pk}/",
        {"parts": dict(parts_for(70)), "no_conflict": True, "submit": True},
        content_type="application/json",
    )
    assert answer.status_code == 404
    assert Score.objects.filter(pk=other.pk).values().get() == before
    assert before["state"] == ScoreState.DRAFT and before["total"] is None
    assert not other.lines.exists()
