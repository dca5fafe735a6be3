"""The JSON API's pagination: ninja's limit/offset, with both bounded.

ninja's own ``offset`` has no upper bound: ``?offset=10**25`` reached the database as an SQL OFFSET
beyond a 64-bit integer and the answer was a 500 (found by the schema fuzz, tests/test_api_fuzz.py).
Bounded here, a number out of range is refused like any malformed parameter: 422 with a Chinese detail.
"""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

#: Far beyond any list of Linli, far below the databases' 64-bit limit.
MAX_OFFSET = 1_000_000_000
MAX_LIMIT = 500


class Pagination(LimitOffsetPagination):
    """limit 1–500 (default NINJA_PAGINATION_PER_PAGE), offset 0–1,000,000,000."""

    class Input(Schema):
        limit: int = Field(settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=MAX_LIMIT, description="每页条数")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
