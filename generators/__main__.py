"""Command line: ``python -m generators {validate,sync-iana,generate}``.

Exit status: 0 all good; 1 drift (generated files or IANA's data differ from ours);
2 invalid input (every problem is printed as ``file:line:col: $.path: message``).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .problems import InputError
from .registry_file import GENERATED_PATH, REGISTRY_PATH, REPLIES_PATH, REPO_ROOT

EXIT_OK, EXIT_DRIFT, EXIT_INVALID = 0, 1, 2


def display(path: Path) -> str:
    """Paths inside the repository print relative to it, so messages never vary by host."""
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return os.fspath(path)


def sources(arguments: argparse.Namespace) -> tuple[tuple[Path, str], tuple[Path, str]]:
    registry, replies = Path(arguments.registry), Path(arguments.replies)
    return (registry, display(registry)), (replies, display(replies))


def command_validate(arguments: argparse.Namespace) -> int:
    from .registry import load_sources

    (registry, registry_name), (replies, replies_name) = sources(arguments)
    data, reply_data = (loaded.data for loaded in load_sources(
        (registry, registry_name), (replies, replies_name)))
    print(f"{registry_name}: valid: {len(data['classes'])} classes, {len(data['subjects'])} "
          f"subjects, {len(data['codes'])} codes (IANA updated {data['registry']['updated']})")
    print(f"{replies_name}: valid: {len(reply_data['codes'])} reply codes")
    return EXIT_OK


def command_sync_iana(arguments: argparse.Namespace) -> int:
    from .iana_xml import read_iana_xml
    from .registry import load_registry, registry_text
    from .sync import diff_report, merge
    from .write import write_atomic

    registry_path = Path(arguments.registry)
    ours = load_registry(registry_path, display(registry_path)).data
    iana = read_iana_xml(arguments.xml)
    changes = diff_report(iana, ours)
    if not changes:
        print(f"no changes: {display(registry_path)} matches {arguments.xml}")
        return EXIT_OK
    print(f"{len(changes)} change(s) from {arguments.xml}:")
    for line in changes:
        print(f"  {line}")
    if not arguments.write:
        print("run again with --write to apply them")
        return EXIT_DRIFT
    text = registry_text(merge(iana, ours), display(registry_path))
    write_atomic(registry_path, text.encode("utf-8"))
    print(f"wrote {display(registry_path)}; now run: python -m generators generate")
    return EXIT_OK


def command_generate(arguments: argparse.Namespace) -> int:
    from .generate import drift, render_registry, write_outputs

    registry, replies = sources(arguments)
    output = Path(arguments.output)
    outputs = render_registry(registry, replies)
    if arguments.check:
        report = drift(outputs, output)
        if not report:
            print(f"{display(output)}/ is in sync with {registry[1]} and {replies[1]}")
            return EXIT_OK
        for line in report:
            print(line)
        print("generated files are out of date; fix with: python -m generators generate")
        return EXIT_DRIFT
    changes = write_outputs(outputs, output)
    for line in changes:
        print(line)
    print(f"{display(output)}/: {len(outputs)} files, {len(changes)} changed")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generators",
        description="Validate the SMTP status code registry and generate artifacts from it.")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check the registry YAML")
    validate.add_argument("registry", nargs="?", default=str(REGISTRY_PATH),
                          help="status code registry (default: %(default)s)")
    validate.add_argument("--replies", default=str(REPLIES_PATH),
                          help="reply code registry (default: %(default)s)")
    validate.set_defaults(run=command_validate)

    sync = commands.add_parser("sync-iana", help="compare IANA's XML with the registry")
    sync.add_argument("xml", help="IANA's smtp-enhanced-status-codes.xml")
    sync.add_argument("--write", action="store_true", help="merge IANA's changes into the YAML")
    sync.add_argument("--registry", default=str(REGISTRY_PATH), help="registry file to update")
    sync.set_defaults(run=command_sync_iana)

    generate = commands.add_parser("generate", help="render every artifact into generated/")
    generate.add_argument("--check", action="store_true",
                          help="write nothing; exit 1 if generated/ is out of date")
    generate.add_argument("--registry", default=str(REGISTRY_PATH), help="registry file")
    generate.add_argument("--replies", default=str(REPLIES_PATH), help="reply code registry")
    generate.add_argument("--output", default=str(GENERATED_PATH), help="output folder")
    generate.set_defaults(run=command_generate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        status: int = arguments.run(arguments)
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
