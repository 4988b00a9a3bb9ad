"""generators.load (YAML 1.2 core scalars, positions, refusals) and yaml_emit round trips."""

from __future__ import annotations

from typing import Any

import pytest

from generators.load import Loaded, load_yaml, load_yaml_bytes
from generators.problems import InputError
from generators.yaml_emit import WIDTH, dump_yaml

from .conftest import REGISTRY_DISPLAY, REGISTRY_PATH, position


def load(text: str) -> Loaded:
    return load_yaml_bytes(text.encode("utf-8"), "t.yaml")


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as caught:
        load(text)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(("scalar", "value"), [
    ("NO", "NO"), ("no", "no"), ("yes", "yes"), ("on", "on"), ("Off", "Off"), ("y", "y"),
    ("2024-01-01", "2024-01-01"), ("012", "012"), ("0x1F", "0x1F"), ("0o17", "0o17"),
    ("1.5", "1.5"), ("1e3", "1e3"), (".inf", ".inf"), ("1_000", "1_000"),
    ("0", 0), ("550", 550), ("-3", -3), ("+7", 7),
    ("true", True), ("True", True), ("FALSE", False),
    ("null", None), ("Null", None), ("~", None), ("", None),
    ("'550'", "550"), ('"true"', "true"), ("'null'", "null"), ("X.1.1", "X.1.1"),
])
def test_plain_scalars_follow_the_core_schema(scalar: str, value: Any) -> None:
    loaded = load(f"key: {scalar}\n")
    assert loaded.data == {"key": value}
    assert type(loaded.data["key"]) is type(value)


def test_positions_of_keys_and_values() -> None:
    text = "registry:\n  id: x\n  list:\n    - a\n    - {k: v, n: 1}\n"
    loaded = load(text)
    assert loaded.data == {"registry": {"id": "x", "list": ["a", {"k": "v", "n": 1}]}}
    assert loaded.key_marks == {
        ("registry",): (1, 1), ("registry", "id"): (2, 3), ("registry", "list"): (3, 3),
        ("registry", "list", 1, "k"): (5, 8), ("registry", "list", 1, "n"): (5, 14)}
    assert loaded.value_marks == {
        (): (1, 1), ("registry",): (2, 3), ("registry", "id"): (2, 7),
        ("registry", "list"): (4, 5), ("registry", "list", 0): (4, 7),
        ("registry", "list", 1): (5, 7), ("registry", "list", 1, "k"): (5, 11),
        ("registry", "list", 1, "n"): (5, 17)}
    assert loaded.mark(("registry", "id"), at_key=True) == (2, 3)
    # A path that does not exist falls back to its nearest parent.
    assert loaded.mark(("registry", "missing", 3)) == (2, 3)
    assert str(loaded.problem(("registry", "list", 1, "n"), "m")) == (
        "t.yaml:5:17: $.registry.list[1].n: m")


def test_positions_in_the_real_registry(registry_source: str) -> None:
    loaded = load_yaml(REGISTRY_PATH, REGISTRY_DISPLAY)
    assert loaded.data["codes"][49]["iana"]["code"] == "X.6.10"
    where = position(registry_source, "code: X.6.10\n", "X")
    assert "{}:{}".format(*loaded.mark(("codes", 49, "iana", "code"))) == where
    name_key = position(registry_source, "    name: CODE_X_6_10\n", "name")
    assert "{}:{}".format(*loaded.mark(("codes", 49, "name"), at_key=True)) == name_key


@pytest.mark.parametrize(("text", "expected"), [
    ("a: 1\n---\nb: 2\n", ["t.yaml:2:1: $: more than one YAML document in the file"]),
    ("? [a]\n: 1\n", ["t.yaml:1:3: $: mapping keys must be plain strings (rule key-type)"]),
    ("1: x\n", ["t.yaml:1:1: $: mapping key 1 must be a string (rule key-type)"]),
    ("a: !custom x\n", ["t.yaml:1:4: $.a: YAML tag '!custom' is not allowed: the registry is "
                        "plain data (rule no-tag)"]),
    ("a: &x 1\n", ["t.yaml:1:4: $.a: YAML anchor &x is not allowed (rule no-anchor)"]),
    ("a: 1\nb: *x\n", ["t.yaml:2:4: $.b: YAML alias *x is not allowed: write the value out "
                       "(rule no-alias)"]),
    ("a: 1\na: 2\na: 3\n", [
        "t.yaml:2:1: $.a: duplicate key 'a' (first defined on line 1) (rule no-duplicate-key)",
        "t.yaml:3:1: $.a: duplicate key 'a' (first defined on line 1) (rule no-duplicate-key)"]),
    ("a: " + "[" * 70 + "]" * 70 + "\n", [
        "t.yaml:1:67: $.a" + "[0]" * 63 + ": nesting deeper than 64 levels"]),
])
def test_loader_refusals(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


def test_duplicate_key_keeps_the_first_value_and_reports_later_problems_too() -> None:
    assert problems("a: 1\na: &x 2\n") == [
        "t.yaml:2:1: $.a: duplicate key 'a' (first defined on line 1) (rule no-duplicate-key)",
        "t.yaml:2:4: $.a: YAML anchor &x is not allowed (rule no-anchor)"]


TRICKY = [
    "#not a comment", "a # b", "key: value", "ends with colon:", "- dash", "? question",
    "It's", 'say "hi"', "'single'", '"double"', "null", "Null", "~", "NO", "yes", "off",
    "true", "2024-01-01", "012", "0x1F", "1.5", "550", "", " leading", "trailing ",
    "[flow]", "{flow}", "*star", "&amp", "!bang", "%percent", "@at", "`tick`", "|pipe",
    ">gt", "café — 日本語 ✓", "tab\there", "back\\slash", "100%", "(Standards Track)",
    ", Section 3.3 (Standards Track)", "standards@taugh.com",
]
LONG_DOUBLE_SPACED = ("This status code is returned when a message did not contain any "
                      "passing DKIM signatures.  (This violates the advice of Section 6.1 "
                      "of [RFC6376].)")
LONG_SINGLE_SPACED = " ".join(LONG_DOUBLE_SPACED.split())
LONG = [
    LONG_DOUBLE_SPACED, LONG_SINGLE_SPACED, "#" + LONG_SINGLE_SPACED,
    "- " + LONG_SINGLE_SPACED, LONG_SINGLE_SPACED + " ", "key: " + LONG_SINGLE_SPACED,
    "é" * 40 + " " + "ü" * 60, "x" * 200,
]


@pytest.mark.parametrize("value", TRICKY + LONG)
def test_emitted_scalars_read_back_unchanged(value: str) -> None:
    for document in ({"k": value}, {"k": {"nested": [{"item": value, "n": None}]}}):
        text = dump_yaml(document, "header # with a hash")
        assert text.startswith("# header # with a hash\n")
        assert load(text).data == document
        assert dump_yaml(load(text).data, "header # with a hash") == text


def test_double_spaces_are_never_folded() -> None:
    text = dump_yaml({"description": LONG_DOUBLE_SPACED})
    assert ">-" not in text
    assert text == f'description: "{LONG_DOUBLE_SPACED}"\n'


def test_long_single_spaced_text_is_folded_within_the_width() -> None:
    text = dump_yaml({"iana": {"description": LONG_SINGLE_SPACED}})
    assert text == (
        "iana:\n"
        "  description: >-\n"
        "    This status code is returned when a message did not contain any passing DKIM "
        "signatures.\n"
        "    (This violates the advice of Section 6.1 of [RFC6376].)\n")
    assert all(len(line) <= WIDTH for line in text.splitlines())
    assert load(text).data == {"iana": {"description": LONG_SINGLE_SPACED}}


@pytest.mark.parametrize("value", ["NO", "null", "2024-01-01", "012", "#x", "a: b", "It's"])
def test_ambiguous_scalars_are_double_quoted(value: str) -> None:
    expected = {"It's": '"It\'s"'}.get(value, f'"{value}"')
    assert dump_yaml({"k": value}) == f"k: {expected}\n"


def test_short_lists_are_flow_lists() -> None:
    text = dump_yaml({"codes": [451, 550], "wildcards": ["4XX", "5XX"], "empty": []})
    assert text == "codes: [451, 550]\nwildcards: [4XX, 5XX]\nempty: []\n"
    assert load(text).data == {"codes": [451, 550], "wildcards": ["4XX", "5XX"], "empty": []}


def test_comma_in_a_flow_list_item_survives() -> None:
    document = {"k": ["a, b"], "plain": "a, b"}
    assert dump_yaml(document) == 'k: ["a, b"]\nplain: a, b\n'
    assert load(dump_yaml(document)).data == document


@pytest.mark.parametrize("value", ["x\u2028y", "x\x85y", "x\u2029y", "x\x7fy", "x\x9fy",
                                   "\ufeffx", "x, \u2028y"])
def test_characters_yaml_cannot_hold_raw_survive_as_escapes(value: str) -> None:
    document = {"k": value, "l": [value]}
    text = dump_yaml(document)
    assert text.isascii() or not any(c in text for c in "\x7f\x85\x9f\u2028\u2029\ufeff")
    assert load(text).data == document


def test_long_lists_are_block_lists_of_scalars_and_mappings() -> None:
    data = {"outer": {"list": ["two  spaces " * 20, 1, None, True, {}, {"k": "v"}]}}
    text = dump_yaml(data)
    assert "\n    - 1\n    - null\n    - true\n    - {}\n    - k: v\n" in text
    assert load_yaml_bytes(text.encode(), "x").data == data
