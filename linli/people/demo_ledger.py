"""Demo ledger extras on top of the demo residents: tags with dates (独居老人, 出租房 …), family occasions
(喜事丧事), and a few residents who moved to another household or out of the area — so every ledger
page and the 四必掌握 lists have something to show. Bulk writes: the demo district has many people."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.utils import timezone

from linli.core.demo import DemoContext

from .choices import OccasionKind, Relation, ResidenceType
from .models import Occasion, Person, Residency, Tag, TagAssignment

_HAPPY = ["婚礼", "孩子满月", "老人八十大寿", "乔迁新居", "孩子考上大学"]
_SAD = ["老人过世", "家中长辈病故"]


def build(ctx: DemoContext) -> None:
    if TagAssignment.objects.exists():
        ctx.say("居民标签已存在，跳过生成。")
        return
    rng = ctx.rng
    today = timezone.localdate()
    tags = {t.code: t for t in Tag.objects.all()}
    homes: dict[int, list[tuple]] = defaultdict(list)
    rows = Person.objects.filter(moved_out_on__isnull=True).values_list(
        "pk", "household_id", "birth_date", "gender", "relation", "residence_type"
    )
    for row in rows.iterator(chunk_size=5000):
        homes[row[1]].append(row)

    def age(birth) -> int:
        return (today - birth).days // 365 if birth else 0

    def since(low=60, high=3000):
        return today - timedelta(days=rng.randint(low, high))

    out: list[TagAssignment] = []
    for household_id, members in homes.items():
        ages = [age(m[2]) for m in members]
        if len(members) == 1 and ages[0] >= 70:
            out.append(TagAssignment(tag=tags["living_alone"], person_id=members[0][0], since=since()))
        elif len(members) == 2 and min(ages) >= 60 and rng.random() < 0.6:
            out += [TagAssignment(tag=tags["empty_nest"], person_id=m[0], since=since()) for m in members]
        has_parent = any(
            m[4] in (Relation.HEAD, Relation.SPOUSE) and 20 <= a <= 50
            for m, a in zip(members, ages, strict=True)
        )
        for m, a in zip(members, ages, strict=True):
            if m[4] == Relation.GRANDCHILD and a < 16 and not has_parent and rng.random() < 0.4:
                out.append(TagAssignment(tag=tags["left_behind_child"], person_id=m[0], since=since(30, 900)))
            roll = rng.random()
            if roll < 0.02:
                out.append(TagAssignment(tag=tags["disabled"], person_id=m[0], since=since()))
            elif roll < 0.035:
                out.append(TagAssignment(tag=tags["dibao"], person_id=m[0], since=since(30, 1500)))
            elif roll < 0.04 and a >= 60:
                out.append(TagAssignment(tag=tags["tekun"], person_id=m[0], since=since()))
            elif roll < 0.07 and m[3] == "M" and 35 <= a <= 75:
                out.append(TagAssignment(tag=tags["veteran"], person_id=m[0], since=since(300, 6000)))
            elif roll < 0.13 and 23 <= a <= 60:
                out.append(TagAssignment(tag=tags["employed_member"], person_id=m[0], since=since(100, 5000)))
            elif roll < 0.135 and 20 <= a <= 50:
                out.append(TagAssignment(tag=tags["floating_member"], person_id=m[0], since=since(30, 700)))
            elif roll < 0.138:
                out.append(TagAssignment(tag=tags["key_person"], person_id=m[0], since=since(30, 700)))
        if any(m[5] == ResidenceType.FLOATING for m in members):
            code = "group_rented" if len(members) >= 4 and rng.random() < 0.3 else "rented"
            out.append(TagAssignment(tag=tags[code], household_id=household_id, since=since(30, 1500)))
    TagAssignment.objects.bulk_create(out, batch_size=5000)

    ids = list(homes)
    rng.shuffle(ids)
    occasions = []
    for household_id in ids[: max(3, len(ids) // 80)]:
        happy = rng.random() < 0.75
        occasions.append(
            Occasion(
                household_id=household_id,
                kind=OccasionKind.HAPPY if happy else OccasionKind.SAD,
                title=rng.choice(_HAPPY if happy else _SAD),
                on=today - timedelta(days=rng.randint(0, 80)),
            )
        )
    Occasion.objects.bulk_create(occasions)
    moved = _moves(ctx, ids, today)
    ctx.say(f"生成居民标签 {len(out)} 条、喜事丧事 {len(occasions)} 件、迁移迁出 {moved} 人。")


def _moves(ctx: DemoContext, household_ids: list[int], today) -> int:
    """Some residents moved within the area, some left it: their history stays browsable."""
    rng = ctx.rng
    people = list(
        Person.objects.filter(moved_out_on__isnull=True, user__isnull=True, relation=Relation.CHILD)
        .order_by("id")
        .values_list("pk", "household_id")[:4000]
    )
    rng.shuffle(people)
    count = max(2, len(people) // 100)
    for pk, old_home in people[:count]:
        on = today - timedelta(days=rng.randint(20, 400))
        Residency.objects.filter(person_id=pk, moved_out_on__isnull=True).update(moved_out_on=on)
        if rng.random() < 0.5:
            Person.objects.filter(pk=pk).update(moved_out_on=on)
        else:
            new_home = rng.choice(household_ids)
            if new_home == old_home:
                continue
            Residency.objects.create(person_id=pk, household_id=new_home, moved_in_on=on, note="分户另住")
            Person.objects.filter(pk=pk).update(household_id=new_home, moved_in_on=on)
    return count
