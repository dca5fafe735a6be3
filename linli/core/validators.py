"""身份证号 (GB 11643-1999) and mobile numbers: normalise, validate, explain. Pure functions, no database.

A 身份证号 has 18 characters:

1–6    address code (行政区划代码, GB/T 2260) of where the number was first issued
7–14   birth date YYYYMMDD
15–17  sequence code; the 17th digit is odd for men, even for women
18     check character, ISO 7064 MOD 11-2 over the first 17 (0–9 or X for 10)

Every refusal raises :class:`DomainError` with a Chinese message that says exactly what is wrong and, for
the usual spreadsheet accident (a number turned into a float, which keeps 15 significant digits and
turns the tail into "000" or shows 4.30602E+17), how to fix it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .exceptions import DomainError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"  # index: weighted sum mod 11

#: First two digits (province level of GB/T 2260), plus 71 台湾, 81 香港, 82 澳门 and 83 (台湾居民居住证).
PROVINCES = {
    "11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
    "21": "辽宁", "22": "吉林", "23": "黑龙江",
    "31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东",
    "41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
    "50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
    "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
    "71": "台湾", "81": "香港", "82": "澳门", "83": "台湾",
}  # fmt: skip
#: Regions that issue numbers with city digits "00" (residence permits of 港澳台 residents: 810000 …).
_WHOLE_REGION_PREFIXES = {"71", "81", "82", "83"}

EARLIEST_BIRTH = date(1900, 1, 1)
MALE, FEMALE = "M", "F"  # the values of people.choices.Gender
_SHANGHAI = ZoneInfo("Asia/Shanghai")
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$")
_FLOAT_TAIL = re.compile(r"^\d{15,18}\.0+$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")

EXCEL_HINT = (
    "请在 Excel 中把身份证号所在列的单元格格式设置为“文本”（或在号码前加英文单引号 '），"
    "重新输入完整的18位号码后再导入。"
)


@dataclass(frozen=True)
class IdNumber:
    number: str  # normalised: 17 digits and a digit or X
    region: str
    birth_date: date
    gender: str  # "M" or "F"

    @property
    def province(self) -> str:
        return PROVINCES[self.region[:2]]


def normalize_id_number(text: str | None) -> str:
    """Full-width characters to ASCII (NFKC), without any white space, a lower-case x as X."""
    text = unicodedata.normalize("NFKC", text or "")
    return "".join(ch for ch in text if not ch.isspace()).replace("x", "X")


def check_character(first17: str) -> str:
    """The MOD 11-2 check character of the first seventeen digits."""
    total = sum(int(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARACTERS[total % 11]


def build_id_number(*, region: str, birth_date: date, sequence: int) -> str:
    """A well-formed number (for demo data and tests): ``sequence`` 0–999, odd for a man."""
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17)


def _today() -> date:
    return datetime.now(_SHANGHAI).date()


def validate_id_number(text: str | None, *, today: date | None = None) -> IdNumber:
    """Validate a 身份证号; return its parts or raise DomainError (field ``id_number``) saying why."""
    number = normalize_id_number(text)
    if not number:
        raise _id_error("请填写身份证号。")
    if _SCIENTIFIC.match(number) or _FLOAT_TAIL.match(number):
        raise _id_error(
            "身份证号被 Excel 当作数字保存了（如 4.30602E+17）：数字只保留15位有效数字，后几位已经丢失，无法恢复。"
            + EXCEL_HINT
        )
    for pos, ch in enumerate(number, start=1):
        if not ch.isdigit() and not (ch == "X" and pos == 18):
            where = "第18位只能是数字或X" if pos == 18 else f"第{pos}位应为数字"
            shown = ch if ch.isprintable() else "?"
            raise _id_error(f"身份证号含有不允许的字符“{shown}”：{where}。")
    if len(number) == 15:
        raise _id_error("这是15位的第一代身份证号，请填写18位的第二代身份证号。")
    if len(number) != 18:
        raise _id_error(f"身份证号应为18位，当前为{len(number)}位。")
    region = number[:6]
    if region[:2] not in PROVINCES:
        raise _id_error(f"前两位“{region[:2]}”不是有效的省级行政区划代码。")
    # The full GB/T 2260 county table (≈3,000 codes that change every year, and old numbers keep codes
    # that no longer exist) is deliberately not shipped: we check the province and that the city
    # digits are not "00", which only the 港澳台 residence permits (810000, 820000, 830000) use.
    if region[2:4] == "00" and region[:2] not in _WHOLE_REGION_PREFIXES:
        raise _id_error(f"前六位“{region}”不是有效的县级行政区划代码（第3至4位不能为00）。")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise _id_error(f"第7至14位出生日期“{number[6:14]}”不是有效的日期。") from None
    if birth < EARLIEST_BIRTH:
        raise _id_error(f"第7至14位出生日期“{number[6:14]}”早于1900年，不可能有效。")
    if birth > (today or _today()):
        raise _id_error(f"第7至14位出生日期“{number[6:14]}”在今天之后。")
    expected = check_character(number[:17])
    if number[17] != expected:
        if number.endswith("000"):
            raise _id_error(
                "身份证号末三位为“000”且校验码不符：很可能是 Excel 把它当作数字保存，只保留了15位有效数字，"
                "末尾几位被改成了0。" + EXCEL_HINT
            )
        raise _id_error(f"第18位校验码错误：按前17位计算应为“{expected}”，实为“{number[17]}”。请核对号码。")
    return IdNumber(
        number=number, region=region, birth_date=birth, gender=MALE if int(number[16]) % 2 else FEMALE
    )


def check_consistency(id_number: IdNumber | str, *, birth_date: date | None, gender: str | None) -> IdNumber:
    """Raise DomainError when a stated birth date or gender disagrees with the number."""
    parsed = id_number if isinstance(id_number, IdNumber) else validate_id_number(id_number)
    if birth_date is not None and birth_date != parsed.birth_date:
        raise DomainError(
            f"出生日期与身份证号不一致：身份证号中的出生日期为{_chinese_date(parsed.birth_date)}。",
            field="birth_date",
        )
    if gender and gender != parsed.gender:
        stated = "男" if parsed.gender == MALE else "女"
        raise DomainError(f"性别与身份证号不一致：按身份证号第17位应为“{stated}”。", field="gender")
    return parsed


def normalize_mobile(text: str | None) -> str:
    """Full-width to ASCII, without spaces and hyphens, without a leading +86."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(ch for ch in text if not ch.isspace() and ch != "-")
    if text.startswith("+86"):
        text = text[3:]
    return text


def validate_mobile(text: str | None) -> str:
    """The normalised mobile number, or DomainError (field ``mobile``)."""
    number = normalize_mobile(text)
    if not number:
        raise DomainError("请填写手机号码。", field="mobile")
    if not _MOBILE.match(number):
        raise DomainError(
            f"手机号码无效（{len(number)}位）：应为以1开头、第二位为3至9的11位数字，例如 13812345678。",
            field="mobile",
        )
    return number


def _chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _id_error(message: str) -> DomainError:
    return DomainError(message, field="id_number")
