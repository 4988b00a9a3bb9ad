"""The enums behave exactly as plain Enum/IntEnum classes with the same members would, but
for str() and format() of the registry's three tables, which give the member's text."""

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
# str() and format() of these give the member's short text (a person reads it); ReplyCode's
# are a plain IntEnum's.
DESCRIBED: list[Any] = [EnhancedCode, StatusClass, Subject]
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
        if enum_class in DESCRIBED:
            assert str(member) == format(member) == f"{member}" == member.text
        else:
            assert str(member) == str(twin_member)
            assert format(member) == format(twin_member)
        assert (member == member.value) == (twin_member == twin_member.value)
        assert enum_class(member.value) is member
        assert enum_class(member) is member
        assert enum_class[member.name] is member
        assert member in enum_class
        assert isinstance(member, enum_class)


def class_statement_twin(enum_class: Any) -> Any:
    """The same enum on the same mixin and data type, made the way a class statement makes
    it (the functional API runs the metaclass's own __prepare__ and __new__)."""
    mixin, data_enum = enum_class.__bases__
    return data_enum(enum_class.__name__, [(m.name, m.value) for m in enum_class],
                     module="smtp_status", qualname=enum_class.__qualname__, type=mixin)


@pytest.mark.parametrize("enum_class", ENUMS, ids=lambda e: e.__name__)
def test_the_class_and_its_members_hold_what_a_class_statement_gives(enum_class: Any) -> None:
    # make_enum builds the classes without the enum module's class setup (3.11+): the same
    # bases, class attributes and member attributes as the class statement's, per Python.
    twin = class_statement_twin(enum_class)
    assert enum_class.__mro__[1:] == twin.__mro__[1:]
    ours, theirs = dict(vars(enum_class)), dict(vars(twin))
    # Our __doc__ gives a member its description (see _bases._RowAttribute); on the class, it
    # is the enum's docstring.
    ours.pop("__doc__")
    theirs.pop("__doc__")
    assert sorted(ours) == sorted(theirs)
    for name, value in ours.items():
        if name in enum_class.__members__:
            continue
        assert type(value) is type(theirs[name]), name
        # The maps and lists are compared below; __dict__ and __weakref__ are each class's.
        if not isinstance(value, (list, dict)) and name not in ("__dict__", "__weakref__"):
            if isinstance(value, staticmethod):  # 3.12+'s _generate_next_value_
                value, theirs[name] = value.__func__, theirs[name].__func__
            assert value == theirs[name], name
    for name in ("_member_names_", "_unhashable_values_"):  # the second is 3.11+'s
        assert vars(enum_class).get(name) == vars(twin).get(name)
    assert {name: (m.name, m.value) for name, m in enum_class._member_map_.items()} == {
        name: (m.name, m.value) for name, m in twin._member_map_.items()}
    assert {value: m.name for value, m in enum_class._value2member_map_.items()} == {
        value: m.name for value, m in twin._value2member_map_.items()}
    for member, twin_member in zip(enum_class, twin, strict=True):
        assert type(vars(enum_class)[member.name]) is enum_class  # a member, not a property
        ours, theirs = dict(vars(member)), dict(vars(twin_member))
        assert (ours.pop("__objclass__"), theirs.pop("__objclass__")) == (enum_class, twin)
        # The texts attached on first read (they were read above) are not the enum's own.
        assert {name: ours[name] for name in theirs} == theirs
        assert type(member._value_) is type(twin_member._value_)


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


def test_calling_with_the_functional_apis_arguments_fails_as_a_plain_enum_does() -> None:
    for enum_class in ENUMS:
        twin = plain_twin(enum_class)
        calls: list[tuple[tuple[object, ...], dict[str, Any]]] = [
            (("Extra", [("A", 1)]), {}), (("Extra",), {"names": [("A", 1)]}),
            ((), {"value": "Extra", "names": "A"}), ((1, 2, 3), {})]
        for args, kwargs in calls:
            # TypeError or, on 3.12+ for some, ValueError: whatever the plain enum raises.
            with pytest.raises((TypeError, ValueError)) as expected:
                twin(*args, **kwargs)
            with pytest.raises((TypeError, ValueError)) as raised:
                enum_class(*args, **kwargs)
            assert type(raised.value) is type(expected.value)
            assert str(raised.value).replace(enum_class.__qualname__, "") == str(
                expected.value).replace(twin.__qualname__, "")


def test_a_value_given_by_keyword_finds_its_member_as_with_a_plain_enum() -> None:
    assert EnhancedCode(value="X.2.2") is EnhancedCode.MAILBOX_FULL
    assert StatusClass(value=5) is StatusClass.PERMANENT_FAILURE
    with pytest.raises(ValueError, match=r"^'X\.9\.9' is not a valid EnhancedCode$"):
        EnhancedCode(value="X.9.9")


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


def added_names(metaclass: type) -> set[str]:
    return {name for name in vars(metaclass) if name not in (
        "__module__", "__qualname__", "__doc__", "__firstlineno__", "__static_attributes__")}


@pytest.mark.parametrize("enum_class", ENUMS, ids=lambda e: e.__name__)
def test_each_enum_has_a_metaclass_of_its_own_that_defines_only_call(enum_class: Any) -> None:
    # No patching: the metaclasses are ordinary subclasses whose one addition is __call__;
    # each enum's own one holds its own value map, so no two enums share a lookup. An enum
    # gets its own on its first call (the fresh interpreter's case is test_import's).
    for other in ENUMS:
        assert other(next(iter(other)).value) is next(iter(other))
    assert added_names(LookupEnumType) == {"__call__"}
    assert type(enum.Enum).__call__ is not LookupEnumType.__call__
    own: type = type(enum_class)  # pyright: ignore[reportUnknownVariableType]
    assert own.__mro__[1] is LookupEnumType
    assert own.__name__ == f"{enum_class.__name__}Type"
    assert added_names(own) == {"__call__"}
    assert len({id(type(other)) for other in ENUMS}) == len(ENUMS)  # pyright: ignore


def test_members_carry_the_registry_and_intenum_arithmetic_still_works() -> None:
    assert StatusClass.PERMANENT_FAILURE + 0 == 5
    assert ReplyCode(550) == 550 and ReplyCode(550).is_permanent
    assert Subject(7).summary == "Security or Policy Status"
    assert StatusClass(5) * 100 + 50 == 550
    assert EnhancedCode.MAILBOX_FULL.subject is Subject.MAILBOX_STATUS
    assert sorted(c.value for c in EnhancedCode.MAILBOX_FULL.classes) == [4, 5]


def test_text_and_str_read_as_a_person_expects() -> None:
    # Issue 19: one short description under one name on all three tables, and str() gives
    # it, so printing a code and its meaning reads as a sentence, not "5.7.708 7".
    code = smtp_status.StatusCode.parse("5.7.708")
    assert f"{code} {code.meaning}" == "5.7.708 Security or Policy Status"
    assert f"{code.meaning:>30}" == "     Security or Policy Status"
    assert [(str(member), member.text) for member in StatusClass] == [
        ("Success", "Success"), ("Persistent Transient Failure", "Persistent Transient Failure"),
        ("Permanent Failure", "Permanent Failure")]
    assert str(smtp_status.StatusCode.parse("4.9.1").meaning) == "Persistent Transient Failure"
    assert (str(EnhancedCode.MAILBOX_FULL), EnhancedCode.MAILBOX_FULL.text) == (
        "Mailbox full", "Mailbox full")
    # IANA gives X.6.10 no sample text: text says so (as the generated docs do), sample_text
    # stays IANA's None.
    assert (EnhancedCode.CODE_X_6_10.text, EnhancedCode.CODE_X_6_10.sample_text) == (
        "(no sample text)", None)
    # The older names stay (the README and the JSON field names use them).
    for header in (*StatusClass, *Subject):
        assert header.text == header.summary
    for member in EnhancedCode:
        assert member.text == (member.sample_text or "(no sample text)")
    # The numbers are where they always were.
    assert (Subject.MAILBOX_STATUS.value, int(StatusClass.SUCCESS)) == (2, 2)
