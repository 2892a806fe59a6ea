"""Writes on activity records: validate, save, audit. Pages, the API, the imports and the demo
call these (STYLE.md: one writer, many callers).

Rules:
- A record placed in a unit has a current province (filled, with the legacy address, from what is
  known by the registry's `complete_address`); a commune lies in its province.
- A sales channel names its outlet: the platform of an e-commerce listing (with its own name when
  "other"), the retailer of a modern-retail channel, the country of an export market, the address
  of a website. A listing URL is an http(s) address on the platform's own site. A product belongs
  to the channel's producer. The same outlet is recorded once per producer and product.
- Periods end on or after they start; amounts are not negative; funding is positive, by year.
- An event abroad names its country; an event in another province names that province.
- A class's participant is a producer (once per class) or a named official.
Every create, update and delete writes one audit entry `activities.<thing>_<action>`.
"""

from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from ocop.activities.models import (
    PLATFORM_HOSTS,
    ChannelKind,
    Commendation,
    CommendationRecipient,
    CraftVillage,
    EventKind,
    EventLocation,
    Funding,
    FundingSource,
    ParticipantKind,
    Platform,
    PointKind,
    PointOfSale,
    PointStatus,
    SalesChannel,
    Support,
    SupportKind,
    TradeEvent,
    TrainingClass,
    TrainingParticipant,
    ValueChain,
)
from ocop.core.audit import audit_log
from ocop.registry.services import complete_address

LOCATION_FIELDS = ["province", "commune", "legacy_province", "legacy_district", "legacy_commune"]
CHANNEL_FIELDS = ["producer", "product", "kind", "platform", "retailer", "country", "listing_url"]
CHANNEL_FIELDS += ["started_on", "ended_on", "note"]
POINT_FIELDS = [*LOCATION_FIELDS, "name", "kind", "address", "operator", "operator_producer"]
POINT_FIELDS += ["opened_on", "closed_on", "status", "phone", "note"]
EVENT_FIELDS = [*LOCATION_FIELDS, "name", "kind", "start_date", "end_date", "location", "venue"]
EVENT_FIELDS += ["host_province", "country", "organiser", "booths", "revenue", "contracts", "note"]
CLASS_FIELDS = [*LOCATION_FIELDS, "topic", "start_date", "end_date", "venue", "organiser", "trainers", "note"]
PARTICIPANT_FIELDS = ["kind", "producer", "name", "organisation", "attended"]
FUNDING_FIELDS = [*LOCATION_FIELDS, "year", "source", "purpose", "amount"]
SUPPORT_FIELDS = ["producer", "product", "kind", "detail", "amount", "source", "date"]
VALUE_CHAIN_FIELDS = [
    "producer",
    "name",
    "circular",
    "raw_material_area",
    "partners",
    "started_on",
    "ended_on",
]
VILLAGE_FIELDS = [*LOCATION_FIELDS, "name", "traditional", "recognised_on", "craft"]
COMMENDATION_FIELDS = [*LOCATION_FIELDS, "recipient", "recipient_kind", "producer", "form", "issuer"]
COMMENDATION_FIELDS += ["decision", "date", "reason"]

_url = URLValidator(schemes=["http", "https"])


# --- shared checks -------------------------------------------------------------------------------


def _text(obj, *names) -> None:
    for name in names:
        setattr(obj, name, (getattr(obj, name) or "").strip())


def _check_location(obj, errors: dict) -> None:
    complete_address(obj)
    if not obj.province_id:
        errors["province"] = _("Cần chọn tỉnh/thành phố (hoặc xã/phường).")
    elif obj.commune_id and obj.commune.province_id != obj.province_id:
        errors["commune"] = _("Xã/phường không thuộc tỉnh/thành phố đã chọn.")


def _check_period(start, end, errors: dict, field: str = "end_date") -> None:
    if start and end and end < start:
        errors[field] = _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.")


def _amount(value, errors: dict, field: str, *, required: bool = False, positive: bool = False):
    if value is None or value == "":
        if required:
            errors[field] = _("Cần nhập số tiền (triệu đồng).")
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        errors[field] = _("Số tiền phải là một số (triệu đồng).")
        return None
    if number < 0 or (positive and number == 0):
        errors[field] = _("Số tiền phải lớn hơn 0.") if positive else _("Số tiền không được âm.")
    return number


def _product_of_producer(obj, errors: dict) -> None:
    if obj.product_id and obj.producer_id and obj.product.producer_id != obj.producer_id:
        errors["product"] = _("Sản phẩm không thuộc chủ thể đã chọn.")


def _choice(obj, name: str, choices, errors: dict, message: str) -> None:
    if getattr(obj, name) not in choices.values:
        errors[name] = message


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _changes(obj, names, before) -> dict:
    return {n: f"{before[n]} → {getattr(obj, n)}" for n in names if before[n] != getattr(obj, n)}


def _create(model, names, validate, action, actor, fields, m2m=None):
    obj = model(**{k: v for k, v in fields.items() if k in names})
    validate(obj)
    obj.save()
    for name, values in (m2m or {}).items():
        if values is not None:
            getattr(obj, name).set(values)
    audit_log(actor=actor, action=action, obj=obj)
    return obj


def _update(obj, names, validate, action, actor, fields, m2m=None):
    before = {n: getattr(obj, n) for n in names}
    for name, value in fields.items():
        if name in names:
            setattr(obj, name, value)
    validate(obj)
    obj.save()
    changed = _changes(obj, names, before)
    for name, values in (m2m or {}).items():
        if values is not None:
            old = set(getattr(obj, name).values_list("pk", flat=True))
            new = {getattr(v, "pk", v) for v in values}
            if old != new:
                getattr(obj, name).set(values)
                changed[name] = f"{len(old)} → {len(new)}"
    if changed:
        audit_log(actor=actor, action=action, obj=obj, **changed)
    return obj


def _delete(obj, action, actor) -> None:
    audit_log(actor=actor, action=action, obj=obj)
    obj.delete()


# --- 1. Sales channels ---------------------------------------------------------------------------


def listing_url_problem(url: str, platform: str) -> str | None:
    """Why a listing address is refused, or None: it must be an http(s) address on the platform's
    own site (shopee.vn, lazada.vn, …) when the platform is known."""
    try:
        _url(url)
    except ValidationError:
        return _("Địa chỉ gian hàng không hợp lệ (cần dạng https://…).")
    hosts = PLATFORM_HOSTS.get(platform)
    host = (urlsplit(url).hostname or "").lower()
    if hosts and not any(host == h or host.endswith("." + h) for h in hosts):
        return _("Địa chỉ gian hàng phải thuộc %(hosts)s (sàn %(platform)s).") % {
            "hosts": ", ".join(hosts),
            "platform": Platform(platform).label,
        }
    return None


def validate_channel(channel: SalesChannel) -> None:
    errors: dict = {}
    _text(channel, "platform", "retailer", "country", "listing_url", "note")
    if not channel.producer_id:
        errors["producer"] = _("Cần chọn chủ thể.")
    _product_of_producer(channel, errors)
    kind = channel.kind
    if kind not in ChannelKind.values:
        errors["kind"] = _("Loại kênh không hợp lệ.")
    if kind != ChannelKind.ECOMMERCE:
        channel.platform = ""
    if kind == ChannelKind.ECOMMERCE:
        if channel.platform not in Platform.values:
            errors["platform"] = _("Cần chọn sàn thương mại điện tử.")
        elif channel.platform == Platform.OTHER and not channel.retailer:
            errors["retailer"] = _("Cần ghi tên sàn thương mại điện tử.")
    elif kind == ChannelKind.MODERN_RETAIL and not channel.retailer:
        errors["retailer"] = _("Cần ghi tên hệ thống siêu thị / cửa hàng tiện lợi.")
    elif kind == ChannelKind.EXPORT and not channel.country:
        errors["country"] = _("Cần ghi nước xuất khẩu.")
    elif kind == ChannelKind.WEBSITE and not channel.listing_url:
        errors["listing_url"] = _("Cần ghi địa chỉ website.")
    if channel.listing_url and "listing_url" not in errors:
        problem = listing_url_problem(channel.listing_url, channel.platform)
        if problem:
            errors["listing_url"] = problem
    _check_period(channel.started_on, channel.ended_on, errors, "ended_on")
    if not errors:
        same = SalesChannel.objects.filter(
            producer_id=channel.producer_id,
            product_id=channel.product_id,
            kind=kind,
            platform=channel.platform,
            retailer__iexact=channel.retailer,
            country__iexact=channel.country,
            ended_on__isnull=True,
        ).exclude(pk=channel.pk)
        if channel.ended_on is None and same.exists():
            errors["kind"] = _("Kênh bán hàng này đã được ghi nhận cho chủ thể (và sản phẩm) này.")
    _raise(errors)


@transaction.atomic
def channel_create(*, actor, **fields) -> SalesChannel:
    """Record a sales channel of a producer (or of one of its products)."""
    return _create(SalesChannel, CHANNEL_FIELDS, validate_channel, "activities.channel_create", actor, fields)


@transaction.atomic
def channel_update(*, actor, channel: SalesChannel, **fields) -> SalesChannel:
    return _update(channel, CHANNEL_FIELDS, validate_channel, "activities.channel_update", actor, fields)


@transaction.atomic
def channel_delete(*, actor, channel: SalesChannel) -> None:
    _delete(channel, "activities.channel_delete", actor)


# --- 2. Points of sale ---------------------------------------------------------------------------


def validate_point(point: PointOfSale) -> None:
    errors: dict = {}
    _text(point, "name", "address", "operator", "phone", "note")
    if not point.name:
        errors["name"] = _("Cần nhập tên điểm bán.")
    _choice(point, "kind", PointKind, errors, _("Loại điểm bán không hợp lệ."))
    _choice(point, "status", PointStatus, errors, _("Tình trạng không hợp lệ."))
    _check_location(point, errors)
    _check_period(point.opened_on, point.closed_on, errors, "closed_on")
    if point.status == PointStatus.CLOSED and not point.closed_on:
        errors["closed_on"] = _("Cần nhập ngày ngừng hoạt động.")
    if not point.operator and point.operator_producer_id:
        point.operator = point.operator_producer.name
    _raise(errors)


@transaction.atomic
def point_of_sale_create(*, actor, products=None, **fields) -> PointOfSale:
    """Record a point of sale or showroom with the products it carries."""
    return _create(
        PointOfSale,
        POINT_FIELDS,
        validate_point,
        "activities.point_create",
        actor,
        fields,
        {"products": products},
    )


@transaction.atomic
def point_of_sale_update(*, actor, point: PointOfSale, products=None, **fields) -> PointOfSale:
    return _update(
        point, POINT_FIELDS, validate_point, "activities.point_update", actor, fields, {"products": products}
    )


@transaction.atomic
def point_of_sale_delete(*, actor, point: PointOfSale) -> None:
    _delete(point, "activities.point_delete", actor)


# --- 3. Trade promotion events -------------------------------------------------------------------


def validate_event(event: TradeEvent) -> None:
    errors: dict = {}
    _text(event, "name", "venue", "country", "organiser", "note")
    if not event.name:
        errors["name"] = _("Cần nhập tên sự kiện.")
    _choice(event, "kind", EventKind, errors, _("Loại sự kiện không hợp lệ."))
    _choice(event, "location", EventLocation, errors, _("Nơi tổ chức không hợp lệ."))
    if not event.start_date:
        errors["start_date"] = _("Cần nhập ngày bắt đầu.")
    event.end_date = event.end_date or event.start_date
    _check_period(event.start_date, event.end_date, errors)
    _check_location(event, errors)
    if event.location == EventLocation.ABROAD and not event.country:
        errors["country"] = _("Sự kiện ở nước ngoài cần ghi quốc gia.")
    if event.location != EventLocation.ABROAD:
        event.country = ""
    if event.location == EventLocation.OTHER_PROVINCE and not (event.host_province_id or event.venue):
        errors["host_province"] = _("Cần chọn tỉnh, thành phố nơi tổ chức.")
    if event.location == EventLocation.IN_PROVINCE:
        event.host_province_id = None
    event.revenue = _amount(event.revenue, errors, "revenue")
    _raise(errors)


def _event_m2m(producers, products):
    if products is not None:
        products = list(products)
        producers = list(producers or []) + [p.producer for p in products]
        producers = list({p.pk: p for p in producers}.values())
    return {"producers": producers, "products": products}


@transaction.atomic
def event_create(*, actor, producers=None, products=None, **fields) -> TradeEvent:
    """Record a trade promotion event; the producers of the products shown take part too."""
    m2m = _event_m2m(producers, products)
    return _create(TradeEvent, EVENT_FIELDS, validate_event, "activities.event_create", actor, fields, m2m)


@transaction.atomic
def event_update(*, actor, event: TradeEvent, producers=None, products=None, **fields) -> TradeEvent:
    m2m = _event_m2m(producers, products)
    return _update(event, EVENT_FIELDS, validate_event, "activities.event_update", actor, fields, m2m)


@transaction.atomic
def event_delete(*, actor, event: TradeEvent) -> None:
    _delete(event, "activities.event_delete", actor)


# --- 4. Training ---------------------------------------------------------------------------------


def validate_class(training: TrainingClass) -> None:
    errors: dict = {}
    _text(training, "topic", "venue", "organiser", "trainers", "note")
    if not training.topic:
        errors["topic"] = _("Cần nhập chủ đề lớp tập huấn.")
    if not training.organiser:
        errors["organiser"] = _("Cần nhập đơn vị tổ chức.")
    if not training.start_date:
        errors["start_date"] = _("Cần nhập ngày bắt đầu.")
    training.end_date = training.end_date or training.start_date
    _check_period(training.start_date, training.end_date, errors)
    _check_location(training, errors)
    _raise(errors)


@transaction.atomic
def training_class_create(*, actor, **fields) -> TrainingClass:
    return _create(TrainingClass, CLASS_FIELDS, validate_class, "activities.class_create", actor, fields)


@transaction.atomic
def training_class_update(*, actor, training: TrainingClass, **fields) -> TrainingClass:
    return _update(training, CLASS_FIELDS, validate_class, "activities.class_update", actor, fields)


@transaction.atomic
def training_class_delete(*, actor, training: TrainingClass) -> None:
    _delete(training, "activities.class_delete", actor)


def validate_participant(participant: TrainingParticipant) -> None:
    errors: dict = {}
    _text(participant, "name", "organisation")
    if participant.kind == ParticipantKind.PRODUCER:
        if not participant.producer_id:
            errors["producer"] = _("Cần chọn chủ thể tham dự.")
        elif (
            TrainingParticipant.objects.filter(
                training_class_id=participant.training_class_id, producer_id=participant.producer_id
            )
            .exclude(pk=participant.pk)
            .exists()
        ):
            errors["producer"] = _("Chủ thể này đã có trong danh sách lớp.")
    elif participant.kind == ParticipantKind.OFFICIAL:
        participant.producer = None
        if not participant.name:
            errors["name"] = _("Cần nhập họ tên cán bộ.")
    else:
        errors["kind"] = _("Đối tượng học viên không hợp lệ.")
    _raise(errors)


@transaction.atomic
def participants_add(
    *, actor, training: TrainingClass, participants: list[dict]
) -> list[TrainingParticipant]:
    """Add participants to a class (each a dict of PARTICIPANT_FIELDS); all or none, one audit entry."""
    added = []
    for index, fields in enumerate(participants, 1):
        participant = TrainingParticipant(
            training_class=training, **{k: v for k, v in fields.items() if k in PARTICIPANT_FIELDS}
        )
        try:
            validate_participant(participant)
        except ValidationError as error:
            if len(participants) == 1:
                raise
            raise ValidationError(
                _("Học viên thứ %(number)s: %(problems)s")
                % {"number": index, "problems": "; ".join(error.messages)}
            ) from None
        participant.save()
        added.append(participant)
    audit_log(
        actor=actor,
        action="activities.participants_add",
        obj=training,
        producers=sum(1 for p in added if p.kind == ParticipantKind.PRODUCER),
        officials=sum(1 for p in added if p.kind == ParticipantKind.OFFICIAL),
    )
    return added


@transaction.atomic
def participant_set_attendance(
    *, actor, participant: TrainingParticipant, attended: bool
) -> TrainingParticipant:
    if participant.attended != attended:
        participant.attended = attended
        participant.save(update_fields=["attended"])
        audit_log(
            actor=actor,
            action="activities.participant_attendance",
            obj=participant.training_class,
            participant=str(participant),
            attended=attended,
        )
    return participant


@transaction.atomic
def participant_remove(*, actor, participant: TrainingParticipant) -> None:
    audit_log(
        actor=actor,
        action="activities.participant_remove",
        obj=participant.training_class,
        participant=str(participant),
    )
    participant.delete()


# --- 5. Funding ----------------------------------------------------------------------------------


def validate_funding(funding: Funding) -> None:
    errors: dict = {}
    _text(funding, "purpose")
    _choice(funding, "source", FundingSource, errors, _("Nguồn vốn không hợp lệ."))
    try:
        funding.year = int(funding.year)
        if not 2018 <= funding.year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = _("Năm không hợp lệ (từ 2018).")
    funding.amount = _amount(funding.amount, errors, "amount", required=True, positive=True)
    _check_location(funding, errors)
    _raise(errors)


@transaction.atomic
def funding_create(*, actor, **fields) -> Funding:
    """Record resources mobilised for the programme in a year, by source (triệu đồng)."""
    return _create(Funding, FUNDING_FIELDS, validate_funding, "activities.funding_create", actor, fields)


@transaction.atomic
def funding_update(*, actor, funding: Funding, **fields) -> Funding:
    return _update(funding, FUNDING_FIELDS, validate_funding, "activities.funding_update", actor, fields)


@transaction.atomic
def funding_delete(*, actor, funding: Funding) -> None:
    _delete(funding, "activities.funding_delete", actor)


# --- 6. Support, value chains, craft villages ----------------------------------------------------


def validate_support(support: Support) -> None:
    errors: dict = {}
    _text(support, "detail", "source")
    if not support.producer_id:
        errors["producer"] = _("Cần chọn chủ thể được hỗ trợ.")
    _product_of_producer(support, errors)
    _choice(support, "kind", SupportKind, errors, _("Nội dung hỗ trợ không hợp lệ."))
    if support.source and support.source not in FundingSource.values:
        errors["source"] = _("Nguồn vốn không hợp lệ.")
    if not support.date:
        errors["date"] = _("Cần nhập ngày hỗ trợ.")
    support.amount = _amount(support.amount, errors, "amount")
    _raise(errors)


@transaction.atomic
def support_create(*, actor, **fields) -> Support:
    """Record support given to a producer (design, stamps, IP, equipment, quality certification…)."""
    return _create(Support, SUPPORT_FIELDS, validate_support, "activities.support_create", actor, fields)


@transaction.atomic
def support_update(*, actor, support: Support, **fields) -> Support:
    return _update(support, SUPPORT_FIELDS, validate_support, "activities.support_update", actor, fields)


@transaction.atomic
def support_delete(*, actor, support: Support) -> None:
    _delete(support, "activities.support_delete", actor)


def validate_value_chain(chain: ValueChain) -> None:
    errors: dict = {}
    _text(chain, "name", "raw_material_area", "partners")
    if not chain.producer_id:
        errors["producer"] = _("Cần chọn chủ thể.")
    if not chain.name:
        errors["name"] = _("Cần nhập tên chuỗi giá trị.")
    _check_period(chain.started_on, chain.ended_on, errors, "ended_on")
    _raise(errors)


@transaction.atomic
def value_chain_create(*, actor, **fields) -> ValueChain:
    return _create(
        ValueChain, VALUE_CHAIN_FIELDS, validate_value_chain, "activities.value_chain_create", actor, fields
    )


@transaction.atomic
def value_chain_update(*, actor, chain: ValueChain, **fields) -> ValueChain:
    return _update(
        chain, VALUE_CHAIN_FIELDS, validate_value_chain, "activities.value_chain_update", actor, fields
    )


@transaction.atomic
def value_chain_delete(*, actor, chain: ValueChain) -> None:
    _delete(chain, "activities.value_chain_delete", actor)


def validate_village(village: CraftVillage) -> None:
    errors: dict = {}
    _text(village, "name", "craft")
    if not village.name:
        errors["name"] = _("Cần nhập tên làng nghề.")
    _check_location(village, errors)
    _raise(errors)


@transaction.atomic
def craft_village_create(*, actor, products=None, **fields) -> CraftVillage:
    return _create(
        CraftVillage,
        VILLAGE_FIELDS,
        validate_village,
        "activities.village_create",
        actor,
        fields,
        {"products": products},
    )


@transaction.atomic
def craft_village_update(*, actor, village: CraftVillage, products=None, **fields) -> CraftVillage:
    return _update(
        village,
        VILLAGE_FIELDS,
        validate_village,
        "activities.village_update",
        actor,
        fields,
        {"products": products},
    )


@transaction.atomic
def craft_village_delete(*, actor, village: CraftVillage) -> None:
    _delete(village, "activities.village_delete", actor)


# --- 7. Commendations ----------------------------------------------------------------------------


def validate_commendation(commendation: Commendation) -> None:
    errors: dict = {}
    _text(commendation, "recipient", "form", "issuer", "decision", "reason")
    if not commendation.recipient:
        errors["recipient"] = _("Cần nhập tập thể / cá nhân được khen.")
    _choice(
        commendation, "recipient_kind", CommendationRecipient, errors, _("Cần chọn tập thể hoặc cá nhân.")
    )
    if not commendation.form:
        errors["form"] = _("Cần nhập hình thức khen thưởng (Bằng khen, Giấy khen…).")
    if not commendation.issuer:
        errors["issuer"] = _("Cần nhập cấp khen (ví dụ Chủ tịch UBND tỉnh).")
    if not commendation.date:
        errors["date"] = _("Cần nhập ngày quyết định.")
    _check_location(commendation, errors)
    _raise(errors)


@transaction.atomic
def commendation_create(*, actor, **fields) -> Commendation:
    return _create(
        Commendation,
        COMMENDATION_FIELDS,
        validate_commendation,
        "activities.commendation_create",
        actor,
        fields,
    )


@transaction.atomic
def commendation_update(*, actor, commendation: Commendation, **fields) -> Commendation:
    return _update(
        commendation,
        COMMENDATION_FIELDS,
        validate_commendation,
        "activities.commendation_update",
        actor,
        fields,
    )


@transaction.atomic
def commendation_delete(*, actor, commendation: Commendation) -> None:
    _delete(commendation, "activities.commendation_delete", actor)
