from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "ocop.activities"
    label = "activities"
    verbose_name = _("Xúc tiến thương mại, tập huấn, nguồn lực và hỗ trợ")
