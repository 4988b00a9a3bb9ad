"""What the first digit of a reply code or a status class says: the one home of that fact.

RFC 5321 s4.2.1: 2yz is a positive completion, 3yz a positive intermediate reply, 4yz a
transient and 5yz a permanent negative completion. RFC 3463 s2 gives the classes 2, 4 and 5
of an enhanced status code the same meanings and has no class 3.
"""

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
