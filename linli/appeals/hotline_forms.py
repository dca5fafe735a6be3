"""Forms of the 12345 exchange page: upload, column mapping, export."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone

from . import hotline_sheet as S

_DATE = {"type": "date"}


class UploadForm(forms.Form):
    file = forms.FileField(
        label="12345 工单文件（.xlsx 或 .csv）",
        error_messages={"required": "请选择要导入的文件。", "empty": "文件是空的，请选择 12345 工单文件。"},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )


class MappingForm(forms.Form):
    """One drop-down per field with the file's headers; the required fields must be chosen."""

    token = forms.CharField(widget=forms.HiddenInput)
    all_or_nothing = forms.BooleanField(label="全部成功才导入（任一行有错则不导入）", required=False)

    def __init__(self, *args, headers: list[str], initial_mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "（文件中没有此列）")] + [(h, h) for h in dict.fromkeys(h for h in headers if h)]
        for i, field in enumerate(S.FIELDS):
            need, help_text = S.HELP[field]
            self.fields[f"map_{i}"] = forms.ChoiceField(
                label=field,
                choices=choices,
                required=field in S.REQUIRED,
                initial=initial_mapping.get(field, ""),
                help_text=f"{need}：{help_text}",
                error_messages={"required": f"请选择文件中哪一列是“{field}”。"},
            )

    def mapping_fields(self):
        return [self[f"map_{i}"] for i in range(len(S.FIELDS))]

    def mapping(self) -> dict[str, str]:
        return {field: self.cleaned_data.get(f"map_{i}") or "" for i, field in enumerate(S.FIELDS)}


class ExportForm(forms.Form):
    FORMATS = [("xlsx", "Excel（.xlsx）"), ("csv", "CSV（UTF-8）")]

    start = forms.DateField(label="开始日期", widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))
    end = forms.DateField(label="结束日期", widget=forms.DateInput(attrs=_DATE, format="%Y-%m-%d"))
    format = forms.ChoiceField(label="格式", choices=FORMATS, initial="xlsx", widget=forms.RadioSelect)
    full_contact = forms.BooleanField(label="导出完整联系方式", required=False)
    reason = forms.CharField(
        label="导出完整联系方式的理由",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "例如：向 12345 平台报送回访结果"}),
    )

    def __init__(self, *args, may_full_contact: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["start"].initial = today.replace(day=1) if today.day > 1 else today - timedelta(days=30)
        self.fields["end"].initial = today
        if not may_full_contact:
            del self.fields["full_contact"]
            del self.fields["reason"]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "结束日期不能早于开始日期。")
        if data.get("full_contact") and len((data.get("reason") or "").strip()) < 4:
            self.add_error("reason", "导出完整联系方式须写明理由（至少 4 个字）。")
        return data
