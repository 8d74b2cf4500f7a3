"""Case URLs, one list per module so that each part of the case pages owns its routes."""

from petitions.urls_actions import urlpatterns as action_urls
from petitions.urls_cases import urlpatterns as case_urls
from petitions.urls_receptions import urlpatterns as reception_urls
from petitions.urls_referrals import urlpatterns as referral_urls

app_name = "petitions"

urlpatterns = [*case_urls, *action_urls, *referral_urls, *reception_urls]
