"""Spreadsheet formula injection: text from residents never becomes a formula in an exported file."""

import io

import openpyxl
from hypothesis import example, given
from hypothesis import strategies as st

from linli.core.excel import Column, Sheet, csv_safe, csv_unquote, xlsx_bytes

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
texts = st.text(alphabet=st.sampled_from("=+-@'\t\r 0123456789.,A1(楼道灯坏了)\"&"), max_size=12)


@given(texts)
@example('=HYPERLINK("http://x","点击")')
@example("'=1+1")
def test_a_csv_cell_never_starts_a_formula_and_reads_back_as_written(text):
    safe = csv_safe(text)
    assert csv_unquote(safe) == text
    if safe.startswith(FORMULA_START):
        assert safe == text and safe.lstrip("+-")[:1].isdigit()  # a number such as -3 or +86 138…


def test_numbers_phone_numbers_and_other_values_stay_as_they_are_in_csv():
    assert [csv_safe(v) for v in ("-3", "+86 138 0013 8000", "12.5", 7, None, "楼道灯")] == [
        "-3",
        "+86 138 0013 8000",
        "12.5",
        7,
        None,
        "楼道灯",
    ]
    assert [csv_safe(v) for v in ("=1+1", "@SUM(A1)", "-1+A1", "+A1", "\t=1")] == [
        "'=1+1",
        "'@SUM(A1)",
        "'-1+A1",
        "'+A1",
        "'\t=1",
    ]


@given(st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=20).map("=".__add__))
def test_text_starting_with_equals_is_written_to_xlsx_as_text_not_a_formula(text):
    columns = [Column("内容"), Column("说明", wrap=True)]
    data = xlsx_bytes([Sheet("诉求", columns, [(text, text)])])
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    for cell in ws[2]:
        assert cell.data_type == "s"
        assert cell.value == text
