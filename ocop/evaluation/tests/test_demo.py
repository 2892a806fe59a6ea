import pytest

from ocop.accounts.demo import create_demo_users
from ocop.evaluation.demo import STAGES, load_evaluation_demo
from ocop.evaluation.models import Dossier, DossierState, Round, Rubric
from ocop.evaluation.tests.builders import product_of
from ocop.registry.tests.factories import ProducerFactory

pytestmark = pytest.mark.django_db


def test_the_demo_adds_a_round_with_dossiers_at_every_stage_and_runs_once(can_tho):
    create_demo_users()
    producer = ProducerFactory(province=can_tho)
    for index in range(len(STAGES)):
        product_of(producer, name=f"Sản phẩm mẫu {index}")
    assert load_evaluation_demo() == len(STAGES)
    assert load_evaluation_demo() == 0
    assert Rubric.objects.filter(code="1048-mat-ong").exists()
    round_ = Round.objects.get(province=can_tho)
    states = set(Dossier.objects.filter(round=round_).values_list("state", flat=True))
    assert states == {
        DossierState.DRAFT,
        DossierState.SUBMITTED,
        DossierState.SCREENED,
        DossierState.ACCEPTED,
        DossierState.SCORING,
        DossierState.SCORED,
        DossierState.RECOGNISED,
    }
    recognised = Dossier.objects.filter(state=DossierState.RECOGNISED)
    assert all(d.certificate.stars == 4 for d in recognised)
