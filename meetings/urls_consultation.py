"""URLs of the consultation area: staff pages (urlpatterns, under /meetings/) and no-login pages for residents and
voters (public_urlpatterns, under /p/meetings/)."""

from django.urls import path

from meetings.views import consultation as views

urlpatterns: list = [
    path("consultation/", views.draft_list, name="consultation_list"),
    path("consultation/new/", views.draft_create, name="consultation_create"),
    path("consultation/<int:pk>/", views.draft_detail, name="consultation_detail"),
    path("consultation/<int:pk>/edit/", views.draft_edit, name="consultation_edit"),
    path("consultation/<int:pk>/draft.pdf", views.draft_pdf, name="consultation_pdf"),
    path("consultation/<int:pk>/opinions/new/", views.opinion_create, name="consultation_opinion_create"),
    path("consultation/opinions/", views.opinion_list, name="consultation_opinions"),
    path("consultation/opinions/<int:pk>/decide/", views.opinion_decide, name="consultation_opinion_decide"),
    path("consultation/opinions/<int:pk>/certificate/", views.certificate, name="consultation_certificate"),
]
public_urlpatterns: list = [
    path("consultation/", views.public_list, name="consultation_list"),
    path("consultation/<int:pk>/", views.public_detail, name="consultation_detail"),
    path("consultation/<int:pk>/draft.pdf", views.public_pdf, name="consultation_pdf"),
    path("consultation/thanks/", views.public_done, name="consultation_done"),
]
