"""The shape of the code, checked (issue "Simple to change"; README, "Architecture").

Every import between the portal's top-level packages points down the layers::

    core ← accounts ← ledger, notifications ← proposals ← screening, routing, labs
         ← insight, people, privacy ← demodata ← glab_portal (configuration)

A package imports only packages of a lower layer, and nothing but the configuration imports
the configuration. Application code (every package below, outside tests and migrations) keeps
modules to 500 lines and functions to 60, has no copied block of 8 lines or more (pylint's
duplicate-code check) and no dead code (vulture at 80% confidence, less what
``vulture_whitelist.py`` lists with a reason).
"""

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LAYERS = {
    "core": 0,
    "accounts": 1,
    "ledger": 2,
    "notifications": 2,
    "proposals": 3,
    "screening": 4,
    "routing": 4,
    "labs": 4,
    "insight": 5,
    "people": 5,
    "privacy": 5,
    "demodata": 6,
    "api": 6,
    "glab_portal": 7,
}
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(
        path
        for package in LAYERS
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    )


def _imported_packages(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & set(LAYERS)


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_layers_name_every_application_package():
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "benchmarks", "scripts"}
    assert packages == set(LAYERS)


def test_every_import_between_packages_points_down():
    upward = []
    for path in _modules():
        source = path.relative_to(ROOT).parts[0]
        for target in _imported_packages(ast.parse(path.read_text(encoding="utf-8"))):
            if target != source and LAYERS[target] >= LAYERS[source]:
                upward.append(f"{_relative(path)} imports {target}")
    assert upward == []


def test_no_module_is_longer_than_the_limit():
    long = [
        f"{_relative(path)}: {n} lines"
        for path in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert long == []


def test_no_function_is_longer_than_the_limit():
    long = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                if (n := node.end_lineno - start + 1) > MAX_FUNCTION_LINES:
                    long.append(f"{_relative(path)}:{node.lineno} {node.name}: {n} lines")
    assert long == []


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603 (fixed arguments)


def test_no_copied_block_of_application_code():
    result = _run(
        "pylint", "--disable=all", "--enable=duplicate-code", "--min-similarity-lines=8",
        "--ignore=migrations", "--score=n", *LAYERS,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_dead_code():
    result = _run(
        "vulture", *LAYERS, "vulture_whitelist.py", "--min-confidence", "80", "--exclude", "*/migrations/*"
    )
    assert result.returncode == 0, result.stdout + result.stderr


HTML_CACHE = re.compile(r"\b(pagecache|fast_url|pk_url|cached_form|entry_byline|lab_item_url)\b|\{%\s*(load\s+[\w\s]*\bcache\b|cache\s)")


def _application_files() -> list[Path]:
    return sorted(
        path
        for package in [*LAYERS, "templates"]
        for path in (ROOT / package).rglob("*")
        if path.suffix in {".py", ".html"} and "migrations" not in path.parts and path.is_file()
    )


def test_no_rendered_html_cache_or_private_template_dialect():
    """Issue 15: pages are fast on their own. No template caches fragments (``{% cache %}``),
    no code keeps a page's HTML (``pagecache``), and rows use Django's own tags, not a private
    dialect (``fast_url``, ``pk_url``, ``cached_form``, ``entry_byline``, ``lab_item_url``).
    What the caches may hold is checked at run time by the permission matrix."""
    here = Path(__file__).resolve()
    found = [
        f"{_relative(path)}:{number}"
        for path in _application_files()
        if path != here
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HTML_CACHE.search(line)
    ]
    assert not found, found
