"""Producer accounts: a producer signs up with its tax code (or business registration number,
checked with python-stdnum through the registry's rule) and a contact, and an official approves
it and links the account to the registry's producer; or an official invites a person by e-mail
to act for a producer. Officials act within their unit (`accounts.link_producers`): a province
officer for the producers and sign-ups of their province, a commune officer for those of their
commune. Recording a producer new to the registry stays a registry edit (`registry.edit`: the
province)."""

import datetime

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ocop.accounts.capabilities import EDIT_REGISTRY, LINK_PRODUCER_ACCOUNTS
from ocop.accounts.models import Role, User
from ocop.accounts.permissions import has_capability
from ocop.accounts.services import role_grant
from ocop.core.audit import audit_log
from ocop.core.notices import notify
from ocop.evaluation import access
from ocop.evaluation.errors import EvaluationError
from ocop.evaluation.models import ProducerInvitation, ProducerSignup, SignupState
from ocop.evaluation.selectors import linkable_producers
from ocop.registry.models import Producer, ProducerType
from ocop.registry.services import normalise_tax_code, producer_create

INVITATION_DAYS = 7
INVITATION_SALT = "ocop.evaluation.producer-invitation"


# The site's password validators (settings.AUTH_PASSWORD_VALIDATORS) in our own words: Django
# has no Vietnamese text for them. Lazy, so each refusal is said in the language active then.
PASSWORD_PROBLEMS = {
    "password_too_short": gettext_lazy("Mật khẩu quá ngắn: cần ít nhất 8 ký tự."),
    "password_too_similar": gettext_lazy("Mật khẩu quá giống tên đăng nhập, họ tên hoặc thư điện tử."),
    "password_too_common": gettext_lazy("Mật khẩu quá phổ biến, dễ bị đoán."),
    "password_entirely_numeric": gettext_lazy("Mật khẩu không được chỉ gồm chữ số."),
}


def password_problems(password: str, user) -> list[str]:
    """What the site's password validators find wrong with `password` for `user`, in the active
    language."""
    try:
        validate_password(password or "", user=user)
    except ValidationError as error:
        return [str(PASSWORD_PROBLEMS.get(e.code, " ".join(e.messages))) for e in error.error_list]
    return []


def may_link(user, producer: Producer) -> bool:
    """`user` may link people to `producer`: the producer lies in their unit (the registry's scope
    rule for `accounts.link_producers`)."""
    return linkable_producers(user).filter(pk=producer.pk).exists()


@transaction.atomic
def signup_request(
    *,
    username: str,
    password: str,
    email: str,
    contact_name: str,
    phone: str,
    producer_name: str,
    producer_type: str,
    tax_code: str,
    province,
    commune=None,
) -> ProducerSignup:
    """Anyone may ask for a producer account; it acts for nobody until an official approves it."""
    errors = []
    try:
        tax_code = normalise_tax_code(tax_code)
    except Exception as error:  # the registry's ValidationError, in Vietnamese
        errors += getattr(error, "messages", [str(error)])
    if not tax_code:
        errors.append(_("Cần mã số thuế hoặc số đăng ký kinh doanh."))
    if not username.strip() or User.objects.filter(username=username.strip()).exists():
        errors.append(_("Tên đăng nhập trống hoặc đã có người dùng."))
    errors += password_problems(
        password, User(username=username.strip(), email=email, full_name=contact_name.strip())
    )
    if producer_type not in ProducerType.values:
        errors.append(_("Loại hình chủ thể không hợp lệ."))
    if not producer_name.strip() or not contact_name.strip():
        errors.append(_("Cần tên chủ thể và người liên hệ."))
    if province is None or province.level != "province" or province.scheme != "current":
        errors.append(_("Chọn tỉnh/thành phố (theo đơn vị hành chính hiện hành)."))
    if commune is not None and commune.province_id != getattr(province, "pk", None):
        errors.append(_("Xã/phường không thuộc tỉnh đã chọn."))
    if errors:
        raise EvaluationError(errors)
    user = User.objects.create(
        username=username.strip(),
        email=email,
        full_name=contact_name.strip(),
        phone=phone,
        password=make_password(password),
    )
    signup = ProducerSignup.objects.create(
        user=user,
        producer_name=producer_name.strip(),
        producer_type=producer_type,
        tax_code=tax_code,
        province=province,
        commune=commune,
        contact_name=contact_name.strip(),
        phone=phone,
    )
    audit_log(actor=user, action="evaluation.producer_signup", obj=signup, tax_code=tax_code)
    return signup


def can_decide(user, signup) -> bool:
    """A province officer decides the sign-ups of their province; a commune officer those that
    name their commune."""
    return has_capability(user, LINK_PRODUCER_ACCOUNTS, unit=signup.commune or signup.province)


@transaction.atomic
def signup_approve(*, actor, signup: ProducerSignup, producer: Producer | None = None) -> ProducerSignup:
    """Approve: link to the given producer, or to the registry's producer of the province with the
    same tax code, or record a new producer; the account then acts for it (several accounts may
    act for one producer). The producer linked must lie in the approver's unit; recording a new
    one needs the right to edit the registry there (a commune officer links existing producers
    only)."""
    access.require(can_decide(actor, signup))
    signup = ProducerSignup.objects.select_for_update(of=("self",)).get(pk=signup.pk)
    if signup.state != SignupState.PENDING:
        raise EvaluationError(_("Yêu cầu này đã được xử lý."))
    if producer is None:
        producer = Producer.objects.filter(tax_code=signup.tax_code, province=signup.province).first()
    if producer is not None:
        if producer.province_id != signup.province_id:
            raise EvaluationError(_("Chủ thể không thuộc tỉnh của yêu cầu."))
        if not may_link(actor, producer):
            place = producer.commune.name if producer.commune_id else producer.province.name
            raise EvaluationError(
                _(
                    "Chủ thể «%(producer)s» (%(place)s) nằm ngoài địa bàn bạn phụ trách: "
                    "cán bộ cấp tỉnh duyệt yêu cầu này."
                )
                % {"producer": producer.name, "place": place}
            )
    else:
        if not has_capability(actor, EDIT_REGISTRY, unit=signup.commune or signup.province):
            raise EvaluationError(
                _(
                    "Sổ chủ thể OCOP chưa có chủ thể mã số thuế %(tax_code)s. Ghi chủ thể mới vào sổ "
                    "là việc của cán bộ cấp tỉnh: hãy chọn chủ thể có sẵn hoặc để cán bộ tỉnh duyệt."
                )
                % {"tax_code": signup.tax_code}
            )
        producer = producer_create(
            actor=actor,
            name=signup.producer_name,
            producer_type=signup.producer_type,
            tax_code=signup.tax_code,
            province=signup.province,
            commune=signup.commune,
            representative=signup.contact_name,
            phone=signup.phone,
            email=signup.user.email,
        )
    role_grant(actor=actor, user=signup.user, role=Role.PRODUCER, scope_obj=producer)
    signup.state, signup.producer, signup.decided_by = SignupState.APPROVED, producer, actor
    signup.save(update_fields=["state", "producer", "decided_by"])
    audit_log(actor=actor, action="evaluation.producer_signup_approve", obj=signup, producer=producer.name)
    notify(
        recipients=[signup.user],
        title="Tài khoản chủ thể OCOP đã được duyệt",
        body=f"Tài khoản của bạn đã được gắn với chủ thể {producer.name}.",
        link="/evaluation/my/",
        kind="evaluation.signup",
    )
    return signup


@transaction.atomic
def signup_reject(*, actor, signup: ProducerSignup, note: str) -> ProducerSignup:
    """Refuse a sign-up, with the reason (told to the person who asked)."""
    access.require(can_decide(actor, signup))
    signup = ProducerSignup.objects.select_for_update(of=("self",)).get(pk=signup.pk)
    if signup.state != SignupState.PENDING:
        raise EvaluationError(_("Yêu cầu này đã được xử lý."))
    if not (note or "").strip():
        raise EvaluationError(_("Từ chối cần ghi lý do."))
    signup.state, signup.note, signup.decided_by = SignupState.REJECTED, note.strip(), actor
    signup.save(update_fields=["state", "note", "decided_by"])
    audit_log(actor=actor, action="evaluation.producer_signup_reject", obj=signup, note=note)
    notify(
        recipients=[signup.user],
        title="Yêu cầu tài khoản chủ thể bị từ chối",
        body=note,
        kind="evaluation.signup",
    )
    return signup


# ------------------------------------------------------------------------------ invitations


def invitation_token(invitation: ProducerInvitation) -> str:
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


@transaction.atomic
def invitation_send(*, actor, producer: Producer, email: str, site_url: str) -> ProducerInvitation:
    """An official invites a person by e-mail to act for a producer of their unit. The e-mail
    (through Django's mail backend) carries a signed link, valid INVITATION_DAYS days and usable
    once, with which the invitee sets a password (`invitation_accept`). `site_url` is the site's
    address the link starts with."""
    access.require(may_link(actor, producer))
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise EvaluationError(_("Địa chỉ thư điện tử không hợp lệ.")) from None
    invitation = ProducerInvitation.objects.create(
        producer=producer,
        email=email,
        invited_by=actor,
        expires_at=timezone.now() + datetime.timedelta(days=INVITATION_DAYS),
    )
    link = site_url.rstrip("/") + reverse("evaluation:invitation_accept", args=[invitation_token(invitation)])
    inviter = getattr(actor, "full_name", "") or actor.get_username()
    expires = timezone.localtime(invitation.expires_at)
    send_mail(
        f"Mời tham gia Hệ thống thông tin OCOP — {producer.name}",
        f"{inviter} mời bạn dùng Hệ thống thông tin OCOP với tư cách người đại diện chủ thể "
        f"«{producer.name}».\n\nĐặt mật khẩu và kích hoạt tài khoản tại:\n{link}\n\n"
        f"Đường dẫn dùng được một lần, đến {expires:%H:%M ngày %d/%m/%Y}. "
        "Nếu bạn không liên quan đến chủ thể này, hãy bỏ qua thư.",
        None,
        [email],
        fail_silently=False,
    )
    audit_log(
        actor=actor,
        action="evaluation.producer_invite",
        obj=producer,
        email=email,
        expires=f"{expires:%d/%m/%Y %H:%M}",
    )
    return invitation


def invitation_from_token(token: str) -> ProducerInvitation:
    """The invitation a link names, if it can still be used: signed by us, not expired, not used."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT, max_age=datetime.timedelta(days=INVITATION_DAYS))
    except signing.SignatureExpired:
        raise EvaluationError(_("Lời mời đã hết hạn: đề nghị cán bộ gửi lại lời mời.")) from None
    except signing.BadSignature:
        raise EvaluationError(_("Đường dẫn mời không hợp lệ (có thể bị chép thiếu).")) from None
    invitation = ProducerInvitation.objects.select_related("producer", "invited_by").filter(pk=pk).first()
    if invitation is None:
        raise EvaluationError(_("Đường dẫn mời không hợp lệ (có thể bị chép thiếu)."))
    if invitation.accepted_at is not None:
        raise EvaluationError(_("Lời mời này đã được dùng; hãy đăng nhập bằng tài khoản đã tạo."))
    if invitation.expires_at <= timezone.now():
        raise EvaluationError(_("Lời mời đã hết hạn: đề nghị cán bộ gửi lại lời mời."))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, username: str, password: str, full_name: str, phone: str = "") -> User:
    """The invitee sets a username and password: a new account with the invitation's e-mail,
    holding the producer role on the invited producer. The link then cannot be used again (one
    request wins)."""
    invitation = invitation_from_token(token)
    invitation = ProducerInvitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise EvaluationError(_("Lời mời này đã được dùng; hãy đăng nhập bằng tài khoản đã tạo."))
    username, full_name = (username or "").strip(), (full_name or "").strip()
    errors = []
    if not username or User.objects.filter(username__iexact=username).exists():
        errors.append(_("Tên đăng nhập trống hoặc đã có người dùng."))
    if not full_name:
        errors.append(_("Cần họ và tên."))
    user = User(username=username, email=invitation.email, full_name=full_name, phone=(phone or "").strip())
    errors += password_problems(password, user)
    if errors:
        raise EvaluationError(errors)
    user.set_password(password)
    user.save()
    invitation.accepted_at, invitation.user = timezone.now(), user
    invitation.save(update_fields=["accepted_at", "user"])
    role_grant(
        actor=invitation.invited_by or "system", user=user, role=Role.PRODUCER, scope_obj=invitation.producer
    )
    audit_log(
        actor=user,
        action="evaluation.producer_invitation_accept",
        obj=invitation.producer,
        email=invitation.email,
    )
    notify(
        recipients=[invitation.invited_by],
        title=f"{full_name} đã nhận lời mời của chủ thể {invitation.producer.name}",
        body=f"Tài khoản {username} ({invitation.email}) nay đại diện chủ thể {invitation.producer.name}.",
        kind="evaluation.signup",
    )
    return user
