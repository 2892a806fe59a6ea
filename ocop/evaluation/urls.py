from django.urls import path

from ocop.evaluation import views

app_name = "evaluation"

urlpatterns = [
    # Producer
    path("my/", views.my_dossiers, name="my_dossiers"),
    path("my/<int:pk>/", views.my_dossier, name="my_dossier"),
    path("my/<int:pk>/evidence/", views.my_evidence, name="my_evidence"),
    path("simulator/", views.simulator, name="simulator"),
    path("signup/", views.signup, name="signup"),
    path("signups/", views.signup_list, name="signups"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/accept/<str:token>/", views.invitation_accept, name="invitation_accept"),
    # Commune
    path("screening/", views.screening_list, name="screening"),
    path("screening/<int:pk>/", views.screen, name="screen"),
    path("screening/<int:pk>/evidence/", views.screen_evidence, name="screen_evidence"),
    # Province and central office
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/summary.<str:fmt>", views.round_summary, name="round_summary_download"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/evidence/", views.dossier_evidence, name="dossier_evidence"),
    path("decisions/<int:pk>/decision.docx", views.decision_docx, name="decision_download"),
    # Council members
    path("assignments/", views.assignments, name="assignments"),
    path("scores/<int:pk>/", views.score_sheet, name="score"),
    path("scores/<int:pk>/evidence/", views.score_evidence, name="score_evidence"),
    path("scores/<int:pk>/sheet.xlsx", views.score_workbook, name="score_sheet_download"),
    # Sheets and regimes
    path("rubrics/", views.rubric_list, name="rubrics"),
    path("rubrics/upload/", views.rubric_upload, name="rubric_upload"),
    path("sheets/<slug:regime>/<slug:set_code>.<str:fmt>", views.blank_sheet, name="blank_sheet_download"),
    path("regimes/<slug:code>/confirm/", views.regime_confirm, name="regime_confirm"),
]
