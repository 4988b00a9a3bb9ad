"""Issue 9, items 3 and 5-10: the maintainer tool fails gracefully, or not at all.

Every refusal is a real ``python -m generators`` run: exit 2 (never 1, which means "out of
date" or "changes found"), exactly one line on stderr, no traceback, and nothing in the
output trees or the registry lost or half-written.

5. Concurrent ``generate`` runs take turns (flock on the output folders) and all succeed.
6. ``generate --check`` writes nothing anywhere (proved with an audit hook).
7. Unusable output paths: ``python -m generators: cannot write <path>: <reason>``.
8. Registry and XML paths: symlink loops, ``/dev/zero``, size limits that agree.
9. ``sync-iana`` on codes and basic code texts the registry cannot hold: the XML line.
3. ``sync-iana`` on impossible dates: the XML line; nothing written.
10. ``sync-iana --write`` through a symlink writes its target and keeps the link.
"""

from __future__ import annotations

import ast
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from generators import write as generators_write
from generators.codes_yaml import HEADER
from generators.declarations import REGISTRIES
from generators.iana_xml import MAX_XML_BYTES, read_iana_xml
from generators.load import MAX_BYTES, load_yaml
from generators.problems import InputError
from generators.sync import merge, registry_text
from generators.write import TEMPORARY_SUFFIX, OutputError, write_atomic
from generators.yaml_emit import dump_yaml

from .conftest import (
    LAST_RECORD_END,
    NEW_RECORD,
    REGISTRY_PATH,
    REPO,
    SMALL_REGISTRY,
    SMALL_XML,
    CliResult,
    assert_invalid,
    edit,
    position,
    run_cli,
    sync,
)
from .conftest import sync_setup as setup

PROG = "python -m generators"
def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (dotfiles included) by relative path."""
    if not root.exists():
        return {}
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


def generate(output: Path, package: Path, *extra: str) -> CliResult:
    return run_cli("generate", "--output", str(output), "--package-output", str(package),
                   *extra)


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """What one run alone writes: the reference for every other run."""
    folder = tmp_path_factory.mktemp("serial")
    result = generate(folder / "gen", folder / "pkg")
    assert (result.returncode, result.stderr) == (0, "")
    return tree(folder / "gen"), tree(folder / "pkg")


def files(trees: tuple[dict[str, bytes], dict[str, bytes]]) -> int:
    return sum(len(files) for files in trees)


# Every declared registry, as the in-sync line names them (declarations.py may grow).
REGISTRY_FILES = " and ".join(f"registry/{spec.file}" for spec in REGISTRIES)


# --- 5. concurrent runs --------------------------------------------------------------------


def run_at_once(count: int, output: Path, package: Path) -> list[subprocess.CompletedProcess[str]]:
    command = [sys.executable, "-m", "generators", "generate", "--output", str(output),
               "--package-output", str(package)]
    runs = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(count)]
    finished = []
    for run in runs:
        stdout, stderr = run.communicate(timeout=300)
        finished.append(subprocess.CompletedProcess(command, run.returncode, stdout, stderr))
    return finished


def test_concurrent_runs_into_one_fresh_folder_all_succeed(
    tmp_path: Path, serial: tuple[dict[str, bytes], dict[str, bytes]],
) -> None:
    """Before the fix, one run's stale sweep deleted another's temporary file (exit 1,
    FileNotFoundError). Now each waits for the other; the trees equal a serial run's."""
    output, package = tmp_path / "out" / "gen", tmp_path / "out" / "pkg"
    runs = run_at_once(12, output, package)
    assert [(run.returncode, run.stderr) for run in runs] == [(0, "")] * 12
    # Exactly one run wrote the files; every later one found them up to date.
    summaries = sorted(run.stdout.splitlines()[-1] for run in runs)
    assert summaries == sorted(
        [f"{output}/ and {package}/: {files(serial)} files, {files(serial)} changed"]
        + [f"{output}/ and {package}/: {files(serial)} files, 0 changed"] * 11)
    assert (tree(output), tree(package)) == serial
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["gen", "pkg"]


def waiting_for_the_lock(run: subprocess.Popen[str]) -> None:
    """Return once the run waits on a flock: Linux lists each waiter in /proc/locks as
    "N: -> FLOCK ... PID ...". Where that file is absent, give the run 3 s to reach it."""
    locks = Path("/proc/locks")
    if not locks.exists():
        time.sleep(3)
        return
    deadline = time.monotonic() + 60
    while not any(line.split()[1:3] == ["->", "FLOCK"] and str(run.pid) in line.split()
                  for line in locks.read_text("ascii").splitlines()):
        assert run.poll() is None, run.communicate()
        assert time.monotonic() < deadline, "the run never waited for the lock"
        time.sleep(0.02)


def test_a_run_waits_while_another_holds_the_output_folder(
    tmp_path: Path, serial: tuple[dict[str, bytes], dict[str, bytes]],
) -> None:
    """Runs take turns: while the folder is held, a run waits and touches nothing; then it
    writes, and sweeps a stale file and the temporary file a run killed with -9 left."""
    output, package = tmp_path / "gen", tmp_path / "pkg"
    (output / "json").mkdir(parents=True)
    (output / "old.md").write_bytes(b"stale\n")
    debris = output / "json" / f".smtp-reply-codes.json.k1ll3d{TEMPORARY_SUFFIX}"
    debris.write_bytes(b"half a file")
    before = tree(output)
    holder = os.open(output, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        run = subprocess.Popen(
            [sys.executable, "-m", "generators", "generate", "--output", str(output),
             "--package-output", str(package)], cwd=REPO, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        waiting_for_the_lock(run)
        assert run.poll() is None  # waiting for the lock, not crashed
        assert tree(output) == before
    finally:
        os.close(holder)
    stdout, stderr = run.communicate(timeout=120)
    assert (run.returncode, stderr) == (0, "")
    assert (tree(output), tree(package)) == serial
    lines = stdout.splitlines()
    assert [line for line in lines if line.startswith("removed")] == [
        f"removed stale {debris}", f"removed stale {output}/old.md"]
    assert lines[-1] == (
        f"{output}/ and {package}/: {files(serial)} files, {files(serial) + 2} changed")


# --- 6. --check writes nothing -------------------------------------------------------------


AUDITED = """
import os, sys
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
CHANGES = {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.chmod", "os.chown",
           "os.utime", "os.symlink", "os.link", "os.truncate", "os.chflags",
           "tempfile.mkstemp", "tempfile.mkdtemp", "shutil.copyfile", "shutil.rmtree"}
writes = []

def hook(event, args):
    if event == "open":
        path, mode, flags = args
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (flags or 0) & WRITING:
            writes.append(f"open {path!r} {mode!r} {flags!r}")
    elif event in CHANGES:
        writes.append(f"{event} {args!r}")

sys.addaudithook(hook)
from generators.__main__ import main
try:
    status = main(sys.argv[1:])
finally:
    sys.stderr.write("AUDIT " + repr(writes) + "\\n")
sys.exit(status)
"""


def audited(*arguments: str, temporary: Path) -> tuple[int, str, list[str]]:
    """Run the tool under an audit hook that records every write it attempts."""
    environment = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": str(temporary),
                   "TEMP": str(temporary), "TMP": str(temporary),
                   "HOME": str(temporary / "home"), "XDG_CACHE_HOME": str(temporary / "xdg")}
    result = subprocess.run([sys.executable, "-c", AUDITED, *arguments], cwd=REPO,
                            capture_output=True, text=True, env=environment, timeout=120,
                            check=False)
    *errors, audit = result.stderr.splitlines()
    assert audit.startswith("AUDIT "), result.stderr
    writes: list[str] = ast.literal_eval(audit.removeprefix("AUDIT "))
    assert errors == []
    return result.returncode, result.stdout, writes


def snapshot(root: Path) -> dict[str, tuple[int, int, bytes]]:
    return {path.relative_to(root).as_posix(): (path.stat().st_mode, path.stat().st_mtime_ns,
                                                path.read_bytes() if path.is_file() else b"")
            for path in sorted(root.rglob("*"))}


@pytest.mark.parametrize("state", ["in-sync", "out-of-date", "absent"])
def test_check_writes_nothing_anywhere(tmp_path: Path, state: str) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    outputs = tmp_path / "outputs"
    output, package = outputs / "gen", outputs / "pkg"
    if state != "absent":
        assert generate(output, package).returncode == 0
    if state == "out-of-date":
        (package / "enum_rows.py").write_bytes(b"# old\n")
        (output / "stale.txt").write_bytes(b"stale\n")
    outputs.mkdir(exist_ok=True)
    before = snapshot(outputs)
    status, stdout, writes = audited("generate", "--check", "--output", str(output),
                                     "--package-output", str(package), temporary=temporary)
    assert writes == []
    assert status == (0 if state == "in-sync" else 1)
    assert stdout.splitlines()[-1] == (
        f"{output}/ and {package}/ are in sync with {REGISTRY_FILES}" if state == "in-sync" else
        "generated files are out of date; fix with: python -m generators generate")
    assert snapshot(outputs) == before
    assert list(temporary.iterdir()) == []


def test_check_of_the_checkout_writes_nothing(tmp_path: Path) -> None:
    status, _, writes = audited("generate", "--check", temporary=tmp_path)
    assert (status, writes) == (0, [])
    assert list(tmp_path.iterdir()) == []


def test_the_audit_hook_sees_what_generate_writes(tmp_path: Path) -> None:
    """The hook is not blind: a real generate is seen writing."""
    (tmp_path / "tmp").mkdir()
    status, _, writes = audited("generate", "--output", str(tmp_path / "g"),
                                "--package-output", str(tmp_path / "p"),
                                temporary=tmp_path / "tmp")
    assert status == 0
    assert any(write.startswith("tempfile.mkstemp") for write in writes)
    assert any(write.startswith("os.rename") for write in writes)


# --- 7. unusable output paths --------------------------------------------------------------


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder path that cannot be created or written, even by root."""
    if os.geteuid() != 0:
        locked = tmp_path / "read-only"
        locked.mkdir()
        locked.chmod(0o555)
        return locked / "out"
    # chmod does not stop root; sysfs refuses new folders to everyone.
    candidate = Path("/sys/kernel/smtp-status-test-output")
    try:
        candidate.mkdir()
    except OSError:
        return candidate
    candidate.rmdir()
    pytest.skip("running as root and /sys is writable here: no unwritable folder to use")


def reason_for(path: Path) -> str:
    try:
        path.mkdir(parents=True)
    except OSError as error:
        return os.strerror(error.errno or errno.EIO)
    raise AssertionError(f"{path} was writable")


@pytest.mark.parametrize("which", ["--output", "--package-output"])
@pytest.mark.parametrize("kind", ["file", "under-a-file", "dev-null", "unwritable"])
def test_an_unusable_output_gets_one_line_and_touches_nothing(
    tmp_path: Path, kind: str, which: str,
    serial: tuple[dict[str, bytes], dict[str, bytes]],
) -> None:
    output, package = tmp_path / "gen", tmp_path / "pkg"
    assert generate(output, package).returncode == 0
    (output / "c" / "smtp_status.h").write_bytes(b"old\n")  # out of date: must stay so
    (package / "stale.py").write_bytes(b"stale\n")  # stale: must not be swept
    before = tree(output), tree(package)
    a_file = tmp_path / "a-file"
    a_file.write_bytes(b"not a folder\n")
    bad, reason = {
        "file": (a_file, "Not a directory"),
        "under-a-file": (a_file / "sub", "Not a directory"),
        "dev-null": (Path("/dev/null"), "Not a directory"),
    }.get(kind, (None, ""))
    if bad is None:
        bad = unwritable_folder(tmp_path)
        reason = reason_for(bad)
    arguments = {"--output": str(output), "--package-output": str(package)}
    arguments[which] = str(bad)
    result = run_cli("generate", *[item for pair in arguments.items() for item in pair])
    assert_invalid(result, [f"{PROG}: cannot write {bad}: {reason}"])
    assert (tree(output), tree(package)) == before
    assert a_file.read_bytes() == b"not a folder\n"


@pytest.mark.parametrize("kind", ["file", "under-a-file", "dev-null"])
def test_check_with_an_unusable_output_is_invalid_not_drift(tmp_path: Path, kind: str) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_bytes(b"x\n")
    bad = {"file": a_file, "under-a-file": a_file / "sub", "dev-null": Path("/dev/null")}[kind]
    result = generate(bad, tmp_path / "pkg", "--check")
    assert_invalid(result, [f"{PROG}: cannot read {bad}: Not a directory"])


def test_write_atomic_failures_are_output_errors(tmp_path: Path) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_bytes(b"x\n")
    with pytest.raises(OutputError) as raised:
        write_atomic(a_file / "inside.txt", b"y\n")
    assert str(raised.value) == f"cannot write {a_file / 'inside.txt'}: Not a directory"
    assert isinstance(raised.value, OSError)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a-file"]


def test_a_failure_while_writing_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "out.txt"
    target.write_bytes(b"old\n")

    def refuse(source: object, destination: object) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError) as raised:
        write_atomic(target, b"new\n")
    assert str(raised.value) == f"cannot write {target}: {os.strerror(errno.EXDEV)}"
    # An OutputError passes through output_error as it is, never wrapped twice.
    assert generators_write.output_error("remove", tmp_path, raised.value) is raised.value
    assert (sorted(path.name for path in tmp_path.iterdir()), target.read_bytes()) == (
        ["out.txt"], b"old\n")


def test_a_parent_that_is_a_dangling_link_is_not_a_directory(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(tmp_path / "nowhere")
    with pytest.raises(OutputError) as raised:
        write_atomic(tmp_path / "link" / "out.txt", b"new\n")
    assert str(raised.value) == (
        f"cannot write {tmp_path / 'link' / 'out.txt'}: a parent is not a directory")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link"]


def test_no_room_for_the_temporary_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(**arguments: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(generators_write.tempfile, "mkstemp", full)
    with pytest.raises(OutputError) as raised:
        write_atomic(tmp_path / "out.txt", b"new\n")
    assert str(raised.value) == f"cannot write {tmp_path / 'out.txt'}: {os.strerror(errno.ENOSPC)}"
    assert list(tmp_path.iterdir()) == []


def test_an_interrupt_while_writing_is_raised_after_the_temporary_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupt(descriptor: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "out.txt", b"new\n")
    assert list(tmp_path.iterdir()) == []


# --- 8. registry and XML paths -------------------------------------------------------------


@pytest.fixture()
def loop(tmp_path: Path) -> Path:
    first, second = tmp_path / "loop.yaml", tmp_path / "loop2.yaml"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


def test_a_symlink_loop_as_registry(tmp_path: Path, loop: Path) -> None:
    message = [f"{loop}:1:1: $: cannot read file: Too many levels of symbolic links"]
    assert_invalid(run_cli("validate", str(loop)), message)
    assert_invalid(generate(tmp_path / "g", tmp_path / "p", "--registry", str(loop)), message)
    assert_invalid(run_cli("validate", "--replies", str(loop)), message)
    assert_invalid(run_cli("sync-iana", str(SMALL_XML), "--registry", str(loop), "--write"),
                   message)
    assert_invalid(run_cli("sync-iana", str(loop), "--registry", str(SMALL_REGISTRY)), message)
    assert not (tmp_path / "g").exists()


def test_a_symlink_loop_as_output(tmp_path: Path, loop: Path) -> None:
    result = generate(loop, tmp_path / "pkg")
    assert_invalid(result, [f"{PROG}: cannot write {loop}: Too many levels of symbolic links"])
    assert not (tmp_path / "pkg").exists()


def test_validate_dev_zero_reads_a_bounded_amount() -> None:
    """Before the fix, the size check read 0 for a device and the read never ended."""
    result = run_cli("validate", "/dev/zero")
    assert_invalid(result, [f"/dev/zero:1:1: $: file is more than {MAX_BYTES} bytes, over the "
                            "16 MiB limit (rule max-size)"])


def test_sync_iana_dev_zero_reads_a_bounded_amount() -> None:
    result = run_cli("sync-iana", "/dev/zero", "--registry", str(SMALL_REGISTRY))
    assert_invalid(result, [f"/dev/zero:1:1: $: file is more than {MAX_XML_BYTES} bytes, over "
                            "the 1 MiB limit (rule max-size)"])


def test_sync_iana_refuses_an_xml_over_the_limit(tmp_path: Path) -> None:
    text = SMALL_XML.read_text("utf-8")
    padded = text + " " * (MAX_XML_BYTES + 1 - len(text.encode("utf-8")))
    xml, registry = setup(tmp_path, padded)
    assert_invalid(run_cli("sync-iana", str(xml), "--registry", str(registry), "--write"), [
        f"{xml}:1:1: $: file is {MAX_XML_BYTES + 1} bytes, over the 1 MiB limit "
        "(rule max-size)"])
    assert registry.read_bytes() == SMALL_REGISTRY.read_bytes()


def worst_case_xml(size: int) -> str:
    """IANA's layout, filled with the records that grow most in YAML: a bare code each."""
    head = ('<?xml version="1.0"?>\n<registry xmlns="http://www.iana.org/assignments" '
            'id="smtp-enhanced-status-codes"><title>t</title><created>2008-01-01</created>'
            '<updated>2024-01-01</updated>'
            '<registry id="smtp-enhanced-status-codes-1"><title>a</title>'
            '<record><code>2.XXX.YYY</code></record></registry>'
            '<registry id="smtp-enhanced-status-codes-2"><title>a</title>'
            + "".join(f"<record><code>X.{s}.YYY</code></record>" for s in range(1000))
            + '</registry><registry id="smtp-enhanced-status-codes-3"><title>a</title>')
    tail = "</registry></registry>"
    records = []
    used = len(head) + len(tail)
    for number in range(1_000_000):
        record = f"<record><code>X.{number // 1000}.{number % 1000}</code></record>"
        if used + len(record) > size:
            break
        records.append(record)
        used += len(record)
    return head + "".join(records) + tail


def test_the_xml_limit_keeps_any_merge_under_the_registry_limit(tmp_path: Path) -> None:
    """What sync-iana accepts it can write, and validate can read back: the worst case
    (bare records, the largest growth into YAML) of the largest XML accepted."""
    xml = tmp_path / "worst.xml"
    xml.write_text(worst_case_xml(MAX_XML_BYTES), encoding="utf-8")
    assert MAX_XML_BYTES - 100 < xml.stat().st_size <= MAX_XML_BYTES
    text = dump_yaml(merge(read_iana_xml(xml), None), HEADER)
    assert len(text.encode("utf-8")) < MAX_BYTES


def test_registry_text_refuses_what_validate_would_refuse_for_size() -> None:
    """registry_text applies the loader's size limit too, so it never hands back text that
    validate refuses."""
    document: dict[str, Any] = load_yaml(REGISTRY_PATH).data
    document["codes"][0]["iana"]["description"] = "word " * (MAX_BYTES // 5)
    with pytest.raises(InputError) as raised:
        registry_text(document, "registry/x.yaml")
    [problem] = raised.value.problems
    assert str(problem).startswith("registry/x.yaml:1:1: $: file is ")
    assert str(problem).endswith(" bytes, over the 16 MiB limit (rule max-size); so the merged "
                                 "registry was not written")


# --- 9 and 3. sync-iana on values the registry cannot hold ---------------------------------


SYNC_CASES = [
    pytest.param(("<code>X.7.20</code>", "<code>X.7.²</code>"), "<code>X.7.²", "<",
                 "<code>: 'X.7.²': sub-code '²' is not a number of ASCII digits (RFC 3463 s2) "
                 "(rule code-syntax)", id="superscript-digit"),
    pytest.param(("<code>X.7.20</code>", "<code>X.7.٣</code>"), "<code>X.7.٣", "<",
                 "<code>: 'X.7.٣': sub-code '٣' is not a number of ASCII digits (RFC 3463 s2) "
                 "(rule code-syntax)", id="arabic-indic-digit"),
    pytest.param(("<code>X.7.20</code>", "<code>X.7.020</code>"), "<code>X.7.020", "<",
                 "<code>: 'X.7.020': sub-code '020' has a leading zero (RFC 3463 s2) "
                 "(rule code-syntax)", id="leading-zero"),
    pytest.param(("<code>X.7.20</code>", "<code>X.7." + "9" * 5000 + "</code>"),
                 "<code>X.7.999", "<",
                 "<code>: 'X.7." + "9" * 5000 + "': sub-code '" + "9" * 5000 + "' has more "
                 "than 3 digits (RFC 3463 s2) (rule code-syntax)", id="huge-sub-code"),
    pytest.param(("<code>X.7.20</code>", "<code>X.7.26</code>"),
                 '<record date="2014-08-13" updated="2015-05-30">', "<",
                 "duplicate code 'X.7.26' in the codes sub-registry (first on line 73) "
                 "(rule unique-code)", id="duplicate-code"),
    pytest.param((LAST_RECORD_END, NEW_RECORD.replace("<basic_code>550", "<basic_code>banana")),
                 "<basic_code>banana", "<",
                 "<basic_code>: IANA's basic code text cannot be interpreted: cannot interpret "
                 "'banana' in 'banana' (rule basic-codes-agree)", id="basic-code-banana"),
    pytest.param(('<record date="2017-06-22">', '<record date="2017-02-30">'),
                 '<record date="2017-02-30">', "<",
                 "<record> attribute date: '2017-02-30' is not a real calendar date: day is "
                 "out of range for month (rule real-date)", id="record-date"),
    pytest.param((LAST_RECORD_END, NEW_RECORD.replace('date="2026-01-02"',
                                                      'date="2026-01-02" updated="2025-13-01"')),
                 '<record date="2026-01-02" updated="2025-13-01">', "<",
                 "<record> attribute updated: '2025-13-01' is not a real calendar date: month "
                 "must be in 1..12 (rule real-date)", id="record-updated-month-13"),
    pytest.param(("<sample>Mail flood detected</sample>", "<sample>Mail flood&#127;</sample>"),
                 "<sample>Mail flood&#127;", "<",
                 "<sample>: text contains the control character U+007F (DELETE) at character "
                 "11; only newline is allowed (rule no-control-characters)", id="delete"),
    pytest.param(("<updated>2024-12-06</updated>", "<updated>2024-02-30</updated>"),
                 "<updated>2024-02-30", "<",
                 "<updated>: '2024-02-30' is not a real calendar date: day is out of range for "
                 "month (rule real-date)", id="registry-updated"),
    pytest.param(("<updated>2024-12-06</updated>", "<updated>6 Dec 2024</updated>"),
                 "<updated>6 Dec", "<",
                 "<updated>: '6 Dec 2024' is not a date written YYYY-MM-DD (rule real-date)",
                 id="registry-updated-shape"),
]


@pytest.mark.parametrize("write", [False, True], ids=["report", "write"])
@pytest.mark.parametrize(("change", "needle", "target", "message"), SYNC_CASES)
def test_sync_iana_names_the_xml_line(
    tmp_path: Path, change: tuple[str, str], needle: str, target: str, message: str,
    write: bool,
) -> None:
    text = edit(SMALL_XML.read_text("utf-8"), *change)
    where = position(text, needle, target)
    xml, registry = setup(tmp_path, text)
    result = sync(xml, registry, *(["--write"] if write else []))
    assert_invalid(result, [f"{xml}:{where}: $: {message}"])
    assert registry.read_bytes() == SMALL_REGISTRY.read_bytes()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["iana.xml", "registry.yaml"]


def test_sync_iana_never_writes_an_impossible_date(tmp_path: Path) -> None:
    """The safety net behind the XML checks: registry_text checks like validate does."""
    document: dict[str, Any] = load_yaml(SMALL_REGISTRY).data
    document["codes"][0]["iana"]["date"] = "2023-02-29"
    with pytest.raises(InputError) as raised:
        registry_text(document, "registry/x.yaml")
    assert [problem.message for problem in raised.value.problems] == [
        "'2023-02-29' is not a real calendar date: day is out of range for month "
        "(rule real-date); so the merged registry was not written"]


# --- 10. --registry through a symlink ------------------------------------------------------


def test_sync_iana_write_goes_through_a_symlink(tmp_path: Path) -> None:
    """Before the fix, the link was replaced by a file and its target left unchanged."""
    xml = tmp_path / "iana.xml"
    xml.write_text(edit(SMALL_XML.read_text("utf-8"), LAST_RECORD_END, NEW_RECORD), "utf-8")
    real = tmp_path / "real" / "registry.yaml"
    real.parent.mkdir()
    shutil.copyfile(SMALL_REGISTRY, real)
    link = tmp_path / "link.yaml"
    link.symlink_to(Path("real") / "registry.yaml")  # relative, as people write them
    result = sync(xml, link, "--write")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == (
        f"wrote {link}; now run: python -m generators generate")
    assert link.is_symlink() and os.readlink(link) == "real/registry.yaml"
    codes = [entry["iana"]["code"] for entry in load_yaml(real).data["codes"]]
    assert "X.1.3" in codes
    assert sorted(path.name for path in real.parent.iterdir()) == ["registry.yaml"]
    again = sync(xml, link)
    assert (again.returncode, again.stdout) == (0, f"no changes: {link} matches {xml}\n")


def test_write_atomic_writes_through_a_chain_of_links(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_bytes(b"old\n")
    middle, outer = tmp_path / "middle", tmp_path / "outer"
    middle.symlink_to(target)
    outer.symlink_to(middle)
    assert write_atomic(outer, b"new\n") is True
    assert (outer.is_symlink(), middle.is_symlink(), target.read_bytes()) == (True, True,
                                                                                b"new\n")
    assert write_atomic(outer, b"new\n") is False
    assert sorted(path.name for path in tmp_path.iterdir()) == ["middle", "outer", "target.txt"]
