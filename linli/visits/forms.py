from django import forms

from linli.appeals.choices import AppealType
from linli.appeals.forms import MultipleImageField

from .choices import ContactReason, HazardCategory, Outcome, VisitKind


class VisitForm(forms.Form):
    """记录走访: one tap with the defaults (月度走访, 见到本人)."""

    kind = forms.ChoiceField(label="走访类型", choices=VisitKind.choices, initial=VisitKind.MONTHLY)
    reason = forms.ChoiceField(
        label="四必联事由", choices=[("", "（非四必联不填）"), *ContactReason.choices], required=False
    )
    outcome = forms.ChoiceField(
        label="走访结果", choices=Outcome.choices, initial=Outcome.MET, widget=forms.RadioSelect
    )
    person = forms.ChoiceField(label="见到的居民", required=False)
    notes = forms.CharField(
        label="走访情况",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "例如：身体不错，子女每周回来看望。"}),
    )
    needs_found = forms.CharField(
        label="发现的需求",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "例如：楼道灯坏了，老人晚上下楼不方便。"}),
    )
    to_appeal = forms.BooleanField(label="把需求转为诉求（社区即时受理）", required=False)
    appeal_type = forms.ChoiceField(
        label="诉求类型", choices=AppealType.choices, initial=AppealType.HELP, required=False
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "（不指定）"), *[(str(p.pk), p.name) for p in people]]


class PatrolForm(forms.Form):
    grid = forms.ChoiceField(label="巡查网格")
    notes = forms.CharField(label="巡查情况", required=False, max_length=500)
    issues_found = forms.CharField(label="发现问题（可选）", required=False, max_length=500)
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

    def __init__(self, *args, grids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].choices = [(g.code, g.name) for g in grids]


class HazardForm(forms.Form):
    place = forms.ChoiceField(label="隐患地点")
    category = forms.ChoiceField(label="隐患类别", choices=HazardCategory.choices)
    address = forms.CharField(
        label="具体位置（可选）",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "例如：3栋1单元一楼楼梯间"}),
    )
    description = forms.CharField(
        label="隐患描述",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "例如：一楼楼梯间停放电动车并拉线充电。"}),
    )
    deadline = forms.DateField(
        label="整改期限（可选，不填按类别默认）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    photos = MultipleImageField(label="照片（最多 9 张）")

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(p.code, p.display_name) for p in places]
