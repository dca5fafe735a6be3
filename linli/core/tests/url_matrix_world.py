"""The fixture world of the URL matrix (test_url_matrix.py): the places test world
(``linli.places.tests.factories.make_world``: 春晖社区 = community A, 秋实社区 = community B) plus one object
of each kind a URL takes, once in A (in 春晖花园) and once in B (in 秋实家园).

:func:`build` returns ``{kind: (object in A, object in B)}``; the matrix's kwarg table names, per URL
kwarg, which kind it takes. Objects are made with plain ``objects.create`` where a service would add
nothing the pages need, so the world builds in well under a second."""

from __future__ import annotations

import base64
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from linli.accounts.models import RoleAssignment
from linli.appeals.choices import Channel
from linli.appeals.models import AppealPhoto, Category
from linli.appeals.services.intake import appeal_submit
from linli.appeals.taxonomy import load_default_taxonomy
from linli.core.roles import Role
from linli.deliberation.models import ActionItem, Meeting, Topic
from linli.mediation.choices import DisputeType, Origin, PartyRole
from linli.mediation.services import case_register
from linli.mobilization.services import emergency_declare
from linli.notifications.models import Notification
from linli.open311.models import RequestToken
from linli.open311.services.keys import api_key_create
from linli.owners.models import CandidateReview
from linli.party.choices import TransferStatus
from linli.party.models import Agreement, CoBuildingUnit, MemberTransfer
from linli.party.tests.factories import make_body, make_branch, member, seat
from linli.people.models import DeletionRequest, Person, Tag, TagAssignment
from linli.places.tests.factories import SERVING_SINCE, World, user_with_role
from linli.points.services import account_for, honour_add, redeem, reward_create
from linli.projects.models import Need, Project, SelfOrganisation
from linli.property.models import Campaign, CampaignItem, PropertyCompany, ServiceContract
from linli.property.models_fees import FeeBill
from linli.visits.models import Hazard, HazardPhoto, Visit
from linli.volunteers.services import activity_publish, volunteer_register
from linli.votes import services as vote_services

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def _png(name: str) -> ContentFile:
    return ContentFile(PNG, name=name)


def _side(world: World, builder, side: str) -> dict:
    """One of everything in community ``side`` ("A" or "B")."""
    compound = world.compound_a1 if side == "A" else world.compound_b1
    community = world.community_a if side == "A" else world.community_b
    micro = world.micro_a1 if side == "A" else world.micro_b1
    home = world.households[compound.code][0]
    unit = world.unit_of(compound)
    now = timezone.now()
    today = timezone.localdate()
    tag = f"{compound.name}"  # every page that shows the object shows its community's name

    o: dict = {
        "community": community,
        "compound": compound,
        "unit": unit,
        "household": home,
        "grid": micro,
    }
    person = Person.objects.filter(household=home).order_by("id").first()
    o["person"] = person
    holder = user_with_role(Role.VOLUNTEER, place=compound, name=f"{tag}志愿者")
    o["assignment"] = RoleAssignment.objects.get(user=holder)

    appeal = appeal_submit(
        actor=builder,
        channel=Channel.ON_BEHALF,
        text=f"{tag}1栋单元门的门禁坏了，外人随便进出",
        place=home,
        category=Category.objects.get(code="0102"),
    )
    o["appeal"] = appeal
    o["appeal_photo"] = AppealPhoto.objects.create(appeal=appeal, image=_png(f"appeal-{side}.png"))

    hazard = Hazard.objects.create(
        category="fire_lane",
        place=unit,
        place_code=unit.code,
        description=f"{tag}楼道堆放杂物",
        found_by=builder,
        found_at=now,
        deadline=today + timedelta(days=7),
    )
    o["hazard"] = hazard
    o["hazard_photo"] = HazardPhoto.objects.create(hazard=hazard, kind="found", image=_png(f"hz-{side}.png"))

    company = PropertyCompany.objects.create(
        name=f"{tag}物业公司", uscc="91430600MA4L0000" + ("1A" if side == "A" else "2B")
    )
    ServiceContract.objects.create(
        company=company,
        compound=compound,
        start=date(2024, 1, 1),
        end=date(2027, 12, 31),
        service_level="二级",
        fee_standard=Decimal("1.20"),
    )
    o["company"] = company
    o["fee_bill"] = FeeBill.objects.create(
        household=home, compound=compound, period="2026", due=Decimal("960")
    )
    campaign = Campaign.objects.create(
        title=f"{tag}消防整治", scope=community, starts=today, ends=today + timedelta(days=30)
    )
    o["campaign"] = campaign
    o["campaign_item"] = CampaignItem.objects.create(
        campaign=campaign, compound=compound, problem=f"{tag}消防通道堵塞", deadline=today + timedelta(days=7)
    )

    branch = make_branch(compound)
    o["party_org"] = branch
    party_member = member(home, name=f"{tag}党员")
    o["party_member"] = party_member
    o["transfer"] = MemberTransfer.objects.create(
        member=party_member,
        from_org=branch,
        to_external="外地某党支部",
        status=TransferStatus.PENDING,
        requested_by=builder,
        requested_at=now,
    )
    body = make_body(compound)
    o["body"] = body
    o["seat"] = seat(body, f"{tag}委员")
    o["agreement"] = Agreement.objects.create(
        unit=CoBuildingUnit.objects.create(name=f"{tag}共建单位", kind="enterprise"),
        branch=branch,
        compound=compound,
        signed_on=date(2025, 1, 1),
    )
    o["candidate"] = CandidateReview.objects.create(body=body, name=f"{tag}候选人", proposed_by=builder)

    poll = vote_services.poll_create(
        actor=builder, place=compound, title=f"{tag}楼道加装声控灯", options=["赞成", "反对"]
    )
    o["poll"] = vote_services.poll_open(actor=builder, poll=poll)

    topic = Topic.objects.create(
        place=compound,
        title=f"{tag}加装电梯",
        description="上下楼困难，商量加装电梯。",
        category="lift",
        proposer=builder,
        proposer_body="resident",
    )
    o["topic"] = topic
    meeting = Meeting.objects.create(
        place=compound,
        kind="residents_council",
        title=f"{tag}议事会",
        scheduled_at=now + timedelta(days=3),
        location="活动室",
        convener=builder,
    )
    o["meeting"] = meeting
    o["action_item"] = ActionItem.objects.create(
        place=compound,
        topic=topic,
        text=f"{tag}联系电梯公司",
        owner=builder,
        deadline=today + timedelta(days=9),
    )

    o["case"] = case_register(
        actor=builder,
        compound=compound,
        title=f"{tag}楼上漏水纠纷",
        dispute_type=DisputeType.NEIGHBOUR,
        origin=Origin.APPLICATION,
        facts="卫生间漏水，楼下天花板受损。",
        parties=[
            {"role": PartyRole.APPLICANT, "name": "张建明", "phone": "13912345678"},
            {"role": PartyRole.RESPONDENT, "name": "李秀兰"},
        ],
    )

    o["project"] = Project.objects.create(
        compound=compound,
        place_code=compound.code,
        title=f"{tag}微改造",
        kind="micro",
        budget=Decimal("10000"),
        owner=builder,
        created_at=now,
    )
    o["need"] = Need.objects.create(
        compound=compound,
        place_code=compound.code,
        title=f"{tag}增设休闲座椅",
        category="facility",
        source="resident",
        raised_by=builder,
        raised_at=now,
    )
    o["visit"] = Visit.objects.create(
        kind="monthly", household=home, place_code=home.code, visitor=builder, visited_at=now, outcome="met"
    )
    o["self_org"] = SelfOrganisation.objects.create(
        compound=compound,
        place_code=compound.code,
        name=f"{tag}志愿服务队",
        kind="volunteer",
        leader="王大爷",
        founded_on=date(2024, 1, 1),
    )

    o["deletion_request"] = DeletionRequest.objects.create(
        person=person, requested_by=builder, reason="搬离小区，请删除我的信息"
    )
    o["tag_assignment"] = TagAssignment.objects.create(
        tag=Tag.objects.order_by("id").first(), person=person, since=SERVING_SINCE, created_by=builder
    )

    volunteer = volunteer_register(actor=builder, user=holder, place=compound)
    o["activity"] = activity_publish(
        actor=builder,
        place=compound,
        title=f"{tag}清扫楼道",
        starts_at=now + timedelta(days=2),
        ends_at=now + timedelta(days=2, hours=2),
        capacity=10,
    )
    o["points_account"] = account_for(volunteer)
    o["reward"] = reward_create(actor=builder, place=compound, name=f"{tag}洗衣液", cost=1, stock=5)
    honour_add(actor=builder, account=o["points_account"], hours="2", reason="疫情防控值守")
    o["redemption"] = redeem(actor=holder, reward=o["reward"])

    emergency = emergency_declare(actor=builder, place=compound, title=f"{tag}暴雨转移", kind="weather")
    o["emergency"] = emergency
    o["household_task"] = emergency.tasks.order_by("id").first()

    o["notification"] = Notification.objects.create(recipient=holder, kind="test", title=f"{tag}通知")
    key, _ = api_key_create(actor=builder, name=f"{tag}12345平台", place=community)
    o["api_key"] = key
    return o


def build(world: World) -> dict[str, tuple]:
    load_default_taxonomy(Category)
    # The builder holds every role over the whole district, so every service lets it make its object.
    builder = user_with_role(Role.SYSTEM_ADMIN, name="造数管理员")
    for role in Role:
        if role != Role.SYSTEM_ADMIN:
            RoleAssignment.objects.create(
                user=builder, role=role, place=world.district, valid_from=SERVING_SINCE
            )
    a, b = _side(world, builder, "A"), _side(world, builder, "B")
    kinds = {kind: (a[kind], b[kind]) for kind in a}
    # Open311 is keyed by API key, not by community: one published request per side will do.
    requests, tokens, photos = [], [], []
    for side, o in (("A", a), ("B", b)):
        appeal = appeal_submit(
            actor=builder,
            channel=Channel.OPEN311,
            text=f"{o['compound'].name}路灯不亮，晚上出行不便",
            place=o["household"],
            category=Category.objects.get(code="0102"),
        )
        requests.append(appeal)
        tokens.append(
            RequestToken.objects.create(
                token=f"tok{side}{appeal.pk:06d}", appeal=appeal, api_key=o["api_key"]
            )
        )
        photos.append(AppealPhoto.objects.create(appeal=appeal, image=_png(f"o311-{side}.png")))
    kinds["open311_request"] = tuple(requests)
    kinds["open311_token"] = tuple(tokens)
    kinds["open311_photo"] = tuple(photos)
    return kinds
