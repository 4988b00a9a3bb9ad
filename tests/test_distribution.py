"""What gets published: the sdist builds the same wheel as the repository, the wheel is
complete, and its metadata carries no dev tools."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from .conftest import REPO

# build.__main__, not build: a build/ folder left in a checkout imports as a namespace package.
pytest.importorskip("build.__main__", reason="the dev group installs build")


def build(source: Path, output: Path, *what: str) -> Path:
    subprocess.run([sys.executable, "-m", "build", "-q", *what, "-o", str(output), str(source)],
                   check=True, capture_output=True, timeout=600)
    [built] = output.iterdir()
    return built


def contents(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("dist")
    # A copy of the checkout as a clean clone has it: building writes build/ and egg-info
    # beside the sources, which must not land in the checkout.
    checkout = folder / "checkout"
    shutil.copytree(REPO, checkout, ignore=shutil.ignore_patterns(
        ".git", ".venv", ".nox", ".cache", "build", "dist", "*.egg-info", "__pycache__",
        ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "node_modules"))
    sdist = build(checkout, folder / "sdist", "--sdist")
    wheel = build(checkout, folder / "wheel", "--wheel")
    with tarfile.open(sdist) as archive:
        archive.extractall(folder / "unpacked", filter="data")
    [unpacked] = (folder / "unpacked").iterdir()
    from_sdist = build(unpacked, folder / "from-sdist", "--wheel")
    return sdist, wheel, from_sdist


def test_the_sdist_builds_the_same_wheel_as_the_repository(
        artifacts: tuple[Path, Path, Path]) -> None:
    _, wheel, from_sdist = artifacts
    assert wheel.name == from_sdist.name == "smtp_status-2024.12.6-py3-none-any.whl"
    assert contents(wheel) == contents(from_sdist)


def test_the_sdist_holds_the_package_and_no_tests(artifacts: tuple[Path, Path, Path]) -> None:
    sdist, _, _ = artifacts
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"LICENSE", "CHANGELOG.md", "README.md", "pyproject.toml",
            "src/smtp_status/py.typed", "src/smtp_status/_generated/enums.py"} <= names
    assert not [name for name in names if name.startswith(("tests", "generators", "benchmarks"))]


def test_the_wheel_is_complete_and_its_metadata_has_no_dev_tools(
        artifacts: tuple[Path, Path, Path]) -> None:
    _, wheel, _ = artifacts
    files = contents(wheel)
    package = sorted(name for name in files if name.startswith("smtp_status/"))
    on_disk = sorted(f"smtp_status/{path.relative_to(REPO / 'src' / 'smtp_status').as_posix()}"
                     for path in (REPO / "src" / "smtp_status").rglob("*")
                     if path.is_file() and "__pycache__" not in path.parts)
    assert package == on_disk
    metadata = Parser().parsestr(files["smtp_status-2024.12.6.dist-info/METADATA"].decode())
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert "smtp_status-2024.12.6.dist-info/licenses/LICENSE" in files
    assert metadata.get_all("Requires-Dist") is None
    assert metadata.get_all("Provides-Extra") is None
    classifiers = metadata.get_all("Classifier") or []
    assert {"Typing :: Typed", "Operating System :: OS Independent",
            "Programming Language :: Python :: 3.10", "Programming Language :: Python :: 3.13",
            "Development Status :: 4 - Beta"} <= set(classifiers)
    assert metadata["Requires-Python"] == ">=3.10"


def test_twine_and_check_wheel_contents_pass(artifacts: tuple[Path, Path, Path]) -> None:
    pytest.importorskip("twine", reason="the dev group installs twine")
    sdist, wheel, _ = artifacts
    twine = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(sdist),
                            str(wheel)], capture_output=True, text=True, timeout=300, check=False)
    assert twine.returncode == 0, twine.stdout + twine.stderr
    assert twine.stdout.count("PASSED") == 2
    contents_check = subprocess.run([sys.executable, "-m", "check_wheel_contents", str(wheel)],
                                    capture_output=True, text=True, timeout=300, check=False)
    assert contents_check.returncode == 0, contents_check.stdout + contents_check.stderr
    assert contents_check.stdout.endswith("OK\n")
