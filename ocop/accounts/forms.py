from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form with Vietnamese labels and a clearer error."""

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng kiểm tra lại "
            "(mật khẩu phân biệt chữ hoa và chữ thường)."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị hệ thống."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        self.fields["username"].widget.attrs.update({"autocapitalize": "none", "spellcheck": "false"})


class OcopPasswordChangeForm(PasswordChangeForm):
    """Django's password change form with Vietnamese labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại")
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        self.fields["new_password2"].help_text = _("Nhập lại đúng mật khẩu mới ở trên để kiểm tra.")
