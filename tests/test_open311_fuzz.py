"""Fuzz the Open311 GeoReport v2 endpoints (/open311/v2/) with Hypothesis, as a careless or hostile
partner system would call them: form bodies of random Chinese, ASCII and garbage fields (NUL bytes,
control characters, very long values), coordinates at and beyond their limits, unknown or stray
attributes, wrong jurisdiction ids, missing, wrong and revoked api_keys, other HTTP methods.

What a partner relies on, for every request in both formats: never a 5xx; a success validates against
the published GeoReport schemas (/work/shared/open311-schemas/, checked by linli/open311/tests/helpers);
an error is Open311's list of {code, description} with a Chinese description and the HTTP status as
code; and a refused POST writes nothing (every domain table counted before and after).

The per-key and per-address limits (600 and 1,200 a minute) are left as they are: the fuzz sends
fewer POSTs than that, so no answer is a 429 for being fast.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linli.open311.models import ApiKey
from linli.open311.services.keys import api_key_create, api_key_revoke
from linli.open311.tests.helpers import BASE, validate, xml_to_python

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ERROR_CODES = {400, 403, 404, 405}
CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
#: Any character a form can carry: Chinese, ASCII, control characters, NUL; no lone surrogates (they
#: cannot be encoded as UTF-8 by any client).
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
TEXT = st.one_of(
    st.text(CHINESE, max_size=30),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
    st.text(ANY_CHAR, max_size=30),
    st.sampled_from(["", " ", "\x00", "a\x00b", "０１０３", "null", "<x>&amp;</x>", "'; DROP TABLE x;--"]),
    st.text(CHINESE, min_size=300, max_size=2100),
)
NUMBER = st.one_of(
    st.sampled_from(["90", "-90", "180", "-180", "90.0000001", "-180.000001", "0", "-0", "1e400", "NaN"]),
    st.sampled_from(["inf", "-Infinity", "28.123456", "112.987654", "0x1A", "1_000", "  28.1  ", "２８"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
    TEXT,
)
FIELDS = (
    "description", "address_string", "address_id", "first_name", "last_name", "phone", "email",
    "device_id", "account_id", "media_url",
)  # fmt: skip
ATTRIBUTE_CODES = ["trapped", "floor", "occurred_at", "details", "overflow_spots", "未知", "", "a]b"]
FORMAT = st.sampled_from(["json", "xml"])


@pytest.fixture
def partner(world):
    """A key for the district, a revoked key, and the services' codes."""
    from linli.appeals.tests.factories import Cast
    from linli.open311 import selectors

    Cast(world)  # the taxonomy and a little data
    _, raw = api_key_create(actor=None, name="市12345平台", place=world.district)
    revoked, revoked_raw = api_key_create(actor=None, name="旧平台", place=world.district)
    api_key_revoke(actor=None, key=revoked)
    codes = list(selectors.services().values_list("code", flat=True))
    jurisdiction = django_settings.LINLI_OPEN311_JURISDICTION
    return {"key": raw, "revoked": revoked_raw, "codes": codes, "jurisdiction": jurisdiction}


def answer(response, fmt: str):
    """The answer as a client reads it; checks the content type of the format."""
    assert response.status_code < 500, response.content.decode(errors="replace")[:500]
    content_type = {"json": "application/json", "xml": "text/xml"}[fmt]
    assert response["Content-Type"] == f"{content_type}; charset=utf-8", response["Content-Type"]
    if fmt == "json":
        return None, json.loads(response.content)
    return xml_to_python(response.content)


def check_error(response, fmt: str) -> None:
    """An Open311 error list whose codes are the HTTP status, each with a Chinese description."""
    assert response.status_code in ERROR_CODES, response.status_code
    root, data = answer(response, fmt)
    if fmt == "xml":
        assert root == "errors"
        data = [{"code": int(e["code"]), "description": e["description"]} for e in data]
    validate("errors", data)
    for error in data:
        assert error["code"] == response.status_code
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error["description"]), error["description"]


@st.composite
def post_bodies(draw, partner):
    key = draw(st.sampled_from(["good"] * 6 + ["revoked", "wrong", "missing", "blank"]))
    body = {
        "api_key": {
            "good": partner["key"],
            "revoked": partner["revoked"],
            "wrong": draw(TEXT) + "x",
            "blank": "  ",
        }.get(key)
    }
    body["service_code"] = draw(st.one_of(st.sampled_from(partner["codes"] + ["0103", "0201"]), TEXT))
    for name in draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=len(FIELDS))):
        body[name] = draw(TEXT)
    if draw(st.booleans()):
        body["lat"], body["long"] = draw(NUMBER), draw(NUMBER)
    elif draw(st.booleans()):
        body[draw(st.sampled_from(["lat", "long"]))] = draw(NUMBER)
    for code in draw(st.lists(st.sampled_from(ATTRIBUTE_CODES), unique=True, max_size=4)):
        suffix = draw(st.sampled_from(["", "[]"]))
        body[f"attribute[{code}]{suffix}"] = draw(
            st.one_of(TEXT, st.sampled_from(["yes", "no", "12", "bin_room", "2026-03-15T08:30:00+08:00"]))
        )
    if draw(st.integers(0, 5)) == 0:
        body["jurisdiction_id"] = draw(st.one_of(st.just(partner["jurisdiction"]), TEXT))
    return {k: v for k, v in body.items() if v is not None}


@FUZZ
@given(data=st.data(), fmt=FORMAT)
def test_a_partner_posting_anything_gets_a_created_request_or_an_open311_error_and_nothing_half_written(
    client, partner, row_counts, data, fmt
):
    body = data.draw(post_bodies(partner), label="body")
    before = row_counts()
    last_used = dict(ApiKey.objects.values_list("pk", "last_used_at"))
    response = client.post(f"{BASE}/requests.{fmt}", body)
    after = row_counts()
    if response.status_code == 200:
        root, created = answer(response, fmt)
        if fmt == "json":
            validate("created", created)
        else:
            assert root == "service_requests" and created[0]["service_request_id"]
        grown = {t for t in before if after[t] != before[t]}
        assert "appeals_appeal" in grown and "open311_requesttoken" in grown, grown
        assert after["open311_requesttoken"] == before["open311_requesttoken"] + 1
    else:
        check_error(response, fmt)
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        assert not changed, f"refused with {response.status_code} but wrote {changed}"
        assert dict(ApiKey.objects.values_list("pk", "last_used_at")) == last_used


@st.composite
def get_requests(draw, partner):
    """One of the read endpoints with random path values and query parameters."""
    path = draw(
        st.sampled_from(["discovery", "services", "service", "requests", "request", "token", "nowhere"])
    )
    segment = draw(
        st.one_of(
            st.sampled_from(partner["codes"]), TEXT.filter(lambda s: s.strip() and not set(s) & set("/?#%"))
        )
    )
    url = {
        "service": f"services/{segment}",
        "request": f"requests/{segment}",
        "token": f"tokens/{segment}",
        "nowhere": f"x/{segment}",
    }.get(path, path)
    params = {}
    names = ["service_request_id", "service_code", "start_date", "end_date", "status", "jurisdiction_id"]
    for name in draw(st.lists(st.sampled_from(names), unique=True, max_size=4)):
        params[name] = draw(
            st.one_of(
                TEXT,
                st.sampled_from(["open", "closed", "open,closed", "2026-03-15T08:30:00+08:00", "2026-13-45"]),
                st.datetimes(timezones=st.just(timezone.get_current_timezone())).map(lambda d: d.isoformat()),
            )
        )
    return path, url, params


#: The published schema of each read endpoint's success.
SUCCESS = {"services": "services", "service": "service-definition", "requests": "requests"}
SUCCESS |= {"request": "requests", "token": "tokens"}


@FUZZ
@given(data=st.data(), fmt=FORMAT, method=st.sampled_from(["GET"] * 8 + ["PUT", "DELETE", "PATCH"]))
def test_every_read_answers_a_published_shape_or_an_open311_error(client, partner, data, fmt, method):
    path, url, params = data.draw(get_requests(partner), label="request")
    target = f"{BASE}/{url}.{fmt}"
    response = client.get(target, params) if method == "GET" else client.generic(method, target)
    if response.status_code == 200:
        root, value = answer(response, fmt)
        if fmt == "json" and path in SUCCESS:
            validate(SUCCESS[path], value)
        elif fmt == "json":
            assert path == "discovery" and value["endpoints"], value
    else:
        check_error(response, fmt)
        if method != "GET" and path != "nowhere":
            assert response.status_code in (404, 405)
