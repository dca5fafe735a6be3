"""Importing the ledger from Excel: valid rows applied, every bad row reported (row, column, reason),
re-import idempotent, all-or-nothing on request, scope respected, audited."""

import io
from datetime import date
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from linli.audit.models import AccessEntry, Action
from linli.core.roles import Role
from linli.core.validators import build_id_number
from linli.people import services
from linli.people.choices import PersonEventKind
from linli.people.ledger_io import layout as L
from linli.people.models import Person, PersonEvent, Residency, TagAssignment
from linli.places.tests.factories import user_with_role

from .ledger_io_support import read_sheet, upload, workbook_bytes

pytestmark = pytest.mark.django_db

ID_GRANDMA = build_id_number(region="430602", birth_date=date(1948, 5, 17), sequence=42)  # even: a woman
ID_SON = build_id_number(region="430602", birth_date=date(1975, 9, 2), sequence=131)
ID_FAR = build_id_number(region="430602", birth_date=date(1980, 1, 1), sequence=11)


@pytest.fixture
def grid_worker(world):
    return user_with_role(Role.GRID_WORKER, grid=world.grid_a1)


def home(world, i=0, compound=None):
    return world.households[(compound or world.compound_a1).code][i]


def good_rows(world):
    return [
        {L.HOUSEHOLD_CODE: home(world).code, L.NAME: "王秀英", L.ID_NUMBER: ID_GRANDMA,
         L.MOBILE: "13812345678", L.RELATION: "户主", L.RESIDENCE_TYPE: "户籍", L.IS_OWNER: "是",
         L.MOVED_IN: "1998-06-01", L.TAGS: "独居老人、低保"},
        {L.COMPOUND: "春晖花园", L.BUILDING: "1栋", L.UNIT: "1单元", L.DOOR: "102室", L.NAME: "李小明",
         L.GENDER: "男", L.BIRTH_DATE: date(2016, 3, 1), L.RELATION: "孙辈", L.TAGS: "出租房"},
    ]  # fmt: skip


def post(client, rows, all_or_nothing=False, **kwargs):
    data = {"file": upload(rows, **kwargs)}
    if all_or_nothing:
        data["all_or_nothing"] = "on"
    return client.post(reverse("people:import"), data)


def test_the_template_has_chinese_headers_a_text_id_column_and_an_explanation(client, grid_worker):
    client.force_login(grid_worker)
    response = client.get(reverse("people:import-template"))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert read_sheet(data, L.SHEET)[0] == L.HEADERS
    wb = load_workbook(io.BytesIO(data))
    assert wb[L.SHEET].column_dimensions["I"].number_format == "@"  # 身份证号
    notes = " ".join(str(c) for row in read_sheet(data, L.NOTES_SHEET) for c in row if c)
    assert "000" in notes and "文本" in notes


def test_a_file_of_good_and_bad_rows_imports_the_good_ones_and_explains_each_bad_one(
    client, world, grid_worker
):
    client.force_login(grid_worker)
    bad = [
        {L.HOUSEHOLD_CODE: home(world).code, L.NAME: "赵六", L.ID_NUMBER: float(ID_SON[:15] + "000")},
        {L.HOUSEHOLD_CODE: home(world).code, L.NAME: "钱七", L.ID_NUMBER: ID_SON[:17] + "0"},
        {L.HOUSEHOLD_CODE: "430699001001001001019999", L.NAME: "孙八", L.GENDER: "男"},
        {L.HOUSEHOLD_CODE: home(world).code, L.NAME: "周九", L.ID_NUMBER: ID_SON, L.GENDER: "女"},
        {
            L.HOUSEHOLD_CODE: home(world).code,
            L.NAME: "吴十",
            L.GENDER: "男",
            L.MOBILE: "12345",
            L.TAGS: "富豪",
        },
        {L.HOUSEHOLD_CODE: home(world, compound=world.compound_b1).code, L.NAME: "郑一", L.GENDER: "男"},
    ]
    response = post(client, good_rows(world) + bad)
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.created, report.updated, report.error_rows) == (2, 0, 6)
    errors = {(e.row, e.column): e.message for e in response.context["errors"]}
    assert "000" in errors[(4, L.ID_NUMBER)] and "文本" in errors[(4, L.ID_NUMBER)]
    assert "校验码" in errors[(5, L.ID_NUMBER)]
    assert "不存在或不在您的管辖范围内" in errors[(6, L.HOUSEHOLD_CODE)]
    assert "性别与身份证号不一致" in errors[(7, L.GENDER)]
    assert "手机号码无效" in errors[(8, L.MOBILE)] and "富豪" in errors[(8, L.TAGS)]
    assert "不在您的管辖范围内" in errors[(9, L.HOUSEHOLD_CODE)]
    content = response.content.decode()
    assert "部分导入" in content and "钱七" not in content and ID_GRANDMA not in content

    grandma = Person.objects.get(id_number_hash=services.id_number_hash(ID_GRANDMA))
    assert (grandma.name, grandma.gender, grandma.birth_date) == ("王秀英", "F", date(1948, 5, 17))
    assert grandma.mobile == "13812345678" and grandma.is_owner and grandma.relation == "head"
    assert Residency.objects.get(person=grandma).moved_in_on == date(1998, 6, 1)
    assert PersonEvent.objects.get(person=grandma).kind == PersonEventKind.IMPORTED
    assert set(TagAssignment.objects.filter(person=grandma).values_list("tag__name", flat=True)) == {
        "独居老人",
        "低保",
    }
    boy = Person.objects.get(name="李小明")
    assert boy.household == home(world, 1) and boy.id_number == "" and boy.relation == "grandchild"
    assert TagAssignment.objects.filter(household=home(world, 1), tag__name="出租房", until=None).exists()

    entry = AccessEntry.objects.get(action=Action.IMPORT)
    assert entry.actor == grid_worker and entry.row_count == 2 and "身份证号" in entry.fields

    token = response.context["error_token"]
    report_file = client.get(reverse("people:import-errors", args=[token]))
    rows = read_sheet(b"".join(report_file.streaming_content))
    assert rows[0] == ("工作表", "行号", "列", "原因") and len(rows) == 1 + 7
    assert [r[1] for r in rows[1:]] == [4, 5, 6, 7, 8, 8, 9]


def test_id_numbers_are_stored_encrypted_and_found_by_hash(client, world, grid_worker):
    from django.db import connection

    client.force_login(grid_worker)
    post(client, good_rows(world))
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, mobile FROM people_person WHERE name = %s", ["王秀英"])
        stored_id, stored_mobile = cursor.fetchone()
    assert ID_GRANDMA not in stored_id and stored_id.startswith("v1:")
    assert "13812345678" not in stored_mobile


def test_importing_the_same_file_again_changes_nothing(client, world, grid_worker):
    client.force_login(grid_worker)
    rows = good_rows(world)
    post(client, rows)
    counts = (
        Person.objects.count(),
        Residency.objects.count(),
        PersonEvent.objects.count(),
        TagAssignment.objects.count(),
    )
    again = post(client, rows).context["report"]
    assert (again.created, again.updated, again.unchanged, again.error_count) == (0, 0, 2, 0)
    assert counts == (
        Person.objects.count(),
        Residency.objects.count(),
        PersonEvent.objects.count(),
        TagAssignment.objects.count(),
    )


def test_a_changed_row_updates_the_same_person_and_a_new_household_is_a_move_with_history(
    client, world, grid_worker
):
    client.force_login(grid_worker)
    post(client, good_rows(world))
    grandma = Person.objects.get(name="王秀英")
    changed = {L.HOUSEHOLD_CODE: home(world, 2).code, L.NAME: "王秀英", L.ID_NUMBER: ID_GRANDMA.lower(),
               L.MOBILE: "139 0000 1111", L.MOVED_IN: "2024-01-10"}  # fmt: skip
    report = post(client, [changed]).context["report"]
    assert (report.created, report.updated) == (0, 1)
    grandma.refresh_from_db()
    assert grandma.household == home(world, 2) and grandma.mobile == "13900001111" and grandma.is_owner
    stays = list(
        Residency.objects.filter(person=grandma).order_by("id").values_list("household", "moved_out_on")
    )
    assert stays == [(home(world).pk, date(2024, 1, 10)), (home(world, 2).pk, None)]
    assert Person.objects.filter(name="王秀英").count() == 1


def test_the_same_person_twice_in_one_file_is_refused_the_second_time(client, world, grid_worker):
    client.force_login(grid_worker)
    row = good_rows(world)[0]
    report = post(client, [row, dict(row, **{L.HOUSEHOLD_CODE: home(world, 1).code})]).context["report"]
    assert report.created == 1 and report.shown[0].row == 3 and "第 2 行" in report.shown[0].message


def test_all_or_nothing_writes_nothing_when_one_row_is_bad(client, world, grid_worker):
    client.force_login(grid_worker)
    before = Person.objects.count()
    rows = good_rows(world) + [{L.HOUSEHOLD_CODE: home(world).code, L.NAME: "", L.GENDER: "男"}]
    response = post(client, rows, all_or_nothing=True)
    report = response.context["report"]
    assert not report.applied and report.created == 2 and "没有导入任何数据" in response.content.decode()
    assert Person.objects.count() == before and not TagAssignment.objects.exists()
    assert AccessEntry.objects.get(action=Action.IMPORT).row_count == 0
    assert post(client, good_rows(world), all_or_nothing=True).context["report"].created == 2
    assert Person.objects.count() == before + 2


def test_a_resident_registered_outside_the_importers_scope_cannot_be_changed_by_import(
    client, world, grid_worker
):
    other = user_with_role(Role.COMMUNITY_WORKER, place=world.community_b)
    far = services.person_create(
        actor=other, household=home(world, compound=world.compound_b1), name="冯远", id_number=ID_FAR
    )
    client.force_login(grid_worker)
    report = post(
        client, [{L.HOUSEHOLD_CODE: home(world).code, L.NAME: "冯远", L.ID_NUMBER: ID_FAR}]
    ).context["report"]
    assert report.created == 0 and "管辖范围以外" in report.shown[0].message
    far.refresh_from_db()
    assert far.household == home(world, compound=world.compound_b1)


def test_an_address_shared_by_two_households_must_be_given_by_code(client, world):
    community = user_with_role(Role.COMMUNITY_WORKER, place=world.community_a)
    client.force_login(community)
    # 春晖花园 and 春晖雅苑 both have 1栋/1单元/101室: the compound name tells them apart …
    row = {
        L.COMPOUND: "春晖雅苑",
        L.BUILDING: "1栋",
        L.UNIT: "1单元",
        L.DOOR: "101室",
        L.NAME: "陈一",
        L.GENDER: "女",
    }
    assert post(client, [row]).context["report"].created == 1
    assert Person.objects.get(name="陈一").household == home(world, compound=world.compound_a2)
    # … and a door that is not there is explained.
    report = post(client, [dict(row, **{L.DOOR: "909室"})]).context["report"]
    assert report.shown[0].column == L.DOOR and "不存在" in report.shown[0].message


def test_who_may_import_and_what_a_wrong_file_gets(client, world, grid_worker):
    client.force_login(user_with_role(Role.INFORMANT, place=world.unit_of(world.compound_a1)))
    assert client.get(reverse("people:import")).status_code == 403
    client.force_login(grid_worker)
    assert client.get(reverse("people:import")).status_code == 200
    response = client.post(reverse("people:import"), {"file": _not_excel()})
    assert response.status_code == 400 and "不是 Excel" in response.content.decode()
    no_name = workbook_bytes([["x"]], headers=["备注"])
    response = client.post(reverse("people:import"), {"file": SimpleUploadedFile("b.xlsx", no_name)})
    assert response.status_code == 400 and "缺少以下列" in response.content.decode()
    assert not Person.objects.filter(name__in=["x"]).exists()


def _not_excel():
    return SimpleUploadedFile("名单.xlsx", "姓名,身份证号\n张三,1\n".encode())


def test_the_command_imports_as_a_user_and_fails_when_rows_are_bad(tmp_path, world, grid_worker):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(
        workbook_bytes(good_rows(world) + [{L.HOUSEHOLD_CODE: home(world).code, L.NAME: "缺性别"}])
    )
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import-people",
            str(path),
            "--as",
            grid_worker.phone,
            "--errors-out",
            str(tmp_path / "e.xlsx"),
            stdout=out,
        )
    text = out.getvalue()
    assert "新增 2" in text and "第 4 行" in text and "性别" in text
    assert read_sheet((tmp_path / "e.xlsx").read_bytes())[1][1] == 4
    out = StringIO()
    path.write_bytes(workbook_bytes(good_rows(world)))
    call_command("import-people", str(path), "--as", grid_worker.phone, stdout=out)
    assert "未变 2" in out.getvalue()
