from django import forms

from ..choices import ResidenceType

STATUS_CHOICES = [("current", "在住"), ("moved_out", "已迁出"), ("all", "全部")]


class LedgerImportForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        error_messages={"required": "请选择要导入的文件。", "empty": "文件是空的，请选择填好的 Excel 文件。"},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
    all_or_nothing = forms.BooleanField(label="全部成功才导入（任一行有错则不导入）", required=False)


class LedgerExportForm(forms.Form):
    """The ledger page's filters (same names as its query string), plus full values and their reason."""

    place = forms.CharField(label="范围（地点编码）", required=False, max_length=24)
    tag = forms.CharField(label="标签", required=False, max_length=32)
    type = forms.ChoiceField(
        label="居住类型", required=False, choices=[("", "全部")] + list(ResidenceType.choices)
    )
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_CHOICES)
    q = forms.CharField(label="姓名、身份证号或手机号", required=False, max_length=50)
    full = forms.BooleanField(label="导出完整身份证号和手机号", required=False)
    reason = forms.CharField(
        label="导出完整信息的事由", required=False, max_length=200, widget=forms.TextInput(attrs={"size": 50})
    )

    def __init__(self, *args, may_full: bool = False, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].widget = forms.Select(choices=[("", "全部")] + [(t.code, t.name) for t in tags])
        if not may_full:
            del self.fields["full"]
            del self.fields["reason"]
