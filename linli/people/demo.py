"""Demo residents: plausible families (Faker zh_CN names) in every demo household."""

from datetime import date, timedelta

from faker import Faker

from linli.core.demo import DemoContext
from linli.core.validators import PROVINCES, build_id_number
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import demo_ledger, demo_rights, services
from .choices import Gender, Relation, ResidenceType
from .models import Person, Residency

_SIZES = [(1, 15), (2, 30), (3, 30), (4, 18), (5, 7)]


def build(ctx: DemoContext) -> None:
    if Person.objects.exists():
        ctx.say("居民已存在，跳过生成。")
    else:
        _generate(ctx)
    link_demo_accounts(ctx)
    demo_ledger.build(ctx)
    demo_rights.build(ctx)


def _generate(ctx: DemoContext) -> None:
    rng = ctx.rng
    fake = Faker("zh_CN")
    fake.seed_instance(ctx.seed)
    today = date.today()
    sizes, weights = zip(*_SIZES, strict=True)
    used: set[str] = set()
    district = Place.objects.filter(level=PlaceLevel.DISTRICT).values_list("code", flat=True).first() or ""
    region = district[:6] if district[:2] in PROVINCES and district[2:4] != "00" else "430602"

    def born(age_low: int, age_high: int) -> date:
        return today - timedelta(days=rng.randint(age_low * 365, age_high * 365 + 364))

    batch: list[Person] = []
    total = 0
    for household_id in (
        Place.objects.filter(level=PlaceLevel.HOUSEHOLD).values_list("id", flat=True).iterator()
    ):
        size = rng.choices(sizes, weights)[0]
        surname = fake.last_name()
        tenant = rng.random() < 0.12
        residence = (
            ResidenceType.FLOATING
            if tenant
            else rng.choice([ResidenceType.REGISTERED] * 3 + [ResidenceType.RESIDENT])
        )
        head_gender = rng.choice([Gender.MALE, Gender.FEMALE])
        head_age = rng.randint(24, 88) if size > 1 else rng.choice([rng.randint(22, 40), rng.randint(60, 90)])
        members = [(Relation.HEAD, head_gender, surname, head_age)]
        if size >= 2:
            spouse_gender = Gender.FEMALE if head_gender == Gender.MALE else Gender.MALE
            members.append(
                (Relation.SPOUSE, spouse_gender, fake.last_name(), max(20, head_age + rng.randint(-5, 5)))
            )
        for _ in range(max(0, size - 2)):
            if head_age > 55 and rng.random() < 0.5:
                members.append((Relation.GRANDCHILD, rng.choice(list(Gender)), surname, rng.randint(1, 16)))
            elif head_age < 45 and rng.random() < 0.4:
                members.append(
                    (
                        Relation.PARENT,
                        rng.choice(list(Gender)),
                        surname,
                        min(95, head_age + rng.randint(22, 32)),
                    )
                )
            else:
                members.append(
                    (
                        Relation.CHILD,
                        rng.choice(list(Gender)),
                        surname,
                        max(0, head_age - rng.randint(22, 35)),
                    )
                )
        for relation, gender, family, age in members:
            given = fake.first_name_male() if gender == Gender.MALE else fake.first_name_female()
            birth = born(age, age)
            number = _id_number(rng, region, birth, gender, used)
            mobile = _mobile(rng) if age >= 16 and rng.random() < 0.85 else ""
            batch.append(
                Person(
                    name=family + given,
                    gender=gender,
                    birth_date=birth,
                    household_id=household_id,
                    relation=relation,
                    residence_type=residence,
                    is_owner=relation == Relation.HEAD and not tenant,
                    id_number=number,
                    id_number_hash=services.id_number_hash(number),
                    mobile=mobile,
                    mobile_hash=services.mobile_hash(mobile),
                    moved_in_on=today - timedelta(days=rng.randint(30, 365 * 20)),
                )
            )
        if len(batch) >= 5000:
            _save(batch)
            total += len(batch)
            batch = []
    _save(batch)
    total += len(batch)
    ctx.say(f"生成居民：{total} 人（身份证号、手机号加密存储）。")


def _save(batch: list[Person]) -> None:
    saved = Person.objects.bulk_create(batch)
    Residency.objects.bulk_create(
        [Residency(person=p, household_id=p.household_id, moved_in_on=p.moved_in_on) for p in saved]
    )


def _id_number(rng, region: str, birth: date, gender: str, used: set[str]) -> str:
    while True:
        sequence = rng.randrange(0, 999)
        if (sequence % 2 == 1) != (gender == Gender.MALE):
            sequence = (sequence + 1) % 1000
        number = build_id_number(region=region, birth_date=birth, sequence=sequence)
        if number not in used:
            used.add(number)
            return number


def _mobile(rng) -> str:
    return rng.choice(["13", "15", "17", "18", "19"]) + f"{rng.randrange(10**9):09d}"


def link_demo_accounts(ctx: DemoContext) -> None:
    """The resident and the stairwell team of the demo accounts live in the demo household's unit."""
    from linli.accounts.demo import demo_scopes
    from linli.accounts.models import User

    scopes = ctx.shared.get("demo_scopes") or demo_scopes()
    unit_people = list(
        Person.objects.filter(household__parent=scopes["unit"], user__isnull=True).order_by("id")
    )
    for phone in ["13800000020", "13800000014", "13800000015", "13800000016"]:
        user = User.objects.get(phone=phone)
        if hasattr(user, "person") or not unit_people:
            continue
        person = (
            unit_people.pop(0)
            if phone != "13800000020"
            else next((p for p in unit_people if p.household_id == scopes["household"].id), unit_people[0])
        )
        if person in unit_people:
            unit_people.remove(person)
        person.name, person.user = user.name, user
        person.save(update_fields=["name", "user"])
