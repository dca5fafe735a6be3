from django import forms

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class CandidateForm(forms.Form):
    body = forms.TypedChoiceField(label="拟任组织", coerce=int)
    name = forms.CharField(label="候选人姓名", max_length=40)
    is_party_member = forms.BooleanField(label="党员", required=False)
    intro = forms.CharField(
        label="基本情况",
        required=False,
        max_length=1000,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "例如：退休教师，热心小区事务，无欠缴物业费。"}
        ),
    )

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(b.pk, f"{b.name}") for b in bodies]


class RejectForm(forms.Form):
    reason = forms.CharField(label="不通过原因", max_length=200)


class TalkForm(forms.Form):
    talk_on = forms.DateField(label="谈话日期", **DATE)
    talk_note = forms.CharField(label="谈话记录", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
