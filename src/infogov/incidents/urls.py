from django.urls import path

from infogov.core.urls import crud_urls
from infogov.incidents import analysis, pack
from infogov.incidents import views as v

app_name = "incidents"

urlpatterns = [
    path("report/", v.IncidentEdit.as_view(), name="report"),
    path("mine/", v.MyReports.as_view(), name="my_reports"),
    path("analysis/", analysis.analysis_page, name="analysis"),
    path("thresholds/", v.thresholds, name="thresholds"),
    path("incidents/<int:pk>/reported/", v.ReportedView.as_view(), name="reported"),
    path("incidents/<int:pk>/assess/", v.AssessView.as_view(), name="assess"),
    path("incidents/<int:pk>/notify-ico/", v.NotifyIcoView.as_view(), name="notify_ico"),
    path("incidents/<int:pk>/not-reportable/", v.NotReportView.as_view(), name="not_report"),
    path("incidents/<int:pk>/individuals/", v.IndividualsView.as_view(), name="individuals"),
    path("incidents/<int:pk>/close/", v.CloseView.as_view(), name="close"),
    path("incidents/<int:pk>/comment/", v.CommentView.as_view(), name="comment"),
    path("incidents/<int:pk>/ico-report.<str:fmt>", pack.ico_pack, name="ico_pack"),
    *crud_urls(
        "incidents",
        "incident",
        list_view=v.IncidentList,
        detail_view=v.IncidentDetail,
        edit_view=v.IncidentEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "actions",
        "action",
        list_view=v.ActionList,
        detail_view=v.ActionDetail,
        edit_view=v.ActionEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "other-bodies",
        "othernotification",
        list_view=v.OtherNotificationList,
        detail_view=v.OtherNotificationDetail,
        edit_view=v.OtherNotificationEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "causes",
        "cause",
        list_view=v.CauseList,
        detail_view=v.CauseDetail,
        edit_view=v.CauseEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "ico-incident-types",
        "icoincidenttype",
        list_view=v.IcoIncidentTypeList,
        detail_view=v.IcoIncidentTypeDetail,
        history_view=True,
    ),
    *crud_urls(
        "data-categories",
        "datacategory",
        list_view=v.DataCategoryList,
        detail_view=v.DataCategoryDetail,
        edit_view=v.DataCategoryEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "people-categories",
        "subjectcategory",
        list_view=v.SubjectCategoryList,
        detail_view=v.SubjectCategoryDetail,
        edit_view=v.SubjectCategoryEdit,
        delete_view=True,
        history_view=True,
    ),
    path(
        "thresholds/<int:pk>/", v.ThresholdsDetail.as_view(), name="reportabilitythresholds_detail"
    ),
    path(
        "thresholds/<int:pk>/edit/", v.ThresholdsEdit.as_view(), name="reportabilitythresholds_edit"
    ),
    path(
        "thresholds/<int:pk>/history/",
        v.ThresholdsHistory.as_view(),
        name="reportabilitythresholds_history",
    ),
]
