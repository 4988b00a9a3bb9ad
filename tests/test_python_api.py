"""The generated package's public API, checked value by value against the registry."""

from __future__ import annotations

import contextlib
import datetime
import pickle
from typing import Any

import pytest
import smtp_status
from hypothesis import given
from hypothesis import strategies as st
from smtp_status import (
    REGISTRY_UPDATED,
    EnhancedCode,
    InvalidStatusCode,
    ReplyCode,
    StatusClass,
    StatusCode,
    Subject,
)


def _date(text: str | None) -> datetime.date | None:
    return None if text is None else datetime.date.fromisoformat(text)


def test_version_and_registry_date() -> None:
    assert datetime.date(2024, 12, 6) == REGISTRY_UPDATED
    assert smtp_status.__version__ == "2024.12.6"


def test_status_classes_agree_with_the_registry(registry: dict[str, Any]) -> None:
    assert [member.value for member in StatusClass] == [2, 4, 5]
    for member, entry in zip(StatusClass, registry["classes"], strict=True):
        iana = entry["iana"]
        assert member.name == entry["name"]
        assert member.value == int(iana["code"][0])
        assert member.summary == iana["summary"]
        assert member.description == iana["description"] == member.__doc__
        assert member.references == tuple(ref["id"] for ref in iana["references"])
        assert (member.submitter, member.change_controller) == ("G. Vaudreuil", "IESG")
    assert StatusClass.SUCCESS.is_success and not StatusClass.SUCCESS.is_permanent
    assert StatusClass.PERSISTENT_TRANSIENT_FAILURE.is_transient
    assert StatusClass.PERMANENT_FAILURE.is_permanent


def test_subjects_agree_with_the_registry(registry: dict[str, Any]) -> None:
    assert [member.value for member in Subject] == list(range(8))
    for member, entry in zip(Subject, registry["subjects"], strict=True):
        assert member.name == entry["name"]
        assert member.summary == entry["iana"]["summary"]
        assert member.description == entry["iana"]["description"]
        assert member.references == ("RFC3463",)


def test_enhanced_codes_agree_with_the_registry(registry: dict[str, Any]) -> None:
    assert len(EnhancedCode) == len(registry["codes"]) == 81
    for member, entry in zip(EnhancedCode, registry["codes"], strict=True):
        iana = entry["iana"]
        _, subject, detail = iana["code"].split(".")
        assert member.value == iana["code"]
        assert member.name == entry["name"]
        assert member.subject is Subject(int(subject))
        assert member.detail == int(detail)
        assert member.sample_text == iana["sample_text"]
        assert member.description == iana["description"] == member.__doc__
        assert member.basic_code == iana["basic_code"]
        assert member.basic_codes == tuple(sorted(set(entry["basic_codes"].get("codes", []))))
        assert member.references == tuple(ref["id"] for ref in iana["references"])
        assert member.submitter == iana["submitter"]
        assert member.change_controller == iana["change_controller"]
        assert member.date == _date(iana["date"])
        assert member.deprecated is (entry["deprecated"] is not None)
        expected = None if entry["deprecated"] is None else entry["deprecated"]["replaced_by"]
        assert (None if member.replaced_by is None else member.replaced_by.value) == expected


def test_selected_values() -> None:
    code = EnhancedCode.BAD_DESTINATION_MAILBOX_ADDRESS
    assert code.value == "X.1.1"
    assert code.basic_code == "451, 550"
    assert code.basic_codes == (451, 550)
    assert code.classes == frozenset({StatusClass.PERSISTENT_TRANSIENT_FAILURE,
                                      StatusClass.PERMANENT_FAILURE})
    assert EnhancedCode("X.1.2").classes == frozenset({StatusClass.PERMANENT_FAILURE})
    assert EnhancedCode("X.4.7").classes == frozenset(StatusClass)
    assert EnhancedCode("X.7.17").basic_code == "5XX"
    assert EnhancedCode("X.7.17").basic_codes == ()
    assert EnhancedCode("X.6.10").sample_text is None
    assert EnhancedCode("X.6.10").replaced_by is EnhancedCode("X.6.8")
    assert EnhancedCode("X.7.28").date == datetime.date(2017, 6, 22)
    assert EnhancedCode("X.7.28").change_controller == "standards@taugh.com"
    assert EnhancedCode.MAILBOX_FULL.with_class(4) == StatusCode(4, 2, 2)
    with pytest.raises(ValueError, match=r"'X\.9\.9' is not a valid EnhancedCode"):
        EnhancedCode("X.9.9")


def test_reply_codes_agree_with_the_registry(
    registry: dict[str, Any], replies: dict[str, Any]
) -> None:
    assert len(ReplyCode) == len(replies["codes"])
    for member, entry in zip(ReplyCode, replies["codes"], strict=True):
        assert (member.value, member.name) == (entry["code"], entry["name"])
        assert member.text == entry["text"]
        assert member.description == entry["description"]
        assert member.defined is entry["defined"]
        assert member.references == tuple(
            f"RFC {ref['rfc'][3:]} section {ref['section']}" for ref in entry["references"])
        associated = tuple(code["iana"]["code"] for code in registry["codes"]
                           if entry["code"] in code["basic_codes"].get("codes", []))
        assert tuple(code.value for code in member.enhanced_codes) == associated
    assert ReplyCode.MAILBOX_UNAVAILABLE == 550
    assert ReplyCode(550).is_permanent and ReplyCode(451).is_transient
    assert ReplyCode(523).defined is False and ReplyCode(523).text is None


def test_status_code_values() -> None:
    code = StatusCode.parse("5.1.1")
    assert code == StatusCode(5, 1, 1)
    assert code.status_class is StatusClass.PERMANENT_FAILURE
    assert (code.subject, code.detail) == (1, 1)
    assert str(code) == "5.1.1"
    assert repr(code) == "StatusCode(5, 1, 1)"
    assert code.enhanced_code is EnhancedCode.BAD_DESTINATION_MAILBOX_ADDRESS
    assert code.meaning is EnhancedCode.BAD_DESTINATION_MAILBOX_ADDRESS
    assert (code.is_permanent, code.is_transient, code.is_success) == (True, False, False)
    assert StatusCode.parse("5.7.999").enhanced_code is None
    assert StatusCode.parse("5.7.999").meaning is Subject.SECURITY_OR_POLICY_STATUS
    assert StatusCode.parse("4.9.1").meaning is StatusClass.PERSISTENT_TRANSIENT_FAILURE
    assert StatusCode(2, 0, 0).is_success
    assert sorted([StatusCode(5, 1, 10), StatusCode(4, 7, 1), StatusCode(5, 1, 2)]) == [
        StatusCode(4, 7, 1), StatusCode(5, 1, 2), StatusCode(5, 1, 10)]
    assert len({StatusCode(5, 1, 1), StatusCode.parse("5.1.1")}) == 1
    assert pickle.loads(pickle.dumps(code)) == code
    with pytest.raises(AttributeError, match="immutable"):
        code.detail = 2  # type: ignore[misc]


@pytest.mark.parametrize(("text", "message"), [
    ("5.01.1", "'5.01.1' is not an enhanced status code: '01' has a leading zero"),
    ("5.1.1000", "'5.1.1000' is not an enhanced status code: '1000' has more than 3 digits"),
    ("3.1.1", "'3.1.1' is not an enhanced status code: class '3' is not 2, 4 or 5 "
              "(RFC 3463 s2)"),
    ("5.1", "'5.1' is not an enhanced status code: expected class.subject.detail"),
    ("\u0665.1.1", "'\u0665.1.1' is not an enhanced status code: '\u0665' is not a number of "
                   "ASCII digits"),
    (" 5.1.1", "' 5.1.1' is not an enhanced status code: ' 5' is not a number of ASCII "
               "digits"),
])
def test_parse_errors_name_the_reason(text: str, message: str) -> None:
    with pytest.raises(InvalidStatusCode) as caught:
        StatusCode.parse(text)
    assert str(caught.value) == message


@pytest.mark.parametrize("text", [
    "5.1.1.1", "5..1", "", "5.1.1\n", "+5.1.1", "5.1.1 ", "\uff15.1.1", "5.1.-1", "5.1.a",
    "5.1.1\x00", "05.1.1",
])
def test_rejects_everything_outside_rfc_3463(text: str) -> None:
    with pytest.raises(InvalidStatusCode):
        StatusCode.parse(text)


@pytest.mark.parametrize("value", [None, 511, b"5.1.1", ["5.1.1"]])
def test_rejects_non_strings(value: object) -> None:
    with pytest.raises(InvalidStatusCode, match="expected str"):
        StatusCode.parse(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("numbers", [(3, 1, 1), (5, -1, 1), (5, 1, 1000), (True, 1, 1),
                                     (5, 1.0, 1), (5, 1, "1")])
def test_constructor_validates(numbers: tuple[Any, Any, Any]) -> None:
    with pytest.raises(InvalidStatusCode):
        StatusCode(*numbers)


_valid = st.builds(StatusCode, st.sampled_from([2, 4, 5]), st.integers(0, 999),
                   st.integers(0, 999))


@given(_valid)
def test_parse_round_trips(code: StatusCode) -> None:
    assert StatusCode.parse(str(code)) == code


@given(st.text(max_size=20))
def test_parse_raises_only_its_documented_error(text: str) -> None:
    with contextlib.suppress(InvalidStatusCode):
        StatusCode.parse(text)
