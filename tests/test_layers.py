"""The package is layered: each stage imports only stages below it, and nothing imports in a circle.

The imports are read from the source (``ast``), not by importing it: every ``import`` and
``from ... import`` of a ``newsevents`` module counts, at module level, inside a function, and
under ``if TYPE_CHECKING:`` too (a type a stage names is a dependency on the stage that defines
it, even if the import never runs). There is no exceptions list.

The order below is the one written in docs/architecture.md (a test there checks they agree).
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "newsevents"
ARCHITECTURE = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"

#: Bottom first. A unit is a subpackage or a top-level module of newsevents; ``newsevents`` is the
#: package's own ``__init__`` (the public API). A unit may import units of lower layers only;
#: units of one layer do not import each other.
LAYERS: list[tuple[str, ...]] = [
    ("errors", "models", "dates", "version", "_pool"),
    ("ingest",),
    ("nlp",),
    ("time", "geo", "actors"),
    ("events",),
    ("store",),
    ("stories", "trends", "export"),
    ("pipeline",),
    ("engine", "evaluate", "watch"),
    ("web",),
    ("cli",),
    ("newsevents", "__main__"),
]
RANK = {unit: i for i, layer in enumerate(LAYERS) for unit in layer}


def module_name(path: Path) -> str:
    """``newsevents.store.events`` for src/newsevents/store/events.py (packages: their name)."""
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def unit_of(module: str) -> str:
    """The layer unit a module belongs to: its subpackage or top-level module."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "newsevents"


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def imports_of(module: str) -> Iterator[tuple[str, int]]:
    """(imported newsevents module, line) for every import in ``module``, wherever it is."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "newsevents":
                    yield _known(alias.name), node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "newsevents":
                continue
            for alias in node.names:
                # ``from .. import queries`` imports a module; ``from .. import x`` a name
                sub = f"{target}.{alias.name}"
                yield (sub if sub in MODULES else _known(target)), node.lineno


def _known(name: str) -> str:
    """The longest prefix of ``name`` that is a module of the package."""
    while name not in MODULES and "." in name:
        name = name.rpartition(".")[0]
    return name


def edges() -> dict[str, dict[str, int]]:
    """module -> {imported module: first line}, for every module of the package."""
    graph: dict[str, dict[str, int]] = defaultdict(dict)
    for module in MODULES:
        graph[module]
        for target, line in imports_of(module):
            if target != module:
                graph[module].setdefault(target, line)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a closed path, or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in sorted(graph):
        if state.get(start):
            continue
        path = [start]
        stack = [iter(sorted(graph[start]))]
        state[start] = 1
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                stack.pop()
                continue
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(sorted(graph.get(nxt, ()))))
    return None


def test_every_unit_has_a_layer() -> None:
    units = {unit_of(m) for m in MODULES}
    assert units - RANK.keys() == set(), "add these to LAYERS and docs/architecture.md"
    assert RANK.keys() - units == set(), "LAYERS names units that do not exist"


def test_no_import_goes_up_or_sideways() -> None:
    wrong = []
    for module, targets in edges().items():
        for target, line in targets.items():
            a, b = unit_of(module), unit_of(target)
            if a != b and RANK[b] >= RANK[a]:
                where = f"{MODULES[module].relative_to(SRC.parent)}:{line}"
                wrong.append(f"{where}: {a} (layer {RANK[a]}) imports {target} (layer {RANK[b]})")
    assert not wrong, "imports that go up or sideways:\n" + "\n".join(sorted(wrong))


def test_no_import_cycle_between_files() -> None:
    graph = {m: set(t) for m, t in edges().items()}
    assert find_cycle(graph) is None, f"import cycle: {' -> '.join(find_cycle(graph) or [])}"


def test_no_import_cycle_between_packages() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, targets in edges().items():
        for target in targets:
            if unit_of(module) != unit_of(target):
                graph[unit_of(module)].add(unit_of(target))
    assert find_cycle(graph) is None, f"import cycle: {' -> '.join(find_cycle(graph) or [])}"


def test_the_checks_see_a_wrong_edge_and_a_cycle() -> None:
    """The walkers find what they look for: a relative import resolved to its module, a cycle."""
    resolved = dict(imports_of("newsevents.web.api"))
    assert "newsevents.web.queries" in resolved  # ``from . import queries``
    assert "newsevents.web.ingest" in resolved  # inside a function
    assert "newsevents.stories" in dict(imports_of("newsevents.pipeline"))  # under TYPE_CHECKING
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set(), "c": {"a", "b"}}) is None
    assert RANK["store"] < RANK["pipeline"] < RANK["web"]


def test_docs_write_the_same_order() -> None:
    """docs/architecture.md lists the layers, bottom first, as ``N. `unit`, `unit` ...`` lines."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## Layers", 1)[1].split("\n## ", 1)[0]
    documented = [
        tuple(re.findall(r"`([\w.]+)`", line.split("—")[0]))
        for line in section.splitlines()
        if re.match(r"^\d+\. ", line)
    ]
    assert documented == LAYERS
