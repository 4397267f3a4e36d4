from django.urls import path

from infogov.core.urls import crud_urls
from infogov.plans import views as v

app_name = "plans"

urlpatterns = [
    path(
        "plans/<int:pk>/export/<str:fmt>/", v.ActionPlanExport.as_view(), name="actionplan_export"
    ),
    path("actions/overdue/", v.OverdueActionList.as_view(), name="planaction_overdue"),
    path("actions/off-track/", v.OffTrackActionList.as_view(), name="planaction_off_track"),
    path("kpis/<int:pk>/compute/", v.KpiCompute.as_view(), name="kpi_compute"),
    path(
        "assessments/<int:pk>/complete/", v.AssessmentComplete.as_view(), name="assessment_complete"
    ),
    path("records-management-plan/", v.records_management_plan, name="records_management_plan"),
    path(
        "assessment-items/<int:pk>/raise-action/",
        v.AssessmentItemGapAction.as_view(),
        name="assessmentitem_gap",
    ),
    path(
        "update-requests/<int:pk>/answer/",
        v.UpdateRequestAnswer.as_view(),
        name="updaterequest_answer",
    ),
    path("update-requests/add/", v.UpdateRequestAdd.as_view(), name="updaterequest_add"),
    *crud_urls(
        "plans",
        "actionplan",
        list_view=v.ActionPlanList,
        detail_view=v.ActionPlanDetail,
        edit_view=v.ActionPlanEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "actions",
        "planaction",
        list_view=v.PlanActionList,
        detail_view=v.PlanActionDetail,
        edit_view=v.PlanActionEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "milestones",
        "milestone",
        list_view=v.MilestoneList,
        detail_view=v.MilestoneDetail,
        edit_view=v.MilestoneEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "progress",
        "progressupdate",
        list_view=v.ProgressUpdateList,
        detail_view=v.ProgressUpdateDetail,
        edit_view=v.ProgressUpdateEdit,
        history_view=True,
    ),
    *crud_urls(
        "kpis",
        "kpi",
        list_view=v.KpiList,
        detail_view=v.KpiDetail,
        edit_view=v.KpiEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "kpi-values",
        "kpivalue",
        list_view=v.KpiValueList,
        detail_view=v.KpiValueDetail,
        edit_view=v.KpiValueEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "frameworks",
        "framework",
        list_view=v.FrameworkList,
        detail_view=v.FrameworkDetail,
        history_view=True,
    ),
    *crud_urls(
        "framework-items",
        "frameworkitem",
        list_view=v.FrameworkItemList,
        detail_view=v.FrameworkItemDetail,
        history_view=True,
    ),
    *crud_urls(
        "assessments",
        "assessment",
        list_view=v.AssessmentList,
        detail_view=v.AssessmentDetail,
        edit_view=v.AssessmentEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "assessment-items",
        "assessmentitem",
        list_view=v.AssessmentItemList,
        detail_view=v.AssessmentItemDetail,
        edit_view=v.AssessmentItemEdit,
        history_view=True,
    ),
    *crud_urls(
        "update-requests",
        "updaterequest",
        list_view=v.UpdateRequestList,
        detail_view=v.UpdateRequestDetail,
        history_view=True,
    ),
]
