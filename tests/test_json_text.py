"""json_text writes exactly json.dumps(document, indent=2, ensure_ascii=False) plus a newline."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from generators.json_text import json_text

_leaves = (st.none() | st.booleans() | st.integers() | st.text()
           | st.floats(allow_nan=True, allow_infinity=True))
_documents = st.recursive(
    _leaves,
    lambda children: (st.lists(children, max_size=4) | st.tuples(children, children)
                      | st.dictionaries(st.text(max_size=5), children, max_size=4)
                      | st.dictionaries(st.integers(), children, max_size=2)),
    max_leaves=25)


@given(_documents)
def test_the_text_is_the_standard_librarys(document: Any) -> None:
    assert json_text(document) == json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def test_shapes_the_published_files_hold() -> None:
    document: dict[str, Any] = {
        "a": [], "b": {}, "c": [1, {"d": None, "e": "é\u2028\"\\"}], "f": (True, False)}
    assert json_text(document) == (
        '{\n  "a": [],\n  "b": {},\n  "c": [\n    1,\n    {\n      "d": null,\n'
        '      "e": "é\u2028\\"\\\\"\n    }\n  ],\n  "f": [\n    true,\n    false\n  ]\n}\n')
