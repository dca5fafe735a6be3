"""Writing audit entries. Called by the services that reveal, export or import personal information,
inside their transaction: no access without its record."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from linli.core import policy
from linli.core.exceptions import DomainError

from .models import AccessEntry, Action


def _scope_label(user, permission: str) -> str:
    """Where the acting role is held: "东风街道" / "1号微网格" / "全平台"."""
    from linli.places.models import GridNode, Place

    role = policy.acting_role(user, permission)
    for a in user.active_assignments():
        if a.role != role:
            continue
        if a.place_code:
            node = Place.objects.filter(code=a.place_code).first()
        elif a.grid_code:
            node = GridNode.objects.filter(code=a.grid_code).first()
        else:
            return "全平台"
        return getattr(node, "name", "") or ""
    return ""


def record(
    *,
    actor,
    permission: str,
    action: str,
    object_type: str,
    object_id: str = "",
    object_label: str = "",
    place_code: str = "",
    grid_code: str = "",
    fields: list[str] | tuple[str, ...] = (),
    reason: str = "",
    row_count: int | None = None,
) -> AccessEntry:
    """One audit entry for ``actor`` using ``permission``; field *names* only."""
    return AccessEntry.objects.create(
        actor=actor,
        role=policy.acting_role(actor, permission),
        scope_label=_scope_label(actor, permission)[:200],
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_label=object_label[:200],
        place_code=place_code,
        grid_code=grid_code or "",
        fields="、".join(fields)[:200],
        reason=reason,
        row_count=row_count,
    )


def check_reveal_rate(*, actor) -> None:
    """At most LINLI_REVEAL_PER_HOUR full views an hour per user; the next one is refused."""
    limit = settings.LINLI_REVEAL_PER_HOUR
    since = timezone.now() - timedelta(hours=1)
    used = AccessEntry.objects.filter(actor=actor, action=Action.REVEAL, at__gte=since).count()
    if used >= limit:
        raise DomainError(f"一小时内查看完整个人信息已达 {limit} 次上限，请稍后再试。")


def require_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise DomainError("请填写查看或导出完整信息的事由（至少2个字）。")
    if len(reason) > 200:
        raise DomainError("事由不能超过200个字。")
    return reason


#: 网络安全法 Art. 21: network logs are kept at least six months. No setting can shorten it.
MIN_RETENTION_DAYS = 180


def retention_days() -> int:
    """LINLI_AUDIT_RETENTION_DAYS, refused (DomainError) when below the legal minimum of 180 days."""
    keep = settings.LINLI_AUDIT_RETENTION_DAYS
    if keep < MIN_RETENTION_DAYS:
        raise DomainError(
            f"LINLI_AUDIT_RETENTION_DAYS={keep} 无效：审计记录至少保留 {MIN_RETENTION_DAYS} 天"
            f"（网络安全法第二十一条），未清理任何记录。请改为 {MIN_RETENTION_DAYS} 或更大的值。"
        )
    return keep


def purge(*, older_than_days: int | None = None, now=None) -> int:
    """Delete entries older than the retention period (never younger than LINLI_AUDIT_RETENTION_DAYS,
    itself never below 180 days). The one path that deletes audit entries: the model and its querysets
    refuse ``delete()`` and ``update()``."""
    keep = retention_days()
    days = keep if older_than_days is None else older_than_days
    if days < keep:
        raise DomainError(f"审计记录至少保留 {keep} 天，不能清理 {days} 天内的记录。")
    cutoff = (now or timezone.now()) - timedelta(days=days)
    with transaction.atomic():
        # A raw delete: AccessEntry.delete() refuses single deletions on purpose.
        table = AccessEntry._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE at < %s", [cutoff])  # noqa: S608
            return cursor.rowcount
