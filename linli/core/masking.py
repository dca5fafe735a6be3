"""How personal information is shown by default (GB/T 35273 去标识化 on display). Pure functions.

    mask_id_number("110101199003071234") → "110***********1234"   (first 3, last 4)
    mask_mobile("13812345678")           → "138****5678"
    mask_name("张三明") → "张*明", mask_name("李四") → "李*", mask_name("欧阳娜娜") → "欧阳**"

Each returns "" for an empty value and never more of a short value than of a long one.
"""

from __future__ import annotations

#: Two-character surnames (复姓) that keep both characters when a name is masked.
COMPOUND_SURNAMES = frozenset(
    {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "西门", "南宫", "独孤", "澹台", "公冶", "申屠", "太史", "万俟", "闻人", "赫连", "呼延", "钟离", "拓跋", "百里", "东郭", "濮阳", "淳于", "单于", "鲜于", "闾丘", "司空", "亓官", "司寇", "子车", "颛孙", "巫马", "公西", "漆雕", "乐正", "壤驷", "公良", "谷梁", "宰父", "夹谷", "段干", "东门", "羊舌", "微生", "梁丘", "左丘", "第五"}
)  # fmt: skip


def mask_id_number(value: str | None) -> str:
    """110***********1234; a value too short to keep 7 characters is all stars."""
    value = value or ""
    if len(value) < 12:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_mobile(value: str | None) -> str:
    """138****5678; other lengths keep at most the first 3 and last 4 of 11 or more characters."""
    value = value or ""
    if len(value) < 11:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None) -> str:
    """张*明, 李*, 欧阳**, 王**明; a one-character name becomes *."""
    name = (value or "").strip()
    if not name:
        return ""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2] + "*" * (len(name) - 2)
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
