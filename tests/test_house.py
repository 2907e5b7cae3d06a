"""The shape of the house, read from the source with `ast` (issue #18).

Floors, lowest first:

- `wellbeing_portal` (settings, core, people, outbox): the floor every app stands on. It
  imports nothing above it.
- The domain apps (charters, surveys, inspections, support_directory). Each may use
  another domain app only through its public face, `<app>.services` and
  `<app>.selectors` (or names the package itself exports); never its models or any other
  module. That keeps "who may touch these rows" inside the app that owns them.
- The consumers (reports, privacy, portal): they read the domain apps through the same
  public faces, or through the registries the apps fill (`wellbeing_portal.core.registry`).
  No domain app imports them.
- `demo`: builds data for the demo, the tests and the benchmarks. Like a test factory it
  may write any app's models directly (bulk inserts at scale); nothing in the product
  imports it.

And no import cycles: none between top-level packages (or between the floor's own apps:
core, people, outbox, settings), and none between the modules of one app, counting
imports inside functions (a lazy import hides a cycle, it does not remove it) but not
those under `if TYPE_CHECKING:`, nor a service's lazy import of its app's `tasks` to
queue one (the task calls the service back: the one loop allowed, see `_is_enqueue`).

The size limits (STYLE.md): no product file over 500 lines, no function over 60, data
files, migrations, tests and benchmarks aside.

Every failure names the file and line (and the function) to look at.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLOOR = "wellbeing_portal"
DOMAIN = ("charters", "surveys", "inspections", "support_directory")
CONSUMERS = ("reports", "privacy", "portal")
DEMO = "demo"
PRODUCT = (FLOOR, *DOMAIN, *CONSUMERS, DEMO)
# What a domain app shows the others (and the consumers): modules a name may be taken from.
PUBLIC_FACES = ("services", "selectors")

MAX_FILE_LINES = 500
MAX_FUNCTION_LINES = 60
# Data written as Python (long tuples of text), not logic: the size limits do not apply.
DATA_FILES = frozenset({"charters/template_data.py"})


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, dotted
    path: str  # its file, relative to the repository
    line: int
    target: str  # the imported module (or package), dotted
    type_only: bool  # under `if TYPE_CHECKING:`
    lazy: bool  # inside a function


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def product_files() -> tuple[Path, ...]:
    return tuple(
        sorted(
            path
            for package in PRODUCT
            for path in (ROOT / package).rglob("*.py")
            if "migrations" not in path.parts
        )
    )


@cache
def known_modules() -> frozenset[str]:
    return frozenset(_module_name(path) for path in product_files())


def _resolve(source: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = source.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def _closest_module(name: str) -> str:
    """`name` if it is one of ours, else its longest prefix that is (or `name` itself for
    a third-party module)."""
    modules = known_modules()
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return name


class _Collector(ast.NodeVisitor):
    def __init__(self, source: str, path: str, is_package: bool) -> None:
        self.source, self.path, self.is_package = source, path, is_package
        self.found: list[Import] = []
        self._depth = 0
        self._type_only = 0

    def _add(self, target: str, line: int) -> None:
        self.found.append(
            Import(
                self.source,
                self.path,
                line,
                _closest_module(target),
                self._type_only > 0,
                self._depth > 0,
            )
        )

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = _resolve(self.source, self.is_package, node)
        for alias in node.names:
            # `from surveys import services` imports the module surveys.services.
            submodule = f"{module}.{alias.name}"
            self._add(submodule if submodule in known_modules() else module, node.lineno)

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
        if name == "TYPE_CHECKING":
            self._type_only += 1
            for child in node.body:
                self.visit(child)
            self._type_only -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def _visit_function(self, node: ast.AST) -> None:
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = _visit_function


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@cache
def all_imports() -> tuple[Import, ...]:
    found: list[Import] = []
    for path in product_files():
        collector = _Collector(
            _module_name(path), str(path.relative_to(ROOT)), path.name == "__init__.py"
        )
        collector.visit(_tree(path))
        found.extend(collector.found)
    return tuple(found)


def _top(module: str) -> str:
    return module.split(".", 1)[0]


def _unit(module: str) -> str:
    """The app a module belongs to: a top-level package, or one of the floor's own apps
    (`wellbeing_portal.core`, `.people`, `.outbox`, `.settings`)."""
    parts = module.split(".")
    if parts[0] == FLOOR and len(parts) > 1 and f"{FLOOR}.{parts[1]}" in _floor_apps():
        return f"{FLOOR}.{parts[1]}"
    return parts[0]


@cache
def _floor_apps() -> frozenset[str]:
    return frozenset(
        f"{FLOOR}.{child.name}"
        for child in (ROOT / FLOOR).iterdir()
        if child.is_dir() and (child / "__init__.py").exists()
    )


def _ours(imports: Iterable[Import]) -> Iterator[Import]:
    return (i for i in imports if _top(i.target) in PRODUCT)


def _where(found: Import) -> str:
    return f"{found.path}:{found.line} imports {found.target}"


# (a) The floor imports nothing above it ---------------------------------------------


def test_the_floor_imports_nothing_above_it() -> None:
    above = set(PRODUCT) - {FLOOR}
    wrong = sorted(
        {
            _where(i)
            for i in _ours(all_imports())
            if _top(i.source) == FLOOR and _top(i.target) in above
        }
    )
    assert not wrong, "wellbeing_portal/ must not import an app above it:\n" + "\n".join(wrong)


# (b) Apps meet only through public faces ----------------------------------------------


def _is_public_face(target: str) -> bool:
    parts = target.split(".")
    return len(parts) == 1 or (len(parts) == 2 and parts[1] in PUBLIC_FACES)


def test_domain_apps_use_each_other_only_through_services_and_selectors() -> None:
    wrong = sorted(
        {
            _where(i)
            for i in _ours(all_imports())
            if _top(i.source) in DOMAIN
            and _top(i.target) in DOMAIN
            and _top(i.target) != _top(i.source)
            and not _is_public_face(i.target)
        }
    )
    assert not wrong, (
        "A domain app may use another only through its services or selectors "
        "(never its models):\n" + "\n".join(wrong)
    )


def test_no_domain_app_imports_a_consumer_or_the_demo() -> None:
    wrong = sorted(
        {
            _where(i)
            for i in _ours(all_imports())
            if _top(i.source) in DOMAIN and _top(i.target) in (*CONSUMERS, DEMO)
        }
    )
    assert not wrong, "Domain apps must not import reports, privacy, portal or demo:\n" + (
        "\n".join(wrong)
    )


def test_consumers_read_apps_only_through_public_faces_and_registries() -> None:
    wrong = sorted(
        {
            _where(i)
            for i in _ours(all_imports())
            if _top(i.source) in CONSUMERS
            and _top(i.target) in DOMAIN
            and not _is_public_face(i.target)
        }
    )
    assert not wrong, (
        "reports, privacy and portal read a domain app only through its services, "
        "selectors or the core registries:\n" + "\n".join(wrong)
    )


def test_nothing_in_the_product_imports_the_demo() -> None:
    wrong = sorted(
        {
            _where(i)
            for i in _ours(all_imports())
            if _top(i.source) != DEMO and _top(i.target) == DEMO
        }
    )
    assert not wrong, "Only the demo, tests and benchmarks import demo:\n" + "\n".join(wrong)


# (c) No cycles ----------------------------------------------------------------------


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan), each given as
    one cycle through its members, in order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return [_one_cycle(sorted(c), edges) for c in components]


def _one_cycle(members: list[str], edges: dict[str, set[str]]) -> list[str]:
    """A path from the first member back to itself, inside the component."""
    inside = set(members)
    start = members[0]
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(edges.get(node, set()) & inside):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    return members


def _evidence(pairs: list[str], imports: list[Import], key: Callable[[str], str]) -> list[str]:
    """For each step of a cycle, the first import line that makes it."""
    lines = []
    for a, b in pairwise(pairs):
        first = next(i for i in imports if key(i.source) == a and key(i.target) == b)
        lines.append(f"  {a} -> {b}: {first.path}:{first.line}")
    return lines


def _is_enqueue(found: Import) -> bool:
    """A service that queues its app's task imports the task inside the function, and the
    task calls the service: the one loop the house allows (HackSoft's styleguide does the
    same). The task module is a thin entry point, never a place where logic lives."""
    return found.lazy and found.target.rsplit(".", 1)[-1] == "tasks"


def _runtime_imports() -> list[Import]:
    return [i for i in _ours(all_imports()) if not i.type_only and not _is_enqueue(i)]


def test_no_cycle_between_apps() -> None:
    imports = [i for i in _runtime_imports() if _unit(i.source) != _unit(i.target)]
    edges: dict[str, set[str]] = {}
    for i in imports:
        edges.setdefault(_unit(i.source), set()).add(_unit(i.target))
    found = _cycles(edges)
    report = [
        " -> ".join(cycle) + "\n" + "\n".join(_evidence(cycle, imports, _unit)) for cycle in found
    ]
    assert not found, "Import cycles between apps:\n" + "\n".join(report)


def test_no_cycle_between_the_modules_of_an_app() -> None:
    imports = [
        i for i in _runtime_imports() if _unit(i.source) == _unit(i.target) and i.source != i.target
    ]
    edges: dict[str, set[str]] = {}
    for i in imports:
        edges.setdefault(i.source, set()).add(i.target)
    found = _cycles(edges)
    report = [
        " -> ".join(cycle) + "\n" + "\n".join(_evidence(cycle, imports, lambda m: m))
        for cycle in found
    ]
    assert not found, "Import cycles inside an app:\n" + "\n".join(report)


# Size --------------------------------------------------------------------------------


def _sized_files() -> list[Path]:
    return [path for path in product_files() if str(path.relative_to(ROOT)) not in DATA_FILES]


def test_no_product_file_is_over_500_lines() -> None:
    long = []
    for path in _sized_files():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_FILE_LINES:
            long.append(f"{path.relative_to(ROOT)}:1 has {lines} lines")
    assert not long, f"Files over {MAX_FILE_LINES} lines (split by subject):\n" + "\n".join(long)


def test_no_function_is_over_60_lines() -> None:
    long = []
    for path in _sized_files():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(
                        f"{path.relative_to(ROOT)}:{node.lineno} {node.name}() has {lines} lines"
                    )
    assert not long, f"Functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(long)


# The checker checks -------------------------------------------------------------------


def test_the_checker_sees_every_app() -> None:
    """A rename must not leave the rules looking at nothing."""
    tops = {_top(_module_name(path)) for path in product_files()}
    assert tops == set(PRODUCT)
    assert any(i.lazy for i in all_imports()), "imports inside functions are counted"


def test_the_cycle_finder_reports_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(edges) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


# Views ask, they do not decide --------------------------------------------------------


def _is_view_module(path: Path) -> bool:
    """A module of views: `views.py`, a `views/` package's modules, or context processors."""
    return path.name in {"views.py", "context_processors.py"} or "views" in path.parts[:-1]


def test_no_view_names_a_role_or_queries_a_model_itself() -> None:
    """Who may do what is the policy's and the selectors' (one predicate per rule); what a
    page reads comes through selectors. A view that imports `Role` or calls
    `Model.objects` is deciding or reading for itself."""
    wrong = []
    for path in product_files():
        if not _is_view_module(path):
            continue
        where = path.relative_to(ROOT)
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ImportFrom) and any(a.name == "Role" for a in node.names):
                wrong.append(f"{where}:{node.lineno} imports Role")
            elif isinstance(node, ast.Attribute) and node.attr == "objects":
                wrong.append(f"{where}:{node.lineno} calls {ast.unparse(node)}")
    assert not wrong, "Views that decide or read for themselves:\n  " + "\n  ".join(wrong)
