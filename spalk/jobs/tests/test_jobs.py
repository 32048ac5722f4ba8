"""Background jobs without a worker: a failing job is retried with backoff, then listed for the installation
administrator, who puts it back in the queue; the supervisor runs a worker beside the web server."""

from __future__ import annotations

import sys
import time

import pytest
from procrastinate.contrib.django.models import ProcrastinateJob

from spalk.audit.models import AuditEvent
from spalk.jobs.models import JobFailure
from spalk.jobs.runner import run_pending
from spalk.jobs.supervise import supervise
from spalk.jobs.tasks import task

CALLS: list[int] = []


class Flaky(RuntimeError):
    pass


@task(name="jobs.test_flaky", queue="test")
def flaky(*, fail_times: int) -> None:
    CALLS.append(fail_times)
    if len(CALLS) <= fail_times:
        raise Flaky("attempt failed")


@pytest.fixture(autouse=True)
def _reset():
    CALLS.clear()


@pytest.mark.django_db
def test_a_failing_job_is_retried_and_then_succeeds():
    job_id = flaky.defer(fail_times=2)
    assert [o.status for o in run_pending(queues=["test"])] == ["retry"]  # the retry waits (backoff)
    assert ProcrastinateJob.objects.get(pk=job_id).status == "todo"
    assert ProcrastinateJob.objects.get(pk=job_id).scheduled_at is not None
    assert [o.status for o in run_pending(queues=["test"], due_now=True)] == ["retry", "succeeded"]
    assert ProcrastinateJob.objects.get(pk=job_id).status == "succeeded"
    assert list(JobFailure.objects.filter(job_id=job_id).values_list("attempt", "error_class")) == [
        (2, "Flaky"), (1, "Flaky")]


@pytest.mark.django_db
def test_a_job_that_keeps_failing_is_listed_and_retried_by_the_installation_admin(mfa_client, installation_admin,
                                                                                   director):
    job_id = flaky.defer(fail_times=99)
    outcomes = run_pending(queues=["test"], due_now=True)
    assert [o.status for o in outcomes] == ["retry"] * 4 + ["failed"]  # five attempts in all
    assert ProcrastinateJob.objects.get(pk=job_id).status == "failed"

    assert mfa_client(director).get("/jobs/").status_code == 404
    assert mfa_client(director).post(f"/jobs/{job_id}/retry/").status_code == 404
    client = mfa_client(installation_admin)  # the same test client, now signed in as the installation admin
    page = client.get("/jobs/").content.decode()
    assert "jobs.test_flaky" in page and f"#{job_id}" in page and "5: Flaky" in page

    assert client.post(f"/jobs/{job_id}/retry/").status_code == 302
    assert ProcrastinateJob.objects.get(pk=job_id).status == "todo"
    assert AuditEvent.objects.filter(object_type="jobs.job", object_id=str(job_id), action="update").count() == 1
    CALLS.clear()
    # a manual retry is one more attempt: when it fails again the job is listed again
    assert [o.status for o in run_pending(queues=["test"], due_now=True)] == ["failed"]
    assert JobFailure.objects.filter(job_id=job_id).count() == 6


@pytest.mark.django_db
def test_queueing_lock_keeps_one_waiting_job():
    from django.db import transaction
    from procrastinate.exceptions import AlreadyEnqueued

    flaky.configure(queueing_lock="once").defer(fail_times=0)
    with pytest.raises(AlreadyEnqueued), transaction.atomic():
        flaky.configure(queueing_lock="once").defer(fail_times=0)


def test_supervisor_stops_the_worker_with_the_web_server():
    started = time.monotonic()
    code = supervise([sys.executable, "-c", "import sys; sys.exit(3)"],
                     worker=[sys.executable, "-c", "import time; time.sleep(60)"])
    assert code == 3 and time.monotonic() - started < 15


def test_the_worker_command_of_make_serve_parses():
    """`make serve` and `make demo` start WORKER beside the web server and stop the server when it exits: an
    argument the installed procrastinate does not know (``--verbose`` did) stopped the server at once."""
    from django.core.management import load_command_class

    from spalk.jobs.supervise import WORKER

    assert WORKER[1:3] == ["manage.py", "procrastinate"]
    command = load_command_class("procrastinate.contrib.django", "procrastinate")
    options = command.create_parser("manage.py", "procrastinate").parse_args(WORKER[3:])
    assert options.concurrency == 1
