"""Shared facts for the tests: where things are, and the registries as plain data."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

REPO = Path(__file__).resolve().parents[1]

# The tests' temporary folders (tmp_path) in memory where the machine has a tmpfs: the
# generators fsync every file they write (write.write_atomic), about 3 ms a file on a disk,
# which over the suite's hundreds of generate runs was half the generator tests' time; on a
# tmpfs fsync returns at once and every write is otherwise the same. pyproject.toml keeps a
# folder only for a failed test. A temporary root the caller chose is left alone.
_MEMORY = Path("/dev/shm")
if ("PYTEST_DEBUG_TEMPROOT" not in os.environ and _MEMORY.is_dir()
        and os.access(_MEMORY, os.W_OK | os.X_OK)):
    os.environ["PYTEST_DEBUG_TEMPROOT"] = str(_MEMORY)


@functools.cache
def read_yaml(name: str) -> Any:
    """A registry file, read independently of the generators (PyYAML directly).

    Shared between tests: never mutate it (deep-copy first)."""
    with open(REPO / "registry" / name, encoding="utf-8") as file:
        return yaml.safe_load(file)


@pytest.fixture(scope="session")
def registry() -> dict[str, Any]:
    """The status code registry as plain data."""
    data: dict[str, Any] = read_yaml("smtp-enhanced-status-codes.yaml")
    return data


@pytest.fixture(scope="session")
def replies() -> dict[str, Any]:
    data: dict[str, Any] = read_yaml("smtp-reply-codes.yaml")
    return data


def reference_cell(iana: dict[str, Any], brackets: bool = True) -> str:
    """IANA's reference cell as its CSV writes it: "[RFC3463] (Standards Track)", "; "
    between references, and a note that starts with "," attached without a space."""
    parts = []
    for reference in iana["references"]:
        note = reference["note"]
        separator = "" if note is None or note.startswith(",") else " "
        name = f"[{reference['id']}]" if brackets else reference["id"]
        parts.append(f"{name}{separator}{note or ''}")
    return "; ".join(parts)


# Paths and helpers for the registry tests (validate, load, schema, sync-iana, IANA data).
REGISTRY_PATH = REPO / "registry" / "smtp-enhanced-status-codes.yaml"
REGISTRY_DISPLAY = "registry/smtp-enhanced-status-codes.yaml"
SCHEMA_PATH = REPO / "schema" / "input" / "registry.schema.json"
FIXTURES = REPO / "tests" / "fixtures"
SMALL_XML = FIXTURES / "iana" / "smtp-enhanced-status-codes-small.xml"
SMALL_REGISTRY = FIXTURES / "registry" / "small.yaml"
# Vendor entries that compare with no IANA code: valid beside small.yaml, whose few codes
# leave out those the committed vendor registry compares with (rule vendor-differs-registered).
SMALL_VENDORS = FIXTURES / "registry" / "small-vendors.yaml"
SMALL_VENDORS_DISPLAY = "tests/fixtures/registry/small-vendors.yaml"
# IANA's own files live beside the repository and are never copied into it.
SHARED_IANA = REPO.parent / "shared" / "iana"


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*arguments: str) -> CliResult:
    """Run ``python -m generators`` from the repository root, as a maintainer would."""
    completed = subprocess.run(
        [sys.executable, "-m", "generators", *arguments], cwd=REPO, capture_output=True,
        text=True, encoding="utf-8", timeout=120, check=False)
    return CliResult(completed.returncode, completed.stdout, completed.stderr)


def assert_invalid(result: CliResult, expected: list[str]) -> None:
    """Exit 2, nothing on stdout, exactly these lines on stderr and no traceback."""
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == expected
    assert result.stdout == ""
    assert result.returncode == 2


def position(text: str, needle: str, target: str = "") -> str:
    """``line:col`` (1-based) of ``target`` inside the one occurrence of ``needle``."""
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
    offset = text.index(needle) + needle.index(target)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def line_of(text: str, needle: str) -> int:
    return int(position(text, needle).split(":")[0])


Mutation = Callable[[Any], None]


def setting(path: Sequence[str | int], value: Any) -> Mutation:
    """A mutation of a JSON-like document: the value at ``path`` becomes ``value``."""
    def mutate(document: Any) -> None:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def deleting(path: Sequence[str | int]) -> Mutation:
    """A mutation of a JSON-like document: the key or item at ``path`` goes."""
    def mutate(document: Any) -> None:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


def edit(text: str, old: str, new: str) -> str:
    """Replace the first occurrence of ``old``, which must be present."""
    assert old in text, f"{old!r} not in text"
    return text.replace(old, new, 1)


@pytest.fixture(scope="session")
def registry_source() -> str:
    return REGISTRY_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def iana_dir() -> Path:
    """../shared/iana, or skip: a fresh clone has no copy of IANA's files."""
    if not (SHARED_IANA / "smtp-enhanced-status-codes.xml").is_file():
        pytest.skip(f"IANA snapshot not available: {SHARED_IANA} is absent")
    return SHARED_IANA


# --- IANA's XML: the small fixture and the record the sync tests add to it ----------------

LAST_RECORD_END = "    </record>\n  </registry>\n</registry>"
# A new code X.1.3 after the fixture's last record; its sample is folded over two lines and
# its description has a double space, as IANA's XML can (sync-iana folds whitespace).
NEW_RECORD = """    </record>
    <record date="2026-01-02">
      <code>X.1.3</code>
      <sample>Sender's UTF-8 address isn't
        permitted, sorry</sample>
      <basic_code>550</basic_code>
      <description>A made-up code  for the tests.</description>
      <reference><xref type="rfc" data="rfc9999"/></reference>
      <submitter>T. Ester</submitter>
      <change_controller>IESG</change_controller>
    </record>
  </registry>
</registry>"""


def small_xml() -> str:
    return SMALL_XML.read_text(encoding="utf-8")


def sync_setup(tmp_path: Path, xml_text: str) -> tuple[Path, Path]:
    """``xml_text`` as tmp_path/iana.xml beside a copy of the small registry."""
    xml, registry = tmp_path / "iana.xml", tmp_path / "registry.yaml"
    xml.write_text(xml_text, encoding="utf-8")
    shutil.copyfile(SMALL_REGISTRY, registry)
    return xml, registry


def sync(xml: Path, registry: Path, *extra: str) -> CliResult:
    return run_cli("sync-iana", str(xml), "--registry", str(registry), *extra)


# --- the C header's consumers: gcc and g++ in the five modes the README promises ----------

C_MODES = [("gcc", "c89"), ("gcc", "c99"), ("gcc", "c11"), ("g++", "c++98"), ("g++", "c++17")]
C_MODE_IDS = [standard for _, standard in C_MODES]
C_FLAGS = ["-Wall", "-Wextra", "-Werror", "-pedantic"]


def compile_c(compiler: str, standard: str, sources: Sequence[Path], includes: Sequence[Path],
              program: Path) -> Path:
    """Build ``sources`` strictly as ``standard`` (C sources are compiled as C++ by g++ under
    a .cpp name), or skip when the compiler is missing."""
    if shutil.which(compiler) is None:
        pytest.skip(f"{compiler} is not installed; cannot build the C header as {standard}")
    suffix = ".c" if compiler == "gcc" else ".cpp"
    copies = []
    for source in sources:
        copy = program.parent / f"{source.stem}{suffix}"
        if copy != source:
            shutil.copyfile(source, copy)
        copies.append(str(copy))
    built = subprocess.run(
        [compiler, f"-std={standard}", *C_FLAGS, *(f"-I{folder}" for folder in includes),
         *copies, "-o", str(program)], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    return program


def run_program(program: Path) -> list[str]:
    """The program's standard output lines (ASCII); it must exit 0 and print no error."""
    ran = subprocess.run([str(program)], capture_output=True, check=False)
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr == b""
    return ran.stdout.decode("ascii").splitlines()


# --- Markdown as a real CommonMark + GFM-tables renderer reads it -------------------------

MARKDOWN = MarkdownIt("commonmark").enable("table")


def markdown_tables(tokens: list[Token]) -> list[list[list[Token]]]:
    """Each table as rows of cells, each cell its inline token."""
    found: list[list[list[Token]]] = []
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            found[-1].append([])
        elif token.type in ("th_open", "td_open"):
            found[-1][-1].append(tokens[index + 1])
    return found


def inline_text(inline: Token) -> str:
    """What a reader sees in an inline token: its text, code spans included."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append("\n")
    return "".join(parts)
