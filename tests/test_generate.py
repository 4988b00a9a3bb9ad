"""`python -m generators generate`: determinism, the --check gate, writing, and bad input.

Every run works on copies: the three registries are copied into a temporary folder and both
output roots (--output and --package-output) go to a temporary folder, so the repository's
generated/ and src/smtp_status/_generated/ are only ever read.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import REPO

CODES = "smtp-enhanced-status-codes.yaml"
REPLIES = "smtp-reply-codes.yaml"
VENDORS = "vendor-codes.yaml"
REASONS = "bounce-reasons.yaml"
FORMATS = "bounce-formats.yaml"
FIX = "generated files are out of date; fix with: python -m generators generate"
# Byproducts that are never generated, flagged or deleted.
IGNORED = ("__pycache__",)
# The two output roots, as the repository lays them out: --output and --package-output.
GENERATED = "generated"
PACKAGE = "src/smtp_status/_generated"
COMMITTED_FILES = sorted([
    "generated/c/smtp_status.h",
    "generated/docs/bounce-formats.md",
    "generated/docs/bounce-reasons.md",
    "generated/docs/codes.md",
    "generated/docs/index.md",
    "generated/docs/reply-codes.md",
    "generated/docs/vendor-google.md",
    "generated/docs/vendor-microsoft.md",
    "generated/json/smtp-bounce-reasons.json",
    "generated/json/smtp-enhanced-status-codes.json",
    "generated/json/smtp-reply-codes.json",
    "generated/json/smtp-vendor-codes.json",
    "generated/npm/LICENSE",
    "generated/npm/README.md",
    "generated/npm/index.cjs",
    "generated/npm/index.d.cts",
    "generated/npm/index.d.ts",
    "generated/npm/index.mjs",
    "generated/npm/package.json",
    "generated/npm/reasons.cjs",
    "generated/npm/smtp-bounce-reasons.json",
    "generated/npm/smtp-enhanced-status-codes.json",
    "generated/npm/smtp-reply-codes.json",
    "generated/npm/smtp-vendor-codes.json",
    "src/smtp_status/_generated/__init__.py",
    "src/smtp_status/_generated/bounce_formats.py",
    "src/smtp_status/_generated/enum_rows.py",
    "src/smtp_status/_generated/reasons.py",
    "src/smtp_status/_generated/replies.py",
    "src/smtp_status/_generated/vendors.py",
    # The output schemas, copied in by generate (generators/shipped_schemas.py).
    *(f"{root}{name}.schema.json" for root in ("generated/npm/schemas/", f"{PACKAGE}/")
      for name in ("bounce-summary", "bounce", "explain", "smtp-bounce-reasons",
                   "smtp-enhanced-status-codes", "smtp-reply-codes", "smtp-vendor-codes")),
])


def run(*arguments: str, cwd: Path = REPO, **environment: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items()
           if name not in ("PYTHONHASHSEED", "LC_ALL", "LANG", "LC_CTYPE")}
    env.update(PYTHONPATH=str(REPO), **environment)
    return subprocess.run([sys.executable, "-m", "generators", *arguments], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          check=False)


def tree(root: Path) -> dict[str, bytes]:
    """The generated files under ``root``: bytecode and pip's egg-info left out."""
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file() and path.suffix not in (".pyc", ".pyo")
            and not any(part in IGNORED or part.endswith(".egg-info")
                        for part in path.relative_to(root).parts)}


def outputs(base: Path) -> dict[str, bytes]:
    """Both output roots under ``base``, keyed by their path relative to ``base``."""
    return {f"{root}/{relative}": content for root in (GENERATED, PACKAGE)
            for relative, content in tree(base / root).items()}


def snapshot(root: Path) -> dict[str, tuple[bytes, int, int] | None]:
    """Everything under ``root``, bytecode included: files with bytes, mtime and inode."""
    result: dict[str, tuple[bytes, int, int] | None] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file():
            info = path.stat()
            result[relative] = (path.read_bytes(), info.st_mtime_ns, info.st_ino)
        else:
            result[relative] = None
    return result


@dataclass(frozen=True)
class Output:
    """Both output roots of one run, laid out under ``base`` as in the repository."""

    base: Path

    @property
    def generated(self) -> Path:
        return self.base / GENERATED

    @property
    def package(self) -> Path:
        return self.base / PACKAGE

    def arguments(self) -> tuple[str, ...]:
        return ("--output", str(self.generated), "--package-output", str(self.package))

    def path(self, relative: str) -> str:
        """How messages name a file (paths outside the repository print whole)."""
        return f"{self.base}/{relative}"

    def summary(self, files: int, changed: int) -> str:
        """The last line of a run that writes."""
        return f"{self.generated}/ and {self.package}/: {files} files, {changed} changed"


@dataclass(frozen=True)
class Sources:
    codes: Path
    replies: Path
    vendors: Path
    reasons: Path
    formats: Path

    def arguments(self) -> tuple[str, ...]:
        return ("--registry", str(self.codes), "--replies", str(self.replies),
                "--vendors", str(self.vendors), "--reasons", str(self.reasons),
                "--formats", str(self.formats))

    def in_sync(self, output: Output) -> str:
        """What --check prints for output roots in sync."""
        return (f"{output.generated}/ and {output.package}/ are in sync with {self.codes} "
                f"and {self.replies} and {self.vendors} and {self.reasons} and {self.formats}\n")


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    """Copies of the four registries, under their own names (the marker line names them)."""
    folder = tmp_path_factory.mktemp("sources") / "registry"
    folder.mkdir()
    for name in (CODES, REPLIES, VENDORS, REASONS, FORMATS):
        shutil.copyfile(REPO / "registry" / name, folder / name)
    return Sources(folder / CODES, folder / REPLIES, folder / VENDORS, folder / REASONS,
                   folder / FORMATS)


@pytest.fixture(scope="module")
def committed() -> dict[str, bytes]:
    files = outputs(REPO)
    assert sorted(files) == COMMITTED_FILES
    return files


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory, sources: Sources,
         committed: dict[str, bytes]) -> Output:
    """One good generation, shared: tests copy it before changing anything."""
    output = Output(tmp_path_factory.mktemp("good") / "out")
    result = run("generate", *sources.arguments(), *output.arguments())
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        *(f"wrote {output.path(relative)}" for relative in sorted(committed)),
        output.summary(len(committed), len(committed)),
    ]
    return output


def copy_of(good: Output, tmp_path: Path) -> Output:
    target = Output(tmp_path / "out")
    shutil.copytree(good.base, target.base)  # copy2: mtimes kept
    return target


def check(sources: Sources, output: Output) -> subprocess.CompletedProcess[str]:
    return run("generate", "--check", *sources.arguments(), *output.arguments())


def generate(sources: Sources, output: Output) -> subprocess.CompletedProcess[str]:
    return run("generate", *sources.arguments(), *output.arguments())


def utf8_locale() -> str:
    """A UTF-8 locale other than C: en_US.UTF-8 where installed, else C.UTF-8."""
    for name in ("en_US.UTF-8", "C.UTF-8"):
        probe = subprocess.run(
            [sys.executable, "-c", "import locale; locale.setlocale(locale.LC_ALL, '')"],
            env={**os.environ, "LC_ALL": name}, capture_output=True, check=False)
        if probe.returncode == 0:
            return name
    pytest.skip("no UTF-8 locale installed")


# --- determinism ----------------------------------------------------------------------------


def test_generation_equals_the_committed_tree(good: Output, committed: dict[str, bytes]) -> None:
    assert sorted(tree(good.base)) == sorted(committed)
    assert tree(good.base) == committed


def test_same_bytes_whatever_the_hash_seed_locale_directory_and_cache(
    tmp_path: Path, sources: Sources, committed: dict[str, bytes]
) -> None:
    first, second = Output(tmp_path / "first"), Output(tmp_path / "second")
    empty_tmp = tmp_path / "tmp"  # generate writes nothing outside its output trees
    empty_tmp.mkdir()
    result = run("generate", *sources.arguments(), *first.arguments(),
                 PYTHONHASHSEED="0", LC_ALL="C", LANG="C", TMPDIR=str(empty_tmp))
    assert (result.returncode, result.stderr) == (0, "")
    # From the registries' folder, with relative paths, another seed and a UTF-8 locale.
    result = run("generate", "--registry", CODES, "--replies", REPLIES, "--vendors", VENDORS,
                 "--output", os.path.relpath(second.generated, sources.codes.parent),
                 "--package-output", os.path.relpath(second.package, sources.codes.parent),
                 cwd=sources.codes.parent, PYTHONHASHSEED="12345", LC_ALL=utf8_locale())
    assert (result.returncode, result.stderr) == (0, "")
    assert tree(first.base) == tree(second.base) == committed
    assert list(empty_tmp.iterdir()) == []


def test_generating_again_changes_nothing(good: Output, tmp_path: Path, sources: Sources,
                                          committed: dict[str, bytes]) -> None:
    output = copy_of(good, tmp_path)
    before = snapshot(output.base)
    result = generate(sources, output)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == output.summary(len(committed), 0) + "\n"
    assert snapshot(output.base) == before  # not even rewritten with the same bytes


# --- --check ---------------------------------------------------------------------------------


def test_check_is_clean_on_a_fresh_tree(good: Output, sources: Sources) -> None:
    before = snapshot(good.base)
    result = check(sources, good)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == sources.in_sync(good)
    assert snapshot(good.base) == before


def test_check_catches_a_hand_edit_and_writes_nothing(
    good: Output, tmp_path: Path, sources: Sources
) -> None:
    output = copy_of(good, tmp_path)
    header = output.generated / "c" / "smtp_status.h"
    lines = header.read_text("utf-8").splitlines()
    number = lines.index("#define SMTP_STATUS_CODE_COUNT 81") + 1
    assert 1 < number < len(lines)
    header.write_bytes(header.read_bytes().replace(b"#define SMTP_STATUS_CODE_COUNT 81",
                                                   b"#define SMTP_STATUS_CODE_COUNT 80"))
    before = snapshot(output.base)
    result = check(sources, output)
    assert (result.returncode, result.stderr) == (1, "")
    shown = output.path("generated/c/smtp_status.h")
    assert result.stdout.splitlines() == [
        f"differs: {shown}",
        f"    --- {shown} (on disk)",
        f"    +++ {shown} (from the registries)",
        f"    @@ -{number - 1},3 +{number - 1},3 @@",
        f"     {lines[number - 2]}",
        "    -#define SMTP_STATUS_CODE_COUNT 80",
        "    +#define SMTP_STATUS_CODE_COUNT 81",
        f"     {lines[number]}",
        FIX,
    ]
    assert snapshot(output.base) == before


def test_check_catches_stale_missing_and_rewritten_files(
    good: Output, tmp_path: Path, sources: Sources
) -> None:
    output = copy_of(good, tmp_path)
    (output.generated / "docs" / "old.md").write_text("stale\n", "utf-8")
    (output.generated / "extra").mkdir()
    (output.generated / "extra" / "notes.txt").write_text("stale\n", "utf-8")
    (output.generated / "json" / "smtp-reply-codes.json").unlink()
    (output.package / "enum_rows.py").write_text("x = 1\n", "utf-8")
    (output.package / "old.py").write_text("stale = 1\n", "utf-8")
    before = snapshot(output.base)
    result = check(sources, output)
    assert (result.returncode, result.stderr) == (1, "")
    lines = result.stdout.splitlines()
    enums = output.path(f"{PACKAGE}/enum_rows.py")
    # Root by root: --output's files, then --package-output's.
    assert lines[:6] == [
        f"missing: {output.path('generated/json/smtp-reply-codes.json')}",
        f"stale: {output.path('generated/docs/old.md')} (not generated from the registries)",
        f"stale: {output.path('generated/extra/notes.txt')} (not generated from the registries)",
        f"differs: {enums}",
        f"    --- {enums} (on disk)",
        f"    +++ {enums} (from the registries)",
    ]
    # A long diff is cut at 20 lines.
    assert all(line.startswith("    ") for line in lines[4:24])
    assert re.fullmatch(r"    \.\.\. \(\d+ more diff lines\)", lines[24])
    assert lines[25:] == [
        f"stale: {output.path(f'{PACKAGE}/old.py')} (not generated from the registries)",
        FIX,
    ]
    assert snapshot(output.base) == before


def test_check_catches_a_registry_edit_not_regenerated(
    good: Output, tmp_path: Path, sources: Sources
) -> None:
    folder = tmp_path / "registry"
    folder.mkdir()
    edited = Sources(folder / CODES, sources.replies, sources.vendors, sources.reasons,
                     sources.formats)
    text = sources.codes.read_text("utf-8")
    assert text.count("sample_text: Mailbox full\n") == 1
    edited.codes.write_text(text.replace("sample_text: Mailbox full\n",
                                         "sample_text: Mailbox is full\n"), "utf-8")
    before = snapshot(good.base)
    result = check(edited, good)
    assert (result.returncode, result.stderr) == (1, "")
    lines = result.stdout.splitlines()
    assert [line for line in lines if not line.startswith("    ")] == [
        f"differs: {good.path('generated/c/smtp_status.h')}",
        f"differs: {good.path('generated/docs/codes.md')}",
        f"differs: {good.path('generated/docs/index.md')}",
        # The vendor pages show IANA's sample text beside Google's 4.2.2 and Microsoft's 5.2.2.
        f"differs: {good.path('generated/docs/vendor-google.md')}",
        f"differs: {good.path('generated/docs/vendor-microsoft.md')}",
        f"differs: {good.path('generated/json/smtp-enhanced-status-codes.json')}",
        # The npm package carries the sample texts in its types and its copy of the JSON.
        f"differs: {good.path('generated/npm/index.d.cts')}",
        f"differs: {good.path('generated/npm/index.d.ts')}",
        f"differs: {good.path('generated/npm/smtp-enhanced-status-codes.json')}",
        # The sample texts are in the rows; the member lists beside them stay as they were.
        f"differs: {good.path(f'{PACKAGE}/enum_rows.py')}",
        FIX,
    ]
    assert "    -        \"sample_text\": 'Mailbox full'," in lines
    assert "    +        \"sample_text\": 'Mailbox is full'," in lines
    assert snapshot(good.base) == before


def test_check_of_a_missing_folder_lists_every_file(
    tmp_path: Path, sources: Sources, committed: dict[str, bytes]
) -> None:
    output = Output(tmp_path / "nowhere")
    result = check(sources, output)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        *(f"missing: {output.path(relative)}" for relative in sorted(committed)), FIX]
    assert not output.base.exists()


def test_bytecode_and_egg_info_are_neither_flagged_nor_deleted(
    good: Output, tmp_path: Path, sources: Sources, committed: dict[str, bytes]
) -> None:
    output = copy_of(good, tmp_path)
    package = output.package
    byproducts = [package / "__pycache__" / "enums.cpython-311.pyc",
                  package / "__pycache__" / "deeper" / "x.pyc",
                  output.generated / "__pycache__" / "anything.txt",
                  package / "enums.pyc",
                  package / "smtp_status.egg-info" / "PKG-INFO",
                  output.generated / "python" / "smtp_status.egg-info" / "PKG-INFO"]
    for path in byproducts:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\x00byproduct")
    (package / "__pycache__" / "empty").mkdir()
    (output.generated / "docs" / "__pycache__").mkdir()  # empty, yet still not ours to delete
    before = snapshot(output.base)

    result = check(sources, output)
    assert (result.returncode, result.stdout, result.stderr) == (0, sources.in_sync(output), "")
    assert snapshot(output.base) == before

    result = generate(sources, output)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == output.summary(len(committed), 0) + "\n"
    assert snapshot(output.base) == before


# --- writing ---------------------------------------------------------------------------------


def test_generate_repairs_the_tree_and_removes_stale_files(
    good: Output, tmp_path: Path, sources: Sources, committed: dict[str, bytes]
) -> None:
    output = copy_of(good, tmp_path)
    (output.generated / "docs" / "old.md").write_text("stale\n", "utf-8")
    (output.generated / "extra" / "deeper").mkdir(parents=True)
    (output.generated / "extra" / "deeper" / "notes.txt").write_text("stale\n", "utf-8")
    (output.generated / "json" / "smtp-reply-codes.json").unlink()
    (output.package / "replies.py").unlink()
    (output.package / "old.py").write_text("stale = 1\n", "utf-8")
    header = output.generated / "c" / "smtp_status.h"
    header.write_text("/* edited */\n", "utf-8")
    # A hard link sees the old inode: an atomic replace leaves it alone, an in-place
    # write would change it.
    header_link = tmp_path / "header-link"
    os.link(header, header_link)
    untouched = snapshot(output.base)["generated/docs/index.md"]

    result = generate(sources, output)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"wrote {output.path('generated/c/smtp_status.h')}",
        f"wrote {output.path('generated/json/smtp-reply-codes.json')}",
        f"removed stale {output.path('generated/docs/old.md')}",
        f"removed stale {output.path('generated/extra/deeper/notes.txt')}",
        f"wrote {output.path(f'{PACKAGE}/replies.py')}",
        f"removed stale {output.path(f'{PACKAGE}/old.py')}",
        output.summary(len(committed), 6),
    ]
    assert tree(output.base) == committed
    assert not (output.generated / "extra").exists()  # emptied folders go too
    assert header_link.read_text("utf-8") == "/* edited */\n"
    assert snapshot(output.base)["generated/docs/index.md"] == untouched
    # No temporary file is left behind, and what was written is world-readable.
    assert sorted(path.relative_to(output.base).as_posix() for path in output.base.rglob("*")
                  if path.is_file()) == sorted(committed)
    for relative in ("generated/c/smtp_status.h", "generated/json/smtp-reply-codes.json",
                     f"{PACKAGE}/replies.py"):
        assert stat.S_IMODE((output.base / relative).stat().st_mode) == 0o644
    assert check(sources, output).returncode == 0


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generators import write

    target = tmp_path / "file.txt"
    target.write_bytes(b"old\n")

    def failing_replace(source: str | os.PathLike[str], destination: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(write.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk on fire"):
        write.write_atomic(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert [path.name for path in tmp_path.iterdir()] == ["file.txt"]
    monkeypatch.undo()

    assert write.write_atomic(target, b"new\n") is True
    assert write.write_atomic(target, b"new\n") is False
    assert target.read_bytes() == b"new\n"
    assert write.write_atomic(tmp_path / "a" / "b" / "c.txt", b"deep\n") is True
    assert sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*")) == [
        "a", "a/b", "a/b/c.txt", "file.txt"]


# --- bad input ---------------------------------------------------------------------------------


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert text.count(old) >= 1, old
        return text.replace(old, new, 1)
    return edit


# case -> (edit of the registry text, what stderr must say)
BAD_REGISTRIES: dict[str, tuple[Callable[[str], str], str]] = {
    "YAML syntax error": (_replace("registry:\n", "registry: [\n"),
                          "YAML syntax error: did not find expected ',' or ']'"),
    "duplicate key": (_replace("  title: Simple", "  id: again\n  title: Simple"),
                      "$.registry.id: duplicate key 'id' (first defined on line 9) "
                      "(rule no-duplicate-key)"),
    "python tag": (_replace("registry:\n", "evil: !!python/object:os.system {}\nregistry:\n"),
                   "$.evil: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not "
                   "allowed: the registry is plain data (rule no-tag)"),
    "alias bomb": (lambda text: "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n" + text,
                   "$.c[1]: YAML alias *b is not allowed: write the value out (rule no-alias)"),
    "missing field": (_replace("    name: MAILBOX_FULL\n", ""),
                      "$.codes[14]: 'name' is a required property (schema: required)"),
    "unknown field": (_replace("    name: MAILBOX_FULL\n",
                               "    name: MAILBOX_FULL\n    colour: red\n"),
                      "$.codes[14].colour: unknown field 'colour' (schema: additionalProperties)"),
    "wrong type": (_replace("      codes: [552]", "      codes: 552"),
                   "$.codes[14].basic_codes.codes: 552 is not of type array (schema: type)"),
    "X.01.1": (_replace("code: X.1.1\n", "code: X.01.1\n"),
               "$.codes[2].iana.code: 'X.01.1': sub-code '01' has a leading zero (RFC 3463 s2) "
               "(rule code-syntax)"),
    "X.1.1000": (_replace("code: X.1.1\n", "code: X.1.1000\n"),
                 "$.codes[2].iana.code: 'X.1.1000': sub-code '1000' has more than 3 digits "
                 "(RFC 3463 s2) (rule code-syntax)"),
    "5.1.1 in codes": (_replace("code: X.1.1\n", "code: 5.1.1\n"),
                       "$.codes[2].iana.code: '5.1.1' starts with a class digit; enumerated codes "
                       "are written with X for the class, like 'X.1.1' (rule code-syntax)"),
    "duplicate code": (_replace("code: X.2.2\n", "code: X.2.1\n"),
                       "$.codes[14].iana.code: duplicate code 'X.2.1' (first on line {X.2.1}) "
                       "(rule unique-code)"),
    "duplicate name": (_replace("name: MAILBOX_FULL", "name: MAILBOX_DISABLED"),
                       "$.codes[14].name: duplicate name 'MAILBOX_DISABLED' (first used by X.2.1 "
                       "on line {MAILBOX_DISABLED}) (rule unique-name)"),
    "lower-case name": (_replace("name: MAILBOX_FULL", "name: mailbox_full"),
                        "$.codes[14].name: name 'mailbox_full' is not UPPER_SNAKE"),
    "unknown subject": (_replace("code: X.7.30\n", "code: X.9.30\n"),
                        "$.codes[80].iana.code: subject 9 of 'X.9.30' is not in the subjects "
                        "table (rule subject-exists)"),
    "out of order": (_replace("code: X.2.2\n", "code: X.2.9\n"),
                     "$.codes[15].iana.code: 'X.2.3' comes after 'X.2.9'; records must be in "
                     "numeric order (rule sorted)"),
    "empty file": (lambda text: "", "1:1: $: file is empty: no YAML document"),
}


def assert_rejected(result: subprocess.CompletedProcess[str], bad: Path, expected: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines, "no problem reported"
    assert all(line.startswith(f"{bad}:") for line in lines), lines
    assert any(expected in line for line in lines), lines


@pytest.mark.parametrize("case", sorted(BAD_REGISTRIES))
def test_bad_input_leaves_the_output_untouched(
    case: str, good: Output, tmp_path: Path, sources: Sources
) -> None:
    output = copy_of(good, tmp_path)
    (output.package / "__pycache__").mkdir()
    (output.package / "__pycache__" / "enums.cpython-311.pyc").write_bytes(b"\x00")
    before = snapshot(output.base)
    edit, expected = BAD_REGISTRIES[case]
    text = sources.codes.read_text("utf-8")
    bad = tmp_path / "registry" / CODES
    bad.parent.mkdir()
    bad.write_text(edit(text), "utf-8")
    assert bad.read_text("utf-8") != text
    result = run("generate", "--registry", str(bad), "--replies", str(sources.replies),
                 "--vendors", str(sources.vendors), *output.arguments())
    # "{X.2.1}" stands for the line that holds that code or name in the good registry.
    for needle in re.findall(r"\{([^}]+)\}", expected):
        number = 1 + text[:text.index(f" {needle}\n")].count("\n")
        expected = expected.replace(f"{{{needle}}}", str(number))
    assert_rejected(result, bad, expected)
    assert snapshot(output.base) == before


@pytest.mark.parametrize("case", ["not UTF-8", "50 MB"])
def test_undecodable_and_huge_files_leave_the_output_untouched(
    case: str, good: Output, tmp_path: Path, sources: Sources
) -> None:
    output = copy_of(good, tmp_path)
    before = snapshot(output.base)
    bad = tmp_path / CODES
    if case == "not UTF-8":
        bad.write_bytes(b"registry:\n  title: \xff\xfe\n")
    else:
        with open(bad, "wb") as file:
            file.write(sources.codes.read_bytes())
            file.truncate(50 * 1024 * 1024)
    result = run("generate", "--registry", str(bad), "--replies", str(sources.replies),
                 "--vendors", str(sources.vendors), *output.arguments())
    expected = {
        "not UTF-8": f"{bad}:2:10: $: file is not valid UTF-8: byte 0xff at offset 19 "
                     "(rule encoding)\n",
        "50 MB": f"{bad}:1:1: $: file is 52428800 bytes, over the 16 MiB limit "
                 "(rule max-size)\n",
    }
    assert (result.returncode, result.stdout, result.stderr) == (2, "", expected[case])
    assert snapshot(output.base) == before


def test_bad_reply_registry_leaves_the_output_untouched(
    good: Output, tmp_path: Path, sources: Sources
) -> None:
    output = copy_of(good, tmp_path)
    before = snapshot(output.base)
    bad = tmp_path / REPLIES
    bad.write_text("", "utf-8")
    result = run("generate", "--registry", str(sources.codes), "--replies", str(bad),
                 "--vendors", str(sources.vendors), *output.arguments())
    assert_rejected(result, bad, "1:1: $: file is empty: no YAML document")
    assert snapshot(output.base) == before


def test_bad_vendor_codes_leaves_the_output_untouched(
    good: Output, tmp_path: Path, sources: Sources
) -> None:
    output = copy_of(good, tmp_path)
    before = snapshot(output.base)
    bad = tmp_path / VENDORS
    bad.write_text("", "utf-8")
    result = run("generate", "--registry", str(sources.codes), "--replies", str(sources.replies),
                 "--vendors", str(bad), *output.arguments())
    assert_rejected(result, bad, "1:1: $: file is empty: no YAML document")
    assert snapshot(output.base) == before


def test_bad_input_creates_no_output_folder(tmp_path: Path, sources: Sources) -> None:
    bad = tmp_path / CODES
    bad.write_text("registry: [\n", "utf-8")
    output = Output(tmp_path / "never")
    for extra in ((), ("--check",)):
        result = run("generate", *extra, "--registry", str(bad), "--replies",
                     str(sources.replies), "--vendors", str(sources.vendors),
                     *output.arguments())
        assert_rejected(result, bad, "YAML syntax error")
    assert not output.base.exists()


def test_index_mjs_re_exports_the_names_index_cjs_lists() -> None:
    from generators.npm_package import export_names

    source = (REPO / "src" / "npm" / "index.cjs").read_text("utf-8")
    names = export_names(source)
    assert names[:3] == ("REGISTRY_UPDATED", "registry", "classes") and names[-1] == "classify"
    mjs = (REPO / "generated" / "npm" / "index.mjs").read_text("utf-8")
    listed = "".join(f"  {name},\n" for name in names)
    assert mjs.endswith(f"export const {{\n{listed}}} = smtpStatus;\n")
    with pytest.raises(ValueError, match=r"^src/npm/index.cjs has no `module.exports = \{` "):
        export_names("module.exports = { a, b };\n")
