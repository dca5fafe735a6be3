from django import forms

from .choices import AppealType, Channel, Satisfaction
from .services.intake import STAFF_CHANNELS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Up to 9 photos in one input (the service checks count, size and type)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleImageField, self).clean(item, initial) for item in items]


class ReportForm(forms.Form):
    """The resident's phone page."""

    appeal_type = forms.ChoiceField(label="这是", choices=AppealType.choices, initial=AppealType.HELP)
    place = forms.ChoiceField(label="发生在哪里")
    text = forms.CharField(
        label="遇到了什么事",
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": "例如：3栋2单元楼道灯坏了一周，晚上很黑，老人上下楼不安全。"}
        ),
        max_length=2000,
    )
    address = forms.CharField(
        label="具体位置（可选）",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "例如：东门停车场、3栋楼下花坛"}),
    )
    latitude = forms.DecimalField(
        required=False, min_value=-90, max_value=90, max_digits=9, decimal_places=6, widget=forms.HiddenInput
    )
    longitude = forms.DecimalField(
        required=False,
        min_value=-180,
        max_value=180,
        max_digits=9,
        decimal_places=6,
        widget=forms.HiddenInput,
    )
    photos = MultipleImageField(label="照片（最多 9 张）")
    is_public = forms.BooleanField(label="让本小区邻居也能看到（不显示您的姓名）", required=False)

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(p.code, p.display_name) for p in places]


class StaffIntakeForm(forms.Form):
    """代办 and other staff channels: recorded on a resident's behalf, received at once."""

    channel = forms.ChoiceField(
        label="渠道",
        choices=[(c, label) for c, label in Channel.choices if c in STAFF_CHANNELS],
        initial=Channel.ON_BEHALF,
    )
    appeal_type = forms.ChoiceField(label="类型", choices=AppealType.choices, initial=AppealType.HELP)
    category = forms.ChoiceField(label="分类", required=False)
    place_code = forms.CharField(
        label="地点编码", max_length=24, help_text="住户、楼栋或小区的编码（可在“地点”页面查到）"
    )
    title = forms.CharField(label="标题", max_length=80, required=False)
    text = forms.CharField(label="诉求内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=2000)
    reporter_name = forms.CharField(label="诉求人姓名", max_length=50, required=False)
    reporter_phone = forms.CharField(label="诉求人电话", max_length=20, required=False)
    photos = MultipleImageField(label="照片（最多 9 张）")

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "（稍后分类）")] + [(c.code, str(c)) for c in categories]


class RateForm(forms.Form):
    satisfaction = forms.ChoiceField(label="满意度", choices=Satisfaction.choices, widget=forms.RadioSelect)
    resolved = forms.TypedChoiceField(
        label="问题解决了吗",
        choices=[("1", "已解决"), ("0", "未解决")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="留言", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
