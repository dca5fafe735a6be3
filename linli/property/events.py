"""The property event log: one append-only row per write of 物业费 and 集中整治."""

from linli.core import policy

from .models import PropertyEvent


def record(*, actor, permission: str, kind: str, compound=None, bill=None, campaign=None, note: str = ""):
    return PropertyEvent.objects.create(
        kind=kind,
        compound=compound,
        bill=bill,
        campaign=campaign,
        actor=actor,
        actor_role=policy.acting_role(actor, permission),
        note=note,
    )
