"""Every registry, declared once.

Each entry names the registry's file, its schema, its rules and the cross-rules against
the others, what the model builds from it, and the artifacts made from it. The rest of
the tool (validate, generate, the command line, the markers) reads this table, so a new
registry is one entry here plus its own files: YAML, schema, rules, model and templates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .load import Loaded
from .problems import Problem

REPO_ROOT = Path(__file__).resolve().parent.parent
REGISTRY_DIR = REPO_ROOT / "registry"
SCHEMA_DIR = REPO_ROOT / "schema"
TEMPLATES = Path(__file__).resolve().parent / "templates"
# The two trees generate owns. Python's tables live inside the hand-written package, so
# that the package imports from a checkout and the wheel holds exactly what generate wrote.
GENERATED_DIR = REPO_ROOT / "generated"
PACKAGE_TABLES_DIR = REPO_ROOT / "src" / "smtp_status" / "_generated"
OUTPUT_ROOTS = ("generated", "package")

Rules = Callable[[Loaded], list[Problem]]
CrossRules = Callable[[Loaded, Mapping[str, Loaded]], list[Problem]]
# (this registry's valid data, the model parts built before it) -> its model part
Builder = Callable[[dict[str, Any], Mapping[str, Any]], Any]


@dataclass(frozen=True)
class Artifact:
    """One output file: rendered from a Jinja2 template, or written by a function.

    ``reads`` names the registries it is made from (its marker names their files); the
    registry that declares it is always among them.
    """

    output: str
    template: str | None = None
    write: Callable[[Mapping[str, Any], str], str] | None = None  # (parts, marker) -> text
    root: str = "generated"
    also_reads: tuple[str, ...] = ()


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
    from . import model, published_json, rules

    python = "python/_generated"
    return (
        RegistrySpec(
            key="codes",
            file="smtp-enhanced-status-codes.yaml",
            schema=SCHEMA_DIR / "registry.schema.json",
            rules=rules.registry_rule_problems,
            cross_rules=rules.basic_codes_known,
            build=model.build_codes,
            flag="--registry",
            summary=model.codes_summary,
            description="IANA's SMTP Enhanced Status Codes registry with our identifiers",
            artifacts=(
                Artifact("__init__.py", f"{python}/__init__.py.j2", root="package"),
                Artifact("enums.py", f"{python}/enums.py.j2", root="package"),
                Artifact("c/smtp_status.h", "c/smtp_status.h.j2", also_reads=("replies",)),
                Artifact("docs/index.md", "docs/index.md.j2"),
                Artifact("docs/codes.md", "docs/codes.md.j2"),
                Artifact("json/smtp-enhanced-status-codes.json",
                         write=published_json.registry_json),
            ),
        ),
        RegistrySpec(
            key="replies",
            file="smtp-reply-codes.yaml",
            schema=SCHEMA_DIR / "reply-codes.schema.json",
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
    )


REGISTRIES: tuple[RegistrySpec, ...] = _declared()


def find(registries: Sequence[RegistrySpec], key: str) -> RegistrySpec:
    return next(spec for spec in registries if spec.key == key)
