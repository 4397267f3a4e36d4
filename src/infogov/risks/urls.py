from django.urls import path

from infogov.core.urls import crud_urls
from infogov.risks import views as v

app_name = "risks"

urlpatterns = [
    path("heat-map/", v.heat_map, name="heat_map"),
    path("risks/<int:pk>/review/", v.RiskReviewAction.as_view(), name="risk_review"),
    path("escalations/<int:pk>/accept/", v.EscalationAccept.as_view(), name="escalation_accept"),
    path("escalations/<int:pk>/return/", v.EscalationReturn.as_view(), name="escalation_return"),
    path("escalations/<int:pk>/decide/", v.EscalationDecide.as_view(), name="escalation_decide"),
    *crud_urls(
        "risks",
        "risk",
        list_view=v.RiskList,
        detail_view=v.RiskDetail,
        edit_view=v.RiskEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "controls",
        "control",
        list_view=v.ControlList,
        detail_view=v.ControlDetail,
        edit_view=v.ControlEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "reviews",
        "riskreview",
        list_view=v.RiskReviewList,
        detail_view=v.RiskReviewDetail,
        history_view=True,
    ),
    *crud_urls(
        "bands",
        "riskband",
        list_view=v.RiskBandList,
        detail_view=v.RiskBandDetail,
        edit_view=v.RiskBandEdit,
        delete_view=v.RiskBandDelete,
        history_view=True,
    ),
    *crud_urls(
        "escalations",
        "escalation",
        list_view=v.EscalationList,
        detail_view=v.EscalationDetail,
        history_view=True,
    ),
    path("escalations/add/", v.EscalationAdd.as_view(), name="escalation_add"),
]
