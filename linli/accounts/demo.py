"""Demo accounts: one log-in for every role, scoped to the first community of the demo district (and a
second community's secretary, to see that two communities are two worlds). Re-running resets their
passwords, removes any two-factor device enrolled on them since (so the printed log-ins work again) and
keeps one assignment per (user, role, node). No device is enrolled: with LINLI_STAFF_TOTP_REQUIRED on,
staff enrol at their first log-in."""

from datetime import date

from linli.core.demo import DEMO_PASSWORD, DemoContext
from linli.core.roles import Role
from linli.places.choices import PlaceLevel
from linli.places.models import Place

from .models import RoleAssignment, User

SERVING_SINCE = date(
    2020, 1, 1
)  # the demo's people have served for years (the demo builds months of history)


def demo_scopes() -> dict[str, object]:
    """The nodes the demo accounts serve, found by code order so that re-runs pick the same ones."""
    first = Place.objects.filter
    community_a, community_b = list(first(level=PlaceLevel.COMMUNITY).order_by("code")[:2])
    household = first(
        level=PlaceLevel.HOUSEHOLD, code__startswith=community_a.code, grid__isnull=False
    ).order_by("code")[0]
    unit = household.parent
    micro = household.grid
    return {
        "district": first(level=PlaceLevel.DISTRICT).order_by("code")[0],
        "street": community_a.parent,
        "community_a": community_a,
        "community_b": community_b,
        "compound": unit.parent.parent,
        "unit": unit,
        "household": household,
        "micro": micro,
        "general": micro.parent,
    }


# (phone, name, role, scope key); the scope key names a node of demo_scopes(), None for global.
DEMO_ACCOUNTS = [
    ("13800000001", "王建国", Role.SYSTEM_ADMIN, None),
    ("13800000002", "李秀英", Role.DISTRICT_ADMIN, "district"),
    ("13800000003", "张伟", Role.STREET_OFFICIAL, "street"),
    ("13800000004", "刘芳", Role.COMMUNITY_SECRETARY, "community_a"),
    ("13800000005", "陈静", Role.COMMUNITY_WORKER, "community_a"),
    ("13800000006", "杨洋", Role.GRID_LEADER, "general"),
    ("13800000007", "赵磊", Role.GRID_WORKER, "general"),
    ("13800000008", "黄敏", Role.MICRO_GRID_WORKER, "micro"),
    ("13800000009", "周强", Role.SPECIALIST_GRID_WORKER, "general"),
    ("13800000010", "吴红梅", Role.BRANCH_SECRETARY, "compound"),
    ("13800000011", "徐志刚", Role.BRANCH_MEMBER, "compound"),
    ("13800000012", "孙丽", Role.OWNERS_COMMITTEE, "compound"),
    ("13800000013", "马涛", Role.PROPERTY_STAFF, "compound"),
    ("13800000014", "朱桂兰", Role.STAIRWELL_LEADER, "unit"),
    ("13800000015", "胡军", Role.INFORMANT, "unit"),
    ("13800000016", "郭凤英", Role.CARETAKER, "unit"),
    ("13800000017", "何平", Role.DEPARTMENT_HANDLER, "street"),
    ("13800000018", "高德明", Role.MEDIATOR, "community_a"),
    ("13800000019", "林晓燕", Role.VOLUNTEER, "compound"),
    ("13800000020", "罗海", Role.RESIDENT, "household"),
    ("13800000021", "郑丽华", Role.COMMUNITY_SECRETARY, "community_b"),
    ("13800000022", "钱明远", Role.AUDITOR, "street"),
]


def build(ctx: DemoContext) -> None:
    from django.contrib.auth.hashers import make_password

    scopes = demo_scopes()
    password = make_password(DEMO_PASSWORD)  # hashed once: twenty hashes would cost seconds
    admin = None
    for phone, name, role, key in DEMO_ACCOUNTS:
        node = scopes[key] if key else None
        user, _ = User.objects.update_or_create(
            phone=phone,
            defaults={
                "name": name,
                "password": password,
                "is_active": True,
                "is_staff": role == Role.SYSTEM_ADMIN,
                "is_superuser": role == Role.SYSTEM_ADMIN,
            },
        )
        place = node if isinstance(node, Place) else None
        grid = None if node is None or place is not None else node
        RoleAssignment.objects.get_or_create(
            user=user,
            role=role,
            place=place,
            grid=grid,
            revoked_at=None,
            defaults={"created_by": admin, "valid_from": SERVING_SINCE},
        )
        admin = admin or user
        ctx.logins.append((Role(role).label, _label(node), phone))
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user__phone__in=[row[0] for row in DEMO_ACCOUNTS]).delete()
    ctx.shared["demo_scopes"] = scopes


def _label(node) -> str:
    if node is None:
        return "全平台"
    return node.display_name if isinstance(node, Place) else node.name
