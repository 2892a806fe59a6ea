"""Producers, products and certificates in the API. Serializers parse and present; the services
(`ocop.registry.services`, `ocop.certification.services`) hold every rule, as for the pages."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ocop.certification.models import Certificate, IssuerLevel, Kind, RevocationGround, Status
from ocop.geo.models import AdminUnit, Level, Scheme
from ocop.registry.models import Producer, Product
from ocop.registry.selectors import visible_producers
from ocop.rules.models import ProductGroup, ProductSet


@extend_schema_field({"type": "string", "nullable": True, "example": "92"})
class UnitCodeField(serializers.Field):
    """A unit of one scheme and level, written and read as its official code ("92", "31117")."""

    def __init__(self, scheme: str, level: str, **kwargs):
        self.scheme, self.level = scheme, level
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, unit):
        return unit.code_str if unit else None

    def to_internal_value(self, data):
        text = str(data).strip()
        unit = None
        if text.isdigit():
            unit = AdminUnit.objects.filter(scheme=self.scheme, level=self.level, code=int(text)).first()
        if unit is None:
            raise serializers.ValidationError(_("Không có đơn vị với mã “%(code)s”.") % {"code": text})
        return unit


def _label(unit) -> str | None:
    return unit.label if unit else None


class ProducerSerializer(serializers.ModelSerializer):
    province = UnitCodeField(Scheme.CURRENT, Level.PROVINCE, help_text="Mã tỉnh/thành phố (từ 01/07/2025)")
    commune = UnitCodeField(Scheme.CURRENT, Level.COMMUNE, help_text="Mã xã/phường (từ 01/07/2025)")
    legacy_province = UnitCodeField(Scheme.LEGACY, Level.PROVINCE, help_text="Mã tỉnh cũ (trước 01/07/2025)")
    legacy_district = UnitCodeField(Scheme.LEGACY, Level.DISTRICT, help_text="Mã huyện cũ")
    legacy_commune = UnitCodeField(Scheme.LEGACY, Level.COMMUNE, help_text="Mã xã cũ")
    province_name = serializers.SerializerMethodField(help_text="Tên tỉnh/thành phố")
    commune_name = serializers.SerializerMethodField(help_text="Tên xã/phường")
    allow_duplicate = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Vẫn tạo khi có thể trùng với chủ thể đã có (trùng mã số thuế, hoặc trùng tên trong xã)",
    )

    class Meta:
        model = Producer
        fields = [
            "id",
            "name",
            "producer_type",
            "is_sme",
            "tax_code",
            "representative",
            "phone",
            "email",
            "address",
            "province",
            "province_name",
            "commune",
            "commune_name",
            "legacy_province",
            "legacy_district",
            "legacy_commune",
            "women_led",
            "ethnic_minority_led",
            "allow_duplicate",
        ]

    def get_province_name(self, producer) -> str | None:
        return _label(producer.province)

    def get_commune_name(self, producer) -> str | None:
        return _label(producer.commune)


class ProductSerializer(serializers.ModelSerializer):
    producer = serializers.PrimaryKeyRelatedField(
        queryset=Producer.objects.none(), help_text="Mã (id) chủ thể, trong phạm vi của bạn"
    )
    producer_name = serializers.CharField(source="producer.name", read_only=True)
    group = serializers.PrimaryKeyRelatedField(queryset=ProductGroup.objects.all(), help_text="Mã (id) nhóm")
    group_code = serializers.CharField(source="group.code", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True)
    product_set = serializers.PrimaryKeyRelatedField(
        queryset=ProductSet.objects.all(), required=False, allow_null=True, help_text="Mã (id) bộ sản phẩm"
    )
    province = serializers.SerializerMethodField(help_text="Mã tỉnh/thành phố của chủ thể")
    stars = serializers.SerializerMethodField(help_text="Số sao đang còn hiệu lực hôm nay, nếu có")

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "producer",
            "producer_name",
            "province",
            "group",
            "group_code",
            "group_name",
            "product_set",
            "description",
            "story",
            "raw_material_area",
            "packaging_notes",
            "status",
            "stars",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Only producers the caller may see can be named; others read as "does not exist".
            self.fields["producer"].queryset = visible_producers(request.user)

    def get_province(self, product) -> str | None:
        province = product.producer.province
        return province.code_str if province else None

    def get_stars(self, product) -> int | None:
        return getattr(product, "current_stars", None)


class CertificateSerializer(serializers.ModelSerializer):
    product_name = serializers.CharField(source="product.name", read_only=True)
    producer = serializers.IntegerField(source="product.producer_id", read_only=True)
    producer_name = serializers.CharField(source="product.producer.name", read_only=True)
    status = serializers.SerializerMethodField(help_text="Trạng thái hôm nay")

    class Meta:
        model = Certificate
        fields = [
            "id",
            "product",
            "product_name",
            "producer",
            "producer_name",
            "stars",
            "score",
            "kind",
            "decision_number",
            "decision_date",
            "issuer_name",
            "issuer_level",
            "valid_from",
            "valid_until",
            "status",
            "superseded_by",
            "revoked_on",
            "revocation_decision",
            "revocation_ground",
            "revocation_note",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices))
    def get_status(self, certificate) -> str:
        return certificate.status_on(timezone.localdate())


class IssueSerializer(serializers.Serializer):
    stars = serializers.IntegerField(
        min_value=1, max_value=5, help_text="Số sao (1–5; chỉ 3 sao trở lên được cấp)"
    )
    score = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False, allow_null=True, help_text="Điểm bình quân 0–100"
    )
    decision_number = serializers.CharField(max_length=60, help_text="Số quyết định công nhận")
    decision_date = serializers.DateField(help_text="Ngày quyết định")
    issuer_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    issuer_level = serializers.ChoiceField(
        choices=IssuerLevel.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="Cấp công nhận; bỏ trống: theo quy định tại ngày quyết định",
    )
    kind = serializers.ChoiceField(
        choices=Kind.choices,
        required=False,
        allow_null=True,
        default=None,
        help_text="Hình thức; bỏ trống: tự xác định theo lần công nhận trước",
    )


class RevokeSerializer(serializers.Serializer):
    decision_number = serializers.CharField(max_length=60, help_text="Số quyết định thu hồi")
    revoked_on = serializers.DateField(help_text="Ngày thu hồi")
    ground = serializers.ChoiceField(choices=RevocationGround.choices, help_text="Lý do thu hồi")
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="Ghi chú")


class ErrorSerializer(serializers.Serializer):
    """A refused request: messages by field, or `detail`."""

    detail = serializers.CharField(required=False)
    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)
