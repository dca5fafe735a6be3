"""Forms of the ledger pages. They only parse input (types, lengths, choices); the rules — GB 11643,
consistency with birth date and gender, mobile numbers, scope — live in the services, whose
DomainError messages the views put next to the fields.

Full 身份证号 and mobile numbers are never put back into a form: the edit form leaves them empty
("留空表示不修改") and shows the masked value as a placeholder."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from .choices import Gender, OccasionKind, Relation, ResidenceType, TagTarget
from .models import Tag

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: str, *, required: bool = True, today: bool = False) -> forms.DateField:
    field = forms.DateField(label=label, required=required, widget=DATE)
    if today:
        field.initial = timezone.localdate
    return field


class PersonForm(forms.Form):
    """登记新居民 (``editing=False``) or 修改信息 (``editing=True``)."""

    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(
        label="身份证号",
        max_length=40,
        required=False,
        help_text="18位；填写后自动识别出生日期和性别",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    mobile = forms.CharField(
        label="手机号",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    gender = forms.ChoiceField(
        label="性别", choices=[("", "按身份证号识别")] + Gender.choices, required=False
    )
    birth_date = _date("出生日期", required=False)
    relation = forms.ChoiceField(label="与户主关系", choices=Relation.choices, initial=Relation.OTHER)
    residence_type = forms.ChoiceField(
        label="居住类型", choices=ResidenceType.choices, initial=ResidenceType.RESIDENT
    )
    is_owner = forms.BooleanField(label="业主", required=False)
    moved_in_on = _date("迁入日期", required=False, today=True)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, editing: bool = False, person=None, **kwargs):
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                f: getattr(person, f)
                for f in ("name", "gender", "birth_date", "relation", "residence_type", "is_owner")
            }
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["moved_in_on"]
            del self.fields["note"]
            self.fields["gender"].choices = Gender.choices
            for name, masked in (
                ("id_number", person and person.masked_id_number),
                ("mobile", person and person.masked_mobile),
            ):
                field = self.fields[name]
                field.help_text = "留空表示不修改"
                if masked:
                    field.widget.attrs["placeholder"] = masked
            self.fields["clear_mobile"] = forms.BooleanField(label="清除手机号", required=False)

    def changes(self) -> dict:
        """The service arguments: for an edit, the empty identity fields mean "unchanged"."""
        data = dict(self.cleaned_data)
        if self.editing:
            clear = data.pop("clear_mobile", False)
            for name in ("id_number", "mobile"):
                if not (data.get(name) or "").strip():
                    data.pop(name, None)
            if clear:
                data["mobile"] = ""
        return data


class MoveForm(forms.Form):
    household = forms.ChoiceField(label="迁入户")
    on = _date("迁移日期", today=True)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].choices = [("", "请选择")] + [(h.code, h.display_name) for h in households]


class MoveOutForm(forms.Form):
    on = _date("迁出日期", today=True)
    note = forms.CharField(label="去向或说明", max_length=200, required=False)


class TagForm(forms.Form):
    tag = forms.ModelChoiceField(label="标签", queryset=Tag.objects.none(), empty_label="请选择")
    since = _date("起始日期", today=True)
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, target: str = TagTarget.PERSON, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = Tag.objects.filter(is_active=True, target=target)


class TagEndForm(forms.Form):
    until = _date("结束日期", today=True)


class OccasionForm(forms.Form):
    kind = forms.ChoiceField(label="类别", choices=OccasionKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(
        label="事项", max_length=100, widget=forms.TextInput(attrs={"placeholder": "例如：婚礼、老人过世"})
    )
    on = _date("日期", today=True)
    note = forms.CharField(label="备注", max_length=300, required=False)


class RevealForm(forms.Form):
    reason = forms.CharField(
        label="查看事由",
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "例如：核实低保申请材料", "autocomplete": "off"}),
    )


def put_error(form: forms.Form, exc) -> int:
    """Show a DomainError next to its field, or at the top of the form; returns its HTTP status."""
    field = exc.field
    if field is None and "身份证号" in exc.message and "id_number" in form.fields:
        field = "id_number"  # 该身份证号已登记 …
    form.add_error(field if field in form.fields else None, exc.message)
    return exc.status_code
