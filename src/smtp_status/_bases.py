"""Behaviour of the generated enums.

Each enum class in ``_generated/`` lists its members and nothing else; it inherits its
attributes, properties and lookup from a mixin here, and ``enums.py`` / ``replies.py`` attach
the registry's texts to the members. The mixins are plain classes placed before Enum or
IntEnum (``class Subject(SubjectBase, IntEnum)``, as the enum docs place mixins), so every
type checker sees real enums and the members behave exactly as a plain Enum's do
(ValueError for a non-member, repr, pickling, ``__members__``), but for ``str()`` and
``format()`` of the registry's three tables, which give the member's short text (a person
printing ``code.meaning`` wants to read it, not a number).

``Outcome`` (what the first digit says) lives here too, for the enums, ``StatusCode`` and
``Reply``: a module of its own cost every import of the package a fresh module load.

What runs is built by ``make_enum``, not by a class statement: type checkers read the class
statements of ``_generated/`` (under TYPE_CHECKING), the interpreter builds the same classes
and members in a fraction of the time (see make_enum).
"""

import enum
import sys
from enum import Enum, EnumMeta

# Import cost matters (every mail tool imports this package): no typing, datetime or
# __future__ import at run time; annotations that name other modules are strings.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any, TypeVar

    from ._generated import EnhancedCode, StatusClass, Subject
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
    here is shared state. An enum's first call gives it a metaclass of its own, whose
    ``__call__`` serves that call and every later one (see _own_lookup).
    """

    # Typed with cls as type[_Member] so that pyright, which honours a metaclass __call__,
    # sees EnhancedCode("X.1.1") as an EnhancedCode; mypy refuses self-types on metaclass
    # methods but types enum calls itself.
    def __call__(  # type: ignore[misc]
            cls: "type[_Member]",  # pyright: ignore[reportGeneralTypeIssues]
            *args: "Any", **kwargs: "Any") -> "_Member":
        if type(cls) is LookupEnumType:  # type: ignore[comparison-overlap]
            # Made on first use, not at import: three metaclasses cost the package's
            # import about 45 us (a fresh interpreter's), one first call about 15 us.
            _own_lookup(cls)
            return cls(*args, **kwargs)
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
    # A class's metaclass can be swapped for a subclass with the same layout. Two threads
    # making their first calls at once each swap in an equal metaclass; either serves.
    type.__setattr__(enum_class, "__class__", own)


# 3.11+ has enum._simple_enum (how the standard library builds http.HTTPStatus); make_enum
# builds the same classes its way there. 3.10 has neither it nor ``_simple``.
_SIMPLE = hasattr(enum, "_simple_enum")
# The class attribute an enum class statement sets on 3.13+ beyond the ones make_enum
# sets on every Python: a map of unhashable values by name. Tested against a class
# statement's class attributes on every Python.
_SETUP_MAPS = ("_unhashable_values_map_",) if sys.version_info >= (3, 13) else ()


def make_enum(mixin: type, data_enum: "type[_Member]", name: str, doc: str,
              members: "tuple[tuple[str, Any], ...]") -> "type[_Member]":
    """The enum ``name`` of ``members`` (name, value) on ``mixin`` and ``data_enum`` (Enum or
    IntEnum), as ``smtp_status.name``.

    Equal to the class statement ``class name(mixin, data_enum)`` type checkers read in
    ``_generated/``, built in a fraction of its time. On 3.11+ the way
    ``enum._simple_enum`` builds a class (the enum setup of a class statement skipped, its
    results set directly), and the members as a class statement leaves them (in the class's
    ``__dict__``; ``_simple_enum`` puts a property there on 3.12), without the checks for
    aliases, ``auto()`` and descriptors that neither needs: the values are unique and the
    names upper case (the generator's rules unique-code and unique-name, and names.py's
    pattern). Measured in a fresh interpreter: the 92 members in about 75 us, where
    ``_simple_enum`` took about 530, and no member-less enum base to build (each cost 40 to
    75 us even with ``_simple``). 3.10 runs the class statement's
    own steps. The behaviour tests compare every enum with a plain one made the ordinary way,
    and its class attributes with a class statement's.
    """
    namespace: dict[str, object] = {"__module__": "smtp_status", "__qualname__": name,
                                    "__doc__": doc}
    bases = (mixin, data_enum)
    if _SIMPLE:
        # The enum module's own attributes are untyped (typeshed leaves them out).
        enum_type: Any = data_enum
        member_type: type = enum_type._member_type_  # int or object
        new: Any = member_type.__new__
        use_args: bool = enum_type._use_args_
        member_map: dict[str, object] = {}
        value_map: dict[object, object] = {}
        names: list[str] = []
        namespace.update(
            # As stored on Enum and IntEnum (a staticmethod on 3.12+), as a class statement
            # copies it.
            _generate_next_value_=vars(data_enum)["_generate_next_value_"],
            _new_member_=new, _use_args_=use_args, _member_names_=names,
            _member_map_=member_map, _value2member_map_=value_map, _unhashable_values_=[],
            _member_type_=member_type, _value_repr_=enum_type._value_repr_)
        for setup_map in _SETUP_MAPS:
            namespace[setup_map] = {}
        metaclass: Any = LookupEnumType  # typeshed wants a class statement's namespace
        built: Any = metaclass(name, bases, namespace, _simple=True)
        set_attribute = type.__setattr__
        # What a class statement does next: the mixin's repr and friends win only where they
        # are not the data type's or object's (pickling depends on it).
        for method in ("__repr__", "__str__", "__format__", "__reduce_ex__"):
            found = getattr(built, method)
            if found in (getattr(member_type, method), getattr(object, method)):
                set_attribute(built, method, getattr(data_enum, method))
        for member_name, value in members:
            member = new(built, value) if use_args else new(built)
            # What a plain member's __dict__ holds, stored one by one (cheaper than an
            # update); Enum.__init__, which a class statement calls next, does nothing (the
            # mixins define no __init__).
            attributes: dict[str, object] = member.__dict__
            attributes["_value_"] = value
            attributes["_name_"] = member_name
            attributes["__objclass__"] = built
            attributes["_sort_order_"] = len(names)
            set_attribute(built, member_name, member)
            member_map[member_name] = member
            value_map[value] = member
            names.append(member_name)
        set_attribute(built, "__new__", Enum.__new__)  # as EnumType does, for pickling
        enum_class: type[_Member] = built
    else:  # pragma: no cover - Python 3.10
        body = LookupEnumType.__prepare__(name, bases)
        for key, value in (*namespace.items(), *members):
            body[key] = value
        enum_class = LookupEnumType(name, bases, body)  # type: ignore[assignment]
    if any(isinstance(value, _RowAttribute)
           for klass in mixin.__mro__ for value in vars(klass).values()):
        type.__setattr__(enum_class, "__doc__", _RowAttribute("__doc__", doc))
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
    it is missing, as any instance attribute is, but for ``__doc__``: the enum's docstring
    on the class, the member's description on a member.
    """

    __slots__ = ("class_doc", "name")

    def __init__(self, name: str, class_doc: "str | None" = None) -> None:
        self.name = name
        self.class_doc = class_doc

    def __get__(self, member: object, owner: "type | None" = None) -> "Any":
        if member is None:
            if self.name == "__doc__":
                return self.class_doc
            raise AttributeError(self.name)
        _attach_rows()
        return vars(member)[self.name]


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


class SubjectBase(_Text):
    """Mixin of ``Subject``, and with ``Outcome`` of ``StatusClass``: what IANA records for
    each class and subject (a row of its first two tables). One class for both, not a
    header class beneath two mixins: a class costs the package's import about 11 us."""

    __slots__ = ()

    summary: str
    description: str
    references: "tuple[str, ...]"
    submitter: "str | None"
    change_controller: "str | None"


class StatusClassBase(Outcome, SubjectBase):
    """Mixin of ``StatusClass``: the class sub-code is the outcome digit (RFC 3463 s2)."""

    __slots__ = ()

    _value_: int

    @property
    def _first_digit(self) -> int:
        return int(self._value_)


class EnhancedCodeBase(_Text):
    """Mixin of ``EnhancedCode``: a registered code and IANA's record of it."""

    __slots__ = ()

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
_rows_read_on_first_use(SubjectBase, _HEADER_ROW)  # StatusClassBase inherits them
_rows_read_on_first_use(EnhancedCodeBase, (
    "subject", "detail", "sample_text", "text", "description", "basic_code", "basic_codes",
    "references", "submitter", "change_controller", "_date", "deprecated", "replaced_by",
    "classes"))


class ReplyCodeBase(ReplyOutcome):
    """Mixin of ``ReplyCode``: a basic reply code and the enhanced codes IANA pairs with it."""

    __slots__ = ()

    _value_: int

    text: "str | None"
    description: str
    defined: bool
    references: "tuple[str, ...]"
    enhanced_codes: "tuple[EnhancedCode, ...]"

    @property
    def _first_digit(self) -> int:
        return int(self._value_) // 100
