"""Sign-in, sign-out, password change and the user's own profile page."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse_lazy

from ocop.accounts.access import access
from ocop.accounts.forms import LoginForm, OcopPasswordChangeForm
from ocop.accounts.selectors import roles_of_user
from ocop.core.audit import audit_log


@access(public=True)
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@access(public=True)
class LogoutView(auth_views.LogoutView):
    """POST only (Django's default): a link cannot sign someone out."""


@access(login=True)
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    form_class = OcopPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_log(actor=self.request.user, action="accounts.password_change", obj=self.request.user)
        return response


@access(login=True)
class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@access(login=True)
@login_required
def profile(request):
    return render(request, "accounts/profile.html", {"role_lines": roles_of_user(request.user)})
