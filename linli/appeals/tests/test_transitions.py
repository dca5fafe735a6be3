"""The workflow table: every transition leads where it says from every state it allows, and is refused,
with nothing written, from every other state."""

import pytest

from linli.appeals.choices import Status
from linli.appeals.models import Appeal
from linli.appeals.services._apply import apply_transition
from linli.appeals.tests.factories import Cast, category
from linli.appeals.transitions import TRANSITIONS, allowed_from
from linli.core.exceptions import Conflict

CASES = [(name, status) for name in TRANSITIONS for status in Status.values]


def _appeal_in(cast, status) -> Appeal:
    appeal = cast.report()
    changes = {"status": status, "category": category("0102")}
    if status in (Status.REPLIED, Status.CLOSED, Status.RATED):
        changes["reply"] = "已处理完毕。"
    if status == Status.MERGED:
        changes["merged_into"] = cast.report()
    Appeal.objects.filter(pk=appeal.pk).update(**changes)
    appeal.refresh_from_db()
    return appeal


@pytest.mark.parametrize(("name", "status"), CASES, ids=[f"{n}-from-{s}" for n, s in CASES])
def test_transition_table(world, name, status):
    cast = Cast(world)
    t = TRANSITIONS[name]
    appeal = _appeal_in(cast, status)
    events = appeal.events.count()
    if status in t.sources:
        # The database itself refuses a merge without a target (see the next test); give one.
        changes = {"merged_into": cast.report()} if name == "merge" else {}
        event = apply_transition(appeal=appeal, name=name, actor=None, system=True, changes=changes)
        assert appeal.status == (t.target or status) and event.kind == t.event
        assert appeal.events.count() == events + 1 and appeal.version == 1
    else:
        with pytest.raises(Conflict, match="不能"):
            apply_transition(appeal=appeal, name=name, actor=None, system=True)
        appeal.refresh_from_db()
        assert appeal.status == status and appeal.events.count() == events and appeal.version == 0


def test_every_state_but_the_final_ones_has_a_way_on():
    finals = {Status.INVALID, Status.MERGED}
    for status in set(Status.values) - finals:
        assert allowed_from(status), status
    for status in finals:
        assert not allowed_from(status)


def test_the_database_refuses_a_closed_appeal_without_a_reply_and_a_merge_without_target(world):
    from django.db import IntegrityError, transaction

    cast = Cast(world)
    appeal = _appeal_in(cast, Status.REPLIED)
    Appeal.objects.filter(pk=appeal.pk).update(reply="")
    appeal.refresh_from_db()
    with pytest.raises(IntegrityError), transaction.atomic():
        apply_transition(appeal=appeal, name="close", actor=None, system=True)
    other = _appeal_in(cast, Status.RECEIVED)
    with pytest.raises(IntegrityError), transaction.atomic():
        apply_transition(appeal=other, name="merge", actor=None, system=True)


def test_an_event_once_written_cannot_be_changed(world):
    from django.core.exceptions import ValidationError

    event = Cast(world).report().events.get()
    event.note = "改过的说明"
    with pytest.raises(ValidationError, match="诉求事件不可修改"):
        event.save()
