from django import forms


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label="名称", max_length=100, help_text="使用该密钥的系统或单位，如：市 12345 平台、某街道小程序"
    )
    place_code = forms.CharField(
        label="辖区编码",
        max_length=24,
        help_text="该密钥只能在此地点及其下级提交诉求；只给坐标或地址描述的诉求落在此地点。默认为本区。",
    )
