"""Parsing of form fields shared by the pages and the API: dates and the rows of action items."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from linli.core.exceptions import DomainError


def parse_date(value: str, *, field: str, label: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise DomainError(f"{label}格式不正确，请按 年-月-日 填写。", field=field) from None


def parse_datetime(value: str, *, field: str, label: str) -> datetime:
    try:
        parsed = datetime.fromisoformat((value or "").strip())
    except ValueError:
        raise DomainError(f"{label}格式不正确。", field=field) from None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def parse_items(texts, owners, deadlines, *, candidates, topics=None, agenda=None) -> list[dict]:
    """Form rows (text, owner id, deadline[, agenda topic id]) into item dicts; blank rows are skipped.
    Owners must be among ``candidates`` (users), topics among ``agenda`` (a dict id → topic)."""
    topics = list(topics or [])
    rows = []
    for n, (text, owner, deadline) in enumerate(zip(texts, owners, deadlines, strict=False), start=1):
        if not (text or "").strip():
            continue
        try:
            person = candidates.get(pk=int(owner))
        except (ValueError, TypeError, candidates.model.DoesNotExist):
            raise DomainError(f"第 {n} 项：请选择责任人。", field="items") from None
        topic_id = topics[n - 1] if n <= len(topics) else ""
        topic = None
        if topic_id:
            topic = (agenda or {}).get(topic_id)
            if topic is None:
                raise DomainError(f"第 {n} 项：只能关联本次会议议程中的议题。", field="items")
        rows.append(
            {
                "text": text,
                "owner": person,
                "deadline": parse_date(deadline, field="items", label=f"第 {n} 项的完成期限"),
                "topic": topic,
            }
        )
    return rows
