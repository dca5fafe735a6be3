"""How personal information is shown by default: pure functions and the template filters."""

import pytest
from django.template import Context, Template
from hypothesis import given
from hypothesis import strategies as st

from linli.core.masking import mask_id_number, mask_mobile, mask_name


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("110101199003071234", "110***********1234"),
        ("43060219850615123X", "430***********123X"),
        ("", ""),
        (None, ""),
        ("12345", "*****"),
    ],
)
def test_id_numbers_keep_the_first_three_and_last_four(value, expected):
    assert mask_id_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("13812345678", "138****5678"), ("", ""), ("1381234", "*******")]
)
def test_mobiles_keep_the_first_three_and_last_four(value, expected):
    assert mask_mobile(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("张三明", "张*明"),
        ("李四", "李*"),
        ("欧阳娜娜", "欧阳**"),
        ("欧阳明", "欧阳*"),
        ("司马相如", "司马**"),
        ("王小二明", "王**明"),
        ("欧阳", "欧*"),
        ("张", "*"),
        ("", ""),
        (" 张三明 ", "张*明"),
    ],
)
def test_names_keep_the_surname_and_for_three_or_more_characters_the_last(value, expected):
    assert mask_name(value) == expected


@given(st.text(alphabet="0123456789X", min_size=12, max_size=18))
def test_a_masked_id_number_shows_at_most_seven_characters(value):
    masked = mask_id_number(value)
    assert len(masked) == len(value)
    assert len(masked.replace("*", "")) <= 7


@given(st.text(min_size=2, max_size=8).filter(lambda s: s.strip() == s and len(s) >= 2))
def test_a_masked_name_always_hides_something(value):
    assert "*" in mask_name(value)


def test_template_filters_mask():
    html = Template(
        "{% load linli_tags %}{{ n|mask_name }} {{ i|mask_id_number }} {{ m|mask_mobile }}"
    ).render(Context({"n": "张三明", "i": "110101199003071234", "m": "13812345678"}))
    assert html == "张*明 110***********1234 138****5678"
