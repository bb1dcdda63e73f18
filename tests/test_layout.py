"""The package layout: no import cycle between framing's modules, every intra-package import
at the top of its module, and the command line's start-up free of the heavy libraries."""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib import resources
from pathlib import Path

PACKAGE = Path(str(resources.files("framing")))

#: Modules allowed to resolve framing modules by name at run time (``importlib.import_module``):
#: the lazy public API of the package, and one-release aliases of names that moved to a module
#: which imports the old one (a plain re-export would be an import cycle).
DYNAMIC_IMPORTS = {
    "framing": "PEP 562 lazy public API",
    "framing.tagger": "one-release aliases of the training recipes moved to framing.training",
    "framing.model": "FramingModel, defined in framing.estimator (which imports framing.model), "
    "by the name its pickles use",
}

#: Third-party modules that `import framing` and `framing --help` must not load.
HEAVY = ("pandas", "pyarrow", "sklearn", "scipy", "nltk", "numpy", "joblib", "matplotlib")


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _resolve(module: str, node: ast.ImportFrom | ast.Import) -> list[str]:
    """The framing modules an import statement in ``module`` loads."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name in MODULES]
    if node.level:
        base = module.split(".")
        if not _is_package(module):
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join([*base, *([node.module] if node.module else [])])
    else:
        target = node.module or ""
    if target not in MODULES:
        return []
    found = [target]
    found += [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(module: str) -> tuple[set[str], list[tuple[int, str]]]:
    """Framing modules imported at the top of ``module`` (outside ``if TYPE_CHECKING``), and
    ``(line, target)`` of every framing import inside a function or class body."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    top: set[str] = set()
    nested: list[tuple[int, str]] = []

    def visit(node: ast.AST, inside: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue  # typing only: never executed
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in _resolve(module, child):
                    if inside:
                        nested.append((child.lineno, target))
                    else:
                        top.add(target)
            deeper = inside or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
            )
            visit(child, deeper)

    visit(tree, False)
    top.discard(module)
    return top, nested


def test_every_framing_import_is_at_the_top_of_its_module():
    nested = [
        f"{MODULES[m].relative_to(PACKAGE.parent)}:{line} imports {target}"
        for m in MODULES
        for line, target in _imports(m)[1]
    ]
    assert not nested, "\n".join(nested)


def test_the_import_graph_has_no_cycle():
    graph = {m: _imports(m)[0] for m in MODULES}
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    stack: list[str] = []

    def walk(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                return [*stack[stack.index(n) :], n]
            if n not in state:
                cycle = walk(n)
                if cycle:
                    return cycle
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state:
            cycle = walk(m)
            assert cycle is None, " -> ".join(cycle)


def test_modules_are_resolved_by_name_only_where_allowed():
    found = set()
    for m, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "import_module":
                found.add(m)
            if isinstance(node, ast.Name) and node.id == "__import__":
                found.add(m)
    assert found <= set(DYNAMIC_IMPORTS), sorted(found - set(DYNAMIC_IMPORTS))


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return {name.split(".")[0] for name in out}


def test_import_framing_and_the_cli_load_no_heavy_library():
    for code in ("import framing", "import framing.cli", "import framing.__main__"):
        heavy = _loaded_after(code) & set(HEAVY)
        assert not heavy, f"{code!r} loads {sorted(heavy)}"


def test_framing_help_loads_no_heavy_library():
    code = (
        "import sys\nfrom framing.cli import main\n"
        "try:\n    main(['--help'], prog_name='framing')\nexcept SystemExit:\n    pass"
    )
    heavy = _loaded_after(code) & set(HEAVY)
    assert not heavy, f"framing --help loads {sorted(heavy)}"


def test_the_lazy_api_lists_and_resolves_every_public_name():
    import framing

    for name in framing.__all__:
        assert getattr(framing, name) is not None, name
    assert set(framing.__all__) <= set(dir(framing))


def test_an_analysis_imports_no_nltk():
    """Punkt and the Porter stemmer are framing's copies (framing.punkt, framing.porter):
    `import nltk` alone costs about 0.9 s of CPU (it loads scipy.stats and scikit-learn)."""
    code = "import framing\nframing.analyze('Critics slammed the so-called reform.')"
    assert "nltk" not in _loaded_after(code)
