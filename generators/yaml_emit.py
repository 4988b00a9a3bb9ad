"""Write registry data as the canonical YAML layout, byte for byte the same every time.

Used by ``sync-iana --write``. Long texts become folded block scalars (``>-``), which
read well and load back to the same single-spaced string; anything that plain YAML
could misread (dates, "null", "NO", leading indicators) is double-quoted.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

WIDTH = 92
_PLAIN = re.compile(r"[A-Za-z0-9(][^:#\[\]{}\"'`|>&*!%@\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff"
                    r"\ud800-\udfff]*\Z")
# What YAML cannot hold raw (YAML 1.1 s5.1: DEL, C1 controls, surrogates; U+0085, U+2028 and
# U+2029 it reads as line breaks, U+FEFF as a byte order mark): written as \u escapes.
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")
_RESOLVER = yaml.resolver.Resolver()


def dump_yaml(data: dict[str, Any], header: str = "") -> str:
    """Emit a mapping as block-style YAML under an optional comment header."""
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    _mapping(data, 0, lines)
    return "\n".join(lines) + "\n"


def _mapping(data: dict[str, Any], indent: int, lines: list[str], first_prefix: str = "") -> None:
    pad = " " * indent
    for position, (key, value) in enumerate(data.items()):
        lead = first_prefix if position == 0 and first_prefix else pad
        _entry(f"{lead}{key}:", value, indent, lines)


def _entry(head: str, value: Any, indent: int, lines: list[str]) -> None:
    if isinstance(value, dict) and value:
        lines.append(head)
        _mapping(value, indent + 2, lines)
    elif isinstance(value, list) and value and not all(_is_flow_item(v) for v in value):
        lines.append(head)
        for item in value:
            _item(item, indent + 2, lines)
    else:
        _scalar(head, value, indent + 2, lines)


def _item(value: Any, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict) and value:
        _mapping(value, indent + 2, lines, first_prefix=f"{pad}- ")
    else:
        _scalar(f"{pad}-", value, indent + 2, lines)


def _is_flow_item(value: Any) -> bool:
    return isinstance(value, (int, str)) and not isinstance(value, bool) and len(str(value)) < 20


def _scalar(head: str, value: Any, indent: int, lines: list[str]) -> None:
    if isinstance(value, list):
        lines.append(f"{head} [{', '.join(_inline(v, flow=True) for v in value)}]")
    elif isinstance(value, dict):
        lines.append(f"{head} {{}}")
    elif isinstance(value, str) and len(head) + 1 + len(value) > WIDTH and _foldable(value):
        lines.append(f"{head} >-")
        lines.extend(f"{' ' * indent}{chunk}" for chunk in _wrap(value, WIDTH - indent))
    else:
        lines.append(f"{head} {_inline(value)}")


def _inline(value: Any, *, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} to the registry")
    # Inside a flow list "," ends a plain scalar, so there it is never left plain.
    if (_PLAIN.match(value) and not value.endswith(" ") and not (flow and "," in value)
            and _plain_is_string(value)):
        return value
    # A JSON string is a YAML double-quoted scalar; json leaves these few characters raw.
    return _ESCAPE.sub(lambda found: f"\\u{ord(found.group()):04x}",
                       json.dumps(value, ensure_ascii=False))


def _plain_is_string(value: str) -> bool:
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == "tag:yaml.org,2002:str") and value not in {"true", "false", "null"}


def _foldable(value: str) -> bool:
    """Folding turns line breaks into single spaces, so only single-spaced text survives."""
    return (value == " ".join(value.split()) and "\t" not in value
            and not value.startswith(("#", "-", "?", ":")) and not _ESCAPE.search(value))


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines
