"""The generated package's public API, checked value by value against the registry."""

from __future__ import annotations

import copy
import datetime
import pickle
import re
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import generators.model
import smtp_status
from smtp_status import (
    REGISTRY_UPDATED,
    EnhancedCode,
    InvalidStatusCode,
    ReplyCode,
    StatusClass,
    StatusCode,
    Subject,
)

# RFC 3463 s2, over ASCII only: class "." subject "." detail, no leading zeros.
GRAMMAR = re.compile(r"[245]\.(?:0|[1-9][0-9]{0,2})\.(?:0|[1-9][0-9]{0,2})")
PROTOCOLS = range(pickle.HIGHEST_PROTOCOL + 1)


def _date(value: str | None) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


def _reference_ids(iana: dict[str, Any]) -> tuple[str, ...]:
    return tuple(reference["id"] for reference in iana["references"])


# --- the module ---------------------------------------------------------------------------


def test_version_and_registry_date() -> None:
    assert type(REGISTRY_UPDATED) is datetime.date
    assert datetime.date(2024, 12, 6) == REGISTRY_UPDATED
    assert smtp_status.REGISTRY_UPDATED is REGISTRY_UPDATED
    assert smtp_status.__version__ == "2024.1206.0"


def test_registry_date_and_version_come_from_the_registry(registry: dict[str, Any]) -> None:
    updated = datetime.date.fromisoformat(registry["registry"]["updated"])
    assert updated == REGISTRY_UPDATED
    # YEAR.MMDD.N (CHANGELOG.md), N the code-only releases since IANA's update.
    assert smtp_status.__version__ == (
        f"{updated.year}.{updated.month * 100 + updated.day}.{generators.model.CODE_RELEASE}")


def test_every_public_name_resolves() -> None:
    assert sorted(smtp_status.__all__) == [
        "Action", "Advice", "Bounce", "BounceKind", "BouncedRecipient", "DSNWarning",
        "DeliveryStatus", "EnhancedCode", "ExplainKind", "InvalidDSN", "InvalidReply",
        "InvalidStatusCode", "REGISTRY_UPDATED", "ReasonId", "RecipientSource", "RecipientStatus",
        "Reply", "ReplyCode", "Retry", "RetryBy", "SmtpCommand", "StatusClass", "StatusCode",
        "StatusCodeMatch", "Subject", "TypedValue", "VerdictBy", "__version__",
        "find_status_codes", "parse_dsn", "parse_reply", "read_bounce", "read_bounces",
    ]
    for name in smtp_status.__all__:
        assert getattr(smtp_status, name) is not None
    with pytest.raises(AttributeError, match="has no attribute 'NO_SUCH_NAME'"):
        smtp_status.NO_SUCH_NAME  # noqa: B018


# --- StatusClass ------------------------------------------------------------------------


def test_status_class_members() -> None:
    assert [(member.name, member.value) for member in StatusClass] == [
        ("SUCCESS", 2), ("PERSISTENT_TRANSIENT_FAILURE", 4), ("PERMANENT_FAILURE", 5)]
    assert [member.summary for member in StatusClass] == [
        "Success", "Persistent Transient Failure", "Permanent Failure"]
    assert StatusClass(5) is StatusClass.PERMANENT_FAILURE
    assert StatusClass.PERMANENT_FAILURE == 5
    assert isinstance(StatusClass.SUCCESS, int)
    with pytest.raises(ValueError, match="3 is not a valid StatusClass"):
        StatusClass(3)


def test_status_class_predicates() -> None:
    table = [(member.is_success, member.is_transient, member.is_permanent)
             for member in StatusClass]
    assert table == [(True, False, False), (False, True, False), (False, False, True)]


def test_status_classes_agree_with_the_registry(registry: dict[str, Any]) -> None:
    assert len(registry["classes"]) == 3
    for member, entry in zip(StatusClass, registry["classes"], strict=True):
        iana = entry["iana"]
        assert member.name == entry["name"]
        assert iana["code"] == f"{member.value}.XXX.YYY"
        assert member.summary == iana["summary"]
        assert member.description == iana["description"]
        assert member.__doc__ == iana["description"]
        assert member.references == _reference_ids(iana) == ("RFC3463",)
        assert member.submitter == iana["submitter"] == "G. Vaudreuil"
        assert member.change_controller == iana["change_controller"] == "IESG"
    assert StatusClass.SUCCESS.description == (
        "Success specifies that the DSN is reporting a positive delivery action. Detail "
        "sub-codes may provide notification of transformations required for delivery.")


# --- Subject ------------------------------------------------------------------------------


def test_subject_members() -> None:
    assert [(member.name, member.value, member.summary) for member in Subject] == [
        ("OTHER_OR_UNDEFINED_STATUS", 0, "Other or Undefined Status"),
        ("ADDRESSING_STATUS", 1, "Addressing Status"),
        ("MAILBOX_STATUS", 2, "Mailbox Status"),
        ("MAIL_SYSTEM_STATUS", 3, "Mail System Status"),
        ("NETWORK_AND_ROUTING_STATUS", 4, "Network and Routing Status"),
        ("MAIL_DELIVERY_PROTOCOL_STATUS", 5, "Mail Delivery Protocol Status"),
        ("MESSAGE_CONTENT_OR_MEDIA_STATUS", 6, "Message Content or Media Status"),
        ("SECURITY_OR_POLICY_STATUS", 7, "Security or Policy Status"),
    ]
    assert Subject.OTHER_OR_UNDEFINED_STATUS.description == (
        "There is no additional subject information available.")
    with pytest.raises(ValueError, match="8 is not a valid Subject"):
        Subject(8)


def test_subjects_agree_with_the_registry(registry: dict[str, Any]) -> None:
    assert len(registry["subjects"]) == 8
    for member, entry in zip(Subject, registry["subjects"], strict=True):
        iana = entry["iana"]
        assert member.name == entry["name"]
        assert iana["code"] == f"X.{member.value}.YYY"
        assert member.summary == iana["summary"]
        assert member.description == iana["description"]
        assert member.__doc__ == iana["description"]
        assert member.references == _reference_ids(iana) == ("RFC3463",)
        assert member.submitter == iana["submitter"] == "G. Vaudreuil"
        assert member.change_controller == iana["change_controller"] == "IESG"


# --- EnhancedCode ---------------------------------------------------------------------------


def test_enhanced_codes_agree_with_the_registry(registry: dict[str, Any]) -> None:
    assert len(EnhancedCode) == len(registry["codes"]) == 81
    for member, entry in zip(EnhancedCode, registry["codes"], strict=True):
        iana = entry["iana"]
        _, subject, detail = iana["code"].split(".")
        assert member.value == iana["code"]
        assert member.name == entry["name"]
        assert EnhancedCode(iana["code"]) is member
        assert EnhancedCode[entry["name"]] is member
        assert type(member.subject) is Subject
        assert member.subject is Subject(int(subject))
        assert type(member.detail) is int
        assert member.detail == int(detail)
        assert member.sample_text == iana["sample_text"]
        assert member.description == iana["description"]
        assert member.__doc__ == iana["description"]
        assert member.basic_code == iana["basic_code"]
        assert type(member.basic_codes) is tuple
        assert member.basic_codes == tuple(sorted(set(entry["basic_codes"].get("codes", []))))
        assert type(member.references) is tuple
        assert member.references == _reference_ids(iana)
        assert member.submitter == iana["submitter"]
        assert member.change_controller == iana["change_controller"]
        assert member.date == _date(iana["date"])
        assert member.deprecated is (entry["deprecated"] is not None)
        if entry["deprecated"] is None:
            assert member.replaced_by is None
        else:
            assert member.replaced_by is EnhancedCode(entry["deprecated"]["replaced_by"])


def test_selected_codes_exactly() -> None:
    code = EnhancedCode.BAD_DESTINATION_MAILBOX_ADDRESS
    assert code.value == "X.1.1"
    assert (code.subject, code.detail) == (Subject.ADDRESSING_STATUS, 1)
    assert code.sample_text == "Bad destination mailbox address"
    assert code.basic_code == "451, 550"
    assert code.basic_codes == (451, 550)
    assert code.references == ("RFC3463",)
    assert (code.submitter, code.change_controller) == ("G. Vaudreuil", "IESG")
    assert code.date is None
    assert (code.deprecated, code.replaced_by) == (False, None)
    assert code.__doc__ == code.description == (
        'The mailbox specified in the address does not exist. For Internet mail names, this '
        'means the address portion to the left of the "@" sign is invalid. This code is only '
        'useful for permanent failures.')

    # basic_codes is sorted and unique even where IANA lists codes out of order.
    assert EnhancedCode("X.6.7").basic_code == "553, 550"
    assert EnhancedCode("X.6.7").basic_codes == (550, 553)
    assert EnhancedCode("X.6.8").basic_code == "252, 553, 550"
    assert EnhancedCode("X.6.8").basic_codes == (252, 550, 553)
    assert EnhancedCode("X.7.0").basic_codes == (
        220, 235, 450, 454, 500, 501, 503, 504, 530, 535, 550)
    # Wildcards and prose are not explicit codes.
    assert (EnhancedCode("X.7.17").basic_code, EnhancedCode("X.7.17").basic_codes) == ("5XX", ())
    assert (EnhancedCode("X.0.0").basic_code, EnhancedCode("X.0.0").basic_codes) == ("Any", ())
    assert (EnhancedCode("X.4.7").basic_code, EnhancedCode("X.4.7").basic_codes) == (
        "Not given", ())

    x_1_10 = EnhancedCode.RECIPIENT_ADDRESS_HAS_NULL_MX
    assert x_1_10.value == "X.1.10"
    assert x_1_10.references == ("RFC7505", "RFC7504")
    assert x_1_10.submitter == "J. Levine, M. Delany, J. Klensin"
    assert x_1_10.date == datetime.date(2014, 8, 28)

    x_7_26 = EnhancedCode.MULTIPLE_AUTHENTICATION_CHECKS_FAILED
    assert (x_7_26.value, x_7_26.sample_text) == ("X.7.26", "Multiple authentication checks failed")
    assert (x_7_26.basic_codes, x_7_26.references) == ((550,), ("RFC7372",))
    assert type(x_7_26.date) is datetime.date
    assert x_7_26.date == datetime.date(2014, 8, 13)

    x_7_28 = EnhancedCode.MAIL_FLOOD_DETECTED
    assert x_7_28.references == ("draft-levine-mailbomb-header-00",)
    assert x_7_28.date == datetime.date(2017, 6, 22)
    assert x_7_28.change_controller == "standards@taugh.com"

    x_6_10 = EnhancedCode.CODE_X_6_10
    assert x_6_10.value == "X.6.10"
    assert (x_6_10.sample_text, x_6_10.basic_code, x_6_10.basic_codes) == (None, None, ())
    assert (x_6_10.submitter, x_6_10.change_controller, x_6_10.date) == (None, None, None)
    assert x_6_10.deprecated is True
    assert x_6_10.replaced_by is EnhancedCode.UTF_8_STRING_REPLY_IS_REQUIRED
    assert x_6_10.__doc__ == "This is a duplicate of X.6.8 and is thus deprecated."
    assert [member.value for member in EnhancedCode if member.deprecated] == ["X.6.10"]


def test_classes_a_code_is_used_with() -> None:
    assert EnhancedCode("X.1.1").classes == frozenset({StatusClass.PERSISTENT_TRANSIENT_FAILURE,
                                                       StatusClass.PERMANENT_FAILURE})
    assert EnhancedCode("X.1.2").classes == frozenset({StatusClass.PERMANENT_FAILURE})
    assert EnhancedCode("X.4.7").classes == frozenset(StatusClass)


def test_unknown_values_raise_value_error() -> None:
    with pytest.raises(ValueError, match=r"^'X\.9\.9' is not a valid EnhancedCode$"):
        EnhancedCode("X.9.9")
    with pytest.raises(ValueError, match=r"^'5\.1\.1' is not a valid EnhancedCode$"):
        EnhancedCode("5.1.1")
    with pytest.raises(KeyError):
        EnhancedCode["NO_SUCH_CODE"]


def test_unhashable_value_raises_value_error_like_enum() -> None:
    with pytest.raises(ValueError, match="is not a valid EnhancedCode"):
        EnhancedCode(["X.1.1"])  # type: ignore[arg-type]


def test_with_class_for_every_code_and_class() -> None:
    for member in EnhancedCode:
        for status_class in StatusClass:
            code = member.with_class(status_class)
            assert type(code) is StatusCode
            assert code == StatusCode(status_class.value, member.subject.value, member.detail)
            assert str(code) == member.value.replace("X", str(status_class.value), 1)
            assert code.enhanced_code is member
            assert code.meaning is member
            assert code.status_class is status_class
    assert EnhancedCode.MAILBOX_FULL.with_class(4) == StatusCode(4, 2, 2)
    assert type(EnhancedCode.MAILBOX_FULL.with_class(4).subject) is int
    with pytest.raises(InvalidStatusCode) as caught:
        EnhancedCode.MAILBOX_FULL.with_class(3)
    assert caught.value.reason == "class 3 is not 2, 4 or 5"


def test_enum_members_pickle_to_themselves() -> None:
    for protocol in PROTOCOLS:
        for member in (*StatusClass, *Subject, *EnhancedCode):
            assert pickle.loads(pickle.dumps(member, protocol)) is member


# --- ReplyCode (lazily loaded) --------------------------------------------------------------


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


# --- StatusCode -------------------------------------------------------------------------------


def test_status_code_values() -> None:
    code = StatusCode.parse("5.1.1")
    assert code == StatusCode(5, 1, 1)
    assert type(code.status_class) is StatusClass
    assert code.status_class is StatusClass.PERMANENT_FAILURE
    assert (code.subject, code.detail) == (1, 1)
    assert (type(code.subject), type(code.detail)) == (int, int)
    assert str(code) == "5.1.1"
    assert repr(code) == "StatusCode(5, 1, 1)"
    assert code.enhanced_code is EnhancedCode.BAD_DESTINATION_MAILBOX_ADDRESS
    assert code.meaning is EnhancedCode.BAD_DESTINATION_MAILBOX_ADDRESS
    assert str(StatusCode(4, 7, 26)) == "4.7.26"
    assert str(StatusCode(2, 0, 0)) == "2.0.0"
    assert str(StatusCode(5, 999, 999)) == "5.999.999"


def test_status_code_predicates() -> None:
    table = [(code.is_success, code.is_transient, code.is_permanent)
             for code in (StatusCode(2, 0, 0), StatusCode(4, 2, 2), StatusCode(5, 1, 1))]
    assert table == [(True, False, False), (False, True, False), (False, False, True)]


def test_meaning_is_the_most_specific_registered_entry() -> None:
    assert StatusCode.parse("5.7.999").enhanced_code is None
    assert StatusCode.parse("5.7.999").meaning is Subject.SECURITY_OR_POLICY_STATUS
    assert StatusCode.parse("4.9.1").enhanced_code is None
    assert StatusCode.parse("4.9.1").meaning is StatusClass.PERSISTENT_TRANSIENT_FAILURE
    assert StatusCode.parse("2.1.11").meaning is Subject.ADDRESSING_STATUS
    assert StatusCode.parse("5.999.0").meaning is StatusClass.PERMANENT_FAILURE
    assert StatusCode.parse("2.0.0").meaning is EnhancedCode.OTHER_UNDEFINED_STATUS
    registered = {(member.subject.value, member.detail) for member in EnhancedCode}
    for status_class in StatusClass:
        for subject in Subject:
            code = StatusCode(status_class.value, subject.value, 999)
            assert (subject.value, 999) not in registered
            assert code.enhanced_code is None
            assert code.meaning is subject
        for subject_number in (8, 9, 10, 999):
            code = StatusCode(status_class.value, subject_number, 0)
            assert code.enhanced_code is None
            assert code.meaning is status_class


def test_accepts_enum_members_as_numbers() -> None:
    code = StatusCode(StatusClass.PERSISTENT_TRANSIENT_FAILURE, Subject.MAILBOX_STATUS, 2)
    assert code == StatusCode(4, 2, 2)
    assert (type(code.subject), repr(code)) == (int, "StatusCode(4, 2, 2)")


def test_equality_hash_and_order() -> None:
    assert StatusCode(5, 1, 1) == StatusCode.parse("5.1.1")
    assert StatusCode(5, 1, 1) != StatusCode(4, 1, 1)
    assert hash(StatusCode(5, 1, 1)) == hash(StatusCode.parse("5.1.1"))
    assert len({StatusCode(5, 1, 1), StatusCode.parse("5.1.1"), StatusCode(4, 1, 1)}) == 2
    assert {StatusCode(5, 1, 1): "x"}[StatusCode.parse("5.1.1")] == "x"
    assert sorted([StatusCode(5, 1, 10), StatusCode(4, 7, 1), StatusCode(5, 1, 2),
                   StatusCode(2, 999, 999)]) == [
        StatusCode(2, 999, 999), StatusCode(4, 7, 1), StatusCode(5, 1, 2), StatusCode(5, 1, 10)]
    low, high = StatusCode(4, 7, 1), StatusCode(5, 1, 2)
    assert (low < high, low <= high, low > high, low >= high) == (True, True, False, False)
    assert (low <= StatusCode(4, 7, 1), low >= StatusCode(4, 7, 1)) == (True, True)
    # Not a string, a tuple or a number.
    assert StatusCode(5, 1, 1) != "5.1.1"
    assert StatusCode(5, 1, 1) != (5, 1, 1)
    with pytest.raises(TypeError):
        assert StatusCode(5, 1, 1) < "5.1.2"  # type: ignore[operator]


def test_status_code_is_immutable() -> None:
    code = StatusCode.parse("5.1.1")
    for name, value in (("detail", 2), ("subject", 2), ("status_class", StatusClass.SUCCESS),
                        ("_key", (2, 0, 0)), ("new_attribute", 1)):
        with pytest.raises(AttributeError, match=f"^StatusCode is immutable; cannot set "
                                                 f"'{name}'$"):
            setattr(code, name, value)
    with pytest.raises(AttributeError, match=r"^StatusCode is immutable; cannot delete 'detail'$"):
        del code.detail
    assert (str(code), hash(code)) == ("5.1.1", hash(StatusCode(5, 1, 1)))
    assert StatusCode.parse("5.1.1") == StatusCode(5, 1, 1)  # the parse cache is intact


def test_status_code_pickles_and_copies() -> None:
    for text in ("5.1.1", "2.0.0", "4.999.999", "5.7.30"):
        code = StatusCode.parse(text)
        for protocol in PROTOCOLS:
            again = pickle.loads(pickle.dumps(code, protocol))
            assert type(again) is StatusCode
            assert again == code and hash(again) == hash(code) and str(again) == text
            assert again.status_class is code.status_class
        assert copy.copy(code) == code and copy.deepcopy(code) == code


# --- InvalidStatusCode ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "message"), [
    ("5.01.1", "'5.01.1' is not an enhanced status code: '01' has a leading zero"),
    ("5.1.1000", "'5.1.1000' is not an enhanced status code: '1000' has more than 3 digits"),
    ("3.1.1", "'3.1.1' is not an enhanced status code: class '3' is not 2, 4 or 5 "
              "(RFC 3463 s2)"),
    ("5.1", "'5.1' is not an enhanced status code: expected class.subject.detail"),
    ("5.1.1.1", "'5.1.1.1' is not an enhanced status code: expected class.subject.detail"),
    ("5..1", "'5..1' is not an enhanced status code: '' is not a number of ASCII digits"),
    ("", "'' is not an enhanced status code: expected class.subject.detail"),
    ("\u0665.1.1", "'\u0665.1.1' is not an enhanced status code: '\u0665' is not a number of "
                   "ASCII digits"),
    (" 5.1.1", "' 5.1.1' is not an enhanced status code: ' 5' is not a number of ASCII "
               "digits"),
    ("5.1.1\n", "'5.1.1\\n' is not an enhanced status code: '1\\n' is not a number of ASCII "
                "digits"),
    ("+5.1.1", "'+5.1.1' is not an enhanced status code: '+5' is not a number of ASCII digits"),
])
def test_parse_errors_name_the_reason(text: str, message: str) -> None:
    with pytest.raises(InvalidStatusCode) as caught:
        StatusCode.parse(text)
    assert str(caught.value) == message
    assert caught.value.text == text
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("text", [
    "5.1", "5.1.1.1", "5..1", "", " 5.1.1", "5.1.1\n", "+5.1.1", "5.01.1", "5.1.1000",
    "3.1.1", "5.1.1 ", "\u0665.1.1", "5.\u0661.1", "\uff15.1.1", "5.1.\uff11", "\u00b2.1.1",
    "5.1.-1", "-5.1.1", "5.1.a", "5.1.1\x00", "05.1.1", "5.1.01", "5.001.1", "5.1000.1",
    "0.1.1", "1.1.1", "6.1.1", "X.1.1", "5.1.1.", ".5.1.1", "5 .1.1", "5.1.1\r", "\t5.1.1",
    "5_0.1.1", "5.1_0.1", "5.1,1", "5\u20241.1",
])
def test_rejects_everything_outside_rfc_3463(text: str) -> None:
    assert GRAMMAR.fullmatch(text) is None
    with pytest.raises(InvalidStatusCode):
        StatusCode.parse(text)


def test_rejects_sub_codes_that_int_would_accept() -> None:
    # int() takes non-ASCII decimal digits, surrounding whitespace, signs and underscores.
    for part, value in (("\u0665", 5), ("\uff15", 5), (" 5", 5), ("+5", 5), ("5\n", 5),
                        ("1_0", 10), ("01", 1)):
        assert int(part) == value
        for text in (f"{part}.1.1", f"5.{part}.1", f"5.1.{part}"):
            with pytest.raises(InvalidStatusCode):
                StatusCode.parse(text)


@pytest.mark.parametrize(("value", "message"), [
    (None, "None is not an enhanced status code: expected str, got NoneType"),
    (511, "511 is not an enhanced status code: expected str, got int"),
    (b"5.1.1", "b'5.1.1' is not an enhanced status code: expected str, got bytes"),
    (["5.1.1"], "['5.1.1'] is not an enhanced status code: expected str, got list"),
    (5.1, "5.1 is not an enhanced status code: expected str, got float"),
])
def test_rejects_non_strings(value: object, message: str) -> None:
    with pytest.raises(InvalidStatusCode) as caught:
        StatusCode.parse(value)  # type: ignore[arg-type]
    assert str(caught.value) == message
    assert caught.value.text is value


class _Text(str):
    pass


def test_str_subclasses_are_rejected_whether_or_not_the_text_was_parsed_before() -> None:
    # Regression: the parse cache was consulted before the type check, so a str subclass
    # was rejected on first sight but accepted once a plain str with the same text was cached.
    for text in ("5.4.321", "4.3.210"):
        with pytest.raises(InvalidStatusCode, match=r"expected str, got _Text$"):
            StatusCode.parse(_Text(text))
        assert StatusCode.parse(text) == StatusCode.parse(text)
        with pytest.raises(InvalidStatusCode, match=r"expected str, got _Text$"):
            StatusCode.parse(_Text(text))


def test_objects_with_hostile_hashes_raise_invalid_status_code() -> None:
    class Unhashable:
        def __hash__(self) -> int:
            raise RuntimeError("no hash")

    class LooksCached:
        def __hash__(self) -> int:
            return hash("5.1.1")

        def __eq__(self, other: object) -> bool:
            return True

    StatusCode.parse("5.1.1")
    for value in (Unhashable(), LooksCached()):
        with pytest.raises(InvalidStatusCode, match=f"expected str, got {type(value).__name__}$"):
            StatusCode.parse(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(("numbers", "message"), [
    ((3, 1, 1), "(3, 1, 1) is not an enhanced status code: class 3 is not 2, 4 or 5"),
    ((5, -1, 1), "(5, -1, 1) is not an enhanced status code: subject -1 is not 0 to 999"),
    ((5, 1, 1000), "(5, 1, 1000) is not an enhanced status code: detail 1000 is not 0 to 999"),
    ((True, 1, 1), "(True, 1, 1) is not an enhanced status code: class True is not 2, 4 or 5"),
    ((5, True, 1), "(5, True, 1) is not an enhanced status code: subject True is not an int"),
    ((5, 1.0, 1), "(5, 1.0, 1) is not an enhanced status code: subject 1.0 is not an int"),
    ((5, 1, "1"), "(5, 1, '1') is not an enhanced status code: detail '1' is not an int"),
    ((5.0, 1, 1), "(5.0, 1, 1) is not an enhanced status code: class 5.0 is not 2, 4 or 5"),
    (("5", 1, 1), "('5', 1, 1) is not an enhanced status code: class '5' is not 2, 4 or 5"),
    ((5, 1000, 0), "(5, 1000, 0) is not an enhanced status code: subject 1000 is not 0 to 999"),
    ((5, 0, -1), "(5, 0, -1) is not an enhanced status code: detail -1 is not 0 to 999"),
])
def test_constructor_validates(numbers: tuple[Any, Any, Any], message: str) -> None:
    with pytest.raises(InvalidStatusCode) as caught:
        StatusCode(*numbers)
    assert str(caught.value) == message
    assert caught.value.text == numbers


def test_invalid_status_code_pickles_and_copies() -> None:
    # Regression: BaseException pickles args (the message alone), which __init__ could not
    # take, so the error could not cross a process boundary (multiprocessing) or be copied.
    with pytest.raises(InvalidStatusCode) as caught:
        StatusCode.parse("5.01.1")
    error = caught.value
    for again in (*(pickle.loads(pickle.dumps(error, p)) for p in PROTOCOLS),
                  copy.copy(error), copy.deepcopy(error)):
        assert type(again) is InvalidStatusCode
        assert str(again) == "'5.01.1' is not an enhanced status code: '01' has a leading zero"
        assert (again.text, again.reason) == ("5.01.1", "'01' has a leading zero")
        assert again.args == error.args


# --- properties -------------------------------------------------------------------------------


_valid = st.builds(StatusCode, st.sampled_from([2, 4, 5]), st.integers(0, 999),
                   st.integers(0, 999))


@given(_valid)
def test_parse_round_trips(code: StatusCode) -> None:
    text = str(code)
    assert GRAMMAR.fullmatch(text)
    assert StatusCode.parse(text) == code
    assert str(StatusCode.parse(text)) == text


_near_codes = st.text(alphabet=st.sampled_from("0123456789.+- \n\t\u0665\uff15\u00b2x_"),
                      max_size=12)


@given(st.one_of(st.text(max_size=20), _near_codes))
@example("5.1.1")
@example("\u0665.1.1")
@example("5.1.1\n")
@example("5.1.0")
@example("2.0.00")
def test_parse_accepts_exactly_the_grammar(text: str) -> None:
    try:
        code = StatusCode.parse(text)
    except InvalidStatusCode as error:
        assert GRAMMAR.fullmatch(text) is None
        assert error.text == text
    else:
        assert GRAMMAR.fullmatch(text) is not None
        assert str(code) == text


@given(st.one_of(st.none(), st.integers(), st.floats(), st.binary(max_size=8),
                 st.lists(st.text(max_size=3), max_size=2)))
def test_parse_rejects_every_non_string(value: object) -> None:
    with pytest.raises(InvalidStatusCode, match="expected str, got "):
        StatusCode.parse(value)  # type: ignore[arg-type]
