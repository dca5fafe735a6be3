"""The ledger import benchmark runs at a tiny size here so that it cannot rot; no timing is asserted (the
figures for 1,000,000 rows live in docs/performance.md)."""

import pytest

from benchmarks import ledger_import
from linli.core.roles import Role
from linli.places.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_the_benchmark_generates_reads_imports_and_reimports_a_tiny_file(tmp_path, world):
    admin = user_with_role(Role.SYSTEM_ADMIN)
    codes = [h.code for homes in world.households.values() for h in homes]
    path = tmp_path / "ledger.xlsx"
    assert ledger_import.generate(path, 40, codes, bad_every=10) == 4
    result = {"rows": 40, "bad": 4, "households": len(codes), "existing": 18, "file_mb": 0.01, "load": 1.0}
    for name in ("baseline", "read-openpyxl", "read-calamine"):
        result[name] = ledger_import.step(name, path)
    assert result["read-openpyxl"]["rows"] == result["read-calamine"]["rows"] == 40
    result["import"] = ledger_import.step("import", path, phone=admin.phone)
    result["reimport"] = ledger_import.step("reimport", path, phone=admin.phone)
    assert (result["import"]["created"], result["import"]["error_rows"]) == (36, 4)
    assert (result["reimport"]["created"], result["reimport"]["unchanged"]) == (0, 36)
    text = ledger_import.render(result)
    assert "40 rows" in text and "idempotent re-import" in text and "new 36" in text
