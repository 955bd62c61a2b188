"""The package's shape, as the house rules state it: small modules, no import cycle between them,
lazy or not (an import inside a function counts as much as one at the top), and stages whose
imports run down the flow only (`LAYERS`). And the tests'
shape: their folders mirror the packages, and no test module imports another (shared builders live
in tests/builders.py, shared fixtures in tests/conftest.py)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.support import REPO

PACKAGE = REPO / "pipeline"
MAX_LINES = 450


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that `path` imports anywhere in its body (`from pipeline.x import y`
    counts `pipeline.x.y` when that is a module, else `pipeline.x`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module in known:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & known.keys()
            found |= submodules or {node.module}
    return found - {module_name(path)}


def cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `graph`, as the list of modules around it, or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = "open"
        stack.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state and (found := visit(target)):
                return found
        state[module] = "done"
        stack.pop()
        return None

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return None


CORE = {
    "pipeline.version",
    "pipeline.errors",
    "pipeline.keys",
    "pipeline.columns",
    "pipeline.fields",
    "pipeline.models",
    "pipeline.files",
    "pipeline.limits",
    "pipeline.validation",
    "pipeline.terminal",
    "pipeline.progress",
    "pipeline.yamlfiles",
    "pipeline.lazy",
}
COMMAND = {"pipeline", "pipeline.__main__", "pipeline.cli", "pipeline.streams", "pipeline.outputs"}
LAYERS = (
    CORE,
    {"pipeline.extract"},
    {"pipeline.workspace"},
    {"pipeline.normalise"},
    {"pipeline.diff"},
    {"pipeline.corrections"},
    {"pipeline.export"},
    {"pipeline.versions"},
    {"pipeline.review"},
    {"pipeline.site"},
    COMMAND,
)
"""The package's layers, lowest first: the core modules every stage shares, the stages' packages in
the order of the flow (the workspace, the context every later stage is handed, sits above the
extractor, which is handed its settings alone), and the command line on top."""


def layer(module: str) -> int | None:
    """The index in LAYERS of `module` (a module of a layer's package counts as the package), or None."""
    return next(
        (
            i
            for i, names in enumerate(LAYERS)
            for name in names
            if module == name or (name != "pipeline" and module.startswith(name + "."))
        ),
        None,
    )


def upward(graph: dict[str, set[str]]) -> list[tuple[str, str]]:
    """The imports of `graph` that run to a higher layer than their module's."""
    return sorted(
        (module, target) for module, targets in graph.items() for target in targets if layer(target) > layer(module)
    )


def test_every_module_has_a_layer_and_imports_run_down_the_layers_only():
    known = modules()
    assert [name for name in known if layer(name) is None] == []
    assert upward({name: imported(path, known) for name, path in known.items()}) == []


def test_the_layer_check_finds_an_import_running_up():
    assert upward(
        {
            "pipeline.normalise.members": {"pipeline.versions.store", "pipeline.models"},
            "pipeline.cli": {"pipeline.site.build"},
        }
    ) == [("pipeline.normalise.members", "pipeline.versions.store")]
    assert layer("pipeline.corrections.apply") == layer("pipeline.corrections") and layer("pipeline.unplaced") is None


def test_no_module_of_the_package_is_over_450_lines():
    sizes = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()}
    assert {name: size for name, size in sizes.items() if size > MAX_LINES} == {}


def test_no_import_cycle_lazy_or_not():
    known = modules()
    graph = {name: imported(path, known) for name, path in known.items()}
    assert cycle(graph) is None


def test_the_cycle_finder_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None


SHARED = {"tests.support", "tests.builders"}
"""The test modules' only shared code: plain helpers and builders (fixtures come from conftest by name)."""


def imported_test_modules(source: str) -> set[str]:
    """The test modules (tests.test_*, tests.conftest, or the same by a relative or bare name) that
    `source` imports anywhere in its body, lazily or not."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            module = ("tests." * bool(node.level) + (node.module or "")).rstrip(".")
            names |= {module} | ({f"{module}.{alias.name}" for alias in node.names} if module == "tests" else set())
    bare = {name if name.startswith("tests.") else f"tests.{name}" for name in names}
    return {name for name in bare if name.split(".")[-1].startswith(("test_", "conftest")) and name not in SHARED}


def test_no_test_module_imports_another_test_module():
    found = {
        str(path.relative_to(REPO)): sorted(names)
        for path in sorted((REPO / "tests").rglob("*.py"))
        if (names := imported_test_modules(path.read_text(encoding="utf-8")))
    }
    assert found == {}, "shared builders belong in tests/builders.py, shared fixtures in tests/conftest.py"


def test_the_import_finder_finds_imported_test_modules_anywhere():
    source = (
        "from tests.versions.test_dataset import entry\nimport tests.conftest\nfrom .test_export import read_csv\n"
        "from . import test_overlays\nfrom tests import test_build, builders\nfrom tests.builders import tree\nfrom "
        "tests.support import REPO\nimport json\n"
        "def f():\n    from test_diff import block\n"
    )
    assert imported_test_modules(source) == {
        "tests.versions.test_dataset",
        "tests.conftest",
        "tests.test_export",
        "tests.test_overlays",
        "tests.test_build",
        "tests.test_diff",
    }


WHOLE = {
    "test_architecture",
    "test_docs_links",
    "test_first_hour",
    "test_readme_examples",
    "test_revision_2020",
    "test_hostile_values",
    "test_properties",
}
"""The test modules of tests/ itself: the project as a whole (its shape, its docs, a maintainer's
first hour and revision day, every output at once, properties across stages)."""
FOLDERS = {"core", "cli", "rendering"}
"""The test folders not named for a package of pipeline/: the core modules, the command line, and
the fixture renderer."""


def misplaced(tests: list[Path], packages: set[str]) -> list[str]:
    """The test modules of `tests` (paths under tests/) in no folder named for a package of
    pipeline/ (`packages`) or in `FOLDERS`, and those of tests/ itself not in `WHOLE`."""
    wrong = []
    for path in tests:
        parts = path.relative_to(REPO / "tests").parts
        here = parts[0] in packages | FOLDERS if len(parts) == 2 else len(parts) == 1 and path.stem in WHOLE
        wrong += [] if here else ["/".join(parts)]
    return wrong


def test_the_tests_mirror_the_packages():
    packages = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    tests = sorted((REPO / "tests").rglob("test_*.py"))
    assert misplaced(tests, packages) == []
    assert {path.parent.name for path in tests if path.parent.name != "tests"} == packages | FOLDERS


def test_a_test_module_out_of_place_is_found():
    tests = REPO / "tests"
    placed = [
        tests / "extract/test_x.py",
        tests / "stray/test_y.py",
        tests / "test_z.py",
        tests / "test_architecture.py",
        tests / "extract/deep/test_w.py",
    ]
    assert misplaced(placed, {"extract"}) == ["stray/test_y.py", "test_z.py", "extract/deep/test_w.py"]


LOCAL = {"pipeline", "tests", "rendering", "scripts", "benchmarks"}
UNINSTALLED = {"camelot": ["camelot-py"]}
"""The distribution of an import named otherwise, for an extra not installed here (`peers`)."""


def requirement_name(requirement: str) -> str:
    """A requirement's distribution name, normalised (PEP 503): 'PyYAML>=6' -> 'pyyaml'."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9._-]+", requirement).group()).lower()


def third_party_imports(paths: list[Path]) -> set[str]:
    """The top-level names of the modules `paths` import, lazily or not, that are neither the
    standard library's nor the project's (a folder of the repository or a module beside the importer)."""
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            found |= {name.split(".")[0] for name in names if not (path.parent / f"{name.split('.')[0]}.py").exists()}
    return found - sys.stdlib_module_names - LOCAL


def undeclared(imports: set[str], declared: set[str]) -> set[str]:
    """The imported names no declared distribution provides (an unknown name stands for its own distribution)."""
    provided = UNINSTALLED | importlib.metadata.packages_distributions()
    return {name for name in imports if not {requirement_name(d) for d in provided.get(name, [name])} & declared}


def test_every_library_imported_directly_is_declared():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    runtime = {requirement_name(r) for r in project["dependencies"]}
    everything = runtime | {requirement_name(r) for requirements in extras.values() for r in requirements}
    package = third_party_imports(sorted(PACKAGE.rglob("*.py")))
    optional = {"followthemoney"}  # `cdpc export --format ftm` only: the `ftm` extra
    assert undeclared(package - optional, runtime) == set()
    assert undeclared(optional, {requirement_name(r) for r in extras["ftm"]}) == set()
    others = [
        p for folder in ("tests", "rendering", "scripts", "benchmarks") for p in sorted((REPO / folder).rglob("*.py"))
    ]
    assert undeclared(third_party_imports(others), everything) == set()


def test_an_undeclared_import_is_found():
    assert undeclared({"yaml", "pypdfium2"}, {"pyyaml"}) == {"pypdfium2"}


LINTED = ("pipeline", "tests", "scripts", "rendering")
"""The folders scripts/test.sh lints and format-checks with ruff."""


def test_ruff_reads_every_python_file_of_the_folders_it_checks():
    """An exclude pattern of pyproject.toml that matches a folder inside them (as "corrections", meant
    for the root's YAML, once matched pipeline/corrections/ and tests/corrections/) fails here."""
    shown = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--show-files", *LINTED],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    read = {Path(line).resolve() for line in shown.splitlines() if line.endswith(".py")}
    present = {path.resolve() for folder in LINTED for path in (REPO / folder).rglob("*.py")}
    assert sorted(str(path.relative_to(REPO)) for path in present - read) == []
