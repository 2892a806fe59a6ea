"""The dossier's state machine: the one table of allowed transitions. Only the transition services
in `services.py` change `Dossier.state`, each through `advance()`, and pages and the API offer the
moves `allowed_moves()` returns."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ocop.evaluation.models import DossierState as S


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str | None  # None: decided by the service (close → scored; decide → recognised or not)
    label: str
    # Who may make the move: "producer", "screener", "province" (the round's organiser), "chair".
    actor: str


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("submit", (S.DRAFT, S.RETURNED), S.SUBMITTED, _("Nộp hồ sơ"), "producer"),
        Transition("withdraw", (S.DRAFT, S.SUBMITTED, S.RETURNED), S.WITHDRAWN, _("Rút hồ sơ"), "producer"),
        Transition(
            "screen_forward", (S.SUBMITTED,), S.SCREENED, _("Sàng lọc đạt, chuyển lên tỉnh"), "screener"
        ),
        Transition("screen_return", (S.SUBMITTED,), S.RETURNED, _("Trả lại chủ thể"), "screener"),
        Transition("accept", (S.SCREENED,), S.ACCEPTED, _("Hồ sơ đầy đủ"), "province"),
        Transition("return", (S.SCREENED, S.ACCEPTED), S.RETURNED, _("Trả lại để bổ sung"), "province"),
        Transition("assign", (S.ACCEPTED,), S.SCORING, _("Giao hội đồng chấm"), "province"),
        Transition("close", (S.SCORING,), S.SCORED, _("Kết thúc chấm sản phẩm"), "chair"),
        Transition("decide", (S.SCORED,), None, _("Ra quyết định"), "province"),
    )
}


def allowed_moves(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources]


def can(name: str, state: str) -> bool:
    return state in TRANSITIONS[name].sources
