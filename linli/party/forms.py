"""Data-entry forms for party records. Choices come from the user's scope (passed in by the view); the
services re-check everything, so a forged choice only ever earns a Chinese error."""

from django import forms

from .choices import ActivityKind, MemberStatus, OrgLevel, OrgType, RecordKind, SeatKind, UnitKind

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


def _places(places):
    return [(p.code, p.display_name) for p in places]


class OrgForm(forms.Form):
    name = forms.CharField(label="组织名称", max_length=80)
    level = forms.TypedChoiceField(label="层级", choices=OrgLevel.choices, coerce=int)
    org_type = forms.ChoiceField(label="类型", choices=OrgType.choices, initial=OrgType.ENTITY)
    parent = forms.TypedChoiceField(label="上级组织", coerce=int, required=False, empty_value=None)
    covers = forms.MultipleChoiceField(
        label="覆盖范围（选多个小区即为联合组建）", widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, parents=(), places=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "（街道大工委不填）"), *[(o.pk, o.name) for o in parents]]
        self.fields["covers"].choices = _places(places)
        if editing:
            del self.fields["level"], self.fields["parent"]


class MemberForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    status = forms.ChoiceField(label="状态", choices=MemberStatus.choices)
    home = forms.ChoiceField(label="居住小区")
    held_at = forms.TypedChoiceField(
        label="组织关系所在（平台内）", coerce=int, required=False, empty_value=None
    )
    held_elsewhere = forms.CharField(
        label="组织关系所在（平台外，如：区直机关党委）", max_length=80, required=False
    )
    floating_where = forms.CharField(
        label="流动去向或来源（流动党员必填）",
        max_length=80,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "例如：外出务工至广东省深圳市"}),
    )
    floating_since = forms.DateField(label="流动开始日期", required=False, **DATE)

    def __init__(self, *args, homes=(), orgs=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].choices = _places(homes)
        self.fields["held_at"].choices = [("", "（平台外或未知）"), *[(o.pk, o.name) for o in orgs]]
        if editing:
            del self.fields["home"], self.fields["held_at"], self.fields["held_elsewhere"]


class TransferForm(forms.Form):
    to_org = forms.TypedChoiceField(label="转入组织（平台内）", coerce=int, required=False, empty_value=None)
    to_external = forms.CharField(label="或：转入平台外组织", max_length=80, required=False)
    from_external = forms.CharField(label="转出组织（组织关系在平台外时填写）", max_length=80, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].choices = [("", "（选择）"), *[(o.pk, o.name) for o in orgs]]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=ActivityKind.choices)
    title = forms.CharField(label="内容", max_length=120)
    held_on = forms.DateField(label="日期", **DATE)
    member = forms.TypedChoiceField(label="带头党员（可选）", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "（不指定）"), *[(m.pk, m.name) for m in members]]


class BodyForm(forms.Form):
    place = forms.ChoiceField(label="所在地")
    name = forms.CharField(label="名称（不填按所在地生成）", max_length=80, required=False)
    formed_on = forms.DateField(label="成立日期", required=False, **DATE)
    term_start = forms.DateField(label="本届开始", required=False, **DATE)
    term_end = forms.DateField(label="本届届满", required=False, **DATE)
    office_phone = forms.CharField(label="办公电话（公开）", max_length=20, required=False)

    def __init__(self, *args, places=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].choices = _places(places)
        if editing:
            del self.fields["place"]
            self.fields["name"].required = True
            self.fields["name"].label = "名称"


class SeatForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    role = forms.CharField(
        label="职务", max_length=40, widget=forms.TextInput(attrs={"placeholder": "例如：委员"})
    )
    duty = forms.CharField(label="分工", max_length=120, required=False)
    seat_kind = forms.ChoiceField(label="席位（支部班子）", choices=SeatKind.choices, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    phone_is_office = forms.BooleanField(label="办公电话（可公开）", required=False)
    is_party_member = forms.BooleanField(label="党员", required=False)
    term_start = forms.DateField(label="任职开始", required=False, **DATE)

    def __init__(self, *args, branch=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not branch:
            del self.fields["seat_kind"]


class SeatEndForm(forms.Form):
    on = forms.DateField(label="离任日期", **DATE)


class AgreementForm(forms.Form):
    compound = forms.ChoiceField(label="小区（党支部）")
    unit_name = forms.CharField(label="共建单位名称", max_length=80)
    unit_kind = forms.ChoiceField(label="单位类别", choices=UnitKind.choices)
    signed_on = forms.DateField(label="签订日期", **DATE)
    commitments = forms.CharField(
        label="共建承诺（资源清单、项目清单）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "例如：每季度组织一次义诊；捐建小区休闲长廊。"}
        ),
    )

    def __init__(self, *args, compounds=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["compound"].choices = [
            (f"{b.pk}:{c.code}", f"{c.name}（{b.name}）") for b, c in compounds
        ]
        if editing:
            del self.fields["compound"], self.fields["unit_name"], self.fields["unit_kind"]


class RecordForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=RecordKind.choices)
    title = forms.CharField(label="内容", max_length=120)
    held_on = forms.DateField(label="日期", **DATE)
