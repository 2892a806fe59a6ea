"""The apps of the `ocop` package depend on each other one way, from the edges to the core.

`LAYERS` is the declared map (the README's "Map of the apps" shows the same one). An app may
import an app of its own layer or of a lower one, never a higher one, and no group of apps may
import each other in a cycle. Tests and migrations are left out: a test may build data of any app.
A new app must be placed in a layer here (and in the README) before it can land.
"""

import ast
import pathlib
import re

OCOP = pathlib.Path(__file__).resolve().parents[2]
README = OCOP.parent / "README.md"

# Highest first. Apps not written yet are declared already, so that they land in the right place.
LAYERS = [
    ["portal", "public", "api", "office", "reporting", "demo"],
    ["evaluation", "programme", "certification", "activities", "imports"],
    ["registry", "rules"],
    ["accounts"],
    ["geo"],
    ["core"],
]
LAYER_OF = {app: depth for depth, apps in enumerate(LAYERS) for app in apps}


def project_apps() -> set[str]:
    return {p.name for p in OCOP.iterdir() if p.is_dir() and (p / "__init__.py").exists()}


def imported_modules(path: pathlib.Path, source: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute dotted module) of every import in the file, relative ones resolved."""
    package = ["ocop", *path.relative_to(OCOP).parent.parts]
    found = []
    source = path.read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
                names = [module] if node.module else [f"{module}.{a.name}" for a in node.names]
                found += [(node.lineno, name) for name in names]
            elif node.module:
                found.append((node.lineno, node.module))
    return found


def app_imports() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported app) → where, for every import between two different apps."""
    apps = project_apps()
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted(OCOP.rglob("*.py")):
        parts = path.relative_to(OCOP).parts
        if len(parts) < 2 or parts[0] not in apps or "tests" in parts or "migrations" in parts:
            continue
        for line, module in imported_modules(path):
            names = module.split(".")
            if len(names) > 1 and names[0] == "ocop" and names[1] in apps and names[1] != parts[0]:
                edges.setdefault((parts[0], names[1]), []).append(f"{path.relative_to(OCOP.parent)}:{line}")
    return edges


def cycles(edges) -> list[list[str]]:
    """Groups of apps that reach each other (strongly connected components larger than one)."""
    graph: dict[str, set[str]] = {}
    for src, dst in edges:
        graph.setdefault(src, set()).add(dst)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups = []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def upward_imports(edges) -> list[str]:
    return [
        f"{src} imports {dst}, a higher app: {', '.join(where)}"
        for (src, dst), where in sorted(edges.items())
        if LAYER_OF.get(dst, -1) < LAYER_OF.get(src, -1)
    ]


def test_every_app_has_a_declared_layer():
    assert sorted(project_apps() - LAYER_OF.keys()) == []


def test_no_app_imports_an_app_of_a_higher_layer():
    assert upward_imports(app_imports()) == []


def test_no_apps_import_each_other_in_a_cycle():
    assert cycles(app_imports()) == []


def test_the_readme_map_shows_the_declared_layers_of_the_apps_that_exist():
    block = README.read_text(encoding="utf-8").split("## Map of the apps", 1)[1].split("```")[1]
    shown = [sorted(re.findall(r"[a-z]+", layer)) for layer in block.split("─▶")]
    existing = project_apps()
    declared = [sorted(a for a in layer if a in existing) for layer in LAYERS]
    assert shown == [layer for layer in declared if layer]


def test_the_checks_report_an_upward_import_and_the_cycle_it_closes():
    edges = dict(app_imports())
    edges[("geo", "accounts")] = ["ocop/geo/example.py:1"]
    assert upward_imports(edges) == ["geo imports accounts, a higher app: ocop/geo/example.py:1"]
    assert ["accounts", "geo"] in cycles(edges)


def test_relative_and_lazy_imports_count_too():
    source = (
        "from ..accounts import permissions\n"
        "from . import resolver\n"
        "def later():\n"
        "    from .models import AdminUnit\n"
        "    import ocop.registry.models\n"
    )
    assert sorted(imported_modules(OCOP / "geo" / "example.py", source)) == [
        (1, "ocop.accounts"),
        (2, "ocop.geo.resolver"),
        (4, "ocop.geo.models"),
        (5, "ocop.registry.models"),
    ]
