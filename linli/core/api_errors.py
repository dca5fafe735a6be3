"""The error answers of the JSON API, declared in its OpenAPI schema.

Every error is JSON with a Chinese ``detail`` (linli.api's exception handlers): ``field`` names the input
at fault when known (400), ``errors`` lists the malformed parameters (422). An operation declares the
codes it can answer, so clients — and the schema fuzz, tests/test_api_fuzz.py — know them:

    @router.post("/", response={201: AppealDetail, **errors(400, 403, 422, 429)})

401 (not logged in) is declared for every operation: the whole API needs a session.
"""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema

#: What each code means in this API (the description shown in the schema).
MEANINGS = {
    400: "输入有误或当前状态不允许该操作（detail 为中文说明，field 为出错的字段）",
    401: "未登录",
    403: "无权执行该操作，或安全校验（CSRF）失败",
    404: "对象不存在，或不在您的范围内",
    409: "该对象刚刚已被他人处理（版本冲突），请刷新后再试",
    422: "参数格式有误（errors 列出各项）",
    429: "操作过于频繁（响应头 Retry-After 为需等待的秒数）",
}


class ErrorOut(Schema):
    detail: str = Field(description="中文错误说明")
    field: str | None = Field(None, description="出错的字段（如有）")
    errors: list[dict[str, Any]] | None = Field(None, description="参数校验错误（422）")


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """The error answers of one operation: 401 and ``codes``."""
    unknown = set(codes) - set(MEANINGS)
    if unknown:
        raise ValueError(f"undeclared error codes: {sorted(unknown)}")
    return {code: ErrorOut for code in sorted({401, *codes})}
