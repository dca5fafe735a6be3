from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services

PER_PAGE = 20


@login_required
@require_GET
def inbox(request):
    """我的通知: unread first, newest first."""
    page = Paginator(selectors.notification_visible_to(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/inbox.html", {"page": page, "notifications": list(page)})


@login_required
@require_GET
def open_notification(request, pk: int):
    """Opening a notification marks it read and follows its link (or shows it when it has none)."""
    notification = selectors.notification_get_for_user(user=request.user, pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return render(request, "notifications/detail.html", {"notification": notification})


@login_required
@require_POST
def mark_all_read(request):
    changed = services.notification_mark_all_read(user=request.user)
    if changed:
        messages.success(request, f"已将 {changed} 条通知标为已读。")
    return redirect("notifications:inbox")
