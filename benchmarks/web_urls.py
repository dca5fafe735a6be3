"""The limits of the web benchmarks: endpoints of the same stack (gunicorn, every middleware, the session,
CSRF) that do the least a write or a read can do — insert one row; read the rows an Open311 list
answers with, as JSON, without making them Open311 requests. Mounted only in the benchmark's own server
(benchmarks.web_settings), never in the site."""

import uuid

from django.http import JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from linli.appeals.choices import Channel
from linli.appeals.models import Appeal
from linli.core.models import RateCounter
from linli.open311.selectors import MAX_REQUESTS, REQUEST_FIELDS


@require_POST
def insert_one(request):
    """Like POST /api/appeals/: a logged-in session with its CSRF token; one INSERT."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": "请先登录。"}, status=401)
    row = RateCounter.objects.create(key=f"bench:{uuid.uuid4().hex}", window_start=timezone.now(), count=1)
    return JsonResponse({"id": row.pk}, status=201)


@csrf_exempt  # like Open311 POST: an API key, no session
@require_POST
def insert_one_open(request):
    row = RateCounter.objects.create(key=f"bench:{uuid.uuid4().hex}", window_start=timezone.now(), count=1)
    return JsonResponse({"id": row.pk}, status=201)


@require_GET
def read_newest(request):
    """Like GET /open311/v2/requests.json: the same (up to) 1,000 newest rows and the columns the
    answer is made of, straight from the database into JSON."""
    rows = (
        Appeal.objects.filter(channel=Channel.OPEN311, number__isnull=False, category__isnull=False)
        .order_by("-submitted_at", "-pk")
        .values(*REQUEST_FIELDS)[:MAX_REQUESTS]
    )
    return JsonResponse(list(rows), safe=False)


urlpatterns = [
    path("bench/insert", insert_one),
    path("bench/insert-open", insert_one_open),
    path("bench/read", read_newest),
    path("", include("linli.urls")),
]
