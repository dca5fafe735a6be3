"""Excel import and export of places and grids: the template, row-level error reports, idempotent
re-import, all-or-nothing, scope, the web upload flow and the command line."""

import io
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from linli.core.excel import CellError, cell_code, open_xlsx
from linli.core.exceptions import DomainError
from linli.core.roles import Role
from linli.places import exporting, importing
from linli.places.choices import CompoundKind, PlaceLevel
from linli.places.models import CompoundProfile, GridNode, Place, PlaceStat
from linli.places.tests.factories import user_with_role

PLACE_HEADER = [
    "编码",
    "名称",
    "层级",
    "上级编码",
    "小区类型",
    "有无物业",
    "建成年份",
    "占地面积",
    "登记户数",
    "所属微网格编码",
]
GRID_HEADER = ["网格编码", "名称", "层级", "所属社区编码"]

A = "430699001001"  # 春晖社区 (community_a)
B = "430699001002"  # 秋实社区 (community_b)


def row(
    code, name, level="", parent="", *, kind="", managed="", year=None, area=None, households=None, grid=""
):
    return [code, name, level, parent, kind, managed, year, area, households, grid]


def xlsx(places=None, grids=None, *, place_header=PLACE_HEADER) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.title = "其他"
    if places is not None:
        ws = wb.create_sheet("地点")
        ws.append(place_header)
        for r in places:
            ws.append(r)
    if grids is not None:
        ws = wb.create_sheet("网格")
        ws.append(GRID_HEADER)
        for r in grids:
            ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def errors_at(report) -> set[tuple[str, int, str]]:
    return {(e.sheet, e.row, e.column) for e in report.errors}


def snapshot() -> tuple:
    return (
        sorted(Place.objects.values_list("code", "name", "grid_id")),
        sorted(GridNode.objects.values_list("code", "name")),
        sorted(CompoundProfile.objects.values_list("place_id", "kind", "managed", "build_year")),
    )


@pytest.fixture(autouse=True)
def _error_reports_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the web import keeps its error reports under VAR_DIR


@pytest.fixture
def district_admin(world):
    return user_with_role(Role.DISTRICT_ADMIN, place=world.district)


@pytest.fixture
def secretary_a(world):
    return user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_a)


def _export(actor) -> bytes:
    out = io.BytesIO()
    exporting.places_export(actor=actor, out=out)
    return out.getvalue()


# --- Template --------------------------------------------------------------------------------------


def test_template_downloads_and_opens_with_headers_notes_and_examples(client, secretary_a):
    client.force_login(secretary_a)
    response = client.get(reverse("places:template"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert wb.sheetnames[:3] == ["地点", "网格", "说明"]
    assert [c.value for c in wb["地点"][1]] == PLACE_HEADER
    assert [c.value for c in wb["网格"][1]] == GRID_HEADER
    assert wb["地点"].max_row == 1  # nothing to import by accident
    example_levels = {r[2] for r in wb["示例（地点）"].iter_rows(min_row=2, values_only=True)}
    assert example_levels == set(PlaceLevel.labels)
    notes = " ".join(str(v) for r in wb["说明"].iter_rows(values_only=True) for v in r if v)
    assert "所属微网格编码" in notes and "全部成功才导入" in notes


def test_template_examples_import_cleanly_when_copied_into_the_data_sheets(db):
    out = io.BytesIO()
    exporting.places_template(out)
    wb = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    for source, target in (("示例（地点）", "地点"), ("示例（网格）", "网格")):
        for values in wb[source].iter_rows(min_row=2, values_only=True):
            wb[target].append(values)
    filled = io.BytesIO()
    wb.save(filled)

    report = importing.places_import(source=filled.getvalue(), actor=importing.SYSTEM)

    assert report.errors == []
    assert (report.created, report.sheets["网格"].created) == (10, 3)
    home = Place.objects.get(level=PlaceLevel.HOUSEHOLD)
    assert home.grid.code == "430602001001001001"
    assert home.parent.parent.parent.compound.kind == CompoundKind.OLD


# --- Mixed good and bad rows -----------------------------------------------------------------------


def test_mixed_file_applies_good_rows_and_reports_each_bad_row_with_row_column_and_reason(
    world, district_admin
):
    home = world.households[A + "001"][0]
    data = xlsx(
        [
            row(
                A + "003",
                "春晖新苑",
                "小区",
                A,
                kind="老旧小区",
                managed="无物业",
                year=1990,
                area=12000,
                households=300,
            ),
            row(A + "003001", "1栋", "楼栋"),  # row 3: under the new 小区 of row 2
            row(A + "00", "缺位小区", "小区"),  # row 4: 14 digits
            row(A + "004", "年份不对小区", "小区", year=1800),  # row 5
            row(A + "004001", "1栋", "楼栋"),  # row 6: its parent (row 5) was refused
            row(A + "005", "", "小区"),  # row 7: no name
            row(home.code, "101室（已改名）", "户"),  # row 8
            row(home.code[:-1] + "9", "109室", "户", grid=B + "001001"),  # row 9: another community's 微网格
            row(A + "006", "春晖东苑", "楼栋"),  # row 10: level does not match the code
            row(A + "007", "错误上级小区", "小区", B),  # row 11
        ]
    )

    report = importing.places_import(source=data, actor=district_admin)

    assert report.applied
    assert report.sheets["地点"].created == 2 and report.sheets["地点"].updated == 1
    assert Place.objects.get(code=A + "003").compound.build_year == 1990
    assert Place.objects.filter(code=A + "003001", parent__code=A + "003").exists()
    home.refresh_from_db()
    assert home.name == "101室（已改名）"
    assert errors_at(report) == {
        ("地点", 4, "编码"),
        ("地点", 5, "建成年份"),
        ("地点", 6, "上级编码"),
        ("地点", 7, "名称"),
        ("地点", 9, "所属微网格编码"),
        ("地点", 10, "编码"),
        ("地点", 11, "上级编码"),
    }
    by_row = {e.row: e.message for e in report.errors}
    assert "1900" in by_row[5]
    assert "第 5 行" in by_row[6]
    assert "社区" in by_row[9]
    assert not Place.objects.filter(
        code__in=[A + "004", A + "004001", A + "005", A + "006", A + "007"]
    ).exists()
    assert not Place.objects.filter(code=home.code[:-1] + "9").exists()


def test_rows_may_come_in_any_order_and_households_can_join_a_grid_from_the_same_file(world, district_admin):
    new = A + "009"
    data = xlsx(
        [
            row(new + "00101" + "0001", "101室", grid=A + "001" + "002"),
            row(new + "00101", "1单元"),
            row(new + "001", "1栋"),
            row(new, "春晖北苑", "小区"),
        ],
        [[A + "001002", "春晖1-2微网格", "微网格", A]],
    )

    report = importing.places_import(source=data, actor=district_admin)

    assert report.errors == []
    home = Place.objects.get(code=new + "001010001")
    assert home.grid.code == A + "001002" and home.grid.parent == world.grid_a1


def test_household_grid_must_be_a_micro_grid(world, district_admin):
    home = world.households[A + "001"][0]
    report = importing.places_import(
        source=xlsx([row(home.code, home.name, grid=A + "001")]), actor=district_admin
    )
    assert errors_at(report) == {("地点", 2, "所属微网格编码")}
    assert "18 位" in report.errors[0].message
    home.refresh_from_db()
    assert home.grid == world.micro_a1


# --- All or nothing --------------------------------------------------------------------------------


def test_all_or_nothing_with_one_bad_row_changes_nothing(world, district_admin):
    before = snapshot()
    counts = (Place.objects.count(), GridNode.objects.count(), CompoundProfile.objects.count())
    data = xlsx(
        [
            row(A + "003", "春晖新苑", "小区", kind="老旧小区"),
            row(world.compound_a1.code, "春晖花园（改）", "小区", year=2001),
            row(A + "004", "坏年份小区", "小区", year="很久以前"),
        ],
        [[A + "003", "春晖第三网格", "一般网格", A]],
    )

    report = importing.places_import(source=data, actor=district_admin, all_or_nothing=True)

    assert not report.applied
    assert errors_at(report) == {("地点", 4, "建成年份")}
    assert report.created == 2 and report.updated == 1  # what would have happened
    assert (Place.objects.count(), GridNode.objects.count(), CompoundProfile.objects.count()) == counts
    assert snapshot() == before


# --- Idempotence and round trip --------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing_the_second_time(world, district_admin):
    data = xlsx(
        [
            row(
                A + "003",
                "春晖新苑",
                "小区",
                kind="安置房小区",
                managed="有物业",
                year=2010,
                area=8800.5,
                households=120,
            ),
            row(A + "003001", "1栋"),
            row(A + "00300101", "1单元"),
            row(A + "003001010001", "101室", grid=world.micro_a1.code),
        ],
        [[A + "003", "春晖第三网格", "一般网格", A]],
    )
    first = importing.places_import(source=data, actor=district_admin)
    assert first.errors == [] and first.created == 5
    counts = (Place.objects.count(), GridNode.objects.count(), CompoundProfile.objects.count())

    second = importing.places_import(source=data, actor=district_admin)

    assert second.errors == []
    assert (second.created, second.updated, second.unchanged) == (0, 0, 5)
    assert (Place.objects.count(), GridNode.objects.count(), CompoundProfile.objects.count()) == counts


def test_export_reimports_unchanged(world, district_admin):
    before = snapshot()
    report = importing.places_import(source=_export(district_admin), actor=district_admin)
    assert report.errors == []
    assert report.created == report.updated == 0
    assert report.sheets["地点"].unchanged == Place.objects.count()
    assert report.sheets["网格"].unchanged == GridNode.objects.count()
    assert snapshot() == before


def test_export_has_the_template_columns_and_every_place_and_grid(world):
    wb = openpyxl.load_workbook(io.BytesIO(_export(importing.SYSTEM)))
    assert [c.value for c in wb["地点"][1]] == PLACE_HEADER
    rows = list(wb["地点"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == Place.objects.count()
    a1 = next(r for r in rows if r[0] == world.compound_a1.code)
    assert a1[1:7] == ("春晖花园", "小区", A, "老旧小区", "无物业", 1992)
    home = next(r for r in rows if r[0] == world.households[A + "001"][0].code)
    assert home[9] == world.micro_a1.code
    assert wb["网格"].max_row - 1 == GridNode.objects.count()


# --- Scope -----------------------------------------------------------------------------------------


def test_community_secretary_cannot_import_rows_under_another_community(world, secretary_a):
    before_b = sorted(Place.objects.filter(code__startswith=B).values_list("code", "name"))
    grids_b = sorted(GridNode.objects.filter(code__startswith=B).values_list("code", "name"))
    data = xlsx(
        [
            row(B + "002", "秋实新村", "小区"),  # row 2
            row(world.compound_b1.code, "秋实家园（被改）", "小区"),  # row 3
            row("430699001003", "新社区", "社区"),  # row 4: a new community beside theirs
            row("430698", "新区", "区/县"),  # row 5
            row(A + "003", "春晖新苑", "小区"),  # row 6: their own community: fine
        ],
        [[B + "009", "秋实第九网格", "一般网格", B]],
    )

    report = importing.places_import(source=data, actor=secretary_a)

    assert errors_at(report) == {
        ("地点", 2, "编码"),
        ("地点", 3, "编码"),
        ("地点", 4, "编码"),
        ("地点", 5, "编码"),
        ("网格", 2, "网格编码"),
    }
    assert all("管辖范围" in e.message for e in report.errors)
    assert "系统管理员" in next(e.message for e in report.errors if e.row == 5)
    assert sorted(Place.objects.filter(code__startswith=B).values_list("code", "name")) == before_b
    assert sorted(GridNode.objects.filter(code__startswith=B).values_list("code", "name")) == grids_b
    assert not Place.objects.filter(code__in=["430699001003", "430698"]).exists()
    assert Place.objects.filter(code=A + "003").exists()


def test_community_secretary_export_contains_only_their_community(world, secretary_a):
    wb = openpyxl.load_workbook(io.BytesIO(_export(secretary_a)))
    place_codes = [r[0] for r in wb["地点"].iter_rows(min_row=2, values_only=True)]
    grid_codes = [r[0] for r in wb["网格"].iter_rows(min_row=2, values_only=True)]
    assert place_codes and all(c.startswith(A) for c in place_codes)
    assert len(place_codes) == Place.objects.filter(code__startswith=A).count()
    assert grid_codes and all(c.startswith(A) for c in grid_codes)


def test_community_secretary_can_reimport_their_own_export_unchanged(world, secretary_a):
    report = importing.places_import(source=_export(secretary_a), actor=secretary_a)
    assert report.errors == [] and report.created == report.updated == 0


def test_community_secretary_importing_the_whole_district_file_updates_only_their_community(
    world, secretary_a
):
    wb = openpyxl.load_workbook(io.BytesIO(_export(importing.SYSTEM)))
    for ws in (wb["地点"], wb["网格"]):
        for r in ws.iter_rows(min_row=2):
            r[1].value = f"{r[1].value}（新）"
    data = io.BytesIO()
    wb.save(data)

    report = importing.places_import(source=data.getvalue(), actor=secretary_a)

    refused = {e.row for e in report.errors if e.sheet == "地点"}
    rows = {r[0]: i for i, r in enumerate(wb["地点"].iter_rows(values_only=True), start=1)}
    assert refused == {i for code, i in rows.items() if code != "编码" and not code.startswith(A)}
    assert all("管辖范围" in e.message for e in report.errors)
    assert Place.objects.get(code=world.compound_a1.code).name == "春晖花园（新）"
    assert Place.objects.get(code=world.compound_b1.code).name == "秋实家园"
    assert Place.objects.get(code=world.street.code).name == "东风街道"


# --- Bad files -------------------------------------------------------------------------------------


def _zip_without_workbook() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "空"),
        (b"this is not a spreadsheet at all", ".xlsx"),
        ("编码,名称\n430699,示范区\n".encode(), ".xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
        (b"PK\x03\x04 broken zip", "损坏"),
        (_zip_without_workbook(), "工作簿"),
    ],
    ids=["empty", "text", "csv", "old-xls", "broken-zip", "docx-like"],
)
def test_files_that_are_not_xlsx_are_refused_with_a_chinese_reason(db, content, reason):
    with pytest.raises(DomainError) as e:
        importing.places_import(source=content, actor=importing.SYSTEM)
    assert reason in e.value.message


def test_oversized_file_is_refused(db, settings):
    settings.LINLI_IMPORT_MAX_BYTES = 1024
    with pytest.raises(DomainError, match="文件太大"):
        importing.places_import(source=xlsx([row("430699", "示范区")]), actor=importing.SYSTEM)


def test_a_workbook_that_inflates_far_beyond_its_size_is_refused_before_it_is_read(db):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (100 * 1024 * 1024))  # 100 MB of zeros
    assert len(bomb.getvalue()) < 200 * 1024
    before = Place.objects.count()
    with pytest.raises(DomainError, match="解压后过大"):
        importing.places_import(source=bomb.getvalue(), actor=importing.SYSTEM)
    assert Place.objects.count() == before


def test_workbook_without_the_expected_sheets_or_columns_is_refused(db):
    with pytest.raises(DomainError, match="模板"):
        importing.places_import(source=xlsx(), actor=importing.SYSTEM)  # no sheet at all
    with pytest.raises(DomainError, match="缺少以下列：编码"):
        importing.places_import(
            source=xlsx([["x", "y"]], place_header=["代码", "名称"]), actor=importing.SYSTEM
        )


# --- Cell reading ----------------------------------------------------------------------------------


def test_codes_typed_as_numbers_or_full_width_digits_and_padded_headers_still_import(world, district_admin):
    header = [f"  {h} " for h in PLACE_HEADER]
    data = xlsx(
        [
            [430699001.0, "东风街道（改）", "街道"],  # Excel stored the code as a number
            ["４３０６９９００１００１００３", "春晖新苑", "小区"],  # full-width digits
        ],
        place_header=header,
    )
    report = importing.places_import(source=data, actor=district_admin)
    assert report.errors == []
    assert Place.objects.get(code="430699001").name == "东风街道（改）"
    assert Place.objects.get(code=A + "003").level == PlaceLevel.COMPOUND


def test_long_code_that_excel_turned_into_a_number_is_reported():
    assert cell_code(430699001.0) == "430699001"
    with pytest.raises(CellError, match="文本"):
        cell_code(4.30699001001001e17)


def test_rows_are_numbered_as_excel_numbers_them():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B3"], ws["C3"] = "编码", " 名称 "
    ws["B4"], ws["C4"] = "1", "a"
    ws["B6"], ws["C6"] = "2", "b"
    out = io.BytesIO()
    wb.save(out)
    rows = list(open_xlsx(out.getvalue()).rows(ws.title, columns=["编码", "名称"]))
    assert rows == [(4, {"编码": "1", "名称": "a"}), (6, {"编码": "2", "名称": "b"})]


# --- Web -------------------------------------------------------------------------------------------


def test_upload_through_the_web_shows_counts_and_the_error_table(
    client, world, secretary_a, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    client.force_login(secretary_a)
    page = client.get(reverse("places:import"))
    assert page.status_code == 200
    assert "全部成功才导入（任一行有错则不导入）" in page.content.decode()

    upload = io.BytesIO(xlsx([row(A + "003", "春晖新苑", "小区"), row(B + "002", "秋实新村", "小区")]))
    upload.name = "地点.xlsx"
    response = client.post(reverse("places:import"), {"file": upload})

    html = response.content.decode()
    assert response.status_code == 200
    assert "部分导入" in html and "不在您的管辖范围内" in html
    assert '<td class="num">3</td>' in html  # the row number of the refused row
    assert Place.objects.filter(code=A + "003").exists()
    token = response.context["error_token"]
    report = client.get(reverse("places:import-errors", args=[token]))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(report.streaming_content)))
    assert list(wb.active.iter_rows(values_only=True))[1][:3] == ("地点", 3, "编码")

    other = user_with_role(Role.COMMUNITY_SECRETARY, place=world.community_b)
    client.force_login(other)
    assert client.get(reverse("places:import-errors", args=[token])).status_code == 404


def test_all_or_nothing_checkbox_through_the_web_imports_nothing(client, world, secretary_a):
    client.force_login(secretary_a)
    upload = io.BytesIO(xlsx([row(A + "003", "春晖新苑", "小区"), row(A + "004", "", "小区")]))
    upload.name = "地点.xlsx"
    response = client.post(reverse("places:import"), {"file": upload, "all_or_nothing": "on"})
    assert "没有导入任何数据" in response.content.decode()
    assert not Place.objects.filter(code=A + "003").exists()


def test_garbage_upload_through_the_web_shows_a_chinese_error_not_a_500(client, secretary_a):
    client.force_login(secretary_a)
    upload = io.BytesIO(b"\x00\x01garbage")
    upload.name = "地点.xlsx"
    response = client.post(reverse("places:import"), {"file": upload})
    assert response.status_code == 400
    assert "不是 Excel（.xlsx）格式" in response.content.decode()
    assert client.post(reverse("places:import"), {}).status_code == 400  # no file chosen


def test_export_downloads_through_the_web(client, world, secretary_a):
    client.force_login(secretary_a)
    response = client.get(reverse("places:export"))
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert all(r[0].startswith(A) for r in wb["地点"].iter_rows(min_row=2, values_only=True))


def test_only_those_who_may_import_see_the_link_and_reach_the_page(client, world, secretary_a):
    client.force_login(secretary_a)
    assert reverse("places:import") in client.get(reverse("places:browse")).content.decode()

    grid_leader = user_with_role(Role.GRID_LEADER, grid=world.grid_a1)
    client.force_login(grid_leader)
    assert reverse("places:import") not in client.get(reverse("places:browse")).content.decode()
    assert client.get(reverse("places:import")).status_code == 403
    assert client.get(reverse("places:template")).status_code == 403
    assert client.get(reverse("places:export")).status_code == 200  # 网格长 may export what they see


def test_a_successful_import_recounts_the_place_browser(
    world, district_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        importing.places_import(source=xlsx([row(A + "003", "春晖新苑", "小区")]), actor=district_admin)
    assert PlaceStat.objects.get(place=world.community_a).compounds == 3


# --- Command line ----------------------------------------------------------------------------------


def test_command_line_import_prints_the_report_and_fails_on_errors(world, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([row(A + "003", "春晖新苑", "小区")]))
    out = io.StringIO()
    call_command("import-places", str(good), stdout=out)
    assert "新增 1" in out.getvalue()

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([row(A + "004", "春晖南苑", "小区"), row(A + "005", "", "小区")]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-places", str(bad), "--all-or-nothing", stdout=out)
    assert "第 3 行 [名称]" in out.getvalue()
    assert not Place.objects.filter(code=A + "004").exists()


def test_command_line_acts_within_the_scope_of_the_user_given(world, secretary_a, tmp_path):
    path = tmp_path / "b.xlsx"
    path.write_bytes(xlsx([row(B + "002", "秋实新村", "小区")]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import-places", str(path), "--as", secretary_a.phone, stdout=out)
    assert "管辖范围" in out.getvalue()
    with pytest.raises(CommandError, match="找不到手机号"):
        call_command("import-places", str(path), "--as", "13000000000")


def test_command_line_export_reimports_unchanged(world, tmp_path):
    path = tmp_path / "all.xlsx"
    call_command("export-places", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import-places", str(path), stdout=out)
    assert "新增 0，更新 0" in out.getvalue()
