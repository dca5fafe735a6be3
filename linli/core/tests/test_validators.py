"""身份证号 (GB 11643) and mobile validation: pure, no database. Numbers are computed from the algorithm
in the test, never copied from real people."""

from datetime import date

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from linli.core.exceptions import DomainError
from linli.core.validators import (
    PROVINCES,
    build_id_number,
    check_character,
    check_consistency,
    normalize_id_number,
    validate_id_number,
    validate_mobile,
)

TODAY = date(2026, 11, 23)

REGIONS = st.builds(
    lambda province, city, county: f"{province}{city:02d}{county:02d}",
    st.sampled_from(sorted(set(PROVINCES) - {"71", "81", "82", "83"})),
    st.integers(1, 99),
    st.integers(0, 99),
)
BIRTHS = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
SEQUENCES = st.integers(0, 999)
VALID = st.builds(
    lambda r, b, s: build_id_number(region=r, birth_date=b, sequence=s), REGIONS, BIRTHS, SEQUENCES
)

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def make(region="430602", birth=date(1985, 6, 15), sequence=123):
    return build_id_number(region=region, birth_date=birth, sequence=sequence)


# --- property-based -----------------------------------------------------------------------------------


@given(REGIONS, BIRTHS, SEQUENCES)
def test_every_generated_number_validates_and_round_trips_birth_date_and_gender(region, birth, sequence):
    number = build_id_number(region=region, birth_date=birth, sequence=sequence)
    parsed = validate_id_number(number, today=TODAY)
    assert parsed.number == number
    assert parsed.region == region
    assert parsed.birth_date == birth
    assert parsed.gender == ("M" if sequence % 2 else "F")
    assert check_consistency(parsed, birth_date=birth, gender=parsed.gender) == parsed


@given(VALID, st.integers(0, 17), st.integers(1, 9))
def test_changing_any_single_character_breaks_the_number(number, position, delta):
    if position == 17:
        alphabet = "0123456789X"
        changed_char = alphabet[(alphabet.index(number[17]) + delta) % 11]
    else:
        changed_char = str((int(number[position]) + delta) % 10)
    changed = number[:position] + changed_char + number[position + 1 :]
    with pytest.raises(DomainError):
        validate_id_number(changed, today=TODAY)


@given(VALID)
def test_full_width_digits_spaces_and_lower_case_x_validate_the_same(number):
    full_width = " ".join([number[:6], number[6:14], number[14:]]).translate(FULL_WIDTH)
    assert validate_id_number(full_width, today=TODAY).number == number
    assert validate_id_number(number.lower(), today=TODAY).number == number


@given(VALID)
@example(make(sequence=1))
def test_the_excel_000_tail_is_recognised_and_explained(number):
    excel = number[:15] + "000"
    # One damaged number in eleven gets a correct check character by chance ("…000" is then a valid
    # number, sequence 00 of a woman) and cannot be told from a real one; every other one is explained.
    assume(check_character(excel[:17]) != "0")
    with pytest.raises(DomainError) as caught:
        validate_id_number(excel, today=TODAY)
    message = caught.value.message
    assert "Excel" in message and "文本" in message


@given(VALID)
def test_errors_never_repeat_the_whole_number(number):
    broken = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(DomainError) as caught:
        validate_id_number(broken, today=TODAY)
    assert number[:17] not in caught.value.message


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_every_well_formed_mobile_validates_also_in_full_width_with_spaces(mobile):
    assert validate_mobile(mobile) == mobile
    spaced = f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}".translate(FULL_WIDTH)
    assert validate_mobile(spaced) == mobile


# --- tables ---------------------------------------------------------------------------------------------


def test_check_character_is_mod_11_2_with_x_for_ten():
    # Find a first-17 whose check is X, from the algorithm.
    for sequence in range(1000):
        first17 = f"43060219850615{sequence:03d}"
        if check_character(first17) == "X":
            number = first17 + "X"
            break
    assert validate_id_number(number, today=TODAY).number == number
    assert validate_id_number(number.lower(), today=TODAY).number == number


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "请填写身份证号"),
        ("   ", "请填写身份证号"),
        (make()[:17], "应为18位，当前为17位"),
        (make() + "1", "应为18位，当前为19位"),
        (make()[:15], "15位的第一代身份证号"),
        ("4306021985061A123X", "不允许的字符“A”：第14位应为数字"),
        ("43060219850615123Y", "第18位只能是数字或X"),
        ("4.30602E+17", "Excel"),
        ("430602198506151000.0", "Excel"),
        (make(region="990602"), "前两位“99”不是有效的省级行政区划代码"),
        (make(region="430002"), "第3至4位不能为00"),
        ("43060219900230" + "123" + "0", "出生日期“19900230”不是有效的日期"),
        (make(birth=date(2027, 1, 1)), "在今天之后"),
        ("43060218991231" + "123" + "0", "早于1900年"),
    ],
)
def test_invalid_numbers_are_refused_with_the_precise_chinese_reason(raw, message):
    if raw.endswith(("0230" + "1230", "1231" + "1230")):
        raw = raw[:17] + check_character(raw[:17])  # a correct check character, so the date is what fails
    with pytest.raises(DomainError, match=message) as caught:
        validate_id_number(raw, today=TODAY)
    assert caught.value.field == "id_number"


def test_a_wrong_check_character_says_which_is_expected():
    number = make()
    wrong = "0" if number[17] != "0" else "1"
    with pytest.raises(DomainError, match=f"应为“{number[17]}”，实为“{wrong}”"):
        validate_id_number(number[:17] + wrong, today=TODAY)


def test_hong_kong_macao_taiwan_residence_permit_regions_are_accepted():
    for region in ["810000", "820000", "830000"]:
        assert validate_id_number(make(region=region), today=TODAY).region == region


def test_normalize_strips_all_white_space_and_full_width():
    assert normalize_id_number("　４３０６０２ 19850615\t123x\n") == "43060219850615123X"


def test_birth_date_and_gender_must_agree_with_the_number():
    number = make(birth=date(1985, 6, 15), sequence=123)  # 17th digit 3: a man
    with pytest.raises(DomainError, match="1985年6月15日") as caught:
        check_consistency(number, birth_date=date(1985, 6, 16), gender="M")
    assert caught.value.field == "birth_date"
    with pytest.raises(DomainError, match="应为“男”") as caught:
        check_consistency(number, birth_date=None, gender="F")
    assert caught.value.field == "gender"
    assert check_consistency(number, birth_date=None, gender=None).gender == "M"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("19912345678", "19912345678"),
    ],
)
def test_mobiles_are_normalised(raw, expected):
    assert validate_mobile(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "12812345678", "1381234567", "138123456789", "23812345678", "1381234567a"]
)
def test_invalid_mobiles_are_refused_in_chinese_without_echoing_the_number(raw):
    with pytest.raises(DomainError) as caught:
        validate_mobile(raw)
    assert caught.value.field == "mobile"
    assert "手机号码" in caught.value.message
    assert len(raw) < 5 or raw not in caught.value.message.replace("13812345678", "")
