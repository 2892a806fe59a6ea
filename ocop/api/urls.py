from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from ocop.accounts.access import access
from ocop.api import activity_views, import_views, registry_views, stats_views, tokens, views
from ocop.api import evaluation_views as ev

public = access(public=True)

app_name = "api"
urlpatterns = [
    path("schema/", public(SpectacularAPIView.as_view()), name="schema"),
    path("docs/", public(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    path(
        "redoc/",
        public(SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html")),
        name="redoc",
    ),
    path("v1/auth/token/", tokens.ObtainToken.as_view(), name="token"),
    path("v1/auth/logout/", tokens.RevokeToken.as_view(), name="token-revoke"),
    path("v1/me/", views.MeView.as_view(), name="me"),
    path("v1/imports/", import_views.BatchList.as_view(), name="import-list"),
    path("v1/imports/<int:pk>/", import_views.BatchDetail.as_view(), name="import-detail"),
    path("v1/imports/<int:pk>/problems/", import_views.BatchProblems.as_view(), name="import-problems"),
    path("v1/imports/<int:pk>/confirm/", import_views.BatchConfirm.as_view(), name="import-confirm"),
    path("v1/producers/", registry_views.ProducerList.as_view(), name="producer-list"),
    path("v1/producers/<int:pk>/", registry_views.ProducerDetail.as_view(), name="producer-detail"),
    path("v1/products/", registry_views.ProductList.as_view(), name="product-list"),
    path("v1/products/<int:pk>/", registry_views.ProductDetail.as_view(), name="product-detail"),
    path(
        "v1/products/<int:pk>/certificates/",
        registry_views.CertificateIssue.as_view(),
        name="certificate-issue",
    ),
    path("v1/certificates/", registry_views.CertificateList.as_view(), name="certificate-list"),
    path("v1/certificates/<int:pk>/", registry_views.CertificateDetail.as_view(), name="certificate-detail"),
    path(
        "v1/certificates/<int:pk>/revoke/",
        registry_views.CertificateRevoke.as_view(),
        name="certificate-revoke",
    ),
    path("v1/regions/", views.RegionList.as_view(), name="region-list"),
    path("v1/activities/channels/", activity_views.ChannelList.as_view(), name="activity-channels-list"),
    path(
        "v1/activities/channels/<int:pk>/",
        activity_views.ChannelDetail.as_view(),
        name="activity-channels-detail",
    ),
    path("v1/stats/", stats_views.StatsView.as_view(), name="stats"),
    path("v1/stats/ranking/", stats_views.RankingView.as_view(), name="stats-ranking"),
    path("v1/units/", views.UnitList.as_view(), name="unit-list"),
    path("v1/regimes/", ev.RegimeList.as_view(), name="regime-list"),
    path("v1/rubrics/", ev.RubricList.as_view(), name="rubric-list"),
    path("v1/rounds/", ev.RoundList.as_view(), name="round-list"),
    path("v1/councils/", ev.CouncilList.as_view(), name="council-list"),
    path("v1/decisions/", ev.DecisionList.as_view(), name="decision-list"),
    path("v1/dossiers/", ev.DossierList.as_view(), name="dossier-list"),
    path("v1/dossiers/<int:pk>/submit/", ev.DossierSubmit.as_view(), name="dossier-submit"),
    path("v1/dossiers/<int:pk>/screen/", ev.DossierScreen.as_view(), name="dossier-screen"),
    path("v1/dossiers/<int:pk>/province/", ev.DossierProvince.as_view(), name="dossier-province"),
    path("v1/scores/", ev.ScoreList.as_view(), name="score-list"),
    path("v1/scores/<int:pk>/", ev.ScoreDetail.as_view(), name="score-detail"),
    path("v1/scores/<int:pk>/sheet/", ev.ScoreSheetFile.as_view(), name="score-sheet"),
    path("v1/signups/", ev.SignupList.as_view(), name="signup-list"),
    path("v1/invitations/", ev.InvitationList.as_view(), name="invitation-list"),
    path("v1/units/resolve/", views.ResolveView.as_view(), name="unit-resolve"),
    *(
        path(f"v1/activities/{kind}/", view.as_view(), name=f"activity-{kind}-list")
        for kind, view in activity_views.LIST_VIEWS.items()
    ),
    *(
        path(f"v1/activities/{kind}/<int:pk>/", view.as_view(), name=f"activity-{kind}-detail")
        for kind, view in activity_views.DETAIL_VIEWS.items()
    ),
    path(
        "v1/units/<str:scheme>/<str:level>/<int:code>/",
        views.UnitDetail.as_view(),
        name="unit-detail",
    ),
]
