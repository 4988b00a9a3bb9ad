"""Command line: ``python -m generators {validate,sync-iana,generate}``.

Exit status: 0 all good; 1 drift (generated files or IANA's data differ from ours);
2 invalid input (every problem is printed as ``file:line:col: $.path: message``), or an
output path that cannot be written (one line).

Every registry declared in declarations.py gets its own option naming its file (``--registry``
for the status codes, ``--replies`` for the reply codes); ``--registry-dir`` names the folder
the others are read from.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .declarations import REGISTRIES, RegistrySpec, find
from .paths import GENERATED_DIR, PACKAGE_TABLES_DIR, REGISTRY_DIR, display
from .problems import InputError

EXIT_OK, EXIT_DRIFT, EXIT_INVALID = 0, 1, 2


def _option(spec: RegistrySpec) -> str:
    return spec.flag.removeprefix("--").replace("-", "_")


def sources(
    arguments: argparse.Namespace, registries: Sequence[RegistrySpec]
) -> dict[str, tuple[Path, str]]:
    """Each registry's path, from its own option or else the registry folder."""
    folder = Path(arguments.registry_dir)
    found = {}
    for spec in registries:
        given = getattr(arguments, _option(spec), None)
        path = Path(given) if given is not None else folder / spec.file
        found[spec.key] = (path, display(path))
    return found


def command_validate(arguments: argparse.Namespace, registries: Sequence[RegistrySpec]) -> int:
    from .pipeline import load_sources

    paths = sources(arguments, registries)
    loaded = load_sources(paths, registries)
    for spec in registries:
        print(f"{paths[spec.key][1]}: valid: {spec.summary(loaded[spec.key].data)}")
    return EXIT_OK


def command_sync_iana(arguments: argparse.Namespace, registries: Sequence[RegistrySpec]) -> int:
    from .iana_xml import read_iana_xml
    from .pipeline import load_registry
    from .sync import diff_report, merge, registry_text
    from .write import write_atomic

    registry_path = sources(arguments, [find(registries, "codes")])["codes"][0]
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


def command_generate(arguments: argparse.Namespace, registries: Sequence[RegistrySpec]) -> int:
    from .generate import drift, render, write_outputs

    paths = sources(arguments, registries)
    roots = {"generated": Path(arguments.output), "package": Path(arguments.package_output)}
    outputs = render(paths, registries, fill_cache=not arguments.check)
    if arguments.check:
        report = drift(outputs, roots)
        if not report:
            names = " and ".join(name for _, name in paths.values())
            print(f"{display(roots['generated'])}/ and {display(roots['package'])}/ are in "
                  f"sync with {names}")
            return EXIT_OK
        for line in report:
            print(line)
        print("generated files are out of date; fix with: python -m generators generate")
        return EXIT_DRIFT
    changes = write_outputs(outputs, roots)
    for line in changes:
        print(line)
    count = sum(len(files) for files in outputs.values())
    print(f"{display(roots['generated'])}/ and {display(roots['package'])}/: {count} files, "
          f"{len(changes)} changed")
    return EXIT_OK


def _registry_options(parser: argparse.ArgumentParser,
                      registries: Sequence[RegistrySpec], *, skip: str = "") -> None:
    parser.add_argument("--registry-dir", default=str(REGISTRY_DIR),
                        help="folder the registries are read from (default: %(default)s)")
    for spec in registries:
        if spec.flag != skip:
            parser.add_argument(spec.flag, dest=_option(spec), default=None,
                                help=f"{spec.description or spec.key} "
                                     f"(default: REGISTRY_DIR/{spec.file})")


def build_parser(registries: Sequence[RegistrySpec] = REGISTRIES) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generators",
        description="Validate the SMTP status code registries and generate artifacts from them.")
    commands = parser.add_subparsers(dest="command", required=True)
    codes = find(registries, "codes")

    validate = commands.add_parser("validate", help="check the registry YAML files")
    validate.add_argument(_option(codes), nargs="?", default=None, metavar="FILE",
                          help=f"status code registry (default: REGISTRY_DIR/{codes.file})")
    _registry_options(validate, registries, skip=codes.flag)
    validate.set_defaults(run=command_validate)

    sync = commands.add_parser("sync-iana", help="compare IANA's XML with the registry")
    sync.add_argument("xml", help="IANA's smtp-enhanced-status-codes.xml")
    sync.add_argument("--write", action="store_true", help="merge IANA's changes into the YAML")
    _registry_options(sync, [codes])
    sync.set_defaults(run=command_sync_iana)

    generate = commands.add_parser("generate", help="render every artifact")
    generate.add_argument("--check", action="store_true",
                          help="write nothing; exit 1 if any generated file is out of date")
    _registry_options(generate, registries)
    generate.add_argument("--output", default=str(GENERATED_DIR),
                          help="folder for JSON, docs and the C header (default: %(default)s)")
    generate.add_argument("--package-output", default=str(PACKAGE_TABLES_DIR),
                          help="folder for the Python package's tables (default: %(default)s)")
    generate.set_defaults(run=command_generate)
    return parser


def main(argv: Sequence[str] | None = None,
         registries: Sequence[RegistrySpec] = REGISTRIES) -> int:
    from .write import OutputError

    parser = build_parser(registries)
    arguments = parser.parse_args(argv)
    try:
        status: int = arguments.run(arguments, registries)
    except InputError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    except OutputError as error:  # an output path that cannot be written (or read back)
        print(f"{parser.prog}: {error}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
