"""schema/input/registry.schema.json, applied with jsonschema directly (Draft 2020-12).

Fixtures: tests/fixtures/registry/valid/*.yaml must have no errors; each
tests/fixtures/registry/invalid/<keyword>-<what>.yaml must fail on that keyword.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generators.declarations import REGISTRIES, find
from generators.load import load_yaml
from generators.validate import validate

from .conftest import FIXTURES, REGISTRY_PATH, SCHEMA_PATH, SMALL_REGISTRY, setting

CODES = find(REGISTRIES, "codes")
VALID = sorted((FIXTURES / "registry" / "valid").glob("*.yaml"))
INVALID = sorted((FIXTURES / "registry" / "invalid").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def safe_load(path: Path) -> Any:
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def messages(validator: jsonschema.Draft202012Validator, data: Any) -> list[str]:
    return [f"{error.json_path}: {error.message}" for error in validator.iter_errors(data)]


def test_fixture_folders_are_populated() -> None:
    assert [path.name for path in VALID] == ["minimal.yaml", "two-codes.yaml"]
    assert len(INVALID) >= 12


def test_committed_registry_matches_the_schema(
    validator: jsonschema.Draft202012Validator,
) -> None:
    # Both readings of the file: PyYAML's (YAML 1.1) and the project's loader (YAML 1.2).
    assert messages(validator, safe_load(REGISTRY_PATH)) == []
    assert messages(validator, load_yaml(REGISTRY_PATH).data) == []


@pytest.mark.parametrize("path", VALID, ids=[path.stem for path in VALID])
def test_valid_fixture(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    data = safe_load(path)
    assert (len(data["classes"]), len(data["subjects"])) == (1, 1)
    assert 1 <= len(data["codes"]) <= 2
    assert messages(validator, data) == []
    # The fixtures satisfy the validator's other rules too, not only the schema.
    assert [str(problem) for problem in validate(load_yaml(path), CODES)] == []


@pytest.mark.parametrize("path", INVALID, ids=[path.stem for path in INVALID])
def test_invalid_fixture(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    keyword = path.stem.split("-", 1)[0]
    assert f'"{keyword}"' in SCHEMA_PATH.read_text(encoding="utf-8")
    errors = list(validator.iter_errors(safe_load(path)))
    assert keyword in {error.validator for error in errors}, [e.message for e in errors]
    assert validate(load_yaml(path), CODES) != []


@pytest.mark.parametrize(("mutate", "keyword"), [
    (setting(("codes", 0, "colour"), "red"), "additionalProperties"),
    (lambda d: d["codes"][0].pop("name"), "required"),
    (setting(("codes", 0, "iana", "description"), 5), "type"),
    (setting(("codes", 0, "iana", "code"), "X.01.1"), "pattern"),
    (setting(("classes", 0, "iana", "code"), "3.XXX.YYY"), "pattern"),
    (setting(("codes", 0, "basic_codes", "codes"), [199]), "minimum"),
    (setting(("codes", 0, "basic_codes", "kind"), "some"), "enum"),
    (setting(("codes", 0, "iana", "date"), "2024-13-01"), "pattern"),
    (setting(("codes", 0, "iana", "description"), " padded"), "pattern"),
    (setting(("codes", 0, "usage", "prose_classes"), [3]), "enum"),
    (setting(("registry", "id"), "other"), "const"),
    (setting(("codes", 0, "iana", "references", 0, "type"), "uri"), "enum"),
])
def test_schema_rejects_each_mutation_of_the_small_registry(
    validator: jsonschema.Draft202012Validator, mutate: Any, keyword: str,
) -> None:
    document = copy.deepcopy(safe_load(SMALL_REGISTRY))
    assert messages(validator, document) == []
    mutate(document)
    assert keyword in {error.validator for error in validator.iter_errors(document)}
