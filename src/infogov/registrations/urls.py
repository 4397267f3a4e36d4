from infogov.core.urls import crud_urls
from infogov.registrations import views as v

app_name = "registrations"

urlpatterns = [
    *crud_urls(
        "registrations",
        "registration",
        list_view=v.RegistrationList,
        detail_view=v.RegistrationDetail,
        edit_view=v.RegistrationEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "member-exemptions",
        "memberexemption",
        list_view=v.MemberExemptionList,
        detail_view=v.MemberExemptionDetail,
        edit_view=v.MemberExemptionEdit,
        delete_view=True,
        history_view=v.MemberExemptionHistory,
    ),
]
