from django import forms

from .choices import ChoiceMode, Matter, PollKind, VoterUnit


class PollForm(forms.Form):
    """发起表决: an opinion poll (意见征询) or a 业主大会 vote."""

    kind = forms.ChoiceField(
        label="类型", choices=PollKind.choices, initial=PollKind.OPINION, widget=forms.RadioSelect
    )
    place = forms.ChoiceField(label="范围")
    title = forms.CharField(label="标题", max_length=120)
    description = forms.CharField(
        label="说明", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    matter = forms.ChoiceField(
        label="表决事项（业主大会，民法典第二百七十八条）",
        choices=[("", "—"), *Matter.choices],
        required=False,
    )
    options = forms.CharField(
        label="选项（每行一个；业主大会固定为 同意 / 反对 / 弃权）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "赞成\n反对"}),
    )
    choice_mode = forms.ChoiceField(label="选择方式", choices=ChoiceMode.choices, initial=ChoiceMode.SINGLE)
    max_choices = forms.IntegerField(label="多选时最多可选", required=False, min_value=2, max_value=20)
    voter_unit = forms.ChoiceField(
        label="计票单位",
        choices=[
            (VoterUnit.HOUSEHOLD, VoterUnit.HOUSEHOLD.label),
            (VoterUnit.PERSON, VoterUnit.PERSON.label),
        ],
        initial=VoterUnit.HOUSEHOLD,
    )
    secret = forms.BooleanField(label="无记名投票（选票与投票人不关联）", required=False)
    hide_results = forms.BooleanField(label="投票结束前不公布结果", required=False)
    closes_at = forms.DateTimeField(
        label="计划截止时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    subject_label = forms.CharField(label="关联事项（可选）", required=False, max_length=200)
    subject_url = forms.CharField(label="关联事项链接（可选）", required=False, max_length=300)

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(p.code, p.display_name) for p in places]

    def option_lines(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data.get("options", "").splitlines() if line.strip()]
