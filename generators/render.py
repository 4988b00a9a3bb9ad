"""Lay the model out as files: a table of template -> output path, plus the JSON.

The registry table (declarations.py) says which artifacts each registry makes; this module
renders them, or reads the hand-written sources copied as they are. Writing is
``write.py``'s job. Filters here only escape text for the target language.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from .model import Model, marker_line
from .paths import HAND_WRITTEN_DIR, OUTPUT_ROOTS, REPO_ROOT

if TYPE_CHECKING:  # render reads the declarations it is handed; it never loads them
    from .declarations import RegistrySpec

# Output root -> relative path -> bytes.
Outputs = dict[str, dict[str, bytes]]


# Compiled templates, kept in the project (git-ignored). Compiling is the largest part of a
# `generate --check` run; `generate` fills the cache, `--check` only reads it.
TEMPLATE_CACHE = REPO_ROOT / ".cache" / "jinja2"


class _ProjectCache(jinja2.BytecodeCache):
    """Jinja2's bytecode in TEMPLATE_CACHE; any failure only costs a compile, never a run."""

    def __init__(self, folder: Path, writable: bool) -> None:
        self.folder = folder
        self.writable = writable

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            with open(self.folder / f"{bucket.key}.cache", "rb") as stream:
                bucket.load_bytecode(stream)  # a stale or foreign file resets the bucket
        except Exception:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not self.writable:
            return
        path = self.folder / f"{bucket.key}.cache"
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as stream:
                bucket.write_bytecode(stream)
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink()


def render_all(model: Model, registries: Sequence[RegistrySpec], *,
               fill_cache: bool = False) -> Outputs:
    """Every artifact's bytes, by output root and path relative to it.

    A template sees only the model parts of the registries it declares it reads, so its
    marker line, which names their files, cannot leave one out.
    """
    outputs: Outputs = {root: {} for root in OUTPUT_ROOTS}
    order = [spec.key for spec in registries]
    for spec in registries:
        for artifact in spec.artifacts:
            reads = sorted({spec.key, *artifact.also_reads}, key=order.index)
            parts = {key: model.parts[key] for key in reads}
            marker = marker_line([model.files[key] for key in reads], artifact.template)
            if artifact.source is not None:
                outputs[artifact.root][artifact.output] = (
                    HAND_WRITTEN_DIR / artifact.source).read_bytes()
                continue
            if artifact.template is None:
                assert artifact.write is not None
                outputs[artifact.root][artifact.output] = artifact.write(
                    parts, marker).encode("utf-8")
                continue
            template = _environment(spec.template_dir, fill_cache).get_template(
                artifact.template)
            items = artifact.each(parts) if artifact.each else [(artifact.output, {})]
            for output, extra in items:
                outputs[artifact.root][output] = template.render(
                    **parts, **extra, marker=marker).encode("utf-8")
    return {root: dict(sorted(files.items())) for root, files in outputs.items()}


@functools.cache
def _environment(template_dir: Path, fill_cache: bool) -> jinja2.Environment:
    environment = jinja2.Environment(
        bytecode_cache=_ProjectCache(TEMPLATE_CACHE, writable=fill_cache),
        loader=jinja2.FileSystemLoader(template_dir),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    filters: dict[str, Callable[..., Any]] = {
        "py": python_literal,
        "py_text": python_text,
        "py_tuple": python_tuple,
        "c_string": c_string,
        "c_array": c_array,
        "c_needs_array": c_needs_array,
        "md_cell": markdown_cell,
        "md_text": markdown_text,
    }
    environment.filters.update(filters)
    environment.globals["hand_written"] = hand_written
    return environment


def hand_written(relative: str) -> str:
    """A hand-written source under src/, as it is: a fixed fragment that a template places
    (the C header's functions), never itself rendered."""
    return (HAND_WRITTEN_DIR / relative).read_text("utf-8")


def python_literal(value: object) -> str:
    """A Python literal for str/int/None/tuples: repr is exact and escapes everything."""
    return repr(value)


def python_text(value: str | None, indent: int, width: int = 99) -> str:
    """A Python string literal, split into implicitly joined parts to fit ``width``."""
    literal = repr(value)
    if value is None or indent + len(literal) + 1 <= width:
        return literal
    budget = width - indent - 4
    parts: list[str] = []
    current = ""
    for word in value.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and len(repr(candidate + " ")) > budget:
            parts.append(current + " ")
            current = word
        else:
            current = candidate
    parts.append(current)
    pad = " " * (indent + 4)
    body = "\n".join(pad + repr(part) for part in parts)
    return f"(\n{body}\n{' ' * indent})"


def python_tuple(values: Iterable[object], indent: int, width: int = 99) -> str:
    """A tuple literal, one item per line when it does not fit on one."""
    items = tuple(values)
    literal = repr(items)
    if indent + len(literal) + 1 <= width:
        return literal
    pad = " " * (indent + 4)
    body = "".join(f"{pad}{item!r},\n" for item in items)
    return f"(\n{body}{' ' * indent})"


def c_string(value: str | None) -> str:
    """A C string literal (or NULL) that compiles to exactly the UTF-8 bytes of ``value``.

    Printable ASCII stays readable; quotes, backslashes and every "?" are escaped (a "??/"
    trigraph would otherwise splice lines in C89); everything else becomes a 3-digit octal
    escape, which, unlike \\x, never swallows a following hex digit.
    """
    if value is None:
        return "NULL"
    out = ['"']
    for byte in value.encode("utf-8"):
        character = chr(byte)
        if character in '"\\?':
            out.append("\\" + character)
        elif 0x20 <= byte < 0x7F:
            out.append(character)
        else:
            out.append(f"\\{byte:03o}")
    out.append('"')
    return "".join(out)


# ASCII punctuation that can start inline markup anywhere in a line (CommonMark lets a
# backslash escape any ASCII punctuation, so escaping is always safe).
# C90 5.2.4.1: a conforming compiler need accept string literals of only 509 bytes.
C90_STRING_LIMIT = 509


def c_needs_array(value: str | None) -> bool:
    return value is not None and len(value.encode("utf-8")) > C90_STRING_LIMIT


def c_array(value: str) -> str:
    """A brace-enclosed char initializer for ``value``'s UTF-8 bytes plus the final NUL."""
    items = []
    for byte in value.encode("utf-8"):
        character = chr(byte)
        if character in "'\\":
            items.append(f"'\\{character}'")
        elif 0x20 <= byte < 0x7F:
            items.append(f"'{character}'")
        else:
            items.append(f"'\\{byte:03o}'")
    items.append("0")
    rows = [", ".join(items[start:start + 16]) for start in range(0, len(items), 16)]
    return "{\n    " + ",\n    ".join(rows) + "\n}"


# "#" too: a trailing " #" run would close an ATX heading ("## X.2.2 Mailbox full #").
_MARKDOWN_INLINE = frozenset("\\`*_{}[]<>|~&#")
# Text that would open a block (heading, list, quote) when it starts a line.
_BLOCK_START = re.compile(r"([#>+-]|[0-9]+[.)])")


def markdown_text(value: str | None) -> str:
    """Inline Markdown on one line that renders as exactly ``value``'s characters."""
    if value is None:
        return ""
    escaped = "".join("\\" + c if c in _MARKDOWN_INLINE else c for c in value)
    escaped = " ".join(escaped.splitlines())
    block = _BLOCK_START.match(escaped)
    if block:
        end = block.end()
        escaped = escaped[:end - 1] + "\\" + escaped[end - 1:]
    return escaped


def markdown_cell(value: str | None) -> str:
    """A GFM table cell: escaped inline text, so "|" never splits the cell."""
    return markdown_text(value)
