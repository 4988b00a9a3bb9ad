"""Status codes as values: parse, validate, compare and look up their meaning."""

from ._bases import Outcome
from ._generated import EnhancedCode, StatusClass, Subject

# Import cost matters: no typing or __future__ import at run time (see _bases.py).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

__all__ = ["InvalidStatusCode", "StatusCode"]

# RFC 3463 s2: class = "2"/"4"/"5". Copies of the enums' own value maps (typeshed types
# their members as Enum): iterating the enums at import costs ten times more.
_CLASSES: "dict[int, StatusClass]" = dict(StatusClass._value2member_map_)  # pyright: ignore[reportAssignmentType]
_SUBJECTS: "dict[int, Subject]" = dict(Subject._value2member_map_)  # pyright: ignore[reportAssignmentType]

def _code_key(code: str) -> "tuple[int | None, int, int]":
    """(class, subject, detail) of a registered code; class None for IANA's X.s.d codes.

    Keyed so, a class-specific code (5.7.606) can be registered beside X.7.YYY's codes and
    win over a class-free one.
    """
    status_class, subject, detail = code.split(".")
    return (None if status_class == "X" else int(status_class), int(subject), int(detail))


# Registered codes by _code_key, indexed by the first enhanced_code (81 splits at import
# were a tenth of the package's import time). Assigned whole, so a thread never sees it
# half built; two threads racing build equal dicts.
_registered: "dict[tuple[int | None, int, int], EnhancedCode] | None" = None


def _index_codes() -> "dict[tuple[int | None, int, int], EnhancedCode]":
    global _registered  # once per process
    _registered = codes = {_code_key(member.value): member for member in EnhancedCode}
    return codes


# Parsed codes by text. Bounded, so parsing hostile input cannot grow memory for ever.
_PARSED: "dict[str, StatusCode]" = {}
_PARSED_LIMIT = 4096


class InvalidStatusCode(ValueError):
    """The text or numbers do not form a status code under RFC 3463 s2."""

    def __init__(self, text: object, reason: str) -> None:
        super().__init__(f"{quote(text)} is not an enhanced status code: {reason}")
        self.text = text
        self.reason = reason

    def __reduce__(self) -> "tuple[type[InvalidStatusCode], tuple[object, str], dict[str, Any]]":
        # BaseException pickles self.args (the message alone), which __init__ cannot take;
        # without this the error cannot cross a process boundary or be copied.
        return (type(self), (self.text, self.reason), self.__dict__)


class StatusCode(Outcome):
    """An enhanced status code such as 5.1.1: immutable, hashable and ordered."""

    __slots__ = ("_key", "detail", "status_class", "subject")

    status_class: StatusClass
    subject: int
    detail: int
    _key: tuple[int, int, int]

    def __init__(self, status_class: int, subject: int, detail: int) -> None:
        cls = _CLASSES.get(status_class) if _is_int(status_class) else None
        if cls is None:
            _reject((status_class, subject, detail),
                    f"class {quote(status_class)} is not 2, 4 or 5")
        for part, value in (("subject", subject), ("detail", detail)):
            if not _is_int(value):
                _reject((status_class, subject, detail), f"{part} {quote(value)} is not an int")
            if not 0 <= value <= 999:
                _reject((status_class, subject, detail), f"{part} {quote(value)} is not 0 to 999")
        setattr_ = object.__setattr__
        setattr_(self, "status_class", cls)
        setattr_(self, "subject", int(subject))
        setattr_(self, "detail", int(detail))
        setattr_(self, "_key", (cls.value, int(subject), int(detail)))

    @classmethod
    def parse(cls, text: str) -> "StatusCode":
        """Parse ``class.subject.detail`` exactly as RFC 3463 s2 writes it.

        No whitespace, signs, leading zeros or non-ASCII digits; InvalidStatusCode otherwise.
        """
        # The type check comes first: a str subclass or an object that hashes and compares
        # like a cached key must not be accepted just because a plain str was parsed before.
        if type(text) is not str:
            _reject(text, f"expected str, got {type(text).__name__}")
        try:
            return _PARSED[text]
        except KeyError:
            pass
        parts = text.split(".")
        if len(parts) != 3:
            _reject(text, "expected class.subject.detail")
        numbers = [_sub_code(text, part) for part in parts]
        if parts[0] not in ("2", "4", "5"):
            _reject(text, f"class {quote(parts[0])} is not 2, 4 or 5 (RFC 3463 s2)")
        code = cls(numbers[0], numbers[1], numbers[2])
        if len(_PARSED) < _PARSED_LIMIT:
            _PARSED[text] = code
        return code

    @property
    def enhanced_code(self) -> "EnhancedCode | None":
        """The registered code, or None when subject.detail is not in the registry."""
        codes = _registered or _index_codes()
        return codes.get(self._key) or codes.get((None, self.subject, self.detail))

    @property
    def meaning(self) -> "EnhancedCode | Subject | StatusClass":
        """The most specific registered entry: the code, else its subject, else its class.

        RFC 3463 s2: a client must report the class even when the subject is unknown, and
        the subject even when the detail is unknown.
        """
        code = self.enhanced_code
        if code is not None:
            return code
        subject = _SUBJECTS.get(self.subject)
        if subject is not None:
            return subject
        return self.status_class

    def as_dict(self) -> "dict[str, Any]":
        """The code as JSON-ready data: the ``status`` object of ``explain --json`` (schema
        explain, ``$defs/status``): the code, its class, its subject (None when not
        registered), its detail, and the registered entry when there is one."""
        meaning = self.meaning
        subject = _SUBJECTS.get(self.subject)
        enhanced = self.enhanced_code
        # RFC 3463 s2: report the class even when the subject is unknown, and the subject
        # even when the detail is unknown.
        fallback = ("code" if isinstance(meaning, EnhancedCode)
                    else "subject" if isinstance(meaning, Subject) else "class")
        return {
            "code": str(self),
            "class": _part(self.status_class),
            "subject": None if subject is None else _part(subject),
            "subject_value": self.subject,
            "detail": self.detail,
            "registered": enhanced is not None,
            "fallback": fallback,
            "enhanced": None if enhanced is None else {
                "code": enhanced.value,
                "name": enhanced.name,
                "sample_text": enhanced.sample_text,
                "description": enhanced.description,
                "basic_code": enhanced.basic_code,
                "basic_codes": list(enhanced.basic_codes),
                "classes": sorted(cls.value for cls in enhanced.classes),
                "references": list(enhanced.references),
                "deprecated": enhanced.deprecated,
            },
        }

    @property
    def _first_digit(self) -> int:
        return self._key[0]

    def __str__(self) -> str:
        return f"{self._key[0]}.{self.subject}.{self.detail}"

    def __repr__(self) -> str:
        return f"StatusCode({self._key[0]}, {self.subject}, {self.detail})"

    def __hash__(self) -> int:
        return hash(self._key)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StatusCode):
            return self._key == other._key
        return NotImplemented

    def __lt__(self, other: "StatusCode") -> bool:
        if isinstance(other, StatusCode):
            return self._key < other._key
        return NotImplemented

    def __le__(self, other: "StatusCode") -> bool:
        if isinstance(other, StatusCode):
            return self._key <= other._key
        return NotImplemented

    def __gt__(self, other: "StatusCode") -> bool:
        if isinstance(other, StatusCode):
            return self._key > other._key
        return NotImplemented

    def __ge__(self, other: "StatusCode") -> bool:
        if isinstance(other, StatusCode):
            return self._key >= other._key
        return NotImplemented

    def __setattr__(self, name: str, value: "Any") -> "NoReturn":
        raise AttributeError(f"StatusCode is immutable; cannot set {name!r}")

    def __delattr__(self, name: str) -> "NoReturn":
        raise AttributeError(f"StatusCode is immutable; cannot delete {name!r}")

    def __reduce__(self) -> "tuple[type[StatusCode], tuple[int, int, int]]":
        return (StatusCode, self._key)


def _part(member: "StatusClass | Subject") -> "dict[str, Any]":
    return {"value": member.value, "name": member.name, "summary": member.summary,
            "description": member.description}
def quote(value: object) -> str:
    """``_text.quote``, imported by the first error: a module fewer for every import of the
    package (each costs a file lookup and a read), and only errors quote."""
    from ._text import quote as bounded_quote

    return bounded_quote(value)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sub_code(text: str, part: str) -> int:
    """One numeric sub-code: 1 to 3 ASCII digits, no leading zero (RFC 3463 s2)."""
    if not part or not part.isascii() or not part.isdigit():
        _reject(text, f"{quote(part)} is not a number of ASCII digits")
    if len(part) > 3:
        _reject(text, f"{quote(part)} has more than 3 digits")
    if part[0] == "0" and len(part) > 1:
        _reject(text, f"{quote(part)} has a leading zero")
    return int(part)


def _reject(text: object, reason: str) -> "NoReturn":
    raise InvalidStatusCode(text, reason) from None
