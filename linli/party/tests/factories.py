from datetime import date

from linli.party.choices import BodyKind, Formation, MemberStatus, OrgLevel
from linli.party.models import Body, Membership, PartyMember, PartyOrg


def make_branch(compound, *, covers=(), name=None, formation=Formation.SINGLE) -> PartyOrg:
    org = PartyOrg.objects.create(
        name=name or f"{compound.name}党支部", level=OrgLevel.BRANCH, place=compound, formation=formation
    )
    org.covers.set([compound, *covers])
    return org


def make_body(compound, kind=BodyKind.OWNERS_COMMITTEE, *, term_end=None, party_org=None) -> Body:
    return Body.objects.create(
        kind=kind,
        name=f"{compound.name}{BodyKind(kind).label}",
        place=compound,
        party_org=party_org,
        term_start=date(2023, 1, 1),
        term_end=term_end or date(2028, 1, 1),
    )


def seat(body, name, *, role="委员", seat_kind="", party=False, person=None, phone="", office=False):
    return Membership.objects.create(
        body=body,
        name=name,
        role=role,
        seat_kind=seat_kind,
        is_party_member=party,
        person=person,
        phone=phone,
        phone_is_office=office,
    )


def member(home, name="党员甲", status=MemberStatus.RETIRED) -> PartyMember:
    return PartyMember.objects.create(name=name, status=status, home=home)
