from django import forms


class PlaceImportForm(forms.Form):
    file = forms.FileField(
        label="Excel 文件（.xlsx）",
        error_messages={"required": "请选择要导入的文件。", "empty": "文件是空的，请选择填好的 Excel 文件。"},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
    all_or_nothing = forms.BooleanField(label="全部成功才导入（任一行有错则不导入）", required=False)
