"""The JSON API's parser: ninja's, refusing the NUL character anywhere in a body or a query string.

PostgreSQL text cannot hold NUL: a string with one reached a query and the answer was a 500
(``POST /api/people/search {"text": "a\\u0000"}``). No real value holds it, so it is refused before any
endpoint runs: in a query string as a malformed parameter (422, the place in ``errors``); in a body
with 400 and ``BODY_MESSAGE`` (ninja turns any exception of the body parser into its own 400, so the
parser marks the request and linli.api's 400 handler says why).
"""

from __future__ import annotations

from ninja.errors import ValidationError
from ninja.parser import Parser

MESSAGE = "不能包含空字符（NUL）。"
BODY_MESSAGE = "请求内容不能包含空字符（NUL），请检查后重新提交。"


def _nul_at(value, loc: tuple) -> tuple | None:
    if isinstance(value, str):
        return loc if "\x00" in value else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, child in items:
        if isinstance(key, str) and "\x00" in key:
            return (*loc, key)
        found = _nul_at(child, (*loc, key))
        if found is not None:
            return found
    return None


def _refuse(value, where: str):
    loc = _nul_at(value, (where,))
    if loc is not None:
        raise ValidationError([{"loc": list(loc), "msg": MESSAGE, "type": "nul_character"}])
    return value


class NulFreeParser(Parser):
    def parse_body(self, request):
        data = super().parse_body(request)
        loc = _nul_at(data, ("body",))
        if loc is not None:
            request.linli_nul_at = ".".join(str(part) for part in loc[1:]) or None
            raise ValueError("NUL in the body")
        return data

    def parse_querydict(self, data, list_fields, request):
        return _refuse(super().parse_querydict(data, list_fields, request), "query")
