from django import forms
from django.utils.translation import gettext_lazy as _


class ResolveForm(forms.Form):
    text = forms.CharField(
        label=_("Tên hoặc địa chỉ"),
        max_length=300,
        help_text=_("Có dấu hoặc không dấu, ví dụ: “soc trang”, “Xã Tân Hòa, Huyện Châu Thành, Tiền Giang”."),
    )
    province = forms.CharField(label=_("Tỉnh/thành phố (nếu biết)"), max_length=100, required=False)
    date = forms.DateField(
        label=_("Ngày của địa chỉ"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("Trước 01/07/2025 ưu tiên đơn vị cũ (63 tỉnh); từ ngày đó ưu tiên đơn vị mới."),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày không hợp lệ; hãy nhập theo dạng dd/mm/yyyy.")},
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Hãy nhập tên đơn vị hành chính."))
        return text
