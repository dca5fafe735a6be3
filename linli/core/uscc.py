"""统一社会信用代码 (GB 32100-2015): normalise, validate and compute check characters.

Pure functions, no Django. The code has 18 characters:

1      registration authority (登记管理部门代码): 1, 2, …, 9, A, N, Y
2      organisation type under that authority (机构类别代码)
3–8    administrative region (登记管理机关行政区划码), six digits
9–17   organisation code (组织机构代码, GB 11714): eight body characters + MOD 11 check
18     MOD 31 check character over the first 17

The alphabet leaves out I, O, S, V and Z so that no character can be mistaken for another.
"""

from __future__ import annotations

import unicodedata

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Registration authority → the organisation types it may register.
AUTHORITIES: dict[str, tuple[str, str]] = {
    "1": ("机构编制", "1239"),
    "2": ("外交", "19"),
    "3": ("司法行政", "12345"),
    "4": ("文化", "19"),
    "5": ("民政", "12349"),
    "6": ("旅游", "129"),
    "7": ("宗教", "129"),
    "8": ("工会", "19"),
    "9": ("工商", "123"),
    "A": ("中央军委改革和编制办公室", "19"),
    "N": ("农业", "1239"),
    "Y": ("其他", "1"),
}


class USCCError(ValueError):
    """The code is not a valid 统一社会信用代码; the message says what is wrong, in Chinese."""


def normalise(raw: str) -> str:
    """Full-width to half-width, upper case, without spaces and hyphens."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text if not ch.isspace() and ch != "-").upper()


def org_check_char(body: str) -> str:
    """The GB 11714 check character of an eight-character organisation code body."""
    total = 0
    for ch, weight in zip(body, ORG_WEIGHTS, strict=True):
        value = int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10
        total += value * weight
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def check_char(first17: str) -> str:
    """The MOD 31 check character (position 18) of the first seventeen characters."""
    total = sum(VALUES[ch] * weight for ch, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate(raw: str) -> str:
    """Return the normalised code or raise USCCError with a Chinese message."""
    code = normalise(raw)
    if len(code) != 18:
        raise USCCError(f"统一社会信用代码应为18位，当前为{len(code)}位。")
    for pos, ch in enumerate(code, start=1):
        if ch not in VALUES:
            raise USCCError(f"第{pos}位字符“{ch}”不允许：只能使用数字和除I、O、S、V、Z以外的大写字母。")
    authority = AUTHORITIES.get(code[0])
    if authority is None:
        raise USCCError(f"第1位登记管理部门代码“{code[0]}”不存在。")
    if code[1] not in authority[1]:
        raise USCCError(f"第2位机构类别代码“{code[1]}”不属于登记管理部门“{authority[0]}”。")
    if not code[2:8].isdigit():
        raise USCCError("第3至8位行政区划码应为6位数字。")
    expected_org = org_check_char(code[8:16])
    if code[16] != expected_org:
        raise USCCError(f"第9至17位组织机构代码的校验码错误：第17位应为“{expected_org}”，实为“{code[16]}”。")
    expected = check_char(code[:17])
    if code[17] != expected:
        raise USCCError(f"第18位校验码错误：应为“{expected}”，实为“{code[17]}”。")
    return code


def is_valid(raw: str) -> bool:
    try:
        validate(raw)
    except USCCError:
        return False
    return True


def make(prefix: str, region: str, org_body: str) -> str:
    """Build a valid code from the authority + type prefix, region and organisation code body."""
    first16 = prefix + region + org_body
    first17 = first16 + org_check_char(org_body)
    return first17 + check_char(first17)
