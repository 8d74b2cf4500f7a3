"""The deadline sweep sent through the broker and run by a real Celery worker process.

The worker's clock is the real one (time-machine moves only this process), so the case is due
7 days from today: remind_7 is due now, for real.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from liaison.deadlines import CHINA
from notifications.models import Notification
from petitions.models import Category, DeadlineStep, Petition, PetitionEvent
from petitions.tasks import sweep_deadlines_task
from tests import factories as f

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _sweeps_done(worker) -> int:
    return len(re.findall(r"petitions\.tasks\.sweep_deadlines_task\[[^]]+\] succeeded", worker.output()))


def test_a_worker_runs_the_sweep_and_records_the_due_step(celery_worker):
    admin = f.UserFactory(username="worker-admin", is_superuser=True)
    district = f.DistrictFactory(name="龙岗区", code="LG", by=admin)
    street = f.StreetFactory(name="龙田街道", code="LT", parent=district, by=admin)
    station = f.StationFactory(name="南岭社区联络站", code="LT01", parent=street, by=admin)
    clerk = f.UserFactory(username="worker-clerk")
    f.PositionFactory(user=clerk, node=station)
    deputy_user = f.UserFactory(username="worker-deputy")
    deputy = f.DeputyFactory(name="张代表", user=deputy_user, district=district, street=street)
    category, _ = Category.objects.get_or_create(name="城市管理")  # transactional tests may flush the seed
    today = timezone.localdate(timezone.now(), CHINA)
    case = Petition.objects.create(
        tracking_no="LT01-WORKER-0001",
        channel=Petition.Channel.STATION,
        node=station,
        district=district,
        street=street,
        station=station,
        resident_name="王小明",
        resident_phone="13812348000",
        category=category,
        content="路灯坏了。",
        status=Petition.Status.ACKNOWLEDGED,
        assigned_deputy=deputy,
        received_at=timezone.now(),
        due_on=today + timedelta(days=7),
    )

    # Published to the worker's queue (not run here: the fixture turns eager mode off), no `now`.
    sweep_deadlines_task.delay()
    step = celery_worker.wait_for(
        lambda: DeadlineStep.objects.filter(petition=case).first(), "the worker to record the step"
    )

    assert (step.step, step.due_on) == ("remind_7", case.due_on)
    event = PetitionEvent.objects.get(petition=case, actor_label="system")
    assert (event.action, event.data["step"]) == ("remind", "remind_7")
    notified = Notification.objects.filter(key=f"case:{case.pk}:remind_7:{case.due_on.isoformat()}")
    assert sorted(notified.values_list("user__username", flat=True)) == ["worker-clerk", "worker-deputy"]
    assert "petitions.tasks.sweep_deadlines_task" in celery_worker.output()

    # A second run through the worker records nothing more.
    sweep_deadlines_task.delay()
    celery_worker.wait_for(lambda: _sweeps_done(celery_worker) == 2, "the second run")
    assert DeadlineStep.objects.filter(petition=case).count() == 1
    assert Notification.objects.filter(key__startswith=f"case:{case.pk}:").count() == 2
