"""Every registry, declared once.

Each entry names the registry's file, its schema, its rules and the cross-rules against
the others, what the model builds from it, and the artifacts made from it. The rest of
the tool (validate, generate, the command line, the markers) reads this table, so a new
registry is one entry here plus its own files: YAML, schema, rules, model and templates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .paths import INPUT_SCHEMA_DIR, TEMPLATES

if TYPE_CHECKING:
    from .load import Loaded
    from .problems import Problem

Rules = Callable[["Loaded"], list["Problem"]]
CrossRules = Callable[["Loaded", Mapping[str, "Loaded"]], list["Problem"]]
# (this registry's valid data, the model parts built before it) -> its model part
Builder = Callable[[dict[str, Any], Mapping[str, Any]], Any]


@dataclass(frozen=True)
class Artifact:
    """One output file: rendered from a Jinja2 template, written by a function, or copied
    from a hand-written source.

    ``reads`` names the registries it is made from (its marker names their files); the
    registry that declares it is always among them.
    """

    output: str
    template: str | None = None
    write: Callable[[Mapping[str, Any], str], str] | None = None  # (parts, marker) -> text
    # A hand-written source file under src/ (paths.HAND_WRITTEN_DIR), copied byte for byte:
    # runtime code in another language, edited and checked where it is written.
    source: str | None = None
    root: str = "generated"
    also_reads: tuple[str, ...] = ()
    # A template rendered once per item: (parts) -> (output path, extra context) pairs;
    # ``output`` then only names the family in messages.
    each: Callable[[Mapping[str, Any]], Iterable[tuple[str, dict[str, Any]]]] | None = None


@dataclass(frozen=True)
class RegistrySpec:
    key: str
    file: str  # its name inside the registry folder
    schema: Path
    rules: Rules
    build: Builder
    artifacts: tuple[Artifact, ...]
    flag: str  # the command-line option that names the file
    summary: Callable[[dict[str, Any]], str]  # what `validate` says of valid data
    cross_rules: CrossRules | None = None
    template_dir: Path = TEMPLATES
    description: str = field(default="", compare=False)


def _declared() -> tuple[RegistrySpec, ...]:
    # Imported here so that this table is the only place that ties registries to code.
    from . import (
        bounce_formats,
        bounce_reasons,
        model,
        npm_package,
        published_json,
        rules,
        shipped_schemas,
        vendor_codes,
    )

    python = "python/_generated"
    return (
        RegistrySpec(
            key="codes",
            file="smtp-enhanced-status-codes.yaml",
            schema=INPUT_SCHEMA_DIR / "registry.schema.json",
            rules=rules.registry_rule_problems,
            cross_rules=rules.basic_codes_known,
            build=model.build_codes,
            flag="--registry",
            summary=model.codes_summary,
            description="IANA's SMTP Enhanced Status Codes registry with our identifiers",
            artifacts=(
                Artifact("__init__.py", f"{python}/__init__.py.j2", root="package"),
                Artifact("enum_rows.py", f"{python}/enum_rows.py.j2", root="package"),
                Artifact("c/smtp_status.h", "c/smtp_status.h.j2", also_reads=("replies",)),
                Artifact("docs/index.md", "docs/index.md.j2"),
                Artifact("docs/codes.md", "docs/codes.md.j2"),
                Artifact("json/smtp-enhanced-status-codes.json",
                         write=published_json.registry_json),
                # The npm package smtp-status: the same two JSON files, written again by
                # the same functions, with the JS entries, types, README and LICENSE.
                Artifact("npm/package.json", write=npm_package.package_json),
                Artifact("npm/smtp-enhanced-status-codes.json",
                         write=published_json.registry_json),
                Artifact("npm/smtp-reply-codes.json", write=published_json.reply_codes_json,
                         also_reads=("replies",)),
                Artifact("npm/index.cjs", source="npm/index.cjs"),
                Artifact("npm/index.mjs", write=npm_package.index_mjs),
                Artifact("npm/index.d.ts", "npm/index.d.ts.j2",
                         also_reads=("replies", "reasons")),
                Artifact("npm/index.d.cts", "npm/index.d.ts.j2",
                         also_reads=("replies", "reasons")),
                Artifact("npm/README.md", "npm/README.md.j2", also_reads=("replies",)),
                Artifact("npm/LICENSE", "npm/LICENSE.j2"),
                *shipped_schemas.artifacts(),
            ),
        ),
        RegistrySpec(
            key="replies",
            file="smtp-reply-codes.yaml",
            schema=INPUT_SCHEMA_DIR / "reply-codes.schema.json",
            rules=rules.reply_rule_problems,
            build=model.build_replies,
            flag="--replies",
            summary=model.replies_summary,
            description="the basic SMTP reply codes",
            artifacts=(
                Artifact("replies.py", f"{python}/replies.py.j2", root="package",
                         also_reads=("codes",)),
                Artifact("docs/reply-codes.md", "docs/reply-codes.md.j2", also_reads=("codes",)),
                Artifact("json/smtp-reply-codes.json", write=published_json.reply_codes_json,
                         also_reads=("codes",)),
            ),
        ),
        RegistrySpec(
            key="vendors",
            file="vendor-codes.yaml",
            schema=INPUT_SCHEMA_DIR / "vendor-codes.schema.json",
            rules=vendor_codes.rule_problems,
            cross_rules=vendor_codes.cross_rule_problems,
            build=vendor_codes.build,
            flag="--vendors",
            summary=vendor_codes.summary,
            description="how Microsoft 365 and Google use enhanced codes, with sources",
            artifacts=(
                Artifact("vendors.py", f"{python}/vendors.py.j2", root="package"),
                Artifact("docs/vendor-PROVIDER.md", "docs/vendor.md.j2", also_reads=("codes",),
                         each=vendor_codes.provider_pages),
                Artifact("json/smtp-vendor-codes.json", write=vendor_codes.vendor_json),
                Artifact("npm/smtp-vendor-codes.json", write=vendor_codes.vendor_json),
            ),
        ),
        RegistrySpec(
            key="reasons",
            file="bounce-reasons.yaml",
            schema=INPUT_SCHEMA_DIR / "bounce-reasons.schema.json",
            rules=bounce_reasons.rule_problems,
            cross_rules=bounce_reasons.cross_rule_problems,
            build=bounce_reasons.build,
            flag="--reasons",
            summary=bounce_reasons.summary,
            description="why a recipient bounced and what to do about it, with ordered rules",
            artifacts=(
                Artifact("reasons.py", f"{python}/reasons.py.j2", root="package"),
                Artifact("docs/bounce-reasons.md", "docs/bounce-reasons.md.j2"),
                Artifact("json/smtp-bounce-reasons.json", write=bounce_reasons.reasons_json),
                Artifact("npm/smtp-bounce-reasons.json", write=bounce_reasons.reasons_json),
                # Hand-written JavaScript, copied byte for byte (DECISIONS.md: src/npm/).
                Artifact("npm/reasons.cjs", source="npm/reasons.cjs"),
            ),
        ),
        RegistrySpec(
            key="formats",
            file="bounce-formats.yaml",
            schema=INPUT_SCHEMA_DIR / "bounce-formats.schema.json",
            rules=bounce_formats.rule_problems,
            build=bounce_formats.build,
            flag="--formats",
            summary=bounce_formats.summary,
            description="the phrases MTAs write in their bounces, each with a bounce that "
                        "shows it",
            artifacts=(
                Artifact("bounce_formats.py", f"{python}/bounce_formats.py.j2",
                         root="package"),
                Artifact("docs/bounce-formats.md", "docs/bounce-formats.md.j2"),
            ),
        ),
    )


REGISTRIES: tuple[RegistrySpec, ...] = _declared()


def find(registries: Sequence[RegistrySpec], key: str) -> RegistrySpec:
    return next(spec for spec in registries if spec.key == key)
