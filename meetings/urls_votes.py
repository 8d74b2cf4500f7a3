"""URLs of the votes area: staff pages (urlpatterns, under /meetings/) and no-login pages for residents and
voters (public_urlpatterns, under /p/meetings/)."""

from django.urls import path

from meetings.views import votes as v

urlpatterns: list = [
    path("votes/", v.round_list, name="vote_rounds"),
    path("votes/new/", v.round_create, name="vote_round_create"),
    path("votes/<int:pk>/", v.round_detail, name="vote_round"),
    path("votes/<int:pk>/edit/", v.round_edit, name="vote_round_edit"),
    path("votes/<int:pk>/candidates/", v.candidate_add, name="vote_candidate_add"),
    path("votes/candidates/<int:pk>/remove/", v.candidate_remove, name="vote_candidate_remove"),
    path("votes/<int:pk>/voters/deputies/", v.voters_add_deputies, name="vote_voters_deputies"),
    path("votes/<int:pk>/voters/import/", v.voters_import, name="vote_voters_import"),
    path("votes/voters/<int:pk>/remove/", v.voter_remove, name="vote_voter_remove"),
    path("votes/voters/<int:pk>/reissue/", v.voter_reissue, name="vote_voter_reissue"),
    path("votes/<int:pk>/open/", v.round_open, name="vote_round_open"),
    path("votes/<int:pk>/close/", v.round_close, name="vote_round_close"),
    path("votes/<int:pk>/publish/", v.round_publish, name="vote_round_publish"),
    path("votes/<int:pk>/runoff/", v.round_runoff, name="vote_round_runoff"),
    path("votes/<int:pk>/scoring/open/", v.scoring_open, name="vote_scoring_open"),
    path("votes/<int:pk>/scoring/close/", v.scoring_close, name="vote_scoring_close"),
    path("votes/projects/", v.project_list, name="vote_projects"),
    path("votes/projects/<int:pk>/", v.project_detail, name="vote_project"),
    path("votes/projects/<int:pk>/supervisors/", v.project_supervisors, name="vote_project_supervisors"),
    path("votes/projects/<int:pk>/start/", v.project_start, name="vote_project_start"),
    path("votes/projects/<int:pk>/milestones/", v.milestone_add, name="vote_milestone_add"),
    path("votes/milestones/<int:pk>/done/", v.milestone_done, name="vote_milestone_done"),
    path("votes/projects/<int:pk>/progress/", v.progress_add, name="vote_progress_add"),
]
public_urlpatterns: list = [
    path("vote/", v.vote, name="vote"),
    path("vote/done/", v.vote_done, name="vote_done"),
    path("vote/score/", v.vote_score, name="vote_score"),
    path("vote/results/", v.results_list, name="vote_results"),
    path("vote/results/<int:pk>/", v.results_detail, name="vote_result"),
]
