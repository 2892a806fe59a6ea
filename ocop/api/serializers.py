from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ocop.geo.models import AdminUnit, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]


class UnitRefSerializer(serializers.ModelSerializer):
    """A unit named by its scheme, level and official code (codes are reused across schemes)."""

    code = serializers.CharField(source="code_str")

    class Meta:
        model = AdminUnit
        fields = ["scheme", "level", "code", "name", "short_name", "unit_type"]


class UnitSerializer(UnitRefSerializer):
    # A province has no parent and no province; a unit may have no region: all three can be null.
    parent = UnitRefSerializer(read_only=True, allow_null=True, help_text="Đơn vị cấp trên; null với tỉnh")
    province = UnitRefSerializer(read_only=True, allow_null=True, help_text="Tỉnh chứa đơn vị; null với tỉnh")
    region = RegionSerializer(read_only=True, allow_null=True, help_text="Vùng kinh tế - xã hội, nếu có")
    url = serializers.SerializerMethodField()

    class Meta(UnitRefSerializer.Meta):
        fields = [*UnitRefSerializer.Meta.fields, "parent", "province", "region", "url"]

    @extend_schema_field(serializers.URLField())
    def get_url(self, unit) -> str:
        from django.urls import reverse

        path = reverse("api:unit-detail", args=[unit.scheme, unit.level, unit.code])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class SuccessorSerializer(serializers.Serializer):
    unit = UnitRefSerializer()
    partial = serializers.BooleanField()
    primary = serializers.BooleanField()


class UnitDetailSerializer(UnitSerializer):
    successors = serializers.SerializerMethodField(help_text="Legacy unit: the current unit(s) it became.")
    predecessors = serializers.SerializerMethodField(
        help_text="Current unit: the legacy unit(s) it came from."
    )
    ambiguous = serializers.SerializerMethodField(
        help_text="True when a legacy unit was split across several current units (a person must choose)."
    )
    children_count = serializers.SerializerMethodField()

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "ambiguous", "successors", "predecessors", "children_count"]

    @extend_schema_field(SuccessorSerializer(many=True))
    def get_successors(self, unit):
        rows = unit.successions.select_related("current").order_by("-primary", "current__sort_key")
        return [
            {"unit": UnitRefSerializer(s.current).data, "partial": s.partial, "primary": s.primary}
            for s in rows
        ]

    @extend_schema_field(SuccessorSerializer(many=True))
    def get_predecessors(self, unit):
        rows = unit.predecessions.select_related("legacy").order_by("legacy__sort_key")
        return [
            {"unit": UnitRefSerializer(s.legacy).data, "partial": s.partial, "primary": s.primary}
            for s in rows
        ]

    def get_ambiguous(self, unit) -> bool:
        return unit.successions.count() > 1

    def get_children_count(self, unit) -> int:
        return unit.children.count()
