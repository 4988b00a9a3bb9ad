"""Put bytes on disk atomically, and only when they change."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .paths import display

# write_atomic's temporary files: ".<name>.<random>.tmp" beside the file they replace.
TEMPORARY_SUFFIX = ".tmp"


class OutputError(OSError):
    """A file or folder the tool must write (or read back) cannot be: the command line
    prints ``python -m generators: <this message>`` and exits 2."""

    def __init__(self, action: str, path: Path, reason: str) -> None:
        super().__init__(f"cannot {action} {display(path)}: {reason}")


def output_error(action: str, path: Path, error: OSError) -> OutputError:
    if isinstance(error, OutputError):
        return error
    return OutputError(action, path, error.strerror or str(error))


def write_atomic(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` via a temp file and os.replace; False if unchanged.

    A symbolic link is written through: its target gets the bytes and the link stays.
    Failures raise OutputError (an OSError) naming the path; nothing is left half-written.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        if target.read_bytes() == content:
            return False
    except FileNotFoundError:
        pass
    except OSError as error:
        raise output_error("write", path, error) from None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=TEMPORARY_SUFFIX, dir=target.parent)
    except FileExistsError:
        raise OutputError("write", path, "a parent is not a directory") from None
    except OSError as error:
        raise output_error("write", path, error) from None
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException as error:
        os.unlink(temporary)
        if isinstance(error, OSError):
            raise output_error("write", path, error) from None
        raise
    return True
