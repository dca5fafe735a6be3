"""JSON API for 人民调解: list (parties masked), detail, registration, actions, statistics. Errors map to
JSON in linli.api (DomainError 400, Conflict 409, PermissionDenied 403, Http404 404)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from ninja import Router, Schema, Status

from linli.core import policy
from linli.core.api_errors import errors
from linli.core.exceptions import DomainError
from linli.core.masking import mask_mobile, mask_name
from linli.places.models import Place

from . import reminders, rules, selectors, services, stats
from .transitions import allowed
from .views import run_action

router = Router(tags=["人民调解"])


class PartyIn(Schema):
    role: str
    name: str
    phone: str = ""
    address: str = ""


class CaseIn(Schema):
    compound: str
    title: str
    dispute_type: str
    origin: str
    facts: str
    parties: list[PartyIn]


class CaseActionIn(Schema):
    reason: str = ""
    held_at: str = ""
    location: str = ""
    attendees: str = ""
    record: str = ""
    note: str = ""
    text: str = ""
    signer: str = ""
    party: str = ""
    advice: str = ""
    visited_on: str = ""
    performance: str = ""
    judicial: str = ""


def _summary(case) -> dict:
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "dispute_type": case.dispute_type,
        "status": case.status,
        "status_label": case.get_status_display(),
        "level": case.get_level_display(),
        "compound": case.compound.name,
        "parties": [mask_name(p.name) for p in case.parties.all()],
        "registered_at": timezone.localtime(case.registered_at).isoformat(),
    }


@router.get("/cases", response={200: list[dict], **errors(403, 422)})
def case_list(request, status: str = ""):
    policy.require(request.user, rules.VIEW_CASE)
    qs = selectors.case_visible_to(request.user).prefetch_related("parties")
    if status:
        qs = qs.filter(status=status)
    return [_summary(c) for c in qs[:200]]


@router.get("/cases/{int:pk}", response={200: dict, **errors(404, 422)})
def case_detail(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    full = policy.may(request.user, rules.MEDIATE_CASE, case)
    effective = case.agreement_effective_on
    return {
        **_summary(case),
        "parties": [
            {
                "id": p.pk,
                "role": p.role,
                "name": p.name if full else mask_name(p.name),
                "phone": mask_mobile(p.phone),
            }
            for p in case.parties.all()
        ],
        "facts": case.facts,
        "mediator": case.mediator.name if case.mediator else None,
        "agreement_kind": case.agreement_kind,
        "agreement_effective_on": effective.isoformat() if effective else None,
        "judicial_deadline": reminders.judicial_deadline(effective).isoformat() if effective else None,
        "missing_signatures": services.missing_signatures(case) if case.agreement_kind == "written" else [],
        "advice": case.advice,
        "sessions": case.sessions.count(),
        "actions": [t.name for t in allowed(case.status) if policy.may(request.user, t.permission, case)],
    }


@router.post("/cases", response={201: dict, **errors(400, 403, 409, 422)})
def case_register(request, payload: CaseIn):
    compound = Place.objects.filter(code=payload.compound).first()
    case = services.case_register(
        actor=request.user,
        compound=compound,
        title=payload.title,
        dispute_type=payload.dispute_type,
        origin=payload.origin,
        facts=payload.facts,
        parties=[p.dict() for p in payload.parties],
    )
    return Status(201, {"id": case.pk, "number": case.number, "status": case.status})


@router.post("/cases/{int:pk}/{action}", response={200: dict, **errors(400, 403, 404, 409, 422)})
def case_act(request, pk: int, action: str, payload: CaseActionIn):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    message = run_action(request.user, case, action, _Post(payload.dict()))
    case.refresh_from_db()
    return {"detail": message, "status": case.status, "status_label": case.get_status_display()}


class _Post(dict):
    def get(self, key, default=None):
        value = super().get(key)
        return default if value in (None, "") and default is not None else value


@router.get("/stats", response={200: list[dict], **errors(400, 403, 422)})
def statistics(request, year: int | None = None, by: str = "community"):
    policy.require(request.user, rules.VIEW_CASE)
    if by not in stats.LEVELS:
        raise DomainError("by 只能是 community 或 street。")
    year = year or timezone.localdate().year
    if not 2000 <= year <= 2100:
        raise DomainError("年度有误。")
    rows = stats.by_level(
        selectors.case_visible_to(request.user),
        level=stats.LEVELS[by],
        start=date(year, 1, 1),
        end=date(year + 1, 1, 1),
    )
    return [
        {
            "code": r.code,
            "name": r.name,
            "concluded": r.concluded,
            "resolved": r.resolved,
            "settled_in_compound": r.settled_in_compound,
            "share": str(r.share) if r.share is not None else None,
        }
        for r in rows + [stats.total(rows)]
    ]
