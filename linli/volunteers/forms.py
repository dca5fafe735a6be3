from django import forms

from .choices import TeamKind, VolunteerKind


class ActivityForm(forms.Form):
    title = forms.CharField(label="活动名称", max_length=100)
    place = forms.ChoiceField(label="所在社区/小区")
    team = forms.ChoiceField(label="服务队", required=False)
    location = forms.CharField(label="集合地点", max_length=100, required=False)
    starts_at = forms.DateTimeField(
        label="开始时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label="结束时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    capacity = forms.IntegerField(label="名额", min_value=1, max_value=10000, initial=10)
    points_cap = forms.IntegerField(label="本活动积分上限", min_value=0, max_value=100, required=False)
    description = forms.CharField(label="活动内容", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, places=(), teams=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(p.code, p.name) for p in places]
        self.fields["team"].choices = [("", "（不限）"), *[(str(t.pk), t.name) for t in teams]]


class RegisterForm(forms.Form):
    phone = forms.RegexField(
        label="手机号（平台账号）", regex=r"^1[3-9]\d{9}$", error_messages={"invalid": "请输入11位手机号。"}
    )
    place = forms.ChoiceField(label="服务社区/小区")
    kind = forms.ChoiceField(label="类别", choices=VolunteerKind.choices)
    occupation = forms.CharField(label="职业（兼职网格员填写）", max_length=30, required=False)
    grid = forms.ChoiceField(label="兼职微网格", required=False)
    skills = forms.CharField(label="特长", max_length=200, required=False)
    availability = forms.CharField(label="可服务时间", max_length=100, required=False)

    def __init__(self, *args, places=(), grids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(p.code, p.name) for p in places]
        self.fields["grid"].choices = [("", "（不是兼职网格员）"), *[(g.code, g.name) for g in grids]]


class TeamForm(forms.Form):
    name = forms.CharField(label="队伍名称", max_length=50)
    kind = forms.ChoiceField(label="服务类别", choices=TeamKind.choices)
    place = forms.ChoiceField(label="所属社区/小区")

    def __init__(self, *args, places=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = [(p.code, p.name) for p in places]
