"""The import-layers contract: every import in hrdd points down a layer, and none forms a cycle.

Imports inside functions count too: a late import may exist for start-up speed, never to hide
a cycle or an upward dependency. ``if TYPE_CHECKING:`` imports count for the direction (they are
dependencies of the code) but not for cycles, since they never run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "hrdd"

# Lowest first. A module may import its own layer's modules only within the same entry (a
# package imports itself), and any module of a lower layer.
LAYERS: list[list[str]] = [
    ["hrdd", "hrdd.errors", "hrdd.safe_text", "hrdd.atomic", "hrdd.values"],
    [
        "hrdd.diagnostics",
        "hrdd.suggest",
        "hrdd.catalog",
    ],
    # Commands printed for the user, and whether a file would land in a git commit.
    ["hrdd.invocation", "hrdd.git_exposure"],
    ["hrdd.sitting_lock"],
    ["hrdd.questionnaire"],
    ["hrdd.answers"],
    ["hrdd.scoring"],
    ["hrdd.dialogue", "hrdd.report"],
    ["hrdd.output"],
    ["hrdd.commands"],
    ["hrdd.cli"],
    ["hrdd.__main__"],
]


def module_name(path: object) -> str:
    relative = path.relative_to(REPO).with_suffix("")  # type: ignore[attr-defined]
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_only(tree: ast.Module) -> set[ast.AST]:
    """Return the import statements inside ``if TYPE_CHECKING:`` blocks."""
    found: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for child in node.body:
                found.update(ast.walk(child))
    return found


def imports(module: str, *, type_only: bool = True) -> Iterator[tuple[str, int]]:
    """Yield every hrdd module ``module`` imports, wherever the import statement sits.

    With ``type_only=False`` the imports under ``if TYPE_CHECKING:`` are left out.
    """
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    is_package = MODULES[module].name == "__init__.py"
    skipped = set() if type_only else _type_only(tree)
    for node in ast.walk(tree):
        if node in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "hrdd":
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            if base.split(".")[0] != "hrdd":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                yield (sub if sub in MODULES else base), node.lineno


def entry(module: str) -> tuple[int, str]:
    """Return (layer index, entry) of the longest entry that is ``module`` or contains it."""
    found: tuple[int, str] | None = None
    for index, layer in enumerate(LAYERS):
        for name in layer:
            # The root package's entry is its __init__ alone, not everything below it.
            if module == name or (name != "hrdd" and module.startswith(name + ".")):
                if found is None or len(name) > len(found[1]):
                    found = (index, name)
    assert found is not None, f"{module} belongs to no layer: add it to LAYERS"
    return found


def test_every_module_belongs_to_a_layer() -> None:
    for module in MODULES:
        entry(module)


def test_imports_only_point_down() -> None:
    wrong = []
    for module in MODULES:
        layer, own = entry(module)
        for target, line in imports(module):
            target_layer, target_entry = entry(target)
            if target_entry == own:
                continue
            if target_layer >= layer:
                wrong.append(f"{MODULES[module].relative_to(REPO)}:{line}: {module} -> {target}")
    assert wrong == [], "upward or sideways imports:\n" + "\n".join(wrong)


def test_no_import_cycles() -> None:
    graph = {
        module: {target for target, _ in imports(module, type_only=False)} - {module}
        for module in MODULES
    }
    # Tarjan's strongly connected components, iteratively small enough to stay recursive.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    assert cycles == [], "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


@pytest.mark.parametrize(
    ("source", "target", "ok"),
    [
        ("hrdd.scoring.engine", "hrdd.questionnaire.model", True),
        ("hrdd.questionnaire.model", "hrdd.scoring.engine", False),
        ("hrdd.report.context", "hrdd.dialogue.session", False),
        ("hrdd.output.writer", "hrdd.atomic", True),
    ],
)
def test_the_layer_rule_itself(source: str, target: str, ok: bool) -> None:
    (layer, own), (target_layer, target_entry) = entry(source), entry(target)
    assert (target_entry == own or target_layer < layer) is ok
