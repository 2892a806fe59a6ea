"""Producer accounts: sign-up with a checked tax code, approval by the province or the commune,
link to the registry; invitations by e-mail."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ocop.evaluation.errors import EvaluationError
from ocop.evaluation.models import SignupState
from ocop.evaluation.selectors import producers_of
from ocop.evaluation.signups import signup_approve, signup_request
from ocop.registry.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db


def request_for(province, tax_code="0100109106", username="htx-mat-ong"):
    return signup_request(
        username=username,
        password="matkhau-dai-8",
        email="htx@example.vn",
        contact_name="Lê Thị Mai",
        phone="0912",
        producer_name="HTX Mật ong U Minh",
        producer_type="cooperative",
        tax_code=tax_code,
        province=province,
    )


def test_a_wrong_tax_code_check_digit_is_refused(can_tho):
    with pytest.raises(EvaluationError, match="sai chữ số kiểm tra"):
        request_for(can_tho, tax_code="0100109107")


def test_the_province_approves_and_the_account_acts_for_the_registry_producer_with_that_tax_code(
    can_tho, can_tho_officer, tay_ninh_officer
):
    producer = ProducerFactory(province=can_tho, tax_code="0100109106")
    signup = request_for(can_tho)
    assert list(producers_of(signup.user)) == []
    with pytest.raises(PermissionDenied):
        signup_approve(actor=tay_ninh_officer, signup=signup)
    signup = signup_approve(actor=can_tho_officer, signup=signup)
    assert signup.state == SignupState.APPROVED and signup.producer == producer
    assert list(producers_of(signup.user)) == [producer]
    second = request_for(can_tho, username="nguoi-thu-hai")
    signup_approve(actor=can_tho_officer, signup=second)
    assert list(producers_of(second.user)) == [producer]  # several people act for one producer


def test_the_signup_pages(client, can_tho, can_tho_commune, can_tho_officer):
    form = client.get("/evaluation/signup/").content.decode()
    assert f'value="{can_tho_commune.pk}" data-province="{can_tho.pk}"' in form
    response = client.post(
        "/evaluation/signup/",
        {
            "producer_name": "HTX Lúa gạo",
            "producer_type": "cooperative",
            "tax_code": "0100109106",
            "province": can_tho.pk,
            "commune": can_tho_commune.pk,
            "contact_name": "Anh Ba",
            "username": "htx-lua",
            "password": "12345678abc",
        },
    )
    assert "Đã gửi yêu cầu" in response.content.decode()
    client.force_login(can_tho_officer)
    assert "HTX Lúa gạo" in client.get("/evaluation/signups/").content.decode()
    from ocop.evaluation.models import ProducerSignup

    signup = ProducerSignup.objects.get()
    assert signup.commune == can_tho_commune
    client.post("/evaluation/signups/", {"signup": signup.pk, "action": "approve"})
    signup.refresh_from_db()
    assert signup.state == SignupState.APPROVED and signup.producer.name == "HTX Lúa gạo"


def other_commune(province, commune):
    from ocop.geo.models import AdminUnit

    return (
        AdminUnit.objects.filter(scheme="current", level="commune", province=province)
        .exclude(pk=commune.pk)
        .order_by("code")
        .first()
    )


def test_a_weak_password_is_refused_in_vietnamese(can_tho):
    from ocop.evaluation.signups import signup_request

    with pytest.raises(EvaluationError) as error:
        signup_request(
            username="htx-so",
            password="12345678",
            email="",
            contact_name="Anh Ba",
            phone="",
            producer_name="HTX",
            producer_type="cooperative",
            tax_code="0100109106",
            province=can_tho,
        )
    assert "Mật khẩu không được chỉ gồm chữ số." in error.value.messages


def test_the_commune_officer_approves_a_sign_up_of_their_commune_and_links_the_registry_producer(
    client, can_tho, can_tho_commune, can_tho_commune_officer
):
    from ocop.evaluation.models import ProducerSignup

    producer = ProducerFactory(province=can_tho, commune=can_tho_commune, tax_code="0100109106")
    signup = signup_request(
        username="htx-xa",
        password="matkhau-dai-8",
        email="htx@example.vn",
        contact_name="Lê Thị Mai",
        phone="0912",
        producer_name="HTX Mật ong",
        producer_type="cooperative",
        tax_code="0100109106",
        province=can_tho,
        commune=can_tho_commune,
    )
    elsewhere = signup_request(
        username="htx-xa-khac",
        password="matkhau-dai-8",
        email="",
        contact_name="Trần Văn Tư",
        phone="",
        producer_name="HTX Khác",
        producer_type="cooperative",
        tax_code="0100109106",
        province=can_tho,
        commune=other_commune(can_tho, can_tho_commune),
    )
    client.force_login(can_tho_commune_officer)
    page = client.get("/evaluation/signups/").content.decode()
    assert "HTX Mật ong" in page and "HTX Khác" not in page
    assert "/evaluation/signups/" in client.get("/").content.decode()  # in the commune officer's menu
    # A sign-up of another commune cannot be decided from here.
    assert (
        client.post("/evaluation/signups/", {"signup": elsewhere.pk, "action": "approve"}).status_code == 404
    )
    with pytest.raises(PermissionDenied):
        signup_approve(actor=can_tho_commune_officer, signup=elsewhere)

    client.post("/evaluation/signups/", {"signup": signup.pk, "action": "approve"})
    signup.refresh_from_db()
    assert signup.state == SignupState.APPROVED and signup.producer == producer
    assert signup.decided_by == can_tho_commune_officer
    assert list(producers_of(signup.user)) == [producer]
    assert ProducerSignup.objects.get(pk=elsewhere.pk).state == SignupState.PENDING


def test_a_commune_officer_links_only_producers_of_their_commune_and_records_no_new_producer(
    can_tho, can_tho_commune, can_tho_commune_officer, can_tho_officer
):
    from ocop.registry.models import Producer

    def ask(username, tax_code):
        return signup_request(
            username=username,
            password="matkhau-dai-8",
            email="",
            contact_name="Lê Thị Mai",
            phone="",
            producer_name="HTX Rau sạch",
            producer_type="cooperative",
            tax_code=tax_code,
            province=can_tho,
            commune=can_tho_commune,
        )

    neighbour = ProducerFactory(
        province=can_tho, commune=other_commune(can_tho, can_tho_commune), tax_code="0100109106"
    )
    signup = ask("htx-rau", "0100109106")
    with pytest.raises(EvaluationError, match="nằm ngoài địa bàn bạn phụ trách"):
        signup_approve(actor=can_tho_commune_officer, signup=signup)
    with pytest.raises(EvaluationError, match="nằm ngoài địa bàn bạn phụ trách"):
        signup_approve(actor=can_tho_commune_officer, signup=signup, producer=neighbour)
    new = ask("htx-moi", "0312345673")
    with pytest.raises(EvaluationError, match="là việc của cán bộ cấp tỉnh"):
        signup_approve(actor=can_tho_commune_officer, signup=new)
    assert not Producer.objects.filter(tax_code="0312345673").exists()
    # The province records the new producer and links the account.
    approved = signup_approve(actor=can_tho_officer, signup=new)
    assert approved.producer.tax_code == "0312345673" and approved.producer.commune == can_tho_commune
    assert list(producers_of(new.user)) == [approved.producer]


# ------------------------------------------------------------------------------ invitations


@pytest.fixture
def invited(client, can_tho, can_tho_commune, can_tho_commune_officer, mailoutbox):
    """The commune officer invites a person to act for a producer of their commune."""
    producer = ProducerFactory(province=can_tho, commune=can_tho_commune, name="HTX Bưởi Năm Roi")
    client.force_login(can_tho_commune_officer)
    form = client.get("/evaluation/invitations/").content.decode()
    assert "HTX Bưởi Năm Roi" in form
    page = client.post(
        "/evaluation/invitations/", {"producer": producer.pk, "email": " Chi.Hoa@Example.vn "}, follow=True
    ).content.decode()
    assert "Đã gửi lời mời tới chi.hoa@example.vn" in page
    client.logout()
    (mail,) = mailoutbox
    link = next(line for line in mail.body.splitlines() if "/evaluation/invitations/accept/" in line)
    return {"producer": producer, "mail": mail, "path": link.split("testserver", 1)[1]}


def test_an_official_invites_a_producer_by_e_mail_and_the_invitee_sets_a_password(client, invited):
    from ocop.core.models import AuditEntry, Notice
    from ocop.evaluation.models import ProducerInvitation

    mail, producer = invited["mail"], invited["producer"]
    assert mail.to == ["chi.hoa@example.vn"] and "HTX Bưởi Năm Roi" in mail.subject
    assert "dùng được một lần" in mail.body and invited["path"].startswith("/evaluation/invitations/accept/")
    page = client.get(invited["path"]).content.decode()
    assert "Bạn được mời đại diện chủ thể «HTX Bưởi Năm Roi»" in page
    answer = client.post(
        invited["path"],
        {
            "full_name": "Nguyễn Thị Hoa",
            "username": "chi-hoa",
            "password": "buoi-nam-roi-2026",
            "password2": "buoi-nam-roi-2026",
        },
    )
    assert answer.status_code == 302 and answer.url == "/accounts/login/"
    from ocop.accounts.models import User

    user = User.objects.get(username="chi-hoa")
    assert user.email == "chi.hoa@example.vn" and user.full_name == "Nguyễn Thị Hoa"
    assert list(producers_of(user)) == [producer]
    assert client.login(username="chi-hoa", password="buoi-nam-roi-2026")
    assert client.get("/evaluation/my/").status_code == 200
    invitation = ProducerInvitation.objects.get()
    assert invitation.accepted_at is not None and invitation.user == user
    assert AuditEntry.objects.filter(action="evaluation.producer_invite", details__email=user.email).exists()
    assert Notice.objects.filter(recipient=invitation.invited_by, title__contains="đã nhận lời mời").exists()
    # The link works once.
    client.logout()
    again = client.get(invited["path"]).content.decode()
    assert "Lời mời này đã được dùng" in again and 'name="password"' not in again


def test_an_expired_a_tampered_or_a_mistyped_invitation_sets_no_account(client, invited):
    from ocop.accounts.models import User
    from ocop.evaluation.models import ProducerInvitation
    from ocop.evaluation.signups import invitation_accept

    body = {"full_name": "Hoa", "username": "chi-hoa", "password": "buoi-nam-roi-2026"}
    assert "không hợp lệ" in client.get(invited["path"][:-3] + "xx/").content.decode()
    mismatch = client.post(invited["path"], {**body, "password2": "khac-hoan-toan-9"}).content.decode()
    assert "Hai lần nhập mật khẩu không khớp." in mismatch
    weak = client.post(invited["path"], {**body, "password": "12345678", "password2": "12345678"})
    assert "Mật khẩu không được chỉ gồm chữ số." in weak.content.decode()
    ProducerInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    expired = client.post(invited["path"], {**body, "password2": body["password"]}).content.decode()
    assert "Lời mời đã hết hạn" in expired
    token = invited["path"].rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(EvaluationError, match="hết hạn"):
        invitation_accept(token=token, **body)
    assert not User.objects.filter(username="chi-hoa").exists()


def test_officials_invite_only_for_producers_of_their_unit(
    client, can_tho, can_tho_commune, can_tho_commune_officer, can_tho_officer, tay_ninh, mailoutbox
):
    from ocop.evaluation.signups import invitation_send

    neighbour = ProducerFactory(
        province=can_tho, commune=other_commune(can_tho, can_tho_commune), name="HTX Xã Bên"
    )
    far = ProducerFactory(province=tay_ninh, name="HTX Tây Ninh")
    client.force_login(can_tho_commune_officer)
    assert "HTX Xã Bên" not in client.get("/evaluation/invitations/").content.decode()
    refused = client.post("/evaluation/invitations/", {"producer": neighbour.pk, "email": "a@example.vn"})
    assert refused.status_code == 200 and not mailoutbox  # not a choice of the form
    with pytest.raises(PermissionDenied):
        invitation_send(actor=can_tho_commune_officer, producer=neighbour, email="a@example.vn", site_url="/")
    with pytest.raises(PermissionDenied):
        invitation_send(actor=can_tho_officer, producer=far, email="a@example.vn", site_url="/")
    with pytest.raises(EvaluationError, match="không hợp lệ"):
        invitation_send(actor=can_tho_officer, producer=neighbour, email="không-phải-thư", site_url="/")
    invitation_send(
        actor=can_tho_officer, producer=neighbour, email="a@example.vn", site_url="https://ocop.vn/"
    )
    assert mailoutbox[0].to == ["a@example.vn"] and "https://ocop.vn/evaluation/invitations/accept/" in (
        mailoutbox[0].body
    )
    client.force_login(can_tho_officer)
    assert "a@example.vn" in client.get("/evaluation/invitations/").content.decode()
    client.force_login(can_tho_commune_officer)
    assert "a@example.vn" not in client.get("/evaluation/invitations/").content.decode()
