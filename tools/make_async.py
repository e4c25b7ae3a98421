"""Write wrapper/aimlapi_veo/async_client.py from client.py, so the twins cannot drift.

The async client is the sync one with `await` where I/O happens. As in unasync, the rewrite
works on the code's structure, never on its layout: positions come from the syntax tree and
the tokenizer, so reformatting client.py changes nothing in what the twin means.

What is I/O is said once, as the sync -> async pairs of the APIs the client calls (the tables
below: httpx, the semaphore, sleeping). Which of the client's own methods become `async def`
is derived: a method is async when it calls one of those, or another async method. The
output is import-sorted and formatted with the project's pinned ruff; `--check` fails on any
byte of difference (part of `make check-generated`).
"""

from __future__ import annotations

import argparse
import ast
import io
import subprocess
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "wrapper" / "aimlapi_veo"
SOURCE, TARGET = PACKAGE / "client.py", PACKAGE / "async_client.py"
DOCSTRING = (
    '"""AsyncVeoClient: the asyncio twin of VeoClient, generated from client.py by\n'
    'tools/make_async.py (`make async-twin`): edit client.py, never this file."""'
)
# Names renamed wherever they occur as code (never inside strings or comments).
NAMES = {
    "VeoClient": "AsyncVeoClient",
    "Sleep": "AsyncSleep",
    "__enter__": "__aenter__",
    "__exit__": "__aexit__",
    "threading": "asyncio",
    "contextmanager": "asynccontextmanager",
    "Iterator": "AsyncIterator",
}
# Dotted names with an async counterpart.
DOTTED = {
    "httpx.Client": "httpx.AsyncClient",
    "httpx.BaseTransport": "httpx.AsyncBaseTransport",
    "threading.BoundedSemaphore": "asyncio.Semaphore",
    "time.sleep": "asyncio.sleep",
}
# Calls that are awaited in the twin (with the async name where it differs).
AWAITED = {
    "self._sleep": "self._sleep",
    "self._http.request": "self._http.request",
    "self._http.close": "self._http.aclose",
    "self._cdn.close": "self._cdn.aclose",
    # a journal call (disk, database): made in a worker thread, off the event loop
    "self._blocking": "self._offload",
}
# `with` becomes `async with` (the client's own context managers are not awaited)
CONTEXTS = {"self._in_flight", "self._creating", "self._cdn.stream", "self.lease"}
# httpx's streaming iterators: `for x in r.iter_bytes()` becomes `async for x in r.aiter_bytes()`
ITERATORS = {name: f"a{name}" for name in ("iter_bytes", "iter_raw", "iter_text", "iter_lines")}
PROTOCOL = {"__enter__", "__exit__"}  # always async in the twin (__aenter__, __aexit__)

Edit = tuple[int, int, str]  # start offset, end offset, replacement


def dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


class Source:
    """The text with offsets for the tree's (line, UTF-8 column) positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, line: int, byte_column: int) -> int:
        encoded = self.lines[line - 1].encode("utf-8")[:byte_column]
        return self.starts[line - 1] + len(encoded.decode("utf-8"))

    def span(self, node: ast.AST) -> tuple[int, int]:
        start = self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return start, end


def awaits_primitive(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        return dotted(node.func) in AWAITED
    if isinstance(node, ast.With):
        return any(context_name(item.context_expr) in CONTEXTS for item in node.items)
    return isinstance(node, ast.For) and iterator_name(node.iter) is not None


def context_name(node: ast.AST) -> str | None:
    return dotted(node.func if isinstance(node, ast.Call) else node)


def iterator_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr if node.func.attr in ITERATORS else None
    return None


def self_call(node: ast.AST) -> str | None:
    """`m` for a call `self.m(...)`."""
    name = dotted(node.func) if isinstance(node, ast.Call) else None
    if name and name.startswith("self.") and name.count(".") == 1:
        return name.removeprefix("self.")
    return None


def async_methods(cls: ast.ClassDef) -> set[str]:
    """The methods that do I/O, directly or through another method: a fixed point."""
    methods = {n.name: n for n in cls.body if isinstance(n, ast.FunctionDef)}
    found = set(PROTOCOL & methods.keys())
    found |= {name for name, fn in methods.items() if any(map(awaits_primitive, ast.walk(fn)))}
    while True:
        more = {
            name
            for name, fn in methods.items()
            if name not in found and any(self_call(n) in found for n in ast.walk(fn))
        }
        if not more:
            return found
        found |= more


def binds_tighter(node: ast.AST, parent: ast.AST | None) -> bool:
    """Whether `await node` needs parentheses: `(await f()).x`, not `await f().x`."""
    if isinstance(parent, ast.Attribute | ast.Subscript):
        return parent.value is node
    return isinstance(parent, ast.Call) and parent.func is node


def parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def structural_edits(tree: ast.Module, source: Source) -> Iterator[Edit]:
    """async def, await, async with, async for, and the dotted renames."""
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name in NAMES]
    asynchronous = set().union(*(async_methods(cls) for cls in classes))
    up = parents(tree)
    for cls in classes:
        for fn in cls.body:
            if isinstance(fn, ast.FunctionDef) and fn.name in asynchronous:
                start = source.offset(fn.lineno, fn.col_offset)
                yield start, start, "async "
    for node in ast.walk(tree):
        yield from node_edits(node, up, asynchronous, source)


def node_edits(
    node: ast.AST, up: dict[ast.AST, ast.AST], asynchronous: set[str], source: Source
) -> Iterator[Edit]:
    if isinstance(node, ast.Attribute) and dotted(node) in DOTTED:
        start, end = source.span(node)
        yield start, end, DOTTED[dotted(node) or ""]
    elif (
        isinstance(node, ast.Call)
        and (dotted(node.func) in AWAITED or self_call(node) in asynchronous)
        and not isinstance(up.get(node), ast.withitem)
    ):
        start, end = source.span(node)
        tight = binds_tighter(node, up.get(node))
        yield start, start, "(await " if tight else "await "
        if tight:
            yield end, end, ")"
        name = dotted(node.func) or ""
        if AWAITED.get(name, name) != name:
            func_start, func_end = source.span(node.func)
            yield func_start, func_end, AWAITED[name]
    elif isinstance(node, ast.With | ast.For) and awaits_primitive(node):
        start = source.offset(node.lineno, node.col_offset)
        yield start, start, "async "
        if isinstance(node, ast.For) and isinstance(node.iter, ast.Call):
            func = node.iter.func
            assert isinstance(func, ast.Attribute)
            end = source.offset(func.end_lineno or 0, func.end_col_offset or 0)
            yield end - len(func.attr), end, ITERATORS[func.attr]


def name_edits(source: Source, taken: list[Edit]) -> Iterator[Edit]:
    """NAMES renamed at the token level, outside the spans already rewritten."""
    tokens = tokenize.generate_tokens(io.StringIO(source.text).readline)
    for token in tokens:
        if token.type != tokenize.NAME or token.string not in NAMES:
            continue
        start = source.starts[token.start[0] - 1] + token.start[1]
        end = start + len(token.string)
        if not any(s < end and start < e for s, e, _ in taken if s != e):
            yield start, end, NAMES[token.string]


def docstring_edit(tree: ast.Module, source: Source) -> Edit:
    first = tree.body[0]
    if not (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)):
        raise SystemExit("make_async: client.py must start with its docstring")
    start, end = source.span(first)
    return start, end, DOCSTRING


def apply(text: str, edits: list[Edit]) -> str:
    # Stable sort by start, later edits first; insertions at one point keep their order.
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def rewrite(text: str) -> str:
    """The async twin's source, before formatting."""
    source = Source(text)
    tree = ast.parse(text)
    edits = [docstring_edit(tree, source), *structural_edits(tree, source)]
    edits += list(name_edits(source, edits))
    return apply(text, edits)


def ruff(*args: str, source: str) -> str:
    executable = Path(sys.executable).parent / "ruff"
    done = subprocess.run(  # noqa: S603 (the project's pinned ruff)
        [str(executable), *args, "--stdin-filename", str(TARGET), "-"],
        input=source,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def translate(text: str) -> str:
    sorted_imports = ruff(
        "check", "--select", "I", "--fix-only", "--exit-zero", source=rewrite(text)
    )
    return ruff("format", source=sorted_imports)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if async_client.py is stale")
    args = parser.parse_args(argv)
    wanted = translate(SOURCE.read_text(encoding="utf-8"))
    if args.check:
        if TARGET.read_text(encoding="utf-8") != wanted:
            print(
                "wrapper/aimlapi_veo/async_client.py is not what client.py makes: run `make async-twin`",
                file=sys.stderr,
            )
            return 1
        print("wrapper/aimlapi_veo/async_client.py matches client.py")
        return 0
    TARGET.write_text(wanted, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(PACKAGE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
