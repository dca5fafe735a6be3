from ninja import Router, Schema

from linli.core.api_errors import errors

router = Router(tags=["账号"])


class AssignmentOut(Schema):
    role: str
    role_label: str
    place_code: str | None
    grid_code: str | None


class MeOut(Schema):
    name: str
    phone_masked: str
    assignments: list[AssignmentOut]


@router.get("/me", response={200: MeOut, **errors()}, summary="当前登录用户及其角色")
def me(request):
    from linli.core.roles import Role

    labels = dict(Role.choices)
    user = request.user
    return {
        "name": user.name,
        "phone_masked": user.masked_phone,
        "assignments": [
            {
                "role": a.role,
                "role_label": labels[a.role],
                "place_code": a.place_code,
                "grid_code": a.grid_code,
            }
            for a in user.active_assignments()
        ],
    }
