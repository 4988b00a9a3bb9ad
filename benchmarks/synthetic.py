"""Synthetic registries of any size, for measuring how the pipeline grows."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from generators.declarations import REGISTRIES
from generators.generate import render
from generators.load import load_yaml
from generators.paths import REGISTRY_DIR
from generators.yaml_emit import dump_yaml

# The status codes and the reply codes they need; the synthetic registry replaces "codes".
# (The vendor layer names real IANA codes, which a synthetic registry does not have.)
# The npm types also read the reasons (their ReasonId union), so those are built too.
MEASURED = tuple(spec for spec in REGISTRIES if spec.key in ("codes", "replies", "reasons"))
REAL = {spec.key: (REGISTRY_DIR / spec.file, spec.file) for spec in MEASURED}

DETAILS_PER_SUBJECT = 100


def write_synthetic_registry(path: Path, codes: int) -> Path:
    """The real registry's metadata and classes, with ``codes`` made-up codes spread over
    as many subjects as needed (DETAILS_PER_SUBJECT each)."""
    real = load_yaml(REAL["codes"][0]).data
    template_subject = real["subjects"][1]
    template_code = real["codes"][2]  # X.1.1: a code with every kind of field filled
    subjects = (codes + DETAILS_PER_SUBJECT - 1) // DETAILS_PER_SUBJECT
    document: dict[str, Any] = {
        "registry": real["registry"],
        "tables": real["tables"],
        "classes": real["classes"],
        "subjects": [_subject(template_subject, number) for number in range(subjects)],
        "codes": [_code(template_code, index // DETAILS_PER_SUBJECT,
                        index % DETAILS_PER_SUBJECT) for index in range(codes)],
    }
    path.write_text(dump_yaml(document), encoding="utf-8")
    return path


def _subject(template: dict[str, Any], number: int) -> dict[str, Any]:
    return {**template, "iana": {**template["iana"], "code": f"X.{number}.YYY"},
            "name": f"SUBJECT_{number}"}


def _code(template: dict[str, Any], subject: int, detail: int) -> dict[str, Any]:
    iana = {**template["iana"], "code": f"X.{subject}.{detail}",
            "description": f"{template['iana']['description']} Synthetic {subject}.{detail}."}
    return {**template, "iana": iana, "name": f"SYNTHETIC_{subject}_{detail}"}


def time_pipeline(registry: Path) -> float:
    """CPU seconds to load, validate, model and render one registry, all in this process."""
    start = time.thread_time()
    render({**REAL, "codes": (registry, registry.name)}, MEASURED)
    return time.thread_time() - start
