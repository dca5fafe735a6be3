"""The arithmetic of 业主大会 votes under 民法典 §278 — pure functions on exact numbers (no floats).

    参与表决: 专有部分面积占比 ≥ 2/3 且 人数占比 ≥ 2/3 of all owners;
    一般事项: 同意的面积 > 1/2 且 同意的人数 > 1/2 of those voting;
    特别事项 (筹集维修资金, 改建重建, 改变共有部分用途或经营): ≥ 3/4 of those voting, by both.

"以上" includes the number itself (民法典 §1259), "过半数" does not. Head count is the number of
专有部分 (one 专有部分 counts as one owner, 最高法建筑物区分所有权司法解释 §9). 弃权 counts as voting, not
as agreeing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .choices import Outcome

TURNOUT = Fraction(2, 3)
ORDINARY = Fraction(1, 2)
SPECIAL = Fraction(3, 4)


@dataclass(frozen=True)
class Totals:
    eligible_count: int
    eligible_area: Decimal
    voting_count: int
    voting_area: Decimal
    yes_count: int
    yes_area: Decimal


@dataclass(frozen=True)
class Check:
    """One ratio against its threshold, explained in one Chinese sentence."""

    label: str
    numerator: Decimal | int
    denominator: Decimal | int
    threshold: Fraction
    strict: bool  # True: must exceed (过半数); False: at least (以上)
    unit: str

    @property
    def ratio(self) -> Fraction:
        return Fraction(self.numerator) / Fraction(self.denominator) if self.denominator else Fraction(0)

    @property
    def ok(self) -> bool:
        if not self.denominator:
            return False
        return self.ratio > self.threshold if self.strict else self.ratio >= self.threshold

    @property
    def threshold_label(self) -> str:
        return threshold_text(self.threshold)

    @property
    def percent(self) -> str:
        return percent(self.ratio)

    @property
    def explanation(self) -> str:
        rule = ("超过" if self.strict else "不低于") + threshold_text(self.threshold)
        verdict = "达到" if self.ok else "未达到"
        return (
            f"{self.label}：{amount(self.numerator, self.unit)} ÷ {amount(self.denominator, self.unit)}"
            f" = {percent(self.ratio)}，须{rule}，{verdict}。"
        )


@dataclass(frozen=True)
class AssemblyDecision:
    outcome: str
    special: bool
    turnout: tuple[Check, Check]
    approval: tuple[Check, Check]

    @property
    def explanation(self) -> list[str]:
        lines = [c.explanation for c in self.turnout]
        if self.outcome == Outcome.NO_QUORUM:
            lines.append("参与表决的业主未达到专有部分面积和人数均占三分之二以上的法定要求，表决无效。")
            return lines
        lines += [c.explanation for c in self.approval]
        need = "四分之三以上" if self.special else "过半数"
        kind = "特别事项" if self.special else "一般事项"
        if self.outcome == Outcome.PASSED:
            lines.append(f"本事项为{kind}，同意的面积和人数均达到参与表决者的{need}，表决通过。")
        else:
            lines.append(f"本事项为{kind}，同意的面积或人数未达到参与表决者的{need}，表决未通过。")
        return lines


def decide(totals: Totals, *, special: bool) -> AssemblyDecision:
    """The outcome of a 业主大会 vote from its totals; ``special`` for §278 (6)–(8)."""
    turnout = (
        Check("参与表决专有部分面积占比", totals.voting_area, totals.eligible_area, TURNOUT, False, "㎡"),
        Check("参与表决人数占比", totals.voting_count, totals.eligible_count, TURNOUT, False, "人"),
    )
    need, strict = (SPECIAL, False) if special else (ORDINARY, True)
    approval = (
        Check("同意的专有部分面积占参与表决面积", totals.yes_area, totals.voting_area, need, strict, "㎡"),
        Check("同意的人数占参与表决人数", totals.yes_count, totals.voting_count, need, strict, "人"),
    )
    if not all(c.ok for c in turnout):
        outcome = Outcome.NO_QUORUM
    elif all(c.ok for c in approval):
        outcome = Outcome.PASSED
    else:
        outcome = Outcome.REJECTED
    return AssemblyDecision(outcome=outcome, special=special, turnout=turnout, approval=approval)


def threshold_text(value: Fraction) -> str:
    return {TURNOUT: "三分之二", ORDINARY: "二分之一", SPECIAL: "四分之三"}.get(value, str(value))


def percent(value: Fraction) -> str:
    """66.67% — rounded half up for display only; decisions compare exact fractions."""
    hundredths = Decimal(value.numerator * 10000) / Decimal(value.denominator) if value.denominator else 0
    return f"{Decimal(hundredths / 100).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def amount(value: Decimal | int, unit: str) -> str:
    if unit == "㎡":
        return f"{Decimal(value).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,}㎡"
    return f"{value}{unit}"
