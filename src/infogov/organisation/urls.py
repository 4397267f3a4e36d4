from django.urls import path

from infogov.core.urls import crud_urls
from infogov.organisation import views as v

app_name = "organisation"

urlpatterns = [
    path("council/", v.council, name="council"),
    path("roles/", v.roles_page, name="roles_page"),
    path("roles/acknowledge/", v.acknowledge, name="acknowledge"),
    path("roles/publish/", v.publish, name="publish"),
    path("council/<int:pk>/", v.CouncilDetail.as_view(), name="council_detail"),
    path("council/<int:pk>/edit/", v.CouncilEdit.as_view(), name="council_edit"),
    path("council/<int:pk>/history/", v.CouncilHistory.as_view(), name="council_history"),
    *crud_urls(
        "divisions",
        "division",
        list_view=v.DivisionList,
        detail_view=v.DivisionDetail,
        edit_view=v.DivisionEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "services",
        "service",
        list_view=v.ServiceList,
        detail_view=v.ServiceDetail,
        edit_view=v.ServiceEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "people",
        "person",
        list_view=v.PersonList,
        detail_view=v.PersonDetail,
        edit_view=v.PersonEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "role-assignments",
        "roleassignment",
        list_view=v.RoleAssignmentList,
        detail_view=v.RoleAssignmentDetail,
        edit_view=v.RoleAssignmentEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "groups",
        "group",
        list_view=v.GroupList,
        detail_view=v.GroupDetail,
        edit_view=v.GroupEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "memberships",
        "membership",
        list_view=v.MembershipList,
        detail_view=v.MembershipDetail,
        edit_view=v.MembershipEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "role-descriptions",
        "roledescription",
        list_view=v.RoleDescriptionList,
        detail_view=v.RoleDescriptionDetail,
        edit_view=v.RoleDescriptionEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "acknowledgements",
        "acknowledgement",
        list_view=v.AcknowledgementList,
        detail_view=v.AcknowledgementDetail,
        history_view=True,
    ),
]
