"""`python -m generators generate`: determinism, the --check gate, and bad input."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REGISTRY = REPO / "registry" / "smtp-enhanced-status-codes.yaml"
FIX = "generated files are out of date; fix with: python -m generators generate"


def run(*arguments: str, cwd: Path = REPO, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generators", *arguments], cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(REPO), **environment},
                          capture_output=True, text=True, check=False)


def tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file() and not any(part == "__pycache__" or part.endswith(".egg-info")
                                          for part in path.parts)}


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("good")
    assert run("generate", "--output", str(output)).returncode == 0
    return output


def copy_of(good: Path, tmp_path: Path) -> Path:
    target = tmp_path / "out"
    shutil.copytree(good, target)
    return target


def test_output_equals_the_committed_tree(good: Path) -> None:
    assert tree(good) == tree(REPO / "generated")


def test_same_bytes_whatever_the_hash_seed_locale_and_directory(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    assert run("generate", "--output", str(first), PYTHONHASHSEED="0", LC_ALL="C").returncode == 0
    result = run("generate", "--registry", str(REGISTRY), "--replies",
                 str(REPO / "registry" / "smtp-reply-codes.yaml"), "--output", str(second),
                 cwd=elsewhere, PYTHONHASHSEED="12345", LC_ALL="C.UTF-8")
    assert result.returncode == 0, result.stderr
    assert tree(first) == tree(second)


def test_check_is_clean_on_a_fresh_tree(good: Path) -> None:
    result = run("generate", "--check", "--output", str(good))
    assert result.returncode == 0
    assert result.stdout.endswith(" is in sync with registry/smtp-enhanced-status-codes.yaml "
                                  "and registry/smtp-reply-codes.yaml\n")


def test_check_catches_a_hand_edit_and_writes_nothing(good: Path, tmp_path: Path) -> None:
    output = copy_of(good, tmp_path)
    header = output / "c" / "smtp_status.h"
    header.write_bytes(header.read_bytes().replace(b"#define SMTP_STATUS_CODE_COUNT 81",
                                                   b"#define SMTP_STATUS_CODE_COUNT 80"))
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns)
              for path in output.rglob("*") if path.is_file()}
    result = run("generate", "--check", "--output", str(output))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "differs: c/smtp_status.h"
    assert "    -#define SMTP_STATUS_CODE_COUNT 80" in lines
    assert "    +#define SMTP_STATUS_CODE_COUNT 81" in lines
    assert lines[-1] == FIX
    after = {path: (path.read_bytes(), path.stat().st_mtime_ns)
             for path in output.rglob("*") if path.is_file()}
    assert after == before


def test_check_catches_stale_and_missing_files(good: Path, tmp_path: Path) -> None:
    output = copy_of(good, tmp_path)
    (output / "docs" / "old.md").write_text("stale\n")
    (output / "json" / "smtp-reply-codes.json").unlink()
    result = run("generate", "--check", "--output", str(output))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "missing: json/smtp-reply-codes.json",
        "stale: docs/old.md (not generated from the registry)",
        FIX,
    ]


def test_check_catches_a_registry_edit_not_regenerated(good: Path, tmp_path: Path) -> None:
    edited = tmp_path / "registry.yaml"
    edited.write_text(REGISTRY.read_text("utf-8").replace(
        "sample_text: Mailbox full", "sample_text: Mailbox is full"), "utf-8")
    result = run("generate", "--check", "--registry", str(edited), "--output", str(good))
    assert result.returncode == 1
    assert "differs: python/smtp_status/enums.py" in result.stdout.splitlines()


def test_generate_removes_stale_files_but_not_bytecode(good: Path, tmp_path: Path) -> None:
    output = copy_of(good, tmp_path)
    (output / "docs" / "old.md").write_text("stale\n")
    cache = output / "python" / "smtp_status" / "__pycache__"
    cache.mkdir()
    (cache / "enums.cpython-311.pyc").write_bytes(b"\x00")
    result = run("generate", "--output", str(output))
    assert result.returncode == 0
    assert "removed stale docs/old.md" in result.stdout.splitlines()
    assert (cache / "enums.cpython-311.pyc").exists()
    assert tree(output) == tree(good)
    assert not [path for path in output.rglob(".*") if path.is_file()]  # no temp files left
    assert run("generate", "--check", "--output", str(output)).returncode == 0


BAD_REGISTRIES = {
    "syntax error": lambda text: text.replace("registry:\n", "registry: [\n", 1),
    "duplicate key": lambda text: text.replace(
        "  title: Simple", "  id: again\n  title: Simple", 1),
    "python tag": lambda text: text.replace(
        "registry:\n", "evil: !!python/object:os.system {}\nregistry:\n", 1),
    "alias bomb": lambda text: "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n" + text,
    "missing field": lambda text: text.replace("    name: MAILBOX_FULL\n", "", 1),
    "unknown field": lambda text: text.replace(
        "    name: MAILBOX_FULL\n", "    name: MAILBOX_FULL\n    colour: red\n", 1),
    "wrong type": lambda text: text.replace("      codes: [552]", "      codes: 552", 1),
    "leading zero": lambda text: text.replace("code: X.2.2\n", "code: X.02.2\n", 1),
    "4-digit sub-code": lambda text: text.replace("code: X.2.2\n", "code: X.2.2000\n", 1),
    "class digit": lambda text: text.replace("code: X.2.2\n", "code: 5.2.2\n", 1),
    "duplicate code": lambda text: text.replace("code: X.2.2\n", "code: X.2.1\n", 1),
    "duplicate name": lambda text: text.replace("name: MAILBOX_FULL", "name: MAILBOX_DISABLED", 1),
    "lower-case name": lambda text: text.replace("name: MAILBOX_FULL", "name: mailbox_full", 1),
    "unknown subject": lambda text: text.replace("code: X.7.30\n", "code: X.9.30\n", 1),
    "out of order": lambda text: text.replace("code: X.2.2\n", "code: X.2.9\n", 1),
    "empty file": lambda text: "",
}


@pytest.mark.parametrize("case", sorted(BAD_REGISTRIES))
def test_bad_input_leaves_the_output_untouched(case: str, good: Path, tmp_path: Path) -> None:
    output = copy_of(good, tmp_path)
    bad = tmp_path / "bad.yaml"
    text = BAD_REGISTRIES[case](REGISTRY.read_text("utf-8"))
    assert text != REGISTRY.read_text("utf-8")
    bad.write_text(text, "utf-8")
    result = run("generate", "--registry", str(bad), "--output", str(output))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{bad}:")
    assert tree(output) == tree(good)


@pytest.mark.parametrize("case", ["not UTF-8", "50 MB"])
def test_undecodable_and_huge_files_leave_the_output_untouched(
    case: str, good: Path, tmp_path: Path
) -> None:
    output = copy_of(good, tmp_path)
    bad = tmp_path / "bad.yaml"
    if case == "not UTF-8":
        bad.write_bytes(b"registry:\n  title: \xff\xfe\n")
    else:
        with open(bad, "wb") as file:
            file.truncate(50 * 1024 * 1024)
    result = run("generate", "--registry", str(bad), "--output", str(output))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    expected = {
        "not UTF-8": f"{bad}:2:10: $: file is not valid UTF-8: byte 0xff at offset 19 "
                     "(rule encoding)\n",
        "50 MB": f"{bad}:1:1: $: file is 52428800 bytes, over the 16 MiB limit "
                 "(rule max-size)\n",
    }
    assert result.stderr == expected[case]
    assert tree(output) == tree(good)


def test_importing_the_package_loads_no_maintainer_dependency() -> None:
    code = ("import sys, smtp_status\n"
            "assert smtp_status.StatusCode.parse('5.1.1').is_permanent\n"
            "print(sorted(m for m in ('yaml', 'jsonschema', 'jinja2') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO / "generated" / "python")},
                            check=True)
    assert result.stdout == "[]\n"


def test_every_package_file_carries_the_marker() -> None:
    package = REPO / "generated" / "python" / "smtp_status"
    files = sorted(path.name for path in package.iterdir() if path.is_file())
    assert files == ["__init__.py", "__main__.py", "enums.py", "finder.py", "py.typed",
                     "replies.py", "reply.py", "status.py"]
    for name in files:
        first = (package / name).read_text("utf-8").splitlines()[0]
        assert first == ("# Code generated by python -m generators from "
                         "registry/smtp-enhanced-status-codes.yaml and "
                         "registry/smtp-reply-codes.yaml. DO NOT EDIT.")
