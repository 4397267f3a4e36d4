from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import RedirectView

from infogov.assets import views as v
from infogov.core import import_views
from infogov.core.urls import crud_urls

app_name = "assets"

urlpatterns = [
    *crud_urls(
        "assets",
        "informationasset",
        list_view=v.InformationAssetList,
        detail_view=v.InformationAssetDetail,
        edit_view=v.InformationAssetEdit,
        delete_view=True,
        history_view=True,
    ),
    path(
        "assets/<int:pk>/review/",
        v.InformationAssetReview.as_view(),
        name="informationasset_review",
    ),
    path("record-of-processing/", v.ropa, name="ropa"),
    # The upload page is core's, for every kind; this address is kept for old links.
    path(
        "import/",
        login_required(RedirectView.as_view(pattern_name="import_upload", query_string=True)),
        name="import",
    ),
    path("export/<slug:kind>/", import_views.export_register, name="export"),
    *crud_urls(
        "data-subject-categories",
        "datasubjectcategory",
        list_view=v.DataSubjectCategoryList,
        detail_view=v.DataSubjectCategoryDetail,
        edit_view=v.DataSubjectCategoryEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "personal-data-categories",
        "personaldatacategory",
        list_view=v.PersonalDataCategoryList,
        detail_view=v.PersonalDataCategoryDetail,
        edit_view=v.PersonalDataCategoryEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "lawful-bases",
        "lawfulbasis",
        list_view=v.LawfulBasisList,
        detail_view=v.LawfulBasisDetail,
        history_view=True,
    ),
    *crud_urls(
        "processing-conditions",
        "processingcondition",
        list_view=v.ProcessingConditionList,
        detail_view=v.ProcessingConditionDetail,
        history_view=True,
    ),
    *crud_urls(
        "sharing-agreements",
        "sharingagreement",
        list_view=v.SharingAgreementList,
        detail_view=v.SharingAgreementDetail,
        edit_view=v.SharingAgreementEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "dpias",
        "dpia",
        list_view=v.DPIAList,
        detail_view=v.DPIADetail,
        edit_view=v.DPIAEdit,
        delete_view=True,
        history_view=True,
    ),
    path("dpias/<int:pk>/sign-off/", v.DPIASignOff.as_view(), name="dpia_sign_off"),
    *crud_urls(
        "dpia-risks",
        "dpiarisk",
        list_view=v.DPIARiskList,
        detail_view=v.DPIARiskDetail,
        edit_view=v.DPIARiskEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "data-standards",
        "datastandard",
        list_view=v.DataStandardList,
        detail_view=v.DataStandardDetail,
        edit_view=v.DataStandardEdit,
        delete_view=True,
        history_view=True,
    ),
    path("data-standards/<int:pk>/check/", v.CheckExtract.as_view(), name="datastandard_check"),
    *crud_urls(
        "standard-fields",
        "standardfield",
        list_view=v.StandardFieldList,
        detail_view=v.StandardFieldDetail,
        edit_view=v.StandardFieldEdit,
        delete_view=True,
        history_view=True,
    ),
    *crud_urls(
        "quality-checks",
        "qualitycheck",
        list_view=v.QualityCheckList,
        detail_view=v.QualityCheckDetail,
        history_view=True,
    ),
    path(
        "quality-checks/<int:pk>/progress/",
        v.QualityCheckProgress.as_view(),
        name="qualitycheck_progress",
    ),
    path(
        "quality-checks/<int:pk>/problems/",
        v.QualityCheckErrorsDownload.as_view(),
        name="qualitycheck_problems",
    ),
]
