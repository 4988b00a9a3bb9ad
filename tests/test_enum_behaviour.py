"""The enums behave exactly as plain Enum/IntEnum classes with the same members would."""

from __future__ import annotations

import copy
import enum
import pickle
from typing import Any

import pytest

import smtp_status
from smtp_status import EnhancedCode, ReplyCode, StatusClass, Subject
from smtp_status._bases import LookupEnumType

ENUMS: list[Any] = [EnhancedCode, ReplyCode, StatusClass, Subject]
NOT_MEMBERS: list[object] = [
    [], ["X.1.1"], {}, set(), None, b"X.1.1", bytearray(b"550"), 10**5000, -1, 1.5,
    "", "x.1.1", "X.1.1 ", object(), ReplyCode, 1.5j,
]


def plain_twin(enum_class: Any) -> Any:
    """A plain Enum or IntEnum with the same names and values, made the ordinary way."""
    base = enum.IntEnum if issubclass(enum_class, int) else enum.Enum
    twin = base(enum_class.__name__, [(m.name, m.value) for m in enum_class],
                module="smtp_status", qualname=enum_class.__qualname__)
    return twin


@pytest.mark.parametrize("enum_class", ENUMS, ids=lambda e: e.__name__)
def test_names_values_order_and_members_are_a_plain_enums(enum_class: Any) -> None:
    twin = plain_twin(enum_class)
    assert [(m.name, m.value) for m in enum_class] == [(m.name, m.value) for m in twin]
    assert list(enum_class.__members__) == list(twin.__members__)
    assert len(enum_class) == len(twin)
    for member, twin_member in zip(enum_class, twin, strict=True):
        assert repr(member) == repr(twin_member)
        assert str(member) == str(twin_member)
        assert format(member) == format(twin_member)
        assert (member == member.value) == (twin_member == twin_member.value)
        assert enum_class(member.value) is member
        assert enum_class(member) is member
        assert enum_class[member.name] is member
        assert member in enum_class
        assert isinstance(member, enum_class)


@pytest.mark.parametrize("enum_class", ENUMS, ids=lambda e: e.__name__)
def test_members_pickle_copy_and_deepcopy_to_themselves(enum_class: Any) -> None:
    for member in enum_class:
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            assert pickle.loads(pickle.dumps(member, protocol)) is member
        assert copy.copy(member) is member
        assert copy.deepcopy(member) is member
    assert pickle.loads(pickle.dumps(enum_class)) is enum_class
    assert enum_class.__module__ == "smtp_status"
    assert getattr(smtp_status, enum_class.__name__) is enum_class


@pytest.mark.parametrize("enum_class", ENUMS, ids=lambda e: e.__name__)
@pytest.mark.parametrize("value", NOT_MEMBERS, ids=lambda v: f"{type(v).__name__}")
def test_a_non_member_raises_value_error_as_every_enum_does(enum_class: Any,
                                                            value: object) -> None:
    twin = plain_twin(enum_class)
    with pytest.raises(ValueError) as expected:
        twin(value)
    with pytest.raises(ValueError) as raised:
        enum_class(value)
    assert type(raised.value) is type(expected.value)
    assert str(raised.value) == str(expected.value)


@pytest.mark.parametrize("enum_class", ENUMS, ids=lambda e: e.__name__)
def test_calling_without_a_value_fails_as_a_plain_enum_does(enum_class: Any) -> None:
    twin = plain_twin(enum_class)
    with pytest.raises(TypeError) as expected:
        twin()
    with pytest.raises(TypeError) as raised:
        enum_class()
    assert str(raised.value) == str(expected.value)


def test_two_enums_on_the_lookup_metaclass_keep_their_own_members() -> None:
    class First(enum.Enum, metaclass=LookupEnumType):
        A = "a"

    class Second(enum.Enum, metaclass=LookupEnumType):
        A = "a"
        B = "b"

    assert First("a") is First.A
    assert Second("a") is Second.A
    assert Second("b") is Second.B
    with pytest.raises(ValueError, match=r"'b' is not a valid .*\.First\Z"):
        First("b")
    assert EnhancedCode("X.1.1") is EnhancedCode.BAD_DESTINATION_MAILBOX_ADDRESS


def test_the_metaclass_defines_only_call() -> None:
    # No patching: the metaclass is an ordinary subclass whose one addition is __call__.
    added = {name for name in vars(LookupEnumType) if name.startswith("__") and name not in (
        "__module__", "__qualname__", "__doc__", "__firstlineno__", "__static_attributes__")}
    added |= {name for name in vars(LookupEnumType) if not name.startswith("__")}
    assert added == {"__call__"}
    assert type(enum.Enum).__call__ is not LookupEnumType.__call__
    assert type(EnhancedCode) is LookupEnumType


def test_members_carry_the_registry_and_intenum_arithmetic_still_works() -> None:
    assert StatusClass.PERMANENT_FAILURE + 0 == 5
    assert ReplyCode(550) == 550 and ReplyCode(550).is_permanent
    assert Subject(7).summary == "Security or Policy Status"
    assert EnhancedCode.MAILBOX_FULL.subject is Subject.MAILBOX_STATUS
    assert sorted(c.value for c in EnhancedCode.MAILBOX_FULL.classes) == [4, 5]
