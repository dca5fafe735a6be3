"""Reads for polls: which polls a user sees, their own roll entry, and results (hidden until close when
the poll says so). ``poll_result`` is the entry point other apps use to show an outcome."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from linli.core import policy
from linli.people.models import Person

from . import rules
from .choices import Outcome, PollStatus, VoterUnit
from .models import Elector, Mark, Option, Participation, Poll
from .roll import elector_of
from .tally import AssemblyDecision, Totals, decide, percent

__all__ = ["elector_of", "poll_result", "polls_visible_to", "poll_get_for_user", "polls_awaiting_vote"]


def polls_visible_to(*, user) -> QuerySet[Poll]:
    return policy.visible(user, rules.VIEW_POLL, Poll.objects.select_related("place", "grid"))


def poll_get_for_user(*, user, pk) -> Poll:
    """One poll the user may see; Http404 when missing or out of reach."""
    return policy.get_visible_or_404(
        user, rules.VIEW_POLL, Poll.objects.select_related("place", "grid"), pk=pk
    )


def polls_awaiting_vote(*, user) -> QuerySet[Poll]:
    """Open polls on whose roll ``user`` stands (directly or through their household) and whose entry
    has not voted yet — the 待投票 list."""
    people = Person.objects.filter(user=user, moved_out_on__isnull=True) if user.is_authenticated else None
    if people is None or not people.exists():
        return Poll.objects.none()
    person = people.first()
    mine = Q(person=person)
    mine |= Q(household_id=person.household_id, person__isnull=True, poll__voter_unit=VoterUnit.HOUSEHOLD)
    if person.is_owner:
        mine |= Q(household_id=person.household_id, poll__voter_unit=VoterUnit.OWNER)
    voted = Participation.objects.filter(elector=OuterRef("pk"))
    electors = Elector.objects.filter(mine, poll__status=PollStatus.OPEN).exclude(Exists(voted))
    return (
        Poll.objects.filter(pk__in=electors.values("poll"))
        .select_related("place")
        .order_by("closes_at", "-id")
    )


@dataclass(frozen=True)
class OptionCount:
    option: Option
    count: int
    area: Decimal  # 业主大会: the 专有部分面积 behind the option
    share: str  # of those who voted


@dataclass(frozen=True)
class PollResult:
    poll: Poll
    eligible: int
    voted: int
    hidden: bool  # True: counts per option are not shown before close
    options: list[OptionCount]
    decision: AssemblyDecision | None
    eligible_area: Decimal | None = None
    voted_area: Decimal | None = None

    @property
    def turnout(self) -> str:
        return percent(Fraction(self.voted, self.eligible)) if self.eligible else "—"

    @property
    def summary(self) -> str:
        text = f"应投 {self.eligible}，已投 {self.voted}（{self.turnout}）"
        if self.decision is not None:
            return f"{text}；结果：{Outcome(self.decision.outcome).label}"
        if not self.hidden and self.options:
            text += "；" + "，".join(f"{c.option.label} {c.count}" for c in self.options)
        return text


def poll_result(*, poll: Poll) -> PollResult:
    """Counts of ``poll``: turnout always; per option unless ``hide_results`` and not yet closed; for
    业主大会 also the §278 decision (``decision.explanation``: each ratio against its threshold).
    Two or three aggregate queries, no per-ballot reads."""
    hidden = poll.hide_results and poll.status != PollStatus.CLOSED
    electors = Elector.objects.filter(poll=poll)
    voted = Participation.objects.filter(poll=poll)
    eligible = electors.count()
    counts: list[OptionCount] = []
    decision = None
    eligible_area = voted_area = None
    if poll.is_assembly:
        eligible_area = electors.aggregate(a=Sum("area"))["a"] or Decimal(0)
        voted_area = voted.aggregate(a=Sum("elector__area"))["a"] or Decimal(0)
    voted_count = voted.count()
    if not hidden:
        per_option = (
            Mark.objects.filter(ballot__poll=poll)
            .values("option")
            .annotate(n=Count("id"), a=Sum("ballot__elector__area"))
        )
        by_option = {row["option"]: (row["n"], row["a"] or Decimal(0)) for row in per_option}
        for option in poll.options.all():
            n, area = by_option.get(option.pk, (0, Decimal(0)))
            share = percent(Fraction(n, voted_count)) if voted_count else "—"
            counts.append(OptionCount(option, n, area, share))
    if poll.is_assembly and not hidden:
        yes = counts[0]  # 同意 is the first option of every 业主大会 vote
        decision = decide(
            Totals(
                eligible_count=eligible,
                eligible_area=eligible_area,
                voting_count=voted_count,
                voting_area=voted_area,
                yes_count=yes.count,
                yes_area=yes.area,
            ),
            special=poll.is_special,
        )
    return PollResult(poll, eligible, voted_count, hidden, counts, decision, eligible_area, voted_area)
