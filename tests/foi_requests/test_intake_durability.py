"""Acknowledged = durably stored: a process killed (SIGKILL) right after `submit_request` returned
loses nothing — the request, its "submitted" event, its audit entry and its acknowledgement task
are in the database (issue 13 §7; the HTTP version under load is bench/foi_submit_bench.py)."""

import uuid

import pytest

from gongkai.foi_requests.models import FoiRequest

from .killed_child import run_killed_child
from .test_validation import valid

SUBMIT = """
from gongkai.foi_requests.services import intake
foi, created = intake.submit_request(
    bureau=Bureau.objects.get(code="xiuwu"), data=data, channel="internet", client_token=token, ip="127.0.0.9"
)
number = foi.tracking_number
"""


@pytest.mark.django_db(transaction=True)
def test_a_submission_acknowledged_by_a_process_killed_at_once_is_stored_complete(xiuwu, tmp_path):
    token = str(uuid.uuid4())
    child = run_killed_child(tmp_path, SUBMIT, valid(), token)
    number = child.number
    assert number.startswith("F")
    sql = {
        "request": "SELECT id FROM foi_requests_foirequest WHERE tracking_number = %s AND client_token = %s",
        "event": "SELECT count(*) FROM foi_requests_requestevent WHERE request_id = %s AND action = 'submitted'",
        "audit": "SELECT count(*) FROM core_auditlogentry WHERE object_id = %s AND action = 'foi_requests.request.submitted'",
        "task": "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s AND CAST(args_kwargs AS TEXT) LIKE %s",
    }
    (pk,) = child.query(sql["request"], [number, child.uuid(token)])
    assert child.query(sql["event"], [pk]) == (1,)
    assert child.query(sql["audit"], [str(pk)]) == (1,)
    assert child.query(sql["task"], ["%send_acknowledgement", f"%[{pk}]%"]) == (1,)
    if child.sqlite_path is None:
        assert FoiRequest.objects.get(pk=pk).tracking_number == number
