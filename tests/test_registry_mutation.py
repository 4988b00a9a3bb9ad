"""Property: a mutated registry is either refused, every problem with its position (exit 2),
or it makes artifacts that all work: the package imports, the C header compiles and runs,
the JSON parses, and all three say the same. Never a third outcome (a traceback, exit 1, a
header that does not build)."""

from __future__ import annotations

import contextlib
import copy
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generators.__main__ import main
from generators.paths import REGISTRY_DIR
from generators.yaml_emit import dump_yaml

from .conftest import REPO

CODES_FILE = "smtp-enhanced-status-codes.yaml"
COMMITTED: dict[str, Any] = yaml.safe_load((REGISTRY_DIR / CODES_FILE).read_text("utf-8"))
HUGE = "HUGE-INTEGER-PLACEHOLDER"  # dump_yaml cannot write a 5,000-digit int: swapped in after
PROBLEM = re.compile(r"\S.*:\d+:\d+: \$\S*: .+")
C_PROGRAM = r"""
#define SMTP_STATUS_IMPLEMENTATION
#include "smtp_status.h"
#include <stdio.h>

static void hex(const char *text)
{
    if (text != NULL) {
        while (*text != '\0') {
            printf("%02x", (unsigned)(unsigned char)*text);
            ++text;
        }
    }
    fputs("\n", stdout);
}

int main(void)
{
    size_t index;
    for (index = 0; index < SMTP_STATUS_CODE_COUNT; ++index) {
        const struct smtp_status_code_info *code = &smtp_status_codes[index];
        if (smtp_status_lookup(code->subject, code->detail) != code) {
            return 1;
        }
        hex(code->code);
        hex(code->name);
        hex(code->sample_text);
        hex(code->description);
    }
    return 0;
}
"""
PYTHON_PROGRAM = """\
import json
from smtp_status import EnhancedCode, StatusCode
rows = []
for member in EnhancedCode:
    assert EnhancedCode(member.value) is member
    assert StatusCode.parse(member.value.replace("X", "5", 1)).enhanced_code is member
    rows.append([member.value, member.name, member.sample_text, member.description])
print(json.dumps(rows))
"""


def leaves(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in leaves(value, (*path, key))]
    if isinstance(node, list):
        return [leaf for index, value in enumerate(node) for leaf in leaves(value, (*path, index))]
    return [path]


LEAVES = leaves(COMMITTED)
TEXTS = [path for path in LEAVES if path[-1] in ("description", "sample_text", "summary")]
JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.just(HUGE),
    st.text(max_size=40), st.lists(st.integers(0, 999), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(["X.1.1\n", "5.1.1", "X.01.1", "\x00", "2024-02-30", "", " ", "NO"]))


@st.composite
def mutations(draw: st.DrawFn) -> tuple[tuple[Any, ...], Any]:
    if draw(st.booleans()):  # a text field with any text: most of these stay valid
        return draw(st.sampled_from(TEXTS)), draw(st.text(min_size=1, max_size=700))
    return draw(st.sampled_from(LEAVES)), draw(JUNK)


def mutated_text(changes: list[tuple[tuple[Any, ...], Any]]) -> str:
    document = copy.deepcopy(COMMITTED)
    for path, value in changes:
        target = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    return dump_yaml(document).replace(f"'{HUGE}'", "9" * 5000).replace(HUGE, "9" * 5000)


def check_artifacts(output: Path, package: Path, folder: Path) -> None:
    document = json.loads((output / "json" / "smtp-enhanced-status-codes.json").read_text())
    rows = [[entry["code"], entry["name"], entry["sample_text"], entry["description"]]
            for entry in document["codes"]]
    for name in ("smtp-reply-codes.json", "smtp-vendor-codes.json"):
        json.loads((output / "json" / name).read_text("utf-8"))
    ran = subprocess.run([sys.executable, "-c", PYTHON_PROGRAM], cwd=folder, check=False,
                         capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": str(package.parent), "PATH": "/usr/bin:/bin"})
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == rows
    if shutil.which("gcc") is None:
        return
    (folder / "program.c").write_text(C_PROGRAM, "utf-8")
    built = subprocess.run(["gcc", "-std=c89", "-Wall", "-Wextra", "-Werror", "-pedantic",
                            f"-I{output / 'c'}", str(folder / "program.c"), "-o",
                            str(folder / "program")], capture_output=True, text=True,
                           check=False, timeout=120)
    assert built.returncode == 0, built.stderr
    printed = subprocess.run([str(folder / "program")], capture_output=True, check=True,
                             timeout=60).stdout.decode("ascii").split("\n")[:-1]
    as_c = [[bytes.fromhex(line).decode("utf-8") or None for line in printed[i:i + 4]]
            for i in range(0, len(printed), 4)]
    assert as_c == [[code, name, sample or None, description]
                    for code, name, sample, description in rows]


ACCEPTED: list[object] = []  # the mutations that were valid, for the test below


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(changes=st.lists(mutations(), min_size=1, max_size=3))
def test_a_mutated_registry_is_refused_with_positions_or_works(
        tmp_path_factory: pytest.TempPathFactory,
        changes: list[tuple[tuple[Any, ...], Any]]) -> None:
    folder = tmp_path_factory.mktemp("mutation")
    registry = folder / "registry"
    shutil.copytree(REGISTRY_DIR, registry)
    (registry / CODES_FILE).write_text(mutated_text(changes), "utf-8")
    output, package = folder / "out", folder / "python" / "smtp_status"
    shutil.copytree(REPO / "src" / "smtp_status", package,
                    ignore=shutil.ignore_patterns("__pycache__", "_generated"))
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main(["generate", "--registry-dir", str(registry), "--output", str(output),
                       "--package-output", str(package / "_generated")])
    if status == 2:
        lines = stderr.getvalue().splitlines()
        assert lines, "refused without saying why"
        assert all(PROBLEM.fullmatch(line) for line in lines), lines
        assert not output.exists()
        return
    assert status == 0, (status, stdout.getvalue(), stderr.getvalue())
    check_artifacts(output, package, folder)
    ACCEPTED.append(changes)


def test_the_mutations_reach_both_outcomes() -> None:
    # Runs after the property (file order): some mutations must have made a valid registry,
    # or the artifacts were never checked.
    assert len(ACCEPTED) >= 5, ACCEPTED
