"""The shape of the package `nmikb`, from its modules' own imports. Prints figures; asserts
nothing (`make lint` holds the layers: the import-linter contracts of pyproject.toml).

    python tests/benchmarks/imports.py

- modules (and lines) per subpackage;
- import edges between the package's modules, and the longest chain of them;
- cycles: groups of modules that import each other, directly or not;
- imports inside functions, each named: of the package's own modules (the usual way of dodging a
  cycle) and of other packages (deferring a slow or optional dependency).
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "scripts" / "nmikb"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def resolve(module: str, is_package: bool, node: ast.ImportFrom | ast.Import) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "nmikb"]
    base = module.split(".") if is_package else module.split(".")[:-1]
    if node.level:
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target.split(".")[0] != "nmikb":
        return []
    # `from . import x` imports the module x when it is one.
    return [f"{target}.{a.name}" for a in node.names] + [target]


def main() -> int:
    files = sorted(PACKAGE.rglob("*.py"))
    names = {module_name(p): p for p in files}
    edges: dict[str, set[str]] = defaultdict(set)
    inner: list[tuple[str, str]] = []
    for path in files:
        module = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(tree):
            for child in ast.iter_child_nodes(node):
                parents[child] = node
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            targets = [t for t in resolve(module, path.name == "__init__.py", node) if t in names]
            # The most specific module each import names (not its packages as well).
            targets = [t for t in targets if not any(o.startswith(t + ".") for o in targets)]
            up = parents.get(node)
            in_function = False
            guarded = False
            while up is not None:
                if isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef):
                    in_function = True
                if isinstance(up, ast.If) and "TYPE_CHECKING" in ast.unparse(up.test):
                    guarded = True
                up = parents.get(up)
            if in_function:
                where = "own" if targets or node.level else "other"
                inner.append((where, f"{module}:{node.lineno} {ast.unparse(node)}"))
            if not guarded:
                edges[module].update(t for t in targets if t != module)
    by_package: dict[str, list[str]] = defaultdict(list)
    for name, path in names.items():
        if path.name != "__init__.py":
            by_package[name.rpartition(".")[0]].append(name)
    inits = sum(1 for p in files if p.name == "__init__.py")
    print(
        f"{len(files) - inits} modules (and {inits} package __init__ files), "
        f"{sum(len(p.read_text().splitlines()) for p in files)} lines"
    )
    for package, modules in sorted(by_package.items()):
        lines = sum(len(names[m].read_text().splitlines()) for m in modules)
        print(f"  {package}: {len(modules)} modules, {lines} lines")
    print(f"{sum(len(t) for t in edges.values())} import edges between them")
    cycles = strongly_connected(names, edges)
    print(f"{len(cycles)} cycle(s)" + "".join(f"\n  {' ↔ '.join(sorted(c))}" for c in cycles))
    print(f"longest chain of imports: {depth(names, edges)} modules")
    for where, what in (("own", "of the package's own modules"), ("other", "of other packages")):
        found = [line for kind, line in inner if kind == where]
        print(
            f"{len(found)} import(s) {what} inside functions" + "".join(f"\n  {i}" for i in found)
        )
    return 0


def strongly_connected(nodes, edges) -> list[set[str]]:
    """Tarjan's algorithm: the groups of two or more modules that reach each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    sys.setrecursionlimit(10_000)

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(group)

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def depth(nodes, edges) -> int:
    """The longest path of imports that visits no module twice (cycles cut)."""
    memo: dict[str, int] = {}

    def longest(v: str, seen: frozenset) -> int:
        if v in memo and not seen & {v}:
            return memo[v]
        best = 1 + max(
            (longest(w, seen | {v}) for w in edges.get(v, ()) if w not in seen), default=0
        )
        memo[v] = best
        return best

    return max(longest(v, frozenset()) for v in nodes)


if __name__ == "__main__":
    sys.exit(main())
