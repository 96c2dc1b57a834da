"""The layers the README's architecture draws, checked on the source. Every arrow points down,
flows → claimledger → storage: `storage` imports none of `extractors`, `claimledger` and
`flows`; the library never imports `flows` (it starts flow runs through the runner `flows`
registers, `claimledger.orchestration`); the command line and the web application read and
write the ledger through the library (`claimledger.ledger` and the modules beside it), never
through `storage` or SQLAlchemy; a command module uses no other command module's helpers (only
`claimledger.cli.base`, which every command shares)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRONT_ENDS = [ROOT / "claimledger" / "cli", ROOT / "claimledger" / "web"]
# Packages only the library below the front ends may import.
BELOW_THE_LIBRARY = ("storage", "sqlalchemy")
# Packages storage may not import: everything above it, and the extractors beside it.
NOT_FROM_STORAGE = ("extractors", "claimledger", "flows")
SHARED_CLI_MODULE = "claimledger.cli.base"


def imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) of every import in a file, `from x import y` giving `x` and `x.y`."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            for alias in node.names:
                yield node.lineno, f"{node.module}.{alias.name}"


def front_end_files() -> list[Path]:
    files = sorted(path for folder in FRONT_ENDS for path in folder.rglob("*.py"))
    assert len(files) > 10, "the front ends moved: update FRONT_ENDS"
    return files


def test_the_cli_and_the_web_application_never_import_storage_or_sqlalchemy() -> None:
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in front_end_files()
        for line, module in imported_modules(path)
        if module.split(".")[0] in BELOW_THE_LIBRARY
    ]
    assert offending == []


def python_files(folder: str) -> list[Path]:
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, f"{folder} moved"
    return files


def test_storage_imports_nothing_above_it_nor_the_extractors() -> None:
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in python_files("storage")
        for line, module in imported_modules(path)
        if module.split(".")[0] in NOT_FROM_STORAGE
    ]
    assert offending == []


def test_the_library_never_imports_flows() -> None:
    """Flow runs start through `claimledger.orchestration.flow_runner`, which loads the runner
    the flows package registers (an entry point), so the arrow keeps pointing down."""
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in python_files("claimledger")
        for line, module in imported_modules(path)
        if module.split(".")[0] == "flows"
    ]
    assert offending == []


def test_the_registered_flow_runner_is_the_flows_package() -> None:
    from claimledger.orchestration import flow_runner
    from flows.runner import RUNNER

    assert flow_runner() is RUNNER


def test_command_modules_share_helpers_only_through_cli_base() -> None:
    commands = ROOT / "claimledger" / "cli"
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted(commands.glob("*.py"))
        if path.name not in ("__init__.py", "base.py")
        for line, module in imported_modules(path)
        if module.startswith("claimledger.cli")
        and not module.startswith(SHARED_CLI_MODULE)
        and module != "claimledger.cli"
    ]
    assert offending == []


def test_the_check_sees_an_import_of_storage(tmp_path: Path) -> None:
    """The parser the checks rely on finds each way of writing an import."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import storage.db\nfrom storage import reads\nfrom sqlalchemy.orm import Session\n"
        "def f():\n    from storage.models import Article\n"
    )
    found = [module for _, module in imported_modules(sample)]
    assert {"storage.db", "storage", "sqlalchemy.orm", "storage.models"} <= set(found)


# The writes that make a version and those that keep a run's record, each owned by one module:
# every workflow stores pages through `claimledger.store` and records runs through
# `claimledger.runs` (their behaviour is shown in tests/test_store_path.py).
OWNED_WRITES = {
    "claimledger/store.py": {
        "article_store.add_first_versions",
        "article_store.add_version",
        "article_store.create_articles",
        "article_store.ensure_article",
        "article_store.store_captures",
    },
    "claimledger/runs.py": {
        "run_store.abandon_stale_runs",
        "run_store.beat",
        "run_store.finish_run",
        "run_store.start_run",
    },
}
STORAGE_MODULES = {"article_store", "run_store"}


def storage_writes_used(path: Path) -> set[str]:
    """`module.name` of the storage writers a file uses, as `module.name` or imported from
    `storage.module`."""
    used = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in STORAGE_MODULES
        ):
            used.add(f"{node.value.id}.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module in {
            f"storage.{module}" for module in STORAGE_MODULES
        }:
            module = node.module.removeprefix("storage.")
            used.update(f"{module}.{alias.name}" for alias in node.names)
    return used


def test_versions_and_runs_are_written_by_one_module_each() -> None:
    library = sorted(
        path for folder in ("claimledger", "flows") for path in (ROOT / folder).rglob("*.py")
    )
    offending = [
        f"{path.relative_to(ROOT)} uses {name}, which only {owner} may"
        for path in library
        for owner, names in OWNED_WRITES.items()
        if path.relative_to(ROOT).as_posix() != owner
        for name in sorted(storage_writes_used(path) & names)
    ]
    assert offending == []
    for owner, names in OWNED_WRITES.items():
        assert names <= storage_writes_used(ROOT / owner), f"{owner} moved: update OWNED_WRITES"


# The size a module may reach before it says more than one thing (migrations aside).
MAX_MODULE_LINES = 450


def test_no_module_of_storage_or_the_library_is_over_450_lines() -> None:
    offending = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for folder in ("storage", "claimledger")
        for path in python_files(folder)
        if "migrations" not in path.parts
        and (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert offending == []
