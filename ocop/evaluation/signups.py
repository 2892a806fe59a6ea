"""Producer accounts: a producer signs up with its tax code (or business registration number,
checked with python-stdnum through the registry's rule) and a contact; a province officer of its
province approves and links the account to the registry's producer."""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from ocop.accounts.capabilities import EDIT_REGISTRY
from ocop.accounts.models import Role, User
from ocop.accounts.permissions import has_capability
from ocop.accounts.services import role_grant
from ocop.core.audit import audit_log
from ocop.core.notices import notify
from ocop.evaluation import access
from ocop.evaluation.errors import EvaluationError
from ocop.evaluation.models import ProducerSignup, SignupState
from ocop.registry.models import Producer, ProducerType
from ocop.registry.services import normalise_tax_code, producer_create


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
        errors.append("Cần mã số thuế hoặc số đăng ký kinh doanh.")
    if not username.strip() or User.objects.filter(username=username.strip()).exists():
        errors.append("Tên đăng nhập trống hoặc đã có người dùng.")
    if len(password or "") < 8:
        errors.append("Mật khẩu cần ít nhất 8 ký tự.")
    if producer_type not in ProducerType.values:
        errors.append("Loại hình chủ thể không hợp lệ.")
    if not producer_name.strip() or not contact_name.strip():
        errors.append("Cần tên chủ thể và người liên hệ.")
    if province is None or province.level != "province" or province.scheme != "current":
        errors.append("Chọn tỉnh/thành phố (theo đơn vị hành chính hiện hành).")
    if commune is not None and commune.province_id != getattr(province, "pk", None):
        errors.append("Xã/phường không thuộc tỉnh đã chọn.")
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
    return has_capability(user, EDIT_REGISTRY, unit=signup.province)


@transaction.atomic
def signup_approve(*, actor, signup: ProducerSignup, producer: Producer | None = None) -> ProducerSignup:
    """Approve: link to the given producer, or to the registry's producer of the province with the
    same tax code, or record a new producer; the account then acts for it (several accounts may
    act for one producer)."""
    access.require(can_decide(actor, signup))
    signup = ProducerSignup.objects.select_for_update(of=("self",)).get(pk=signup.pk)
    if signup.state != SignupState.PENDING:
        raise EvaluationError("Yêu cầu này đã được xử lý.")
    if producer is None:
        producer = Producer.objects.filter(tax_code=signup.tax_code, province=signup.province).first()
    if producer is None:
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
    elif producer.province_id != signup.province_id:
        raise EvaluationError("Chủ thể không thuộc tỉnh của yêu cầu.")
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
    access.require(can_decide(actor, signup))
    if signup.state != SignupState.PENDING:
        raise EvaluationError("Yêu cầu này đã được xử lý.")
    if not (note or "").strip():
        raise EvaluationError("Từ chối cần ghi lý do.")
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
