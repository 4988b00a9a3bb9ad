"""Units of the maintainer tool: basic-code reading, naming, loading, emitting, the schema."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
import yaml

from generators.basic_codes import BasicCodeTextError, parse_basic_code_text
from generators.load import load_yaml_bytes
from generators.names import derive_name
from generators.problems import InputError
from generators.yaml_emit import dump_yaml

from .conftest import REGISTRY_PATH, SCHEMA_PATH
from .conftest import SMALL_REGISTRY as SMALL


@pytest.mark.parametrize(("text", "expected"), [
    ("451, 550", {"kind": "listed", "codes": [451, 550], "wildcards": []}),
    ("451/550", {"kind": "listed", "codes": [451, 550], "wildcards": []}),
    ("250 or 251", {"kind": "listed", "codes": [250, 251], "wildcards": []}),
    ("5XX", {"kind": "listed", "codes": [], "wildcards": ["5XX"]}),
    ("450, 550 (other 4XX or 5XX codes are allowed)",
     {"kind": "listed", "codes": [450, 550], "wildcards": ["4XX", "5XX"]}),
    ("Any", {"kind": "any"}),
    ("Not given", {"kind": "not_given"}),
    (".", {"kind": "not_given"}),
    (None, {"kind": "not_given"}),
])
def test_every_form_iana_writes(text: str | None, expected: dict[str, Any]) -> None:
    assert parse_basic_code_text(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("550 maybe", "cannot interpret 'maybe' in '550 maybe'"),
    ("Sometimes", "cannot interpret 'Sometimes' in 'Sometimes'"),
    ("", "no basic code in ''"),
])
def test_unreadable_cells_are_refused(text: str, message: str) -> None:
    with pytest.raises(BasicCodeTextError) as caught:
        parse_basic_code_text(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(("code", "text", "taken", "name"), [
    ("X.1.6", "Destination mailbox has moved, No forwarding address", (),
     "DESTINATION_MAILBOX_HAS_MOVED"),
    ("X.1.7", "Bad sender's mailbox address syntax", (), "BAD_SENDERS_MAILBOX_ADDRESS_SYNTAX"),
    ("X.6.8", "UTF-8 string reply is required, but not permitted", (),
     "UTF_8_STRING_REPLY_IS_REQUIRED"),
    ("X.6.10", None, (), "CODE_X_6_10"),
    ("2.XXX.YYY", "Success", (), "SUCCESS"),
    ("X.9.9", "Mailbox full", ("MAILBOX_FULL",), "MAILBOX_FULL_X_9_9"),
    ("X.9.8", "3rd party", (), "CODE_3RD_PARTY"),
])
def test_naming_rule(code: str, text: str | None, taken: tuple[str, ...], name: str) -> None:
    assert derive_name(code, text, taken) == name


def test_plain_scalars_follow_the_yaml_1_2_core_schema() -> None:
    loaded = load_yaml_bytes(b"a: NO\nb: 2024-01-01\nc: 012\nd: 12\ne: true\nf: ~\ng: 1.5\n", "x")
    assert loaded.data == {"a": "NO", "b": "2024-01-01", "c": "012", "d": 12, "e": True,
                           "f": None, "g": "1.5"}


def test_positions_of_keys_and_values() -> None:
    loaded = load_yaml_bytes(b"top:\n  - name: A\n    list: [1, 2]\n", "x")
    assert loaded.key_marks[("top",)] == (1, 1)
    assert loaded.key_marks[("top", 0, "name")] == (2, 5)
    assert loaded.value_marks[("top", 0, "name")] == (2, 11)
    assert loaded.value_marks[("top", 0, "list", 1)] == (3, 15)
    assert loaded.mark(("top", 0, "missing")) == (2, 5)


def test_complex_keys_are_refused() -> None:
    with pytest.raises(InputError) as caught:
        load_yaml_bytes(b"? [a]\n: 1\n", "x.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "x.yaml:1:3: $: mapping keys must be plain strings (rule key-type)"]


@pytest.mark.parametrize("text", [
    "# starts like a comment", "key: value", 'quote "inside"', "null", "NO", "2024-01-01",
    "  leading", "trailing ", "two  spaces " * 20, "Pelé δοκιμή 测试", "{{ x }}", "- dash",
    "line\nbreak", "a " * 80, "'single'", "@at", "%percent", "012",
])
def test_emitted_yaml_reads_back_the_same(text: str) -> None:
    data = {"outer": {"value": text, "list": [text, 1, None, True]}}
    assert load_yaml_bytes(dump_yaml(data).encode(), "x").data == data
    assert yaml.safe_load(dump_yaml(data)) == data


SCHEMA = jsonschema.Draft202012Validator(
    json.loads(SCHEMA_PATH.read_text("utf-8")))
VALID: dict[str, Any] = yaml.safe_load(SMALL.read_text("utf-8"))


def test_schema_accepts_the_valid_fixtures() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA.schema)
    assert list(SCHEMA.iter_errors(VALID)) == []
    real = yaml.safe_load(REGISTRY_PATH.read_text())
    assert list(SCHEMA.iter_errors(real)) == []


def _set(path: tuple[Any, ...], value: Any) -> Any:
    def mutate(document: dict[str, Any]) -> None:
        target: Any = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    return mutate


@pytest.mark.parametrize(("mutate", "keyword"), [
    (_set(("codes", 0, "colour"), "red"), "additionalProperties"),
    (lambda d: d["codes"][0].pop("name"), "required"),
    (_set(("codes", 0, "iana", "description"), 5), "type"),
    (_set(("codes", 0, "iana", "code"), "X.01.1"), "pattern"),
    (_set(("classes", 0, "iana", "code"), "3.XXX.YYY"), "pattern"),
    (_set(("codes", 0, "basic_codes", "codes"), [199]), "minimum"),
    (_set(("codes", 0, "basic_codes", "kind"), "some"), "enum"),
    (_set(("codes", 0, "iana", "date"), "2024-13-01"), "pattern"),
    (_set(("codes", 0, "iana", "description"), " padded"), "pattern"),
    (_set(("codes", 0, "usage", "prose_classes"), [3]), "enum"),
    (_set(("registry", "id"), "other"), "const"),
    (_set(("codes", 0, "iana", "references", 0, "type"), "uri"), "enum"),
])
def test_schema_rejects_the_invalid_fixtures(mutate: Any, keyword: str) -> None:
    document = copy.deepcopy(VALID)
    mutate(document)
    assert keyword in {error.validator for error in SCHEMA.iter_errors(document)}
