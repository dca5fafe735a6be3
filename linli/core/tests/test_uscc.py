"""统一社会信用代码 (GB 32100) validation: pure, no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linli.core import uscc

# The example printed in GB 32100-2015 itself.
GB_EXAMPLE = "91350100M000100Y43"

ORG_BODY = st.text(alphabet=uscc.ALPHABET, min_size=8, max_size=8)
REGION = st.text(alphabet="0123456789", min_size=6, max_size=6)
PREFIX = st.sampled_from([a + t for a, (_, types) in uscc.AUTHORITIES.items() for t in types])


def test_the_standards_own_example_is_valid():
    assert uscc.validate(GB_EXAMPLE) == GB_EXAMPLE


@pytest.mark.parametrize("prefix", ["A1", "N2", "N9", "Y1", "11", "51", "92", "93"])
def test_codes_of_every_kind_of_authority_computed_from_the_algorithm_are_valid(prefix):
    code = uscc.make(prefix, "370600", "MA3C0001")
    assert len(code) == 18
    assert code[0] == prefix[0]
    assert uscc.validate(code) == code


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100Y430", "应为18位"),
        ("91350100M000100I43", "第16位字符“I”不允许"),
        ("91350100M0001O0Y43", "第14位字符“O”不允许"),
        ("Z1350100M000100Y43", "第1位字符“Z”不允许"),
        ("B1350100M000100Y43", "第1位登记管理部门代码“B”不存在"),
        ("97350100M000100Y43", "第2位机构类别代码“7”不属于"),
        ("9135A100M000100Y43", "行政区划码应为6位数字"),
        ("91350100M000100Y53", "第17位应为“4”"),
        ("91350100M000100Y44", "第18位校验码错误：应为“3”"),
    ],
)
def test_invalid_codes_are_refused_with_a_chinese_reason(raw, message):
    with pytest.raises(uscc.USCCError, match=message):
        uscc.validate(raw)
    assert not uscc.is_valid(raw)


def test_full_width_lower_case_and_spaces_are_normalised():
    raw = " ９１３５０１００ｍ０００ 100y43 "
    assert uscc.validate(raw) == GB_EXAMPLE


def test_every_single_character_change_of_a_valid_code_breaks_it():
    for pos in range(18):
        for ch in uscc.ALPHABET:
            if ch == GB_EXAMPLE[pos]:
                continue
            changed = GB_EXAMPLE[:pos] + ch + GB_EXAMPLE[pos + 1 :]
            assert not uscc.is_valid(changed), changed


@given(prefix=PREFIX, region=REGION, body=ORG_BODY)
def test_generated_codes_are_valid(prefix, region, body):
    assert uscc.is_valid(uscc.make(prefix, region, body))


@given(
    prefix=PREFIX,
    region=REGION,
    body=ORG_BODY,
    pos=st.integers(min_value=0, max_value=17),
    ch=st.sampled_from(uscc.ALPHABET),
)
def test_any_single_substitution_in_a_generated_code_is_detected(prefix, region, body, pos, ch):
    code = uscc.make(prefix, region, body)
    changed = code[:pos] + ch + code[pos + 1 :]
    if changed != code:
        assert not uscc.is_valid(changed)


@given(
    prefix=PREFIX,
    region=REGION,
    body=ORG_BODY,
    pos=st.integers(min_value=0, max_value=16),
)
def test_swapping_two_neighbouring_characters_is_detected(prefix, region, body, pos):
    code = uscc.make(prefix, region, body)
    swapped = code[:pos] + code[pos + 1] + code[pos] + code[pos + 2 :]
    if swapped != code:
        assert not uscc.is_valid(swapped)
