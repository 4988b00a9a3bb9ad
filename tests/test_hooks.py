"""The pre-commit hooks of .pre-commit-hooks.yaml, run as pre-commit runs them, offline.

pre-commit builds a `language: python` hook's environment with `pip install .` of this
repository and the hook's additional_dependencies, then runs its entry from the root of the
repository being committed to, with the environment's bin/ first on PATH. Here: a fresh venv
with the wheel built from this checkout installed, the generate tools taken from the test
environment (no index is reached), and the entry run in a temporary fork (the whole source)
and in a temporary repository that carries only a registry.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REPO

# pre-commit runs the hooks in environments of its own: the same whatever Python runs pytest.
pytestmark = pytest.mark.consumers

HOOKS: list[dict[str, Any]] = yaml.safe_load(
    (REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
# What a fork carries that the hooks read: the maintainer tool, its inputs and its outputs,
# and the fixture bounces that the format registry's examples name (rule
# format-example-exists).
FORK = ("registry", "schema", "generators", "generated", "src", "tests/fixtures/bounces")
TIMEOUT = 120


def hook(hook_id: str) -> dict[str, Any]:
    [found] = [entry for entry in HOOKS if entry["id"] == hook_id]
    return found


def test_the_hooks_say_they_are_for_forks() -> None:
    assert [entry["id"] for entry in HOOKS] == ["smtp-status-fork-validate",
                                                "smtp-status-fork-check"]
    for entry in HOOKS:
        assert "(forks of smtp-status)" in entry["name"]
        assert entry["language"] == "python"
        assert entry["pass_filenames"] is False
    assert hook("smtp-status-fork-validate")["entry"] == "python -m generators validate"
    assert hook("smtp-status-fork-check")["entry"] == "python -m generators generate --check"


def test_the_hooks_install_the_generate_dependency_group() -> None:
    tomllib = pytest.importorskip("tomllib", reason="tomllib is in the standard library from 3.11")
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    for entry in HOOKS:
        assert entry["additional_dependencies"] == project["dependency-groups"]["generate"]


@pytest.mark.parametrize(("hook_id", "path", "runs"), [
    ("smtp-status-fork-validate", "registry/smtp-enhanced-status-codes.yaml", True),
    ("smtp-status-fork-validate", "schema/input/registry.schema.json", True),
    ("smtp-status-fork-validate", "generators/rules.py", True),
    ("smtp-status-fork-validate", "generated/c/smtp_status.h", False),
    ("smtp-status-fork-check", "registry/vendor-codes.yaml", True),
    ("smtp-status-fork-check", "generators/templates/c/smtp_status.h.j2", True),
    ("smtp-status-fork-check", "generated/npm/package.json", True),
    ("smtp-status-fork-check", "src/smtp_status/_generated/enum_rows.py", True),
    ("smtp-status-fork-check", "src/npm/index.cjs", True),
    ("smtp-status-fork-check", "src/smtp_status/reply.py", False),
    ("smtp-status-fork-check", "tests/test_hooks.py", False),
    ("smtp-status-fork-check", "README.md", False),
])
def test_the_hooks_run_for_the_files_they_read(hook_id: str, path: str, runs: bool) -> None:
    # pre-commit matches `files` with re.search against each staged path.
    assert (re.search(hook(hook_id)["files"], path) is not None) is runs


@pytest.fixture(scope="module")
def hook_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """PATH as pre-commit sets it for the hook: its environment's bin/ first."""
    folder = tmp_path_factory.mktemp("hook-env")
    checkout = folder / "checkout"
    shutil.copytree(REPO, checkout, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".nox", ".cache", "build", "dist", "*.egg-info", "__pycache__",
        ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "node_modules"))
    # `pip install .` of the repository: its wheel, built as pip builds it.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(folder / "wheel"), str(checkout)],
                   check=True, capture_output=True, timeout=600)
    [wheel] = (folder / "wheel").iterdir()
    environment = folder / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(environment)],
                   check=True, capture_output=True, timeout=TIMEOUT)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(environment / "bin" / "python"),
                    "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=TIMEOUT)
    # The additional_dependencies, offline: this environment's, whose folder goes on the
    # path after the hook's own (its .pth files, such as an editable install, are not read).
    [site_packages] = environment.glob("lib/python*/site-packages")
    tools = [path for path in sys.path if path.endswith("site-packages")]
    (site_packages / "generate-tools.pth").write_text("\n".join(tools) + "\n", "utf-8")
    return f"{environment / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"


def run_hook(hook_id: str, repository: Path, path: str) -> subprocess.CompletedProcess[str]:
    entry = hook(hook_id)
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    environment["PATH"] = path
    return subprocess.run([*shlex.split(entry["entry"]), *entry.get("args", [])],
                          cwd=repository, env=environment, capture_output=True, text=True,
                          encoding="utf-8", timeout=TIMEOUT, check=False)


@pytest.fixture
def fork(tmp_path: Path) -> Path:
    repository = tmp_path / "fork"
    for folder in FORK:
        shutil.copytree(REPO / folder, repository / folder,
                        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return repository


def test_the_hook_environment_has_the_package_and_the_tools_but_not_the_tool(
        hook_path: str, tmp_path: Path) -> None:
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    environment["PATH"] = hook_path
    result = subprocess.run(
        ["python", "-c", "import importlib.util as u, smtp_status, yaml, jsonschema, jinja2; "
         "print(smtp_status.__file__, u.find_spec('generators'))"],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=TIMEOUT,
        check=False)
    assert result.returncode == 0, result.stderr
    installed, generators = result.stdout.split()
    assert Path(installed).is_relative_to(Path(hook_path.split(os.pathsep)[0]).parent)
    assert generators == "None"


def test_in_a_fork_the_hooks_pass_on_its_committed_state(hook_path: str, fork: Path) -> None:
    validate = run_hook("smtp-status-fork-validate", fork, hook_path)
    assert (validate.returncode, validate.stderr) == (0, "")
    assert validate.stdout.splitlines()[0] == (
        "registry/smtp-enhanced-status-codes.yaml: valid: 3 classes, 8 subjects, 81 codes "
        "(IANA updated 2024-12-06)")
    check = run_hook("smtp-status-fork-check", fork, hook_path)
    assert (check.returncode, check.stderr) == (0, "")
    assert check.stdout.startswith("generated/ and src/smtp_status/_generated/ are in sync")


def test_in_a_fork_the_hooks_stop_a_bad_or_unregenerated_registry(hook_path: str,
                                                                  fork: Path) -> None:
    registry = fork / "registry" / "smtp-enhanced-status-codes.yaml"
    original = registry.read_text("utf-8")
    registry.write_text(original.replace("sample_text: Mailbox full",
                                         "sample_text: Mailbox is full"), "utf-8")
    check = run_hook("smtp-status-fork-check", fork, hook_path)
    assert check.returncode == 1
    assert check.stdout.splitlines()[-1] == (
        "generated files are out of date; fix with: python -m generators generate")
    registry.write_text(original.replace('updated: "2024-12-06"', 'updated: "2024-13-06"'),
                        "utf-8")
    validate = run_hook("smtp-status-fork-validate", fork, hook_path)
    assert validate.returncode == 2
    assert "Traceback" not in validate.stderr
    [problem] = validate.stderr.splitlines()
    assert problem.startswith("registry/smtp-enhanced-status-codes.yaml:12:")


def test_a_repository_with_only_a_registry_cannot_run_them(hook_path: str,
                                                          tmp_path: Path) -> None:
    # Why the hooks are named for forks: the maintainer tool is not in the wheel.
    repository = tmp_path / "registry-only"
    shutil.copytree(REPO / "registry", repository / "registry")
    for entry in HOOKS:
        result = run_hook(entry["id"], repository, hook_path)
        assert result.returncode == 1
        assert result.stderr.strip().endswith("No module named generators"), result.stderr
