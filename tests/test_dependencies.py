"""Every third-party import is a declared dependency, and every declared one is in the lock."""

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNTIME = [
    *("core", "catalog", "news", "search", "web", "media", "console", "bulk", "enquiries"),
    "migrations",
    *("app.py", "wsgi.py", "gunicorn.conf.py"),
]
DEVELOPMENT = ["tests", "bench"]
PINNED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==", re.MULTILINE)


def canonical(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    """The distribution a requirement string names (`flask-limiter[redis]>=4` -> flask-limiter)."""
    match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert match, requirement
    return canonical(match.group())


def declared() -> tuple[set[str], set[str]]:
    """Runtime and development distributions named in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {requirement_name(r) for r in project["dependencies"]}
    development = {requirement_name(r) for r in project["optional-dependencies"]["dev"]}
    return runtime, development


def python_files(paths: list[str]) -> list[Path]:
    """The project's Python files under `paths`."""
    files = []
    for name in paths:
        path = ROOT / name
        files.extend([path] if path.is_file() else sorted(path.rglob("*.py")))
    return files


def project_modules() -> set[str]:
    """Names the project's own files and packages import each other by (bench scripts too)."""
    names = set()
    for path in python_files(RUNTIME + DEVELOPMENT):
        names.add(path.stem)
        names.update(path.relative_to(ROOT).parts[:-1])
    return names


def imported_modules(files: list[Path]) -> dict[str, set[str]]:
    """Top-level modules imported by absolute imports in `files`, each with its importers."""
    found: dict[str, set[str]] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                found.setdefault(module.partition(".")[0], set()).add(str(path.relative_to(ROOT)))
    return found


def third_party(files: list[Path]) -> dict[str, set[str]]:
    """The imports in `files` that are neither the standard library nor the project."""
    own = project_modules() | set(sys.stdlib_module_names)
    return {m: where for m, where in imported_modules(files).items() if m not in own}


def undeclared(files: list[Path], allowed: set[str]) -> list[str]:
    """Each import in `files` whose installed distribution is not in `allowed`, with its files."""
    distributions = packages_distributions()
    problems = []
    for module, where in sorted(third_party(files).items()):
        providers = {canonical(d) for d in distributions.get(module, [])}
        if not providers & allowed:
            names = ", ".join(sorted(providers)) or "no installed distribution"
            problems.append(f"{module} ({names}) imported by {', '.join(sorted(where))}")
    return problems


def test_the_application_imports_only_its_runtime_dependencies():
    runtime, _ = declared()
    assert undeclared(python_files(RUNTIME), runtime) == []


def test_tests_and_benchmarks_import_only_declared_dependencies():
    runtime, development = declared()
    assert undeclared(python_files(DEVELOPMENT), runtime | development) == []


def test_the_scan_sees_the_imports_it_checks():
    # Guards the two tests above against passing because the scan found nothing.
    modules = third_party(python_files(RUNTIME + DEVELOPMENT))
    assert {"flask", "sqlalchemy", "whoosh", "yaml", "apispec", "lxml", "pytest"} <= set(modules)
    assert not {"core", "os", "loopback", "tests"} & set(modules)


def test_every_declared_dependency_is_pinned_in_the_lock_file():
    runtime, development = declared()
    pinned = {canonical(name) for name in PINNED.findall((ROOT / "requirements.lock").read_text())}
    assert sorted((runtime | development) - pinned) == [], "run `make lock`"
