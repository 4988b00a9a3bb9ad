"""A small MIME reader for bounces: linear in the message size, standard library only.

Private to ``dsn`` and ``bounce``. It reads what they need and no more:

- line endings: CRLF and bare CR read as LF (RFC 5322 s2.1 says CRLF; mbox files and
  broken gateways use LF or CR);
- header blocks (RFC 5322 s2.2, unfolded as s2.2.3 says), which also serve for the
  header-style groups of a delivery-status body (RFC 3464 s2.1);
- the MIME tree (RFC 2046 s5.1.1 boundaries), descending into multiparts only: the
  returned message (message/rfc822, message/global, text/rfc822-headers) is never parsed
  or decoded, so a 20 MB attachment costs one ``bytes.find`` per boundary;
- transfer decoding (RFC 2045 s6) of the few parts that are read, with binascii.

It never raises on bytes: broken boundaries leave a part with no children and ``broken``
set, and undecodable bodies are returned raw.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterable

__all__ = ["Part", "content_type", "decode_body", "decode_text", "first_values", "normalize",
           "parse_mime", "read_header_block"]

# Limits that keep a hostile tree cheap; what lies past them is said in a warning.
MAX_DEPTH = 8
MAX_PARTS = 200
# RFC 5322 s3.6.8: field-name = 1*ftext, ftext = %d33-57 / %d59-126. Space before the
# colon is tolerated (old gateways write "Subject : ...").
_FIELD = re.compile(rb"([!-9;-~]+)[ \t]*:")
_NON_SPACE = re.compile(rb"\S")
_FIELD_TEXT = re.compile(r"([!-9;-~]+)[ \t]*:")
# A field and its continuation lines, at the start of a line.
_FIELD_BLOCK = re.compile(r"^([!-9;-~]+)[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)", re.MULTILINE)
# A line after the first that neither starts a field nor continues one (an empty line
# too): found by its line break, which the regex engine skips to in C.
_NOT_FIELD_OR_CONTINUATION = re.compile(r"\n(?![ \t]|[!-9;-~]+[ \t]*:|\Z)")
_QUOTED_PAIR = re.compile(r"\\(.)")
_PARAM = re.compile(r';\s*([!#-\'*+.0-9A-Za-z^_`{|}~-]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;\s]*)')
# Parts whose body is the returned message: read as opaque bytes, never descended into.
OPAQUE = frozenset({"message/rfc822", "message/global", "text/rfc822-headers",
                    "message/global-headers", "message/partial", "message/external-body"})


def normalize(data: bytes) -> bytes:
    """CRLF and bare CR as LF."""
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return data


def read_header_block(block: bytes) -> list[tuple[str, str]]:
    """The fields of one header block (no blank line inside), unfolded, in order.

    Names keep their spelling; values are unfolded (RFC 5322 s2.2.3: the line break
    before white space is removed) and stripped. Lines that are neither a field nor a
    continuation are skipped. The block decodes as UTF-8 (RFC 6532, RFC 6533 s3), as
    Latin-1 when it is not UTF-8.
    """
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        text = block.decode("latin-1")
    if _FIELD_TEXT.match(text) is not None and _NOT_FIELD_OR_CONTINUATION.search(text) is None:
        # Every line is a field or continues one (the usual block): one regex call reads
        # them all, each value with its line breaks removed as the loop below does.
        return [(name, value.replace("\n", "").strip())
                for name, value in _FIELD_BLOCK.findall(text)]
    fields: list[tuple[str, list[str]]] = []
    match = _FIELD_TEXT.match
    for line in text.split("\n"):
        if not line:
            continue
        if line[0] in " \t":
            if fields:
                fields[-1][1].append(line)
            continue
        found = match(line)
        if found is None:
            continue
        fields.append((found.group(1), [line[found.end():]]))
    return [(name, "".join(value).strip()) for name, value in fields]


def _locate_head(data: bytes, start: int, end: int) -> tuple[int, int, int]:
    """(header start, header end, body start) of the message or part in data[start:end];
    a leading mbox "From " line is skipped (it is no header field)."""
    if data.startswith(b"From ", start, end):
        newline = data.find(b"\n", start, end)
        start = end if newline < 0 else newline + 1
    if data.startswith(b"\n", start, end):
        return start, start, start + 1
    blank = data.find(b"\n\n", start, end)
    if blank < 0:
        return start, end, end
    return start, blank, blank + 2


class Part:
    """One MIME entity: its fields, content type, body and, for multiparts, children.

    The body is a span of the message's bytes, copied only when read (``body``,
    ``prefix``), so the returned message is never copied.
    """

    __slots__ = ("_data", "_end", "_first", "_start", "_walked", "broken", "children",
                 "content_type", "decoded", "fields", "params", "unread")

    fields: list[tuple[str, str]]
    children: list[Part]
    broken: bool
    # Why this multipart's parts were not read: "depth" (nested deeper than MAX_DEPTH) or
    # "parts" (past MAX_PARTS in the message); None when they were.
    unread: str | None
    content_type: str
    params: dict[str, str]
    # The part's text as the reader decodes it, and the bytes left undecoded: kept by the
    # reader (reader._part_text), which decodes the same part for several of its steps.
    decoded: tuple[str, int] | None
    # The first value of each field name (lower-cased), and the tree in walk order: each
    # built on first use.
    _first: dict[str, str] | None
    _walked: list[Part] | None

    def __init__(self, fields: list[tuple[str, str]], data: bytes, start: int = 0,
                 end: int | None = None) -> None:
        self.fields = fields
        self._data = data
        self._start = start
        self._end = len(data) if end is None else end
        self.children = []
        self.broken = False
        self.unread = None
        self.decoded = None
        self._first = None
        self._walked = None
        self.content_type, self.params = content_type(self.get("content-type"))

    @property
    def body(self) -> bytes:
        return self._data[self._start:self._end]

    @property
    def size(self) -> int:
        return self._end - self._start

    def prefix(self, size: int) -> bytes:
        """The first ``size`` bytes of the body."""
        return self._data[self._start:min(self._end, self._start + size)]

    def capped(self, size: int) -> Part:
        """The same part with its body cut to ``size`` bytes (its content type is not read
        again)."""
        part = Part.__new__(Part)
        part.fields = self.fields
        part._data = self._data
        part._start = self._start
        part._end = min(self._end, self._start + size)
        part.children = []
        part.broken = False
        part.unread = None
        part.decoded = None
        part._first = self._first
        part._walked = None
        part.content_type = self.content_type
        part.params = self.params
        return part

    def is_blank(self) -> bool:
        """Whether the body is empty or white space only (scanned, not copied)."""
        return _NON_SPACE.search(self._data, self._start, self._end) is None

    def get(self, name: str) -> str | None:
        """The first field of that (lower-case) name, else None."""
        first = self._first
        if first is None:
            # The readers ask a part for several fields: one pass serves them all.
            first = self._first = first_values(self.fields)
        return first.get(name)

    def walk(self) -> list[Part]:
        """This part and its descendants, depth first, in order (a list of its own for the
        caller; the tree is fixed once parse_mime returns, so the order is found once)."""
        walked = self._walked
        if walked is None:
            found: list[Part] = []
            stack: list[Part] = [self]
            while stack:
                part = stack.pop()
                found.append(part)
                stack.extend(reversed(part.children))
            walked = self._walked = found
        return walked.copy()


def first_values(fields: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The first value of each field name, by the name lower-cased (RFC 5322 s3.6: a
    name's case does not matter)."""
    first: dict[str, str] = {}
    for name, value in fields:
        first.setdefault(name.lower(), value)
    return first


def content_type(value: str | None) -> tuple[str, dict[str, str]]:
    """RFC 2045 s5.1: type/subtype lower-cased and the parameters (names lower-cased)."""
    if not value:
        return "text/plain", {}
    head, _, _ = value.partition(";")
    kind = head.strip().lower() or "text/plain"
    params: dict[str, str] = {}
    for name, raw in _PARAM.findall(value):
        if raw.startswith('"'):
            raw = raw[1:-1] if raw.endswith('"') and len(raw) > 1 else raw[1:]
            if "\\" in raw:  # RFC 5322 s3.2.4 quoted-pair
                raw = _QUOTED_PAIR.sub(r"\1", raw)
        params.setdefault(name.lower(), raw)
    return kind, params


def parse_mime(data: bytes) -> Part:
    """The MIME tree of a normalized message (see ``normalize``)."""
    head_start, head_end, body_start = _locate_head(data, 0, len(data))
    root = Part(read_header_block(data[head_start:head_end]), data, body_start)
    budget = [MAX_PARTS]
    _split(root, 0, budget)
    return root


def _split(part: Part, depth: int, budget: list[int]) -> None:
    if not part.content_type.startswith("multipart/"):
        return
    if depth >= MAX_DEPTH:
        part.unread = "depth"
        return
    boundary = part.params.get("boundary", "")
    if budget[0] <= 0:
        part.unread = "parts"
        return
    if not boundary:
        part.broken = True
        return
    # The splitter is this module's own: it reads the part's span directly.
    data = part._data  # pyright: ignore[reportPrivateUsage]
    bodies, closed = _bodies(data, part._start, part._end,  # pyright: ignore[reportPrivateUsage]
                             boundary.encode("utf-8", "replace"))
    if not bodies:
        part.broken = True
        return
    part.broken = not closed
    for start, end in bodies:
        budget[0] -= 1
        if budget[0] < 0:
            part.unread = "parts"
            break
        head_start, head_end, body_start = _part_head(data, start, end)
        child = Part(read_header_block(data[head_start:head_end]), data, body_start, end)
        part.children.append(child)
        if child.content_type not in OPAQUE:
            _split(child, depth + 1, budget)


def _part_head(data: bytes, start: int, end: int) -> tuple[int, int, int]:
    # RFC 2046 s5.1.1: a part with no header fields starts with a blank line. A part whose
    # first line is no field at all (boundaries broken by a gateway) has none either.
    if data.startswith(b"\n", start, end):
        return start, start, start + 1
    newline = data.find(b"\n", start, min(end, start + 1000))
    first_end = newline if newline >= 0 else min(end, start + 1000)
    if _FIELD.match(data, start, first_end) is None:
        return start, start, start
    return _locate_head(data, start, end)


def _bodies(data: bytes, start: int, end: int,
            boundary: bytes) -> tuple[list[tuple[int, int]], bool]:
    """The spans between delimiter lines in data[start:end] (RFC 2046 s5.1.1), and whether
    the close delimiter was seen."""
    delimiter = b"--" + boundary
    marker = b"\n" + delimiter
    size = len(delimiter)
    bodies: list[tuple[int, int]] = []
    body_start = -1
    if data.startswith(delimiter, start, end):
        position = start
    else:
        found = data.find(marker, start, end)
        position = found + 1 if found >= 0 else -1
    while position >= 0:
        line_end = data.find(b"\n", position, end)
        if line_end < 0:
            line_end = end
        # RFC 2046 s5.1.1: the delimiter line may end in white space (transport padding).
        rest = data[position + size:min(line_end, position + size + 80)].rstrip(b" \t")
        if line_end - position - size <= 80 and rest in (b"", b"--"):
            if body_start >= 0:
                bodies.append((body_start, max(body_start, position - 1)))
            if rest == b"--":
                return bodies, True
            body_start = line_end + 1
        found = data.find(marker, line_end, end)
        position = found + 1 if found >= 0 else -1
    if 0 <= body_start <= end:
        bodies.append((body_start, end))
    return bodies, False


def decode_body(part: Part) -> bytes:
    """The body with its Content-Transfer-Encoding undone (RFC 2045 s6); raw on error."""
    encoding = (part.get("content-transfer-encoding") or "").strip().lower()
    body = part.body
    try:
        if encoding == "base64":
            return binascii.a2b_base64(body)
        if encoding == "quoted-printable":
            return binascii.a2b_qp(body)
    except (binascii.Error, ValueError):
        cleaned = re.sub(rb"[^A-Za-z0-9+/]", b"", body)
        try:
            return binascii.a2b_base64(cleaned[:len(cleaned) // 4 * 4])
        except (binascii.Error, ValueError):
            return body
    return body


def decode_text(raw: bytes, charset: str | None) -> str:
    """Bytes as text: UTF-8 when they are valid UTF-8 (charsets are often mis-declared),
    else the declared charset, else Windows-1252; never raises."""
    if raw.isascii():
        return raw.decode("ascii")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # An ASCII label on 8-bit text is wrong whatever the text is: skip it.
    if charset and charset.strip().lower() not in ("us-ascii", "ascii", "ansi_x3.4-1968"):
        try:
            return raw.decode(charset.strip().lower(), "replace")
        except (LookupError, ValueError, TypeError):
            pass
    return raw.decode("cp1252", "replace")


# RFC 2047 s2: encoded-word = "=?" charset ["*" language] "?" encoding "?" encoded-text "?="
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"[ \t\n]*\Z")
_QP_HEX = re.compile(rb"=([0-9A-Fa-f]{2})")
# What a header is decoded of: the start says whether it is a bounce (RFC 5322 s2.1.1 caps
# a line at 998 characters; unfolded fields may be longer, hostile ones megabytes).
HEADER_LIMIT = 4096


def decode_words(value: str, limit: int = HEADER_LIMIT) -> str:
    """A header value with its RFC 2047 encoded words decoded, cut to ``limit`` characters
    first; linear, never raises. A word that cannot be decoded (bad base64, an unknown
    charset) stays as written; white space between two encoded words goes (s6.2)."""
    value = value[:limit]
    if "=?" not in value:
        return value
    out: list[str] = []
    position = 0
    after_word = False  # whether the text so far ends in a decoded word
    for match in _ENCODED_WORD.finditer(value):
        between = value[position:match.start()]
        decoded = _decode_word(match.group(1), match.group(2), match.group(3))
        if not (after_word and decoded is not None and _BETWEEN_WORDS.match(between)):
            out.append(between)
        out.append(match.group(0) if decoded is None else decoded)
        after_word = decoded is not None
        position = match.end()
    out.append(value[position:])
    return "".join(out)


def _decode_word(charset: str, encoding: str, text: str) -> str | None:
    try:
        if encoding in "Bb":
            raw = binascii.a2b_base64(text.encode("ascii") + b"=" * (-len(text) % 4))
        else:  # RFC 2047 s4.2: "_" is a space, "=XX" a byte
            raw = _QP_HEX.sub(lambda hexed: bytes([int(hexed.group(1), 16)]),
                              text.replace("_", " ").encode("ascii"))
        return raw.decode(charset.partition("*")[0].strip().lower(), "replace")
    except (binascii.Error, ValueError, LookupError, UnicodeError, TypeError):
        return None
