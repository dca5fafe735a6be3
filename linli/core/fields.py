"""A model field that stores personal information encrypted (see core.crypto).

Python code reads and assigns plaintext; the database holds ``v1:<key id>:<base64>`` only. Encryption
happens where Django turns a value into a saved column (``get_db_prep_save``: ``save()``, ``create()``,
``bulk_create()``, ``update()``, ``bulk_update()``), decryption when a row is read (``from_db_value``,
also for ``values()``). Lookups are *not* encrypted: ``filter(field__startswith="v1:k1:")`` compares
ciphertext, which is what key rotation needs, and an equality filter on plaintext can never match (the
nonce is random) — search through the companion ``<name>_hash`` column maintained by the services.
"""

from django.db import models

from . import crypto


class EncryptedCharField(models.CharField):
    description = "加密存储的短文本"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)  # the ciphertext: ~80 characters for an 18-character value
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)  # never in a ModelForm or the admin by accident
        super().__init__(*args, **kwargs)

    @property
    def context(self) -> str:
        """The associated data: ``people.person.id_number`` — a ciphertext belongs to one field."""
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return crypto.decrypt(value, context=self.context)

    def get_db_prep_save(self, value, connection):
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value), context=self.context)

    def value_to_string(self, obj):
        # dumpdata would otherwise write plaintext to a file; an export of personal information goes
        # through the audited services instead.
        return ""
