"""What gets published: the sdist is the whole source (registries, schemas, generators,
artifacts, tests), pip builds from it the same wheel as the repository, the unpacked sdist
regenerates its artifacts and passes its tests, the wheel is complete, and its metadata carries
no dev tools."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

import pytest

from generators.npm_package import REPOSITORY
from smtp_status import __version__

from .conftest import REPO

# The sdist and the wheel are built, checked (twine, check-wheel-contents) and installed by
# their real consumers; both are pure Python and the same whatever Python builds them.
pytestmark = pytest.mark.consumers

# build.__main__, not build: a build/ folder left in a checkout imports as a namespace package.
pytest.importorskip("build.__main__", reason="the dev group installs build")


# What a clean clone does not have (tool caches, builds, environments).
NOT_SOURCE = (".git", ".venv", ".nox", ".cache", "build", "dist", "*.egg-info", "__pycache__",
              ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "node_modules")
# The folders the sdist takes whole (MANIFEST.in).
SOURCE_FOLDERS = ("registry", "schema", "generators", "generated", "src", "tests", "benchmarks",
                  "evaluation", "fuzz")


def build(source: Path, output: Path, *what: str) -> Path:
    subprocess.run([sys.executable, "-m", "build", "-q", *what, "-o", str(output), str(source)],
                   check=True, capture_output=True, timeout=600)
    [built] = output.iterdir()
    return built


def contents(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@dataclass(frozen=True)
class Artifacts:
    checkout: Path  # the clean copy of the repository both were built from
    sdist: Path
    wheel: Path  # built from the checkout
    unpacked: Path  # the sdist, unpacked
    from_sdist: Path  # the wheel pip builds from the unpacked sdist


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Artifacts:
    folder = tmp_path_factory.mktemp("dist")
    # A copy of the checkout as a clean clone has it: building writes build/ and egg-info
    # beside the sources, which must not land in the checkout.
    checkout = folder / "checkout"
    shutil.copytree(REPO, checkout, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    sdist = build(checkout, folder / "sdist", "--sdist")
    wheel = build(checkout, folder / "wheel", "--wheel")
    with tarfile.open(sdist) as archive:
        archive.extractall(folder / "unpacked", filter="data")
    [unpacked] = (folder / "unpacked").iterdir()
    # What a packager runs: pip wheel on the unpacked sdist.
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(folder / "from-sdist"), str(unpacked)],
                   check=True, capture_output=True, timeout=600)
    [from_sdist] = (folder / "from-sdist").iterdir()
    return Artifacts(checkout, sdist, wheel, unpacked, from_sdist)


def test_the_sdist_builds_the_same_wheel_as_the_repository(artifacts: Artifacts) -> None:
    name = f"smtp_status-{__version__}-py3-none-any.whl"
    assert artifacts.wheel.name == artifacts.from_sdist.name == name
    assert contents(artifacts.wheel) == contents(artifacts.from_sdist)


def test_the_sdist_holds_the_whole_source(artifacts: Artifacts) -> None:
    with tarfile.open(artifacts.sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames()
                 if "/" in name and archive.getmember(name).isfile()}
    # Every file of the folders it takes, as the checkout has them (but the egg-info that
    # building wrote into it), and the top-level files.
    source = {path.relative_to(artifacts.checkout).as_posix()
              for folder in SOURCE_FOLDERS
              for path in (artifacts.checkout / folder).rglob("*")
              if path.is_file() and not any(part.endswith(".egg-info") for part in path.parts)}
    assert {"registry/smtp-enhanced-status-codes.yaml", "schema/input/registry.schema.json",
            "generators/__main__.py", "generators/templates/c/smtp_status.h.j2",
            "generated/c/smtp_status.h", "tests/conftest.py", "tests/c/header_dump.c",
            "benchmarks/__main__.py", "src/smtp_status/py.typed"} <= source
    top_level = {"CHANGELOG.md", "LICENSE", "README.md", "pyproject.toml", "MANIFEST.in",
                 "noxfile.py", ".pre-commit-hooks.yaml"}
    # setuptools adds PKG-INFO, setup.cfg and the egg-info; nothing else may come along.
    assert names - source - top_level == {"PKG-INFO", "setup.cfg"} | {
        f"src/smtp_status.egg-info/{name}" for name in (
            "PKG-INFO", "SOURCES.txt", "dependency_links.txt", "entry_points.txt",
            "top_level.txt")}
    assert source | top_level <= names
    assert not [name for name in names if "__pycache__" in name or name.endswith(".pyc")]


# Run from the unpacked sdist, with the wheel built from it installed: the regeneration check
# (generate --check: its generators rebuild its artifacts byte for byte from its registries)
# and a subset of the tests, one per artifact and consumer at their quickest: the Python API
# against the registry, the installed package in a fresh interpreter, the JSON against its
# schemas, the C header compiled and run, the Markdown docs, the bounce fixtures (which import
# the benchmarks), the version rule with a code release generated: 476 tests in about 15 s,
# this whole file in about 20 s. The whole suite would take minutes of scarce CI time, and the
# slow files (generate's and validate's many CLI runs, the typing and npm tools) test the
# tool, which the repository's own run covers, not what the sdist carries.
SDIST_TESTS = ("test_python_api.py", "test_import.py", "test_json.py", "test_c_header.py",
               "test_docs.py", "test_bounce.py", "test_version.py")


def test_the_unpacked_sdist_regenerates_and_passes_its_tests(
        artifacts: Artifacts, tmp_path: Path) -> None:
    # An environment with the wheel built from the sdist installed in it, and the test tools
    # of this one on its path after it (their folder's .pth files, such as an editable
    # install of the checkout, are not read from there).
    environment = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(environment)],
                   check=True, capture_output=True, timeout=120)
    python = environment / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(artifacts.from_sdist)],
                   check=True, capture_output=True, timeout=300)
    [site_packages] = environment.glob("lib/python*/site-packages")
    tools = [path for path in sys.path if path.endswith("site-packages")]
    (site_packages / "test-tools.pth").write_text("\n".join(tools) + "\n", "utf-8")
    # Node tools (npm's semver for the version rule) as the packager installed them.
    if (REPO / ".cache" / "tools").is_dir():
        (artifacts.unpacked / ".cache").mkdir()
        (artifacts.unpacked / ".cache" / "tools").symlink_to(REPO / ".cache" / "tools")
    env = {name: value for name, value in os.environ.items()
           if name not in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "VIRTUAL_ENV")}

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(python), *arguments], cwd=artifacts.unpacked, env=env,
                              capture_output=True, text=True, timeout=300, check=False)

    imported = run("-c", "import smtp_status; print(smtp_status.__file__)")
    assert imported.stdout == f"{site_packages / 'smtp_status' / '__init__.py'}\n"
    for command in (("validate",), ("generate", "--check")):
        result = run("-m", "generators", *command)
        assert result.returncode == 0, result.stdout + result.stderr
    tests = run("-m", "pytest", "-q", "-p", "no:cacheprovider",
                *(f"tests/{name}" for name in SDIST_TESTS))
    assert tests.returncode == 0, tests.stdout[-5000:] + tests.stderr[-3000:]
    assert " failed" not in tests.stdout and " passed" in tests.stdout


def test_the_wheel_is_complete_and_its_metadata_has_no_dev_tools(artifacts: Artifacts) -> None:
    files = contents(artifacts.wheel)
    package = sorted(name for name in files if name.startswith("smtp_status/"))
    on_disk = sorted(f"smtp_status/{path.relative_to(REPO / 'src' / 'smtp_status').as_posix()}"
                     for path in (REPO / "src" / "smtp_status").rglob("*")
                     if path.is_file() and "__pycache__" not in path.parts)
    assert package == on_disk
    # Only the package and its metadata: no tests, generators or registries from the sdist.
    dist_info = f"smtp_status-{__version__}.dist-info/"
    assert not [name for name in files if not name.startswith(("smtp_status/", dist_info))]
    metadata = Parser().parsestr(files[f"{dist_info}METADATA"].decode())
    assert metadata["Version"] == __version__
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert f"{dist_info}licenses/LICENSE" in files
    assert metadata.get_all("Requires-Dist") is None
    assert metadata.get_all("Provides-Extra") is None
    classifiers = metadata.get_all("Classifier") or []
    assert {"Typing :: Typed", "Operating System :: OS Independent",
            "Programming Language :: Python :: 3.10", "Programming Language :: Python :: 3.13",
            "Development Status :: 4 - Beta"} <= set(classifiers)
    assert metadata["Requires-Python"] == ">=3.10"
    assert metadata.get_all("Project-URL") == [
        f"Homepage, {REPOSITORY}",
        f"Source, {REPOSITORY}",
        f"Issues, {REPOSITORY}/issues",
        f"Documentation, {REPOSITORY}/blob/main/generated/docs/index.md",
        f"Changelog, {REPOSITORY}/blob/main/CHANGELOG.md",
    ]
    # The summary says what the package does: status codes, and reading bounces.
    summary = metadata["Summary"]
    assert "\n" not in summary
    assert all(word in summary for word in ("SMTP", "status code", "bounce", "retry")), summary


def test_twine_and_check_wheel_contents_pass(artifacts: Artifacts) -> None:
    pytest.importorskip("twine", reason="the dev group installs twine")
    sdist, wheel = artifacts.sdist, artifacts.wheel
    twine = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(sdist),
                            str(wheel)], capture_output=True, text=True, timeout=300, check=False)
    assert twine.returncode == 0, twine.stdout + twine.stderr
    assert twine.stdout.count("PASSED") == 2
    contents_check = subprocess.run([sys.executable, "-m", "check_wheel_contents", str(wheel)],
                                    capture_output=True, text=True, timeout=300, check=False)
    assert contents_check.returncode == 0, contents_check.stdout + contents_check.stderr
    assert contents_check.stdout.endswith("OK\n")
