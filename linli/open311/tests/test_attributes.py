"""Attribute values against a definition, and the XML writer — table-driven, no database."""

from types import SimpleNamespace

import pytest

from linli.open311.attributes import clean_attributes
from linli.open311.render import to_xml
from linli.open311.representations import mask

from .helpers import xml_to_python


def attr(code, datatype, *, required=False, variable=True, values=()):
    return SimpleNamespace(
        code=code,
        datatype=datatype,
        required=required,
        variable=variable,
        description=code,
        keys=[v for v in values],
    )


DEFINITION = [
    attr("name", "string"),
    attr("note", "text"),
    attr("floor", "number", required=True),
    attr("when", "datetime"),
    attr("trapped", "singlevaluelist", values=("yes", "no")),
    attr("spots", "multivaluelist", values=("a", "b", "c")),
    attr("tip", "text", required=True, variable=False),
]


@pytest.mark.parametrize(
    ("submitted", "values"),
    [
        ({"floor": ["12"]}, {"floor": 12}),
        ({"floor": ["-1"]}, {"floor": -1}),
        ({"floor": ["2.5"]}, {"floor": 2.5}),
        ({"floor": [" 3 "], "name": [" 北门 "]}, {"floor": 3, "name": "北门"}),
        (
            {"floor": ["1"], "when": ["2026-03-15T08:30:00Z"]},
            {"floor": 1, "when": "2026-03-15T16:30:00+08:00"},
        ),
        ({"floor": ["1"], "when": ["2026-03-15 08:30"]}, {"floor": 1, "when": "2026-03-15T08:30:00+08:00"}),
        ({"floor": ["1"], "trapped": ["no"]}, {"floor": 1, "trapped": "no"}),
        ({"floor": ["1"], "spots": ["c", "a", "c"]}, {"floor": 1, "spots": ["c", "a"]}),
        ({"floor": ["1"], "spots": [""]}, {"floor": 1}),
        ({"floor": ["1"], "tip": ["ignored"]}, {"floor": 1}),
    ],
)
def test_valid_values_are_typed(submitted, values):
    assert clean_attributes(DEFINITION, submitted) == (values, [])


@pytest.mark.parametrize(
    ("submitted", "fragment"),
    [
        ({}, "缺少必填"),
        ({"floor": [""]}, "缺少必填"),
        ({"floor": ["twelve"]}, "应为数字"),
        ({"floor": ["nan"]}, "应为数字"),
        ({"floor": ["inf"]}, "应为数字"),
        ({"floor": ["1e999"]}, "应为数字"),
        ({"floor": ["1", "2"]}, "只能填一个值"),
        ({"floor": ["1"], "when": ["tomorrow"]}, "ISO 8601"),
        ({"floor": ["1"], "trapped": ["maybe"]}, "不在选项中"),
        ({"floor": ["1"], "spots": ["a", "z"]}, "“z”不在选项中"),
        ({"floor": ["1"], "name": ["长" * 201]}, "200"),
        ({"floor": ["1"], "note": ["长" * 2001]}, "2000"),
        ({"floor": ["1"], "colour": ["red"]}, "没有附加字段"),
    ],
)
def test_invalid_values_are_refused_in_chinese(submitted, fragment):
    values, errors = clean_attributes(DEFINITION, submitted)
    assert len(errors) == 1 and fragment in errors[0], errors


def test_xml_escapes_text_and_repeats_list_items():
    value = [
        {"service_request_id": "1", "description": "<b>楼道</b> & 门禁", "lat": 28.5, "flag": True, "x": None}
    ]
    root, back = xml_to_python(to_xml("service_requests", value))
    assert root == "service_requests"
    assert back == [
        {"service_request_id": "1", "description": "<b>楼道</b> & 门禁", "lat": "28.5", "flag": "true"}
    ]


def test_mobile_and_id_numbers_are_masked_in_free_text():
    text = "联系13812345678或身份证43062419800101123X，座机0731-12345678，编号202611230000011"
    assert mask(text) == "联系138****5678或身份证430***********123X，座机0731-12345678，编号202611230000011"
