"""Routes for the referrals pages (petitions/urls.py joins them): handling units, referral,
the letter (print view and PDF), acknowledgement, written reply and extension."""

from django.urls import path

from petitions import referral_views, unit_views

urlpatterns: list = [
    path("units/", unit_views.unit_list, name="unit_list"),
    path("units/new/", unit_views.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", unit_views.unit_edit, name="unit_edit"),
    path("<int:pk>/refer/", referral_views.refer, name="refer"),
    path("<int:pk>/acknowledge/", referral_views.acknowledge, name="acknowledge"),
    path("<int:pk>/reply/", referral_views.reply, name="reply"),
    path("<int:pk>/extend/", referral_views.extend, name="extend"),
    path("referrals/<int:pk>/letter/", referral_views.letter, name="letter"),
    path("referrals/<int:pk>/letter.pdf", referral_views.letter_download, name="letter_pdf"),
]
