"""Thin views for 人民调解: case list (parties masked), registration, detail with the actions the user may
take, the actions, the archive download and the 矛盾不出小区 statistics."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from linli.core import policy, ratelimit
from linli.core.exceptions import DomainError
from linli.core.masking import mask_mobile, mask_name
from linli.places.selectors import narrowing_code, narrowing_label

from . import archive, reminders, rules, selectors, services, stats
from .choices import Advice, DisputeType, Judicial, Origin, PartyRole, Performance, Signer, Status
from .transitions import allowed


@login_required
def case_list(request):
    policy.require(request.user, rules.VIEW_CASE)
    qs = selectors.case_visible_to(request.user).prefetch_related("parties")
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    place = narrowing_code(request)
    if place:
        qs = qs.filter(place_code__startswith=place)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    for case in page:
        case.masked_parties = "、".join(mask_name(p.name) for p in case.parties.all())
    return render(
        request,
        "mediation/list.html",
        {
            "page": page,
            "status": status,
            "place": place,
            "place_name": narrowing_label(place, bool(page.object_list)),
            "statuses": Status.choices,
            "may_register": policy.may(request.user, rules.REGISTER_CASE),
        },
    )


def _parties_from(post) -> list[dict]:
    return [
        {"role": r, "name": n, "phone": ph, "address": a}
        for r, n, ph, a in zip(
            post.getlist("party_role"),
            post.getlist("party_name"),
            post.getlist("party_phone"),
            post.getlist("party_address"),
            strict=False,
        )
    ]


@login_required
def case_new(request):
    policy.require(request.user, rules.REGISTER_CASE)
    compounds = list(selectors.compounds_for(request.user))
    error, data = "", request.POST
    if request.method == "POST":
        compound = next((c for c in compounds if c.code == data.get("compound")), None)
        try:
            case = services.case_register(
                actor=request.user,
                compound=compound,
                title=data.get("title", ""),
                dispute_type=data.get("dispute_type", ""),
                origin=data.get("origin", ""),
                facts=data.get("facts", ""),
                parties=_parties_from(data),
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, f"已登记{case.number}，请尽快决定是否受理。")
            return redirect("mediation:detail", pk=case.pk)
    return render(
        request,
        "mediation/new.html",
        {
            "compounds": compounds,
            "types": DisputeType.choices,
            "origins": Origin.choices,
            "roles": PartyRole.choices,
            "error": error,
            "data": data,
            "rows": range(3),
        },
    )


@login_required
def case_detail(request, pk: int):
    user = request.user
    case = selectors.case_get_for_user(user=user, pk=pk)
    may_mediate = policy.may(user, rules.MEDIATE_CASE, case)
    parties = list(case.parties.all())
    for p in parties:
        p.shown_name = p.name if may_mediate else mask_name(p.name)
        p.shown_phone = mask_mobile(p.phone)
    actions = {t.name for t in allowed(case.status) if policy.may(user, t.permission, case)}
    checklist = []
    if case.agreement_kind == "written":
        signed = {(s.signer, s.party_id) for s in case.signatures.all()}
        checklist = [
            (f"{p.get_role_display()}{p.shown_name}签名", Signer.PARTY, p.pk, (Signer.PARTY, p.pk) in signed)
            for p in parties
        ]
        checklist += [
            (s.label, s.value, "", (s.value, None) in signed) for s in (Signer.MEDIATOR, Signer.SEAL)
        ]
    today = timezone.localdate()
    return render(
        request,
        "mediation/detail.html",
        {
            "case": case,
            "parties": parties,
            "actions": actions,
            "checklist": checklist,
            "sessions": case.sessions.select_related("recorded_by"),
            "follow_ups": case.follow_ups.select_related("by"),
            "events": case.events.select_related("actor"),
            "may_mediate": may_mediate,
            "may_export": policy.may(user, rules.EXPORT_CASE, case),
            "deadline": reminders.judicial_deadline(case.agreement_effective_on)
            if case.agreement_effective_on
            else None,
            "days_left": reminders.days_left(case.agreement_effective_on, today)
            if case.agreement_effective_on
            else None,
            "advices": Advice.choices,
            "performances": Performance.choices,
            "judicials": [
                (Judicial.APPLIED.value, Judicial.APPLIED.label),
                (Judicial.WAIVED.value, Judicial.WAIVED.label),
            ],
            "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "today": today,
        },
    )


def _when(value: str) -> datetime | None:
    try:
        return timezone.make_aware(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return None


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def run_action(user, case, action: str, post) -> str:
    """Call the service for ``action`` with the posted fields; returns the success message."""
    if action == "accept":
        services.case_accept(actor=user, case=case)
        return "已受理，进入调解。"
    if action == "refuse":
        services.case_refuse(actor=user, case=case, reason=post.get("reason", ""))
        return "已记录不予受理及理由。"
    if action == "session":
        services.session_record(
            actor=user,
            case=case,
            held_at=_when(post.get("held_at")),
            location=post.get("location", ""),
            attendees=post.get("attendees", ""),
            record=post.get("record", ""),
        )
        return "调解笔录已保存。"
    if action == "escalate":
        services.case_escalate(actor=user, case=case, note=post.get("note", ""))
        return "已提交上级人民调解委员会。"
    if action == "draft":
        services.agreement_draft(actor=user, case=case, text=post.get("text", ""))
        return "调解协议书已制作，请逐项登记签名和盖章。"
    if action == "sign":
        party = (
            case.parties.filter(pk=post.get("party") or None).first()
            if post.get("party", "").isdigit()
            else None
        )
        case = services.signature_record(actor=user, case=case, signer=post.get("signer", ""), party=party)
        return "协议已全部签署盖章，调解成功。" if case.status == Status.RESOLVED else "已登记签署。"
    if action == "oral":
        services.oral_agreement_record(actor=user, case=case, text=post.get("text", ""))
        return "口头协议已记录，调解成功。"
    if action == "fail":
        services.case_fail(actor=user, case=case, advice=post.get("advice", ""), note=post.get("note", ""))
        return "已记录调解不成及告知的解决途径。"
    if action == "follow_up":
        services.follow_up_record(
            actor=user,
            case=case,
            visited_on=_day(post.get("visited_on")),
            performance=post.get("performance", ""),
            note=post.get("note", ""),
        )
        return "回访已记录。"
    if action == "judicial":
        services.judicial_record(actor=user, case=case, judicial=post.get("judicial", ""))
        return "已记录司法确认情况。"
    raise Http404


@login_required
@require_POST
def case_act(request, pk: int, action: str):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    try:
        messages.success(request, run_action(request.user, case, action, request.POST))
    except DomainError as exc:
        messages.error(request, exc.message)
    except PermissionDenied:
        messages.error(request, "您没有执行此操作的权限。")
    return redirect("mediation:detail", pk=case.pk)


@login_required
def case_archive(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    ratelimit.export(request.user)
    data = archive.case_archive(actor=request.user, case=case)
    response = HttpResponse(data, content_type="application/zip")
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(archive.file_name(case))}"
    return response


@login_required
def statistics(request):
    policy.require(request.user, rules.VIEW_CASE)
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    if not 2000 <= year <= 2100:
        year = today.year
    cases = selectors.case_visible_to(request.user)
    tables = []
    for key, label in (("street", "按街道"), ("community", "按社区")):
        rows = stats.by_level(
            cases, level=stats.LEVELS[key], start=date(year, 1, 1), end=date(year + 1, 1, 1)
        )
        tables.append((label, rows, stats.total(rows)))
    return render(request, "mediation/stats.html", {"year": year, "tables": tables})
