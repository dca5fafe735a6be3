"""What a topic page shows of its vote: the poll's title, status, result summary and a link to it."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from linli.votes import selectors as vote_selectors
from linli.votes.choices import PollStatus

from .services.polls import poll_of


def poll_card(topic) -> dict | None:
    result = poll_of(topic)
    if result is None:
        return None
    try:
        url = reverse("votes:detail", args=[topic.poll_id])
    except NoReverseMatch:  # the votes pages are not installed
        url = ""
    return {
        "title": topic.poll.title,
        "status": topic.poll.get_status_display(),
        "closed": topic.poll.status == PollStatus.CLOSED,
        "summary": result.summary,
        "options": [(c.option.label, c.count, c.share) for c in result.options],
        "url": url,
    }


def linkable_polls(user, topic):
    return (
        vote_selectors.polls_visible_to(user=user)
        .filter(place__code__startswith=topic.place.code, status__in=[PollStatus.DRAFT, PollStatus.OPEN])
        .order_by("-created_at")[:20]
    )
