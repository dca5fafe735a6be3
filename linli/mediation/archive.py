"""The whole case as one archive file (案卷): a zip holding

    案卷摘要.txt      登记、当事人（完整信息）、受理、调解层级、结果、签署清单、司法确认、回访
    调解笔录/第N次调解笔录.txt   one file per session, as recorded
    调解协议书.txt    the agreement (written or oral) when there is one
    案件流程记录.csv  every event (UTF-8 with BOM, opens in Excel)

Plain UTF-8 text, no PDF or Word needed to read it. Exporting is audited (full names and phones leave the
platform) and needs mediation.export_mediationcase on the case."""

from __future__ import annotations

import csv
import io
import zipfile

from django.db import transaction
from django.utils import timezone

from linli.audit.models import Action
from linli.audit.services import record
from linli.core import policy
from linli.core.excel import csv_safe
from linli.core.masking import mask_name

from . import rules
from .choices import Signer
from .models import MediationCase
from .reminders import judicial_deadline


def _dt(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def summary_text(case: MediationCase) -> str:
    signed = {(s.signer, s.party_id): s for s in case.signatures.all()}
    lines = [
        f"人民调解案卷　{case.number}",
        "",
        f"案由：{case.title}",
        f"纠纷类型：{case.get_dispute_type_display()}",
        f"案件来源：{case.get_origin_display()}",
        f"发生地：{case.compound.display_name}",
        f"登记：{_dt(case.registered_at)}　登记人：{case.registered_by.name}",
        f"状态：{case.get_status_display()}　调解层级：{case.get_level_display()}",
        f"调解员：{case.mediator.name if case.mediator else '未指派'}　受理时间：{_dt(case.accepted_at)}",
        "",
        "一、当事人",
    ]
    for p in case.parties.all():
        lines.append(
            f"　{p.get_role_display()}：{p.name}　电话：{p.phone or '无'}　住址：{p.address or '无'}"
        )
    lines += ["", "二、纠纷简要情况", case.facts, ""]
    if case.refusal_reason:
        lines += ["三、不予受理理由", case.refusal_reason, ""]
    lines.append(f"三、调解经过（共 {case.sessions.count()} 次，笔录见“调解笔录”文件夹）")
    for i, s in enumerate(case.sessions.all(), 1):
        lines.append(f"　第{i}次：{_dt(s.held_at)}　{s.location}　参加人员：{s.attendees}")
    lines += ["", "四、调解结果"]
    if case.agreement_kind:
        lines.append(f"　{case.get_agreement_kind_display()}（内容见“调解协议书.txt”）")
        if case.agreement_effective_on:
            lines.append(f"　生效日期：{case.agreement_effective_on:%Y-%m-%d}")
            lines.append(
                f"　司法确认申请期限：{judicial_deadline(case.agreement_effective_on):%Y-%m-%d}"
                f"（人民调解法第三十三条，30日内）　情况：{case.get_judicial_display()}"
            )
    if case.agreement_kind == "written":
        lines.append("　签署清单：")
        for p in case.parties.all():
            s = signed.get((Signer.PARTY, p.pk))
            lines.append(
                f"　　[{'√' if s else ' '}] {p.get_role_display()}{p.name}签名　{_dt(s.recorded_at) if s else ''}"
            )
        for signer in (Signer.MEDIATOR, Signer.SEAL):
            s = signed.get((signer, None))
            lines.append(f"　　[{'√' if s else ' '}] {signer.label}　{_dt(s.recorded_at) if s else ''}")
    if case.advice:
        lines += [f"　调解不成，告知当事人：{case.get_advice_display()}", f"　{case.advice_note}"]
    if not case.agreement_kind and not case.advice:
        lines.append("　尚未结案")
    lines += ["", "五、回访"]
    for f in case.follow_ups.all():
        lines.append(f"　{f.visited_on:%Y-%m-%d}　{f.get_performance_display()}　{f.by.name}：{f.note}")
    if not case.follow_ups.exists():
        lines.append("　暂无回访记录")
    lines += ["", f"导出时间：{_dt(timezone.now())}"]
    return "\n".join(lines) + "\n"


def _events_csv(case: MediationCase) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["时间", "事项", "操作人", "状态变化", "说明"])
    for e in case.events.select_related("actor"):
        row = [
            _dt(e.at),
            e.get_kind_display(),
            e.actor.name if e.actor else "系统",
            f"{e.from_status}→{e.to_status}" if e.from_status != e.to_status else "",
            e.note,
        ]
        writer.writerow([csv_safe(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def file_name(case: MediationCase) -> str:
    return f"调解案卷-{case.pk}-{case.registered_at:%Y%m%d}.zip"


@transaction.atomic
def case_archive(*, actor, case: MediationCase) -> bytes:
    """The zip bytes of ``case``; writes an audit entry. Raises PermissionDenied."""
    policy.require(actor, rules.EXPORT_CASE, case)
    record(
        actor=actor,
        permission=rules.EXPORT_CASE,
        action=Action.EXPORT_FULL,
        object_type="调解案卷",
        object_id=str(case.pk),
        object_label=f"{case.title}（{'、'.join(mask_name(p.name) for p in case.parties.all())}）",
        place_code=case.place_code,
        fields=["当事人姓名", "联系电话", "住址"],
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("案卷摘要.txt", summary_text(case))
        for i, s in enumerate(case.sessions.select_related("recorded_by"), 1):
            z.writestr(
                f"调解笔录/第{i}次调解笔录.txt",
                f"调解时间：{_dt(s.held_at)}\n调解地点：{s.location}\n参加人员：{s.attendees}\n"
                f"记录人：{s.recorded_by.name}\n\n{s.record}\n",
            )
        if case.agreement_text:
            z.writestr("调解协议书.txt", f"{case.get_agreement_kind_display()}\n\n{case.agreement_text}\n")
        z.writestr("案件流程记录.csv", _events_csv(case))
    return buffer.getvalue()
