"""Behaviour of the generated enums.

Each enum class in ``_generated/`` lists its members and nothing else; it inherits its
attributes, properties and lookup from a base here, and ``enums.py`` / ``replies.py`` attach
the registry's texts to the members. The bases are ordinary Enum and IntEnum subclasses
without members, so every type checker sees real enums and the members behave exactly as a
plain Enum's do (ValueError for a non-member, repr, pickling, ``__members__``).
"""

from enum import Enum, EnumMeta, IntEnum

from ._outcome import Outcome, ReplyOutcome

# Import cost matters (every mail tool imports this package): no typing, datetime or
# __future__ import at run time; annotations that name other modules are strings.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime
    from typing import Any, TypeVar

    from ._generated.enums import EnhancedCode, StatusClass, Subject
    from .status import StatusCode

    _Member = TypeVar("_Member", bound=Enum)


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


class _Header:
    """What IANA records for each class and subject (a row of its first two tables)."""

    __slots__ = ()

    summary: str
    description: str
    references: "tuple[str, ...]"
    submitter: "str | None"
    change_controller: "str | None"


class StatusClassBase(Outcome, _Header, IntEnum, metaclass=LookupEnumType):
    """Base of ``StatusClass``: the class sub-code is the outcome digit (RFC 3463 s2)."""

    @property
    def _first_digit(self) -> int:
        return int(self._value_)


class SubjectBase(_Header, IntEnum, metaclass=LookupEnumType):
    """Base of ``Subject``."""


class EnhancedCodeBase(Enum, metaclass=LookupEnumType):
    """Base of ``EnhancedCode``: a registered code and IANA's record of it."""

    _value_: str  # IANA's code, such as "X.1.1"
    subject: "Subject"
    detail: int
    sample_text: "str | None"
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


class ReplyCodeBase(ReplyOutcome, IntEnum, metaclass=LookupEnumType):
    """Base of ``ReplyCode``: a basic reply code and the enhanced codes IANA pairs with it."""

    text: "str | None"
    description: str
    defined: bool
    references: "tuple[str, ...]"
    enhanced_codes: "tuple[EnhancedCode, ...]"

    @property
    def _first_digit(self) -> int:
        return int(self._value_) // 100
