"""Recording where a QR scan happened refuses a unit that is not a current province in the
visitor's language."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from ocop.geo.models import AdminUnit
from ocop.public.models import ScanEvent
from ocop.public.services import scan_set_place

pytestmark = pytest.mark.django_db


def test_a_scan_placed_in_a_former_district_is_refused_in_the_active_language():
    district = AdminUnit.objects.filter(scheme="legacy", level="district").first()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        scan_set_place(scan_id=0, province=district)
    assert caught.value.messages == ["Invalid province/city."]
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        scan_set_place(scan_id=0, province=district)
    assert caught.value.messages == ["Tỉnh/thành phố không hợp lệ."]
    assert not ScanEvent.objects.exists()
