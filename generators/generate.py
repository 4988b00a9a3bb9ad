"""Render every artifact and bring the output trees in line with it, or check that they are."""

from __future__ import annotations

import contextlib
import difflib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from .declarations import REGISTRIES, RegistrySpec
from .paths import display
from .pipeline import Sources, build, load_sources
from .render import Outputs, render_all
from .validate import SCHEMA_VERDICTS, SchemaVerdicts
from .write import TEMPORARY_SUFFIX, OutputError, output_error, write_atomic

# Byproducts of Python and of `pip install -e` are never ours to write or to flag as stale.
_IGNORED_DIRECTORIES = frozenset({"__pycache__"})
_IGNORED_DIRECTORY_SUFFIXES = (".egg-info",)
_IGNORED_SUFFIXES = (".pyc", ".pyo")
DIFF_LINES = 20


def render(sources: Sources, registries: Sequence[RegistrySpec] = REGISTRIES, *,
           fill_cache: bool = False) -> Outputs:
    """Load, validate, model and render: every artifact's bytes by output root and path.

    ``fill_cache`` lets template compilation and schema validation write the project's
    caches (``generate`` does; ``--check`` writes nothing anywhere and only reads them).
    """
    loaded = load_sources(sources, registries, SchemaVerdicts(SCHEMA_VERDICTS, fill_cache))
    return render_all(build(loaded, sources, registries), registries, fill_cache=fill_cache)


def existing_files(root: Path) -> set[str]:
    found: set[str] = set()
    if not root.is_dir():
        return found
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if not _ignored_directory(d)]
        for name in files:
            if not name.endswith(_IGNORED_SUFFIXES):
                found.add((Path(directory) / name).relative_to(root).as_posix())
    return found


def write_outputs(outputs: Outputs, roots: Mapping[str, Path]) -> list[str]:
    """Write what changed, delete stale files; return a line for each change made.

    Every output folder is made and proved writable before any file is written, so an
    unusable one (a file, /dev/null, read-only) fails the run with OutputError and leaves
    the other trees untouched. Runs into the same folders take turns: each holds an
    exclusive lock on the folders themselves (flock on the directory, so no lock file is
    ever left behind) while it writes and sweeps, so one run's sweep never meets another's
    temporary files, and a temporary file a killed run left is swept as stale.
    """
    folders = [roots[root] for root in outputs]
    for folder in folders:
        _make_folder(folder)
    changes = []
    with _locked(folders, shared=False):
        for folder in folders:
            _probe_writable(folder)
        for root, files in outputs.items():
            folder = roots[root]
            for relative, content in files.items():
                if write_atomic(folder / relative, content):
                    changes.append(f"wrote {display(folder / relative)}")
            for relative in sorted(existing_files(folder) - files.keys()):
                try:
                    (folder / relative).unlink()
                except FileNotFoundError:
                    continue
                except OSError as error:
                    raise output_error("remove", folder / relative, error) from None
                changes.append(f"removed stale {display(folder / relative)}")
            _remove_empty_directories(folder)
    return changes


def drift(outputs: Outputs, roots: Mapping[str, Path]) -> list[str]:
    """How the output trees differ from what the registries render to; empty when in sync."""
    folders = [roots[root] for root in outputs]
    for folder in folders:
        # The folder, or else its nearest existing parent, must be a folder: under a file
        # or a device, nothing could ever be generated (generate itself would exit 2).
        existing = next(path for path in (folder, *folder.absolute().parents)
                        if os.path.lexists(path))
        if not existing.is_dir():
            raise OutputError("read", folder, "Not a directory")
    with _locked(folders, shared=True):
        return _drift(outputs, roots)


def _drift(outputs: Outputs, roots: Mapping[str, Path]) -> list[str]:
    report: list[str] = []
    for root, files in outputs.items():
        folder = roots[root]
        for relative, content in files.items():
            path = folder / relative
            try:
                current = path.read_bytes()
            except (FileNotFoundError, NotADirectoryError):
                report.append(f"missing: {display(path)}")
                continue
            except OSError as error:
                raise output_error("read", path, error) from None
            if current != content:
                report.append(f"differs: {display(path)}")
                report += _short_diff(display(path), current, content)
        for relative in sorted(existing_files(folder) - files.keys()):
            report.append(f"stale: {display(folder / relative)} (not generated from the "
                          "registries)")
    return report


def _short_diff(relative: str, current: bytes, wanted: bytes) -> list[str]:
    lines = list(difflib.unified_diff(
        current.decode("utf-8", "replace").splitlines(),
        wanted.decode("utf-8", "replace").splitlines(),
        f"{relative} (on disk)", f"{relative} (from the registries)",
        lineterm="", n=1))
    if len(lines) > DIFF_LINES:
        lines = [*lines[:DIFF_LINES], f"... ({len(lines) - DIFF_LINES} more diff lines)"]
    return [f"    {line}" for line in lines]


def _ignored_directory(name: str) -> bool:
    return name in _IGNORED_DIRECTORIES or name.endswith(_IGNORED_DIRECTORY_SUFFIXES)


def _remove_empty_directories(root: Path) -> None:
    """Remove folders left empty, deepest first; byproduct folders (even empty) are kept."""
    directories: list[Path] = []
    for directory, subdirectories, _ in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if not _ignored_directory(d)]
        directories.append(Path(directory))
    for path in sorted(directories, key=lambda path: -len(path.parts)):
        try:
            if path != root and not any(path.iterdir()):
                path.rmdir()
        except FileNotFoundError:
            continue
        except OSError as error:
            raise output_error("remove", path, error) from None


def _make_folder(folder: Path) -> None:
    """Create an output folder (and its parents); OutputError when it cannot be one."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file, a device or a link to nothing (or to itself)
        try:
            os.stat(folder)
        except OSError as error:
            raise output_error("write", folder, error) from None
        raise OutputError("write", folder, "Not a directory") from None
    except OSError as error:
        raise output_error("write", folder, error) from None


def _probe_writable(folder: Path) -> None:
    """Create and remove one temporary file, as write_atomic would, before writing any."""
    try:
        descriptor, probe = tempfile.mkstemp(
            prefix=".generate-probe.", suffix=TEMPORARY_SUFFIX, dir=folder)
        os.close(descriptor)
        os.unlink(probe)
    except OSError as error:
        raise output_error("write", folder, error) from None


@contextlib.contextmanager
def _locked(folders: Iterable[Path], *, shared: bool) -> Iterator[None]:
    """Hold flock on each existing folder, in a fixed order so that runs never deadlock."""
    if sys.platform == "win32":  # pragma: no cover - no flock; runs are not serialised
        yield
        return
    import fcntl

    found: dict[tuple[int, int], Path] = {}
    for folder in folders:
        try:
            status = folder.stat()
        except OSError:
            continue  # absent (only --check gets here): nothing to read, nothing to lock
        found.setdefault((status.st_dev, status.st_ino), folder)
    descriptors = []
    try:
        for _, folder in sorted(found.items()):
            try:
                descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            except OSError as error:
                raise output_error("lock", folder, error) from None
            descriptors.append(descriptor)
            fcntl.flock(descriptor, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        for descriptor in descriptors:
            os.close(descriptor)
