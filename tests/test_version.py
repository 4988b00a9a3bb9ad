"""The version rule (CHANGELOG.md): YEAR.MMDD.N, one version for PyPI and npm.

Sorted by packaging's Version (what pip and PyPI use) and by npm's own semver package, the
rule's versions come out in release order; a code-only release (CODE_RELEASE = 1) generates
a version both accept that sorts after the data release, with the registry's date unchanged
beside it in Python, JavaScript, C and the JSON.

npm's semver comes from .cache/tools (.ci/run installs it); without it or node the semver
checks skip, except in CI (the CI variable set), where they fail.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from packaging.version import Version

import generators.model
from generators.__main__ import main
from generators.model import package_version
from smtp_status import REGISTRY_UPDATED, __version__

from .conftest import REPO

SEMVER = REPO / ".cache" / "tools" / "node_modules" / "semver"
TIMEOUT = 60

# Reads versions (a JSON list) on standard input; says for each whether semver takes it as it
# is (valid, no pre-release, nothing cleaned away), and gives them in semver's order.
SEMVER_SCRIPT = """\
const semver = require(process.argv[1]);
const versions = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
console.log(JSON.stringify({
  exact: versions.filter((v) => semver.valid(v) !== v || semver.prerelease(v) !== null),
  sorted: semver.sort([...versions]),
}));
"""


def npm_semver(versions: list[str]) -> dict[str, list[str]]:
    node = shutil.which("node")
    if node is None or not (SEMVER / "package.json").is_file():
        hint = "npm install --prefix .cache/tools semver@7"
        if os.environ.get("CI"):
            pytest.fail(f"node or npm's semver is missing and CI is set: {hint}")
        pytest.skip(f"node or npm's semver is not installed ({hint}); CI requires it")
    result = subprocess.run([node, "-e", SEMVER_SCRIPT, str(SEMVER)], input=json.dumps(versions),
                            capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert result.returncode == 0, result.stderr
    answer: dict[str, list[str]] = json.loads(result.stdout)
    return answer


def releases() -> list[tuple[datetime.date, int]]:
    """(IANA's update, code release) in release order: every day of two years, so every
    month and year boundary and every change of digit count (Sep 30 = 930, Oct 1 = 1001),
    each with code releases past 9 (9 before 10 is where text order goes wrong)."""
    start = datetime.date(2024, 1, 1)
    days = [start + datetime.timedelta(days=offset) for offset in range(731)]
    return [(day, release) for day in days for release in (0, 1, 9, 10, 11)]


def versions_in_release_order() -> list[str]:
    return [".".join(map(str, package_version(day, release))) for day, release in releases()]


def test_the_rule_spells_out_the_date_and_the_release() -> None:
    assert package_version(datetime.date(2024, 12, 6), 0) == (2024, 1206, 0)
    assert package_version(datetime.date(2025, 1, 6), 3) == (2025, 106, 3)
    assert package_version(datetime.date(2030, 10, 31), 12) == (2030, 1031, 12)
    # The committed version is the rule applied to the committed registry, and the date
    # stays visible apart from it.
    assert datetime.date(2024, 12, 6) == REGISTRY_UPDATED
    assert __version__ == "2024.1206.0"


def test_versions_sort_in_release_order_under_pep_440() -> None:
    ordered = versions_in_release_order()
    shuffled = random.Random(21).sample(ordered, len(ordered))
    assert sorted(shuffled, key=Version) == ordered
    # Already normalised: PyPI shows the same string as npm.
    assert [str(Version(version)) for version in ordered] == ordered
    assert not [version for version in ordered if Version(version).is_prerelease
                or Version(version).local is not None]


def test_versions_sort_in_release_order_under_npm_semver() -> None:
    ordered = versions_in_release_order()
    shuffled = random.Random(21).sample(ordered, len(ordered))
    answer = npm_semver(shuffled)
    assert answer["exact"] == []
    assert answer["sorted"] == ordered


def generate_with_code_release(monkeypatch: pytest.MonkeyPatch, folder: Path,
                               code_release: int) -> tuple[Path, Path]:
    """Every artifact, into folder, as generate writes them with CODE_RELEASE set; the
    committed value is never edited."""
    monkeypatch.setattr(generators.model, "CODE_RELEASE", code_release)
    output, package = folder / "generated", folder / "_generated"
    assert main(["generate", "--output", str(output), "--package-output", str(package)]) == 0
    return output, package


def c_program_prints(header_dir: Path, folder: Path) -> str:
    if shutil.which("gcc") is None:
        pytest.skip("gcc is not installed; cannot build a program against the C header")
    source = folder / "version.c"
    source.write_text('#include <stdio.h>\n#include "smtp_status.h"\n'
                      "int main(void) {\n"
                      '    printf("%s %s %u %u %u\\n", SMTP_STATUS_VERSION,'
                      " SMTP_STATUS_REGISTRY_UPDATED, SMTP_STATUS_VERSION_MAJOR,"
                      " SMTP_STATUS_VERSION_MINOR, SMTP_STATUS_VERSION_PATCH);\n"
                      "    return 0;\n}\n", "ascii")
    program = folder / "version"
    subprocess.run(["gcc", "-std=c89", "-Wall", "-Wextra", "-Werror", "-pedantic",
                    f"-I{header_dir}", str(source), "-o", str(program)], check=True,
                   capture_output=True, timeout=TIMEOUT)
    return subprocess.run([str(program)], check=True, capture_output=True, text=True,
                          timeout=TIMEOUT).stdout


def test_a_code_release_is_valid_for_both_packages_and_sorts_after_the_data_release(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    output, package = generate_with_code_release(monkeypatch, tmp_path, 1)
    code_release = "2024.1206.1"

    manifest = json.loads((output / "npm" / "package.json").read_text("utf-8"))
    assert manifest["version"] == code_release
    tables = (package / "__init__.py").read_text("utf-8")
    assert re.findall(r'^VERSION = "(.*)"$', tables, re.MULTILINE) == [code_release]
    assert "\nUPDATED = (2024, 12, 6)\n" in tables
    assert c_program_prints(output / "c", tmp_path) == (
        f"{code_release} 2024-12-06 2024 1206 1\n")
    # The registry's own date is the same as the data release's, everywhere.
    document = json.loads((output / "json" / "smtp-enhanced-status-codes.json").read_text())
    assert document["registry"]["updated"] == "2024-12-06"
    for typings in ("index.d.ts", "index.d.cts"):
        text = (output / "npm" / typings).read_text("utf-8")
        assert 'export declare const REGISTRY_UPDATED: "2024-12-06";' in text
    # Only the version moved: the same files, and every difference from the committed
    # artifacts is a line naming the version.
    for root, committed in ((output, REPO / "generated"),
                            (package, REPO / "src" / "smtp_status" / "_generated")):
        files = sorted(path.relative_to(root) for path in root.rglob("*") if path.is_file())
        assert files == sorted(path.relative_to(committed) for path in committed.rglob("*")
                               if path.is_file() and "__pycache__" not in path.parts)
        for relative in files:
            new = (root / relative).read_text("utf-8").splitlines()
            old = (committed / relative).read_text("utf-8").splitlines()
            assert len(new) == len(old), relative
            changed = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
            assert all("2024.1206.1" in b or "SMTP_STATUS_VERSION_PATCH 1u" in b
                       or "release 1 of" in b for _, b in changed), (relative, changed)

    # After the data release in both orders, and valid in both.
    assert Version(code_release) > Version(__version__) == Version("2024.1206.0")
    answer = npm_semver([code_release, __version__])
    assert answer == {"exact": [], "sorted": [__version__, code_release]}


def test_npm_takes_the_code_release_version(monkeypatch: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    # npm itself, not only its semver library: `npm pack --dry-run` reads and checks the
    # manifest as publishing does.
    npm = shutil.which("npm")
    if npm is None:
        if os.environ.get("CI"):
            pytest.fail("npm is missing and CI is set")
        pytest.skip("npm is not installed")
    output, _ = generate_with_code_release(monkeypatch, tmp_path, 1)
    environment = {name: value for name, value in os.environ.items()
                   if not name.lower().startswith("npm_config_")}
    environment.update(npm_config_cache=str(tmp_path / "npm-cache"),
                       npm_config_update_notifier="false")
    result = subprocess.run([npm, "pack", "--dry-run", "--json"], cwd=output / "npm",
                            env=environment, capture_output=True, text=True, timeout=TIMEOUT,
                            check=False)
    assert result.returncode == 0, result.stderr
    [report] = json.loads(result.stdout)
    assert (report["name"], report["version"]) == ("smtp-status", "2024.1206.1")
    assert report["filename"] == "smtp-status-2024.1206.1.tgz"
