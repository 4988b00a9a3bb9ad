"""Behaviour of the generated enums.

Each enum class in ``_generated/`` lists its members and nothing else; it inherits its
attributes, properties and lookup from a base here, and ``enums.py`` / ``replies.py`` attach
the registry's texts to the members. The bases are ordinary Enum and IntEnum subclasses
without members, so every type checker sees real enums and the members behave exactly as a
plain Enum's do (ValueError for a non-member, repr, pickling, ``__members__``), but for
``str()`` and ``format()`` of the registry's three tables, which give the member's short
text (a person printing ``code.meaning`` wants to read it, not a number).

``Outcome`` (what the first digit says) lives here too, for the enums, ``StatusCode`` and
``Reply``: a module of its own cost every import of the package a fresh module load.

What runs is built by ``make_enum``, not by a class statement: type checkers read the class
statements of ``_generated/`` (under TYPE_CHECKING), the interpreter builds the same members
in a fraction of the time (see make_enum).
"""

import enum
from enum import Enum, EnumMeta, IntEnum

# Import cost matters (every mail tool imports this package): no typing, datetime or
# __future__ import at run time; annotations that name other modules are strings.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any, TypeVar

    from ._generated.enums import EnhancedCode, StatusClass, Subject
    from .status import StatusCode

    _Member = TypeVar("_Member", bound=Enum)


# What the first digit of a reply code or a status class says: the one home of that fact
# (here, not a module of its own: each module costs a fresh interpreter's import ~85 us).
#
# RFC 5321 s4.2.1: 2yz is a positive completion, 3yz a positive intermediate reply, 4yz a
# transient and 5yz a permanent negative completion. RFC 3463 s2 gives the classes 2, 4 and 5
# of an enhanced status code the same meanings and has no class 3.

SUCCESS = 2
INTERMEDIATE = 3
TRANSIENT = 4
PERMANENT = 5


class Outcome:
    """``is_success``, ``is_transient`` and ``is_permanent`` for anything with a class digit."""

    __slots__ = ()

    @property
    def _first_digit(self) -> int:
        raise NotImplementedError

    @property
    def is_success(self) -> bool:
        return self._first_digit == SUCCESS

    @property
    def is_transient(self) -> bool:
        return self._first_digit == TRANSIENT

    @property
    def is_permanent(self) -> bool:
        return self._first_digit == PERMANENT


class ReplyOutcome(Outcome):
    """Reply codes add the intermediate class (RFC 5321 s4.2.1: 3yz)."""

    __slots__ = ()

    @property
    def is_intermediate(self) -> bool:
        return self._first_digit == INTERMEDIATE


class LookupEnumType(EnumMeta):
    """EnumType whose lookup by value is one dict lookup.

    ``EnumType.__call__`` reaches the member through two more Python frames
    (``Enum.__new__``); this metaclass tries the value map first and otherwise takes
    exactly the ordinary path, so misses, unhashable values and the functional API behave
    and fail as they do for every Enum. Each enum class keeps its own value map: nothing
    here is shared state.
    """

    # Typed with cls as type[_Member] so that pyright, which honours a metaclass __call__,
    # sees EnhancedCode("X.1.1") as an EnhancedCode; mypy refuses self-types on metaclass
    # methods but types enum calls itself.
    def __call__(  # type: ignore[misc]
            cls: "type[_Member]",  # pyright: ignore[reportGeneralTypeIssues]
            *args: "Any", **kwargs: "Any") -> "_Member":
        if len(args) == 1 and not kwargs:
            try:
                # The map holds cls's own members; typeshed types its values as Enum.
                return cls._value2member_map_[args[0]]  # type: ignore[return-value]
            except (KeyError, TypeError):  # TypeError: unhashable, Enum's path says why
                pass
        return EnumMeta.__call__(cls, *args, **kwargs)  # type: ignore[no-any-return]


# No value: lets the fast __call__ below tell EnhancedCode() from EnhancedCode(None).
_NO_VALUE = object()


def _own_lookup(enum_class: "type[_Member]") -> None:
    """Give ``enum_class`` a metaclass of its own whose ``__call__`` holds its value map.

    Measured (benchmarks, EnhancedCode(value) against dict.get): reading the map through
    ``cls._value2member_map_`` costs a class attribute lookup per call, slow on 3.10 and
    3.11 where EnumType defines ``__getattr__``; a map held in the function's closure is
    the cheapest a Python frame gets. A C-level ``__call__`` (a dict's ``__getitem__``) would
    be faster still but raises TypeError, not ValueError, for an unhashable value.
    Anything but one hashable member value takes LookupEnumType's path, which is Enum's.
    """
    members = enum_class._value2member_map_
    general = LookupEnumType.__call__

    def __call__(cls: "Any", value: "Any" = _NO_VALUE, *args: "Any", **kwargs: "Any") -> "Any":
        if not args and not kwargs:
            try:
                return members[value]
            except (KeyError, TypeError):
                pass
        if value is _NO_VALUE:
            return general(cls, *args, **kwargs)
        return general(cls, value, *args, **kwargs)

    own = type(f"{enum_class.__name__}Type", (LookupEnumType,), {
        "__call__": __call__, "__module__": __name__,
        "__doc__": f"The metaclass of {enum_class.__name__} alone: its lookup by value."})
    # A class's metaclass can be swapped for a subclass with the same layout; this is how
    # a class built by enum._simple_enum (which picks the metaclass itself) gets its own.
    type.__setattr__(enum_class, "__class__", own)


# What a class statement's enum setup gives a member-less base (member and value maps, the
# data type, the pickling checks), enum._simple_enum sets on the class made from it: 3.11+
# can skip it. Measured in a fresh interpreter: 80-110 us a base by the class statement, 17
# us with ``_simple``, for four bases on every import. 3.10 has no ``_simple``.
_MEMBERLESS: "dict[str, bool]" = {"_simple": True} if hasattr(enum, "_simple_enum") else {}


def make_enum(base: "type[_Member]", name: str, doc: str,
              members: "tuple[tuple[str, Any], ...]") -> "type[_Member]":
    """The enum ``name`` of ``members`` (name, value) on ``base``, as ``smtp_status.name``.

    Equal to the class statement type checkers read in ``_generated/``, built faster: with
    ``enum._simple_enum`` (how the standard library builds http.HTTPStatus), which skips
    the checks a class statement runs per member, about a third of the time; 3.10 has no
    ``_simple_enum`` and runs the class statement's own steps. The behaviour tests compare
    every member with a plain enum's made the ordinary way.
    """
    namespace: dict[str, object] = {"__module__": "smtp_status", "__qualname__": name,
                                    "__doc__": doc}
    simple_enum = getattr(enum, "_simple_enum", None)
    if simple_enum is not None:
        namespace.update(members)
        enum_class: type[_Member] = simple_enum(base)(type(name, (), namespace))
    else:  # pragma: no cover - Python 3.10
        body = LookupEnumType.__prepare__(name, (base,))
        for key, value in (*namespace.items(), *members):
            body[key] = value
        enum_class = LookupEnumType(name, (base,), body)  # type: ignore[assignment]
    _own_lookup(enum_class)
    if any(isinstance(value, _RowAttribute) for value in vars(base).values()):
        type.__setattr__(enum_class, "__doc__", _MemberDoc(doc))
    return enum_class


def _attach_rows() -> None:
    """Attach every member's row of IANA's texts (``smtp_status.enums`` does it once)."""
    from .enums import attach

    attach()


class _RowAttribute:
    """A member attribute from the generated rows: its first read attaches every row.

    The rows (``_generated/enum_rows.py``) are loaded on the first read of any member's
    text, not on import: loading and attaching them was a third of the package's import
    time, and most importers never read a text. A non-data descriptor, so once a member's
    ``__dict__`` holds the attribute this is never called again for it; read on the class,
    it is missing, as any instance attribute is.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, member: object, owner: "type | None" = None) -> "Any":
        if member is None:
            raise AttributeError(self.name)
        _attach_rows()
        return vars(member)[self.name]


class _MemberDoc:
    """``__doc__`` of an enum with rows: the enum's docstring on the class, the member's
    description (from its row) on a member."""

    __slots__ = ("class_doc",)

    def __init__(self, class_doc: "str | None") -> None:
        self.class_doc = class_doc

    def __get__(self, member: object, owner: "type | None" = None) -> "Any":
        if member is None:
            return self.class_doc
        _attach_rows()
        return vars(member)["__doc__"]


def _rows_read_on_first_use(base: type, names: "tuple[str, ...]") -> None:
    for name in names:
        type.__setattr__(base, name, _RowAttribute(name))


class _Text:
    """``text``, the short description, is what ``str()`` and ``format()`` give."""

    __slots__ = ()

    text: str

    def __str__(self) -> str:
        return self.text

    def __format__(self, format_spec: str) -> str:
        return format(self.text, format_spec)


class _Header(_Text):
    """What IANA records for each class and subject (a row of its first two tables)."""

    __slots__ = ()

    summary: str
    description: str
    references: "tuple[str, ...]"
    submitter: "str | None"
    change_controller: "str | None"


class StatusClassBase(Outcome, _Header, IntEnum, metaclass=LookupEnumType, **_MEMBERLESS):
    """Base of ``StatusClass``: the class sub-code is the outcome digit (RFC 3463 s2)."""

    @property
    def _first_digit(self) -> int:
        return int(self._value_)


class SubjectBase(_Header, IntEnum, metaclass=LookupEnumType, **_MEMBERLESS):
    """Base of ``Subject``."""


class EnhancedCodeBase(_Text, Enum, metaclass=LookupEnumType, **_MEMBERLESS):
    """Base of ``EnhancedCode``: a registered code and IANA's record of it."""

    _value_: str  # IANA's code, such as "X.1.1"
    subject: "Subject"
    detail: int
    sample_text: "str | None"  # IANA's, None where it has none; text never is
    description: str
    basic_code: "str | None"
    basic_codes: "tuple[int, ...]"
    references: "tuple[str, ...]"
    submitter: "str | None"
    change_controller: "str | None"
    deprecated: bool
    replaced_by: "EnhancedCode | None"
    classes: "frozenset[StatusClass]"
    _date: "tuple[int, int, int] | None"

    @property
    def date(self) -> "datetime.date | None":
        """The date IANA registered the code, where IANA records one."""
        if self._date is None:
            return None
        import datetime  # deferred: most programs never ask, and the import is not free

        return datetime.date(*self._date)

    def with_class(self, status_class: int) -> "StatusCode":
        """This code in a class: ``EnhancedCode.MAILBOX_FULL.with_class(4)`` is 4.2.2."""
        from .status import StatusCode

        return StatusCode(status_class, self.subject, self.detail)


_HEADER_ROW = ("summary", "text", "description", "references", "submitter",
               "change_controller")
_rows_read_on_first_use(StatusClassBase, _HEADER_ROW)
_rows_read_on_first_use(SubjectBase, _HEADER_ROW)
_rows_read_on_first_use(EnhancedCodeBase, (
    "subject", "detail", "sample_text", "text", "description", "basic_code", "basic_codes",
    "references", "submitter", "change_controller", "_date", "deprecated", "replaced_by",
    "classes"))


class ReplyCodeBase(ReplyOutcome, IntEnum, metaclass=LookupEnumType, **_MEMBERLESS):
    """Base of ``ReplyCode``: a basic reply code and the enhanced codes IANA pairs with it."""

    text: "str | None"
    description: str
    defined: bool
    references: "tuple[str, ...]"
    enhanced_codes: "tuple[EnhancedCode, ...]"

    @property
    def _first_digit(self) -> int:
        return int(self._value_) // 100
