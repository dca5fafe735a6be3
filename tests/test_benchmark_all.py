"""The one command that runs every benchmark knows every benchmark, and runs each on its database."""

import ast
from pathlib import Path

from benchmarks import all as every

BENCHMARKS = Path(every.__file__).parent


def _has_main(path: Path) -> bool:
    tree = ast.parse(path.read_text())
    return any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body)


def test_every_benchmark_with_a_main_is_a_step_of_the_one_command():
    modules = {p.stem for p in BENCHMARKS.glob("*.py") if p.stem != "all" and _has_main(p)}
    assert modules == {module.rsplit(".", 1)[1] for module, _, _ in every.STEPS.values()}


def test_postgres_steps_get_their_own_database_and_sqlite_ones_none(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://elsewhere/linli")  # never leaks into a step
    cmd, env = every.command("dashboards", postgres=True)
    assert env["DATABASE_URL"].endswith("/linli_bench_dash") and cmd[2] == "benchmarks.dashboards"
    cmd, env = every.command("intake", postgres=True)
    assert cmd[-2:] == ["--database", f"{every.POSTGRES}/linli_bench_intake"]
    cmd, env = every.command("run", postgres=True)
    assert "DATABASE_URL" not in env and cmd[-2:] == ["--scale", "district"]
    cmd, env = every.command("intake", postgres=False)
    assert cmd[-1].startswith("sqlite:///") and "DATABASE_URL" not in env
