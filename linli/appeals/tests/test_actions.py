"""The action handlers read a form (request.POST) and a JSON body alike."""

import pytest
from django.http import QueryDict

from linli.appeals.actions import _resolved, _text
from linli.appeals.choices import Status
from linli.appeals.services import workflow as wf
from linli.appeals.tests.factories import Cast, category


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"resolved": True}, True),
        ({"resolved": False}, False),
        ({"resolved": "1"}, True),
        ({"resolved": "0"}, False),
        ({"resolved": ""}, None),
        ({}, None),
        (QueryDict("resolved=1"), True),
        (QueryDict("resolved=0"), False),
    ],
)
def test_resolved_reads_form_values_and_json_booleans(data, expected):
    assert _resolved(data) is expected


def test_text_reads_numbers_and_trims():
    assert _text({"unit": 7, "note": "  好的 "}, "unit") == "7"
    assert _text({"note": "  好的 "}, "note") == "好的"
    assert _text({"note": None}, "note") == ""


def test_the_html_form_still_drives_the_loop(world, client):
    cast = Cast(world)
    appeal = cast.report()
    wf.appeal_receive(appeal=appeal, actor=cast.desk, category=category("0102"))
    client.force_login(cast.desk)

    client.post(f"/appeals/{appeal.pk}/act/dispatch/", {"unit": "abc"})
    appeal.refresh_from_db()
    assert appeal.status == Status.RECEIVED  # a bad unit is a message, not a server error

    response = client.post(f"/appeals/{appeal.pk}/act/dispatch/", {"unit": str(cast.unit.pk), "note": "急"})
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Status.DISPATCHED and appeal.unit == cast.unit
