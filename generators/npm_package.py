"""The npm package's manifest (generated/npm/package.json, via json_text) and its ES
module entry (index.mjs, whose names come from index.cjs's own export list).

The package's other files are templates (templates/npm/), hand-written sources (src/npm/)
or the published JSON itself (published_json.py, written a second time under npm/).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .json_text import json_text
from .model import Registry
from .paths import HAND_WRITTEN_DIR
from .shipped_schemas import npm_files

REPOSITORY = "https://github.com/smtp-status/smtp-status"
# npm takes only semver: MAJOR.MINOR.PATCH, which the version rule gives (model.package_version).
_SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
# What the package publishes besides package.json, README and LICENSE (npm adds those).
FILES = (
    "index.cjs",
    "index.d.cts",
    "index.d.ts",
    "index.mjs",
    "reasons.cjs",
    "smtp-bounce-reasons.json",
    "smtp-enhanced-status-codes.json",
    "smtp-reply-codes.json",
    "smtp-vendor-codes.json",
    *npm_files(),
)


def npm_version(version: str) -> str:
    """The Python package's version, which must also be a semver version for npm."""
    if _SEMVER.fullmatch(version) is None:
        raise ValueError(f"version {version!r} is not MAJOR.MINOR.PATCH, which npm requires;"
                         " the rule is model.package_version (YEAR.MMDD.N)")
    return version


def package_json(parts: Mapping[str, Any], marker: str) -> str:
    """Deterministic package.json text (JSON has no comments, so no marker)."""
    model: Registry = parts["codes"]
    document = {
        "name": "smtp-status",
        "version": npm_version(model.version),
        "description": (
            f"IANA's SMTP Enhanced Status Codes registry (RFC 3463, RFC 5248): all "
            f"{len(model.codes)} codes with IANA's texts, the basic SMTP reply codes, and a "
            "strict status code parser, with TypeScript types"),
        "keywords": ["smtp", "email", "enhanced-status-codes", "status-codes", "dsn",
                     "bounce", "rfc3463", "rfc5248", "iana", "typescript"],
        "homepage": f"{REPOSITORY}#readme",
        "bugs": {"url": f"{REPOSITORY}/issues"},
        "repository": {"type": "git", "url": f"git+{REPOSITORY}.git",
                       "directory": "generated/npm"},
        "license": "MIT",
        "author": "smtp-status contributors",
        "type": "module",
        "sideEffects": False,
        "engines": {"node": ">=18"},
        "main": "./index.cjs",
        "module": "./index.mjs",
        "types": "./index.d.ts",
        "exports": {
            ".": {
                "import": {"types": "./index.d.ts", "default": "./index.mjs"},
                "require": {"types": "./index.d.cts", "default": "./index.cjs"},
            },
            "./smtp-enhanced-status-codes.json": "./smtp-enhanced-status-codes.json",
            "./smtp-reply-codes.json": "./smtp-reply-codes.json",
            "./smtp-vendor-codes.json": "./smtp-vendor-codes.json",
            "./smtp-bounce-reasons.json": "./smtp-bounce-reasons.json",
            "./schemas/*.schema.json": "./schemas/*.schema.json",
            "./package.json": "./package.json",
        },
        "files": list(FILES),
    }
    return json_text(document)


# The public names of the npm runtime: its module.exports block, one shorthand name a line.
_EXPORTS_BLOCK = re.compile(r"^module\.exports = \{\n((?:  [A-Za-z_$][\w$]*,\n)+)\};$",
                            re.MULTILINE)


def export_names(source: str) -> tuple[str, ...]:
    """The names index.cjs exports (src/npm/index.cjs, their one home), in its order."""
    found = _EXPORTS_BLOCK.search(source)
    if found is None:
        raise ValueError("src/npm/index.cjs has no `module.exports = {` block of one name "
                         "a line, which index.mjs re-exports")
    return tuple(line.strip().rstrip(",") for line in found.group(1).splitlines())


def index_mjs(parts: Mapping[str, Any], marker: str) -> str:
    """The ES module entry: index.cjs's exports by name, read from index.cjs itself."""
    source = (HAND_WRITTEN_DIR / "npm" / "index.cjs").read_text("utf-8")
    names = "".join(f"  {name},\n" for name in export_names(source))
    return (f"// {marker}\n"
            "// The ES module entry: index.cjs's exports by name. One module holds the data\n"
            "// and the classes, so a program that both imports and requires the package has\n"
            "// one copy of each (an InvalidStatusCode thrown through require() is instanceof\n"
            "// the imported class).\n"
            'import smtpStatus from "./index.cjs";\n'
            "\n"
            "export const {\n"
            f"{names}"
            "} = smtpStatus;\n")
