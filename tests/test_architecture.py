"""The architecture's rules, checked: layers without circles, small units, module-level own imports."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "trendlab"
MODULES = sorted(PKG.rglob("*.py"))
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def _functions(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def _body_lines(fn) -> int:
    """Lines of a function without its docstring."""
    body = fn.body
    first = body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        if len(body) == 1:
            return 0
        first = body[1]
    return fn.end_lineno - first.lineno + 1


def test_import_linter_contracts_hold():
    exe = Path(sys.executable).with_name("lint-imports")
    p = subprocess.run([str(exe)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-2000:]
    assert "2 kept, 0 broken" in p.stdout


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_module_is_small_and_imports_its_own_modules_at_the_top(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{path.name}: split it by concept"
    tree = ast.parse(text)
    for fn in _functions(tree):
        assert _body_lines(fn) <= MAX_FUNCTION_LINES, f"{path.name}:{fn.lineno} {fn.name} is too long"
        for node in ast.walk(fn):
            if isinstance(node, ast.ImportFrom):
                own = node.level > 0 or (node.module or "").startswith("trendlab")
                assert not own, f"{path.name}:{node.lineno}: import trendlab's own modules at the top"
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("trendlab") for a in node.names), f"{path.name}:{node.lineno}"


def test_the_rules_catch_a_violation(tmp_path):
    """The checks above can fail: a long function with an own import inside is caught."""
    src = "def f():\n    from .errors import InputError\n" + "    x = 1\n" * 90
    fn = next(_functions(ast.parse(src)))
    assert _body_lines(fn) > MAX_FUNCTION_LINES
    assert any(isinstance(n, ast.ImportFrom) and n.level > 0 for n in ast.walk(fn))
