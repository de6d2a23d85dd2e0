"""The package's layers: every import of the package, at the top of a module or inside a function,
goes down (or across one layer), never up, and no set of modules imports itself round a circle.

From the bottom: the fixed facts, errors and paths; ``data``; ``analysis`` (pure: no input or output,
no figures); ``figures``; ``report``; ``book``; then the command line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pairing.paths import ROOT

PACKAGE = ROOT / "src" / "pairing"
LAYERS = {"facts": 0, "errors": 0, "paths": 0, "data": 1, "analysis": 2, "figures": 3, "report": 4, "book": 5,
          "__main__": 6}
#: What a pure computation may not touch.
NOT_IN_ANALYSIS = ("matplotlib", "myst_nb", "IPython", "requests", "pooch", "sphinx")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS["__main__"] if len(parts) == 1 else LAYERS[parts[1]]  # the package itself: the top


def imports(path: Path) -> list[tuple[str, int]]:
    """Every module of the package ``path`` imports (with the line), wherever the import sits."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names if alias.name.split(".")[0] == "pairing"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                raise AssertionError(f"{path}:{node.lineno}: the package imports itself by absolute names")
            if (node.module or "").split(".")[0] != "pairing":
                continue
            for alias in node.names:  # "from pairing.data import geo" imports the module pairing.data.geo
                candidate = f"{node.module}.{alias.name}"
                found.append((candidate if module_path(candidate) else node.module, node.lineno))
    return found


def module_path(module: str) -> Path | None:
    base = PACKAGE.parent.joinpath(*module.split("."))
    return next((p for p in (base.with_suffix(".py"), base / "__init__.py") if p.exists()), None)


def third_party(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names} | {
        (node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {name: {target for target, _ in imports(path) if target != name} for name, path in MODULES.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The circles of a directed graph (each strongly connected part of more than one module)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_the_walk_finds_circles_and_upward_imports():
    # The checks below can fail: a circle and an upward import they must catch.
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer("pairing.data.panel") < layer("pairing.report.prose")
    assert GRAPH["pairing.report.ledger"] >= {"pairing.analysis.claims"}


def test_no_module_imports_itself_round_a_circle():
    # A package's __init__ counts as a module: pairing.data's gives the loaders, so a data module
    # that imported pairing.data would close a circle.
    assert cycles(GRAPH) == []


@pytest.mark.parametrize("name", MODULES)
def test_no_layer_imports_a_layer_above_it(name):
    above = sorted(f"{target} (line {line})" for target, line in imports(MODULES[name])
                   if target in MODULES and layer(target) > layer(name))
    assert not above, f"{name} (layer {layer(name)}) imports from above: {above}"


@pytest.mark.parametrize("name", [n for n in MODULES if n.startswith("pairing.analysis.")])
def test_the_analysis_is_pure(name):
    touched = third_party(MODULES[name]) & set(NOT_IN_ANALYSIS)
    assert not touched, f"{name} is a pure computation but imports {sorted(touched)}"


def test_the_package_declares_exactly_what_it_imports():
    import re
    import sys
    import tomllib
    from importlib import metadata

    declared = {re.split(r"[<>=!~;\[ ]", d)[0].lower()
                for d in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]}
    owners = metadata.packages_distributions()
    imported = set().union(*(third_party(path) for path in MODULES.values())) - set(sys.stdlib_module_names) - {"pairing", ""}
    # A namespace such as sphinxcontrib has many distributions; the one the package uses is declared.
    needed = {name: {d.lower() for d in owners.get(name, [name])} for name in imported}
    undeclared = sorted(name for name, dists in needed.items() if not dists & declared)
    unused = sorted(d for d in declared if not any(d in dists for dists in needed.values()))
    assert not undeclared and not unused, f"imported but not in pyproject.toml: {undeclared}; declared, never imported: {unused}"


def test_a_missing_site_fails_under_make_test_and_skips_otherwise(monkeypatch):
    from conftest import REQUIRE_SITE, needs

    monkeypatch.delenv(REQUIRE_SITE, raising=False)
    assert needs(False, "x").args == (True,)  # a skip mark that applies
    monkeypatch.setenv(REQUIRE_SITE, "1")
    with pytest.raises(pytest.fail.Exception):
        needs(False, "the built book")
    assert needs(True, "the built book").args == (False,)
