from django import forms

from .choices import EmergencyKind, Level, Template


class DeclareForm(forms.Form):
    title = forms.CharField(
        label="事件名称",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "例如：台风“海葵”防御"}),
    )
    kind = forms.ChoiceField(label="类别", choices=EmergencyKind.choices)
    level = forms.TypedChoiceField(label="响应级别", choices=Level.choices, coerce=int, initial=Level.IV)
    place = forms.ChoiceField(label="响应范围")
    templates = forms.MultipleChoiceField(
        label="任务",
        choices=Template.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Template.NOTIFY_ALL, Template.CHECK_VULNERABLE],
    )
    reach_minutes = forms.IntegerField(label="限时（分钟）", min_value=10, max_value=72 * 60, initial=180)
    instructions = forms.CharField(label="告知内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_drill = forms.BooleanField(label="这是演练", required=False)

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(p.code, p.name) for p in places]
