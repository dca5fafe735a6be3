"""Reads for party pages: everything filtered by the user's scope (core.policy), plus coverage and the
public 找组织 card of a 小区."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from linli.core import policy
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from . import checks
from .choices import BodyKind, OrgLevel, Registration, SeatKind, TransferStatus
from .models import Agreement, Body, Membership, MemberTransfer, PartyEvent, PartyMember, PartyOrg
from .rules import MANAGE_MEMBER, VIEW_PARTY


def current_seat_q(today: date | None = None) -> Q:
    """Seats not yet ended (离任): no end date, or one still ahead."""
    return Q(term_end__isnull=True) | Q(term_end__gte=today or timezone.localdate())


def places_for(*, user, permission: str, level: int) -> QuerySet[Place]:
    """Places of ``level`` where ``user`` may use ``permission`` (choices of the data-entry forms)."""
    return policy.visible(
        user, permission, Place.objects.filter(level=level).select_related("parent")
    ).order_by("code")


def transfer_targets() -> QuerySet[PartyOrg]:
    """Organisations a membership may move to: every 党支部 and 社区大党委 on the platform (names only)."""
    return PartyOrg.objects.filter(level__in=[OrgLevel.COMMUNITY, OrgLevel.BRANCH]).order_by("place__code")


def may_transfer(*, user, member: PartyMember) -> bool:
    """May ``user`` start a transfer of ``member``: for the member's 小区, for the organisation holding the
    membership, or (membership outside the platform) as any organisation that may receive it."""
    if policy.may(user, MANAGE_MEMBER, member):
        return True
    if member.held_at_id is not None:
        return policy.may(user, MANAGE_MEMBER, member.held_at)
    return False


def transfers_visible_to(*, user) -> QuerySet[MemberTransfer]:
    return policy.visible(
        user,
        VIEW_PARTY,
        MemberTransfer.objects.select_related("member__home", "from_org", "to_org", "requested_by"),
    )


def transfers_to_receive(*, user) -> QuerySet[MemberTransfer]:
    """Pending transfers into an organisation where ``user`` may manage members."""
    orgs = policy.visible(user, MANAGE_MEMBER, PartyOrg.objects.all())
    return transfers_visible_to(user=user).filter(status=TransferStatus.PENDING, to_org__in=orgs)


def agreements_visible_to(*, user) -> QuerySet[Agreement]:
    return policy.visible(user, VIEW_PARTY, Agreement.objects.select_related("unit", "branch", "compound"))


def branch_compounds_for(*, user, permission: str) -> list[tuple[PartyOrg, Place]]:
    """(党支部, 小区) pairs where ``user`` may use ``permission`` on the 小区."""
    compounds = {p.pk for p in places_for(user=user, permission=permission, level=PlaceLevel.COMPOUND)}
    branches = PartyOrg.objects.filter(level=OrgLevel.BRANCH, covers__in=compounds).distinct()
    return [
        (b, c)
        for b in branches.prefetch_related("covers").order_by("place__code")
        for c in b.covers.all()
        if c.pk in compounds
    ]


def events_visible_to(*, user) -> QuerySet[PartyEvent]:
    return policy.visible(user, VIEW_PARTY, PartyEvent.objects.select_related("actor"))


def orgs_visible_to(*, user) -> QuerySet[PartyOrg]:
    return policy.visible(user, VIEW_PARTY, PartyOrg.objects.select_related("place", "parent"))


def members_visible_to(*, user) -> QuerySet[PartyMember]:
    return policy.visible(user, VIEW_PARTY, PartyMember.objects.select_related("home", "registered_at"))


def bodies_visible_to(*, user) -> QuerySet[Body]:
    return policy.visible(user, VIEW_PARTY, Body.objects.select_related("place"))


def compounds_visible_to(*, user) -> QuerySet[Place]:
    scope = policy.scope_for(user, VIEW_PARTY)
    qs = Place.objects.filter(level=PlaceLevel.COMPOUND).select_related("compound")
    if scope.everything:
        return qs
    return qs.filter(policy.subtree_q("code", scope.place_codes))


@dataclass(frozen=True)
class Coverage:
    compounds: int
    compounds_with_branch: int
    buildings: int
    buildings_with_group: int
    members_living: int
    members_registered: int

    @property
    def branch_rate(self):
        return checks.ratio(self.compounds_with_branch, self.compounds)

    @property
    def group_rate(self):
        return checks.ratio(self.buildings_with_group, self.buildings)

    @property
    def registration_rate(self):
        return checks.ratio(self.members_registered, self.members_living)


def coverage(*, code: str) -> Coverage:
    """Coverage under place ``code``: 小区 covered by a 党支部 ÷ all 小区; buildings with a 党小组 ÷ all
    buildings; members confirmed by 双报到 ÷ members living there."""
    under = policy.subtree_q("code", [code])
    compounds = Place.objects.filter(under, level=PlaceLevel.COMPOUND)
    buildings = Place.objects.filter(under, level=PlaceLevel.BUILDING)
    members = PartyMember.objects.filter(policy.subtree_q("home__code", [code]))
    return Coverage(
        compounds=compounds.count(),
        compounds_with_branch=compounds.filter(covering_orgs__level=OrgLevel.BRANCH).distinct().count(),
        buildings=buildings.count(),
        buildings_with_group=buildings.filter(covering_orgs__level=OrgLevel.GROUP).distinct().count(),
        members_living=members.count(),
        members_registered=members.filter(registration=Registration.CONFIRMED).count(),
    )


@dataclass(frozen=True)
class CompoundChecks:
    compound: Place
    managed: bool
    composition: checks.Check
    owners_share: checks.Check | None
    cross_share: float | None


def party_threshold() -> Fraction:
    return Fraction(str(getattr(settings, "LINLI_OWNERS_PARTY_SHARE", "0.5")))


def compound_checks(*, compound: Place) -> CompoundChecks:
    """The composition checks shown to community and street for one 小区."""
    profile = getattr(compound, "compound", None)
    managed = bool(profile and profile.managed)
    seats = list(Membership.objects.filter(current_seat_q(), body__place=compound).select_related("body"))
    branch_kinds = [
        s.seat_kind for s in seats if s.body.kind == BodyKind.BRANCH and s.seat_kind != SeatKind.NONE
    ]
    composition = checks.branch_composition(seat_kinds=branch_kinds, managed=managed)
    owners = [s for s in seats if s.body.kind == BodyKind.OWNERS_COMMITTEE]
    owners_share = (
        checks.party_share_ok(
            party_members=sum(s.is_party_member for s in owners),
            seats=len(owners),
            threshold=party_threshold(),
        )
        if owners
        else None
    )
    cross = checks.cross_appointed_share(
        (f"p{s.person_id}" if s.person_id else f"n{s.name}", s.body_id) for s in seats
    )
    return CompoundChecks(compound, managed, composition, owners_share, cross)


@dataclass(frozen=True)
class Contact:
    title: str
    name: str
    phone: str


def find_organisation(*, compound: Place) -> list[Contact]:
    """What residents may see on the 小区's notice board: masked names, office numbers, masked mobiles."""
    contacts: list[Contact] = []
    for seat in (
        Membership.objects.filter(current_seat_q(), body__place=compound)
        .select_related("body")
        .order_by("body__kind", "id")
    ):
        if seat.body.kind == BodyKind.BRANCH and "书记" not in seat.role:
            continue
        phone = checks.public_phone(seat.phone, is_office=seat.phone_is_office) or seat.body.office_phone
        contacts.append(
            Contact(f"{seat.body.get_kind_display()} · {seat.role}", checks.mask_name(seat.name), phone)
        )
    contacts.extend(_front_line_contacts(compound))
    return contacts


def _front_line_contacts(compound: Place) -> list[Contact]:
    """The 小区's grid workers and 楼道长 (role assignments), personal mobiles masked."""
    from linli.accounts.models import RoleAssignment
    from linli.core.roles import Role
    from linli.places.models import grid_codes_touching_places

    grids = grid_codes_touching_places([compound.code])
    rows = (
        RoleAssignment.objects.active()
        .filter(
            Q(role=Role.GRID_WORKER, grid__code__in=grids)
            | Q(role=Role.STAIRWELL_LEADER) & policy.subtree_q("place__code", [compound.code])
        )
        .select_related("user")
        .order_by("role", "id")
    )
    return [
        Contact(
            Role(a.role).label,
            checks.mask_name(a.user.name),
            checks.public_phone(a.user.phone, is_office=False),
        )
        for a in rows
    ]


def three_ones_table(*, user, year: int, today: date) -> list[tuple[Agreement, checks.ThreeOnes]]:
    agreements = policy.visible(
        user, VIEW_PARTY, Agreement.objects.select_related("unit", "compound").prefetch_related("records")
    )
    return [
        (a, checks.three_ones(records=[(r.kind, r.held_on) for r in a.records.all()], year=year, today=today))
        for a in agreements
    ]
