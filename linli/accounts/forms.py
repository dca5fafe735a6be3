import re
import unicodedata

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from linli.core.roles import Role


class PhoneLoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "手机号码或密码不正确，请重新输入。",
        "inactive": "该账号已停用，请联系所在社区。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "手机号码"
        self.fields["username"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "username"})
        self.fields["password"].label = "密码"

    def clean(self):
        """Refuse while the account or the address is locked; record every attempt."""
        from django.core.exceptions import ValidationError

        from . import security

        phone = (self.cleaned_data.get("username") or "").strip()
        ip = security.client_ip(self.request) if self.request is not None else None
        until = security.locked_until(phone=phone, ip=ip)
        if until is not None:
            raise ValidationError(security.lock_message(until), code="locked")
        try:
            data = super().clean()
        except ValidationError:
            security.record_attempt(phone=phone, ip=ip, succeeded=False)
            raise
        security.record_attempt(phone=phone, ip=ip, succeeded=True)
        return data


class CodeForm(forms.Form):
    """The 6-digit code of the authenticator app (two-factor log-in and enrolment)."""

    code = forms.CharField(
        label="动态验证码",
        max_length=12,
        error_messages={"required": "请输入6位动态验证码。", "max_length": "动态验证码是6位数字。"},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9]*",
                "autofocus": True,
                "placeholder": "6位数字",
            }
        ),
    )

    def clean_code(self):
        # Full-width digits from a Chinese input method count; spaces ("123 456") are dropped.
        code = "".join(unicodedata.normalize("NFKC", self.cleaned_data["code"]).split())
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError("动态验证码是6位数字。")
        return code


class GrantForm(forms.Form):
    phone = forms.CharField(label="手机号码", max_length=11)
    name = forms.CharField(label="姓名（新账号必填）", max_length=50, required=False)
    role = forms.ChoiceField(label="角色", choices=())
    scope_code = forms.CharField(
        label="负责范围编码",
        max_length=24,
        required=False,
        help_text="地点编码（如小区、楼栋）或网格编码；系统管理员可留空表示全平台。",
    )
    scope_kind = forms.ChoiceField(
        label="范围类型", choices=[("place", "地点"), ("grid", "网格")], initial="place"
    )
    valid_from = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, roles: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles or [("", "（您无权任命角色）")]


class AssignmentFilterForm(forms.Form):
    q = forms.CharField(label="姓名或手机号", required=False)
    role = forms.ChoiceField(label="角色", required=False, choices=[("", "全部角色"), *Role.choices])
    include_ended = forms.BooleanField(label="含已免去", required=False)
