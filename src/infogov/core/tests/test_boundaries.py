"""Shared machinery lives in core: no app borrows another app's machinery, and core
imports no domain app (it finds their parts through registries such as `importers`)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_APPS = {
    "assets",
    "incidents",
    "plans",
    "records",
    "registrations",
    "requests",
    "risks",
    "training",
}
# What one domain app may use of another: its data (models and their choices).
SHARED_MODULES = {"models", "choices"}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names)
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names)
    return found


def _sources(app: str) -> list[Path]:
    return [
        p
        for p in (ROOT / app).rglob("*.py")
        if "tests" not in p.parts and "migrations" not in p.parts
    ]


def test_no_domain_app_imports_another_apps_machinery() -> None:
    problems = []
    for app in sorted(DOMAIN_APPS):
        for path in _sources(app):
            for line, module in _imports(path):
                parts = module.split(".")
                if len(parts) < 3 or parts[0] != "infogov" or parts[1] not in DOMAIN_APPS:
                    continue
                other, submodule = parts[1], parts[2]
                if other == app or submodule in SHARED_MODULES:
                    continue
                if submodule == "demo" and path.name == "demo.py":
                    continue  # one app's demo data builds on another's
                problems.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_core_imports_no_domain_app() -> None:
    problems = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _sources("core")
        for line, module in _imports(path)
        if module.split(".")[:2][-1] in DOMAIN_APPS and module.startswith("infogov.")
    ]
    assert not problems, "\n".join(problems)
