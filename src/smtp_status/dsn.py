"""Strict reading of delivery status notifications: RFC 3464, and RFC 6533 global DSNs.

>>> dsn = parse_dsn(b"Content-Type: multipart/report; report-type=delivery-status; "
...                 b"boundary=b\\n\\n--b\\nContent-Type: message/delivery-status\\n\\n"
...                 b"Reporting-MTA: dns; mx.example\\n\\nFinal-Recipient: rfc822; a@example\\n"
...                 b"Action: failed\\nStatus: 5.1.1\\n\\n--b--\\n")
>>> dsn.reporting_mta, dsn.recipients[0].address, str(dsn.recipients[0].status)
(TypedValue(type='dns', value='mx.example'), 'a@example', '5.1.1')

``parse_dsn`` finds the ``message/delivery-status`` (RFC 3464 s2.1) or
``message/global-delivery-status`` (RFC 6533 s6) part of the outer message (never one
inside the returned message) and returns every field as written: the per-message fields
(RFC 3464 s2.2) and one ``RecipientStatus`` per recipient group (s2.3), in order. It raises
``InvalidDSN`` only when there is no such part. Every rule the report breaks is kept as a
``DSNWarning`` whose ``code`` is one of:

- ``missing-field``: no Reporting-MTA (s2.2.2), Final-Recipient (s2.3.2), Action (s2.3.3)
  or Status (s2.3.4);
- ``repeated-field``: a field given twice in one group (s2.2, s2.3: each at most once); the
  first is kept;
- ``unknown-action``: an Action other than failed, delayed, delivered, relayed, expanded
  (s2.3.3, any case);
- ``invalid-status``: a Status that is not ``class.subject.detail`` (s2.3.4, RFC 3463 s2),
  perhaps followed by a comment;
- ``missing-address-type``: a Final-Recipient or Original-Recipient without its address
  type, "a@b" for "rfc822; a@b" (s2.3.1, s2.3.2);
- ``action-status-mismatch``: delivered, relayed or expanded without a 2.X.X Status,
  failed with 2.X.X, or delayed with 2.X.X or 5.X.X (s2.3.3, s2.3.4). Failed with 4.X.X is
  legal (s2.3.3: an MTA that gives up on a transient failure) and gives no warning, and so
  is relayed with a conversion code X.6.X (the note in s2.3.3: relayed with a loss of
  information in a conversion);
- ``arrival-date-zone``: an Arrival-Date without a numeric zone (s2.2.5 uses the RFC 822
  date-time; RFC 5322 s3.3 zone = ("+" / "-") 4DIGIT);
- ``groups-not-separated``: recipient groups (or the per-message group and the first
  recipient group) not separated by a blank line (s2.1);
- ``status-diagnostic-class``: a Status whose class differs from that of its smtp
  Diagnostic-Code's reply code or enhanced code (s2.3.4, s2.3.6);
- ``raw-utf8-in-7bit-dsn``: non-ASCII bytes in a message/delivery-status part, which
  must be 7-bit (s2.1); only message/global-delivery-status may carry UTF-8 (RFC 6533 s6).

Tolerated without a warning, as real MTAs write them: CRLF, LF or bare CR line endings; a
leading blank line before the per-message fields; a base64 or quoted-printable part.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from ._text import quote
from .bounce.mime import content_type, decode_body, normalize, parse_mime, read_header_block
from .status import InvalidStatusCode, StatusCode

if TYPE_CHECKING:
    import email.message

    from .bounce.mime import Part

__all__ = ["DSNWarning", "DeliveryStatus", "InvalidDSN", "RecipientStatus", "TypedValue",
           "parse_dsn"]

STATUS_TYPES = ("message/delivery-status", "message/global-delivery-status")
ACTIONS = frozenset({"failed", "delayed", "delivered", "relayed", "expanded"})
_RECIPIENT_FIELDS = frozenset({
    "original-recipient", "final-recipient", "action", "status", "remote-mta",
    "diagnostic-code", "last-attempt-date", "final-log-id", "will-retry-until"})
_BLANK = re.compile(rb"\n[ \t]*\n")
# RFC 5322 s3.3: zone = (FWS ( "+" / "-" ) 4DIGIT); a trailing comment may follow.
_ZONE = re.compile(r"[+-][0-9]{4}\s*(?:\([^()]*\)\s*)?\Z")
# RFC 3464 s2.3.4: status-code = DIGIT "." 1*3DIGIT "." 1*3DIGIT; no white space or
# comment within it, "a comment enclosed in parentheses MAY follow the last numeric
# sub-field" (directly, or after white space).
_STATUS_VALUE = re.compile(r"[ \t]*([245]\.[0-9]{1,3}\.[0-9]{1,3})(?:[ \t]*\(|[ \t]|\Z)")
# RFC 6533 s3: EmbeddedUnicodeChar = %x5C.78 "{" HEXPOINT "}"
_EMBEDDED = re.compile(r"\\x\{([0-9A-Fa-f]{1,6})\}")
# RFC 3461 s4: hexchar = "+" 2(%x30-39 / %x41-46), upper-case hexadecimal digits only.
_XTEXT = re.compile(r"(?:\+[0-9A-F]{2})+")
# A reply code at the start of an smtp diagnostic (RFC 5321 s4.2), then maybe an enhanced
# code (RFC 2034 s4), "#" as some MTAs write it.
_REPLY_START = re.compile(r"\s*([2-5][0-5][0-9])(?:[ -]|\Z)\s*#?([245]\.[0-9]{1,3}\.[0-9]{1,3})?"
                          r"(?![0-9.])")
_CODE_START = re.compile(r"\s*#?([245]\.[0-9]{1,3}\.[0-9]{1,3})(?![0-9.])")


class InvalidDSN(ValueError):
    """The message carries no delivery-status part (RFC 3464 s2.1, RFC 6533 s6)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __reduce__(self) -> tuple[type[InvalidDSN], tuple[str]]:
        return (type(self), (self.reason,))


class DSNWarning(NamedTuple):
    """A rule the report breaks. ``code`` is stable (see the module docstring);
    ``recipient`` is the index of the recipient group, None for the per-message fields."""

    code: str
    message: str
    recipient: int | None = None

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class TypedValue(NamedTuple):
    """A typed field (RFC 3464 s2.1.2): ``type; value``, both as written (type "" when the
    ";" is missing)."""

    type: str
    value: str


class RecipientStatus(NamedTuple):
    """One recipient group (RFC 3464 s2.3), every field as written.

    ``status`` is the Status field parsed (None when absent or invalid); ``fields`` holds
    every field of the group in order, names as spelled and values unfolded, extension
    fields included.
    """

    original_recipient: TypedValue | None
    final_recipient: TypedValue | None
    action: str | None
    status: StatusCode | None
    remote_mta: TypedValue | None
    diagnostic_code: TypedValue | None
    last_attempt_date: str | None
    final_log_id: str | None
    will_retry_until: str | None
    fields: tuple[tuple[str, str], ...]

    @property
    def address(self) -> str | None:
        """The Final-Recipient address decoded (RFC 6533 s3, RFC 3461 s4), else the
        Original-Recipient's, else None."""
        for typed in (self.final_recipient, self.original_recipient):
            if typed is not None and typed.value:
                return decode_address(typed)
        return None


class DeliveryStatus(NamedTuple):
    """The per-message fields (RFC 3464 s2.2), the recipient groups and the warnings."""

    original_envelope_id: str | None
    reporting_mta: TypedValue | None
    dsn_gateway: TypedValue | None
    received_from_mta: TypedValue | None
    arrival_date: str | None
    fields: tuple[tuple[str, str], ...]
    recipients: tuple[RecipientStatus, ...]
    warnings: tuple[DSNWarning, ...]
    is_global: bool


def parse_dsn(message: bytes | str | email.message.Message) -> DeliveryStatus:
    """The delivery-status part of ``message``, field by field (see the module docstring).

    Raises InvalidDSN when the outer message has no message/delivery-status or
    message/global-delivery-status part, and TypeError for other argument types.
    """
    root = parse_mime(normalize(message_bytes(message)))
    part = find_status_part(root)
    if part is None:
        raise InvalidDSN("no message/delivery-status or message/global-delivery-status part")
    return read_status_part(part)


def message_bytes(message: object) -> bytes:
    """The raw bytes of a message given as bytes, str or email.message.Message.

    Never raises for those types: a str with lone surrogates other than surrogateescape's
    has them as U+FFFD, and a Message the email package cannot write out (a header with
    U+001C or U+2028 under policy.default, a lone surrogate) is written field by field.
    """
    if isinstance(message, (bytes, bytearray, memoryview)):
        return bytes(message)  # pyright: ignore[reportUnknownArgumentType]
    if isinstance(message, str):
        return text_bytes(message)
    import email.message

    if isinstance(message, email.message.Message):
        try:
            return _message_as_bytes(message)  # pyright: ignore[reportUnknownArgumentType]
        except Exception:  # the generator's errors are many (HeaderParseError, UnicodeError)
            return text_bytes(_message_as_text(message))  # pyright: ignore[reportUnknownArgumentType]
    raise TypeError(f"expected bytes, str or email.message.Message, got "
                    f"{type(message).__name__}")


# Surrogates that surrogateescape cannot write: only U+DC80-U+DCFF stand for bytes.
_LONE_SURROGATE = re.compile("[\ud800-\udc7f\udd00-\udfff]")


def text_bytes(text: str) -> bytes:
    """A str message as UTF-8: surrogateescape's U+DC80-U+DCFF back to their bytes, any
    other lone surrogate as U+FFFD (it stands for no character)."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", text).encode("utf-8", "surrogateescape")


def _message_as_bytes(message: email.message.Message) -> bytes:
    from email import policy
    from email.generator import BytesGenerator
    from io import BytesIO

    out = BytesIO()
    # compat32 writes the headers as parsed and the delivery-status groups (a list of
    # header blocks under compat32) separated by blank lines.
    BytesGenerator(out, mangle_from_=False, policy=policy.compat32).flatten(message)
    return out.getvalue()


def _message_as_text(message: email.message.Message, depth: int = 0) -> str:
    """The message as text without the email generator: each field as parsed, then the
    payload, parts joined by their boundary (RFC 2046 s5.1.1). Header values are read raw
    (raw_items), never parsed by the Message's policy, which is what can fail."""
    import email.message

    fields = list(message.raw_items())
    head = "".join(f"{name}: {value}\n" for name, value in fields)
    payload: object = message.get_payload()
    if not isinstance(payload, list):
        return head + "\n" + (payload if isinstance(payload, str) else "")
    parts: list[email.message.Message] = [] if depth > 20 else [  # deeper than read
        part for part in payload  # pyright: ignore[reportUnknownVariableType]
        if isinstance(part, email.message.Message)]
    inner = [_message_as_text(part, depth + 1) for part in parts]
    kind, params = content_type(next((str(value) for name, value in fields
                                      if name.lower() == "content-type"), None))
    if not kind.startswith("multipart/"):
        return head + "\n" + "\n".join(inner)
    boundary = params.get("boundary", "")
    body = "".join(f"--{boundary}\n{text}\n" for text in inner)
    return head + "\n" + body + f"--{boundary}--\n"


def find_status_part(root: Part) -> Part | None:
    """The first delivery-status part of the outer MIME tree, depth first."""
    for part in root.walk():
        if part.content_type in STATUS_TYPES:
            return part
    return None


def read_status_part(part: Part) -> DeliveryStatus:
    raw = normalize(decode_body(part))
    is_global = part.content_type == "message/global-delivery-status"
    warnings: list[DSNWarning] = []
    if not is_global and not raw.isascii():
        warnings.append(DSNWarning(
            "raw-utf8-in-7bit-dsn", "message/delivery-status carries non-ASCII bytes; it "
            "must be 7-bit (RFC 3464 s2.1); only message/global-delivery-status may carry "
            "UTF-8 (RFC 6533 s6)"))
    return read_status_fields(raw, is_global, warnings)


def read_status_fields(raw: bytes, is_global: bool = False,
                       warnings: list[DSNWarning] | None = None) -> DeliveryStatus:
    """The DSN from the body of a delivery-status part (normalized line endings)."""
    warnings = [] if warnings is None else warnings
    blocks = [block for block in _BLANK.split(raw.lstrip(b" \t\n")) if block.strip()]
    groups: list[list[tuple[str, str]]] = []
    per_message: list[tuple[str, str]] = []
    for number, block in enumerate(blocks):
        fields = read_header_block(block)
        if not fields:
            continue
        if number == 0:
            # RFC 3464 s2.1: the per-message fields come first, then a blank line.
            split = next((index for index, (name, _) in enumerate(fields)
                          if name.lower() in _RECIPIENT_FIELDS), None)
            if split is None:
                per_message = fields
                continue
            per_message = fields[:split]
            if split:
                warnings.append(DSNWarning(
                    "groups-not-separated", "no blank line between the per-message fields "
                    "and the first recipient group (RFC 3464 s2.1)"))
            fields = fields[split:]
        split_groups = _split_groups(fields)
        # Each group after the first of one block ran into the one before it.
        warnings.extend(DSNWarning(
            "groups-not-separated", "recipient groups not separated by a blank line "
            "(RFC 3464 s2.1)", len(groups) + offset) for offset in range(1, len(split_groups)))
        groups.extend(split_groups)
    message_fields = _single(per_message, None, warnings)
    if "reporting-mta" not in message_fields:
        warnings.append(DSNWarning("missing-field", "no Reporting-MTA field (RFC 3464 s2.2.2)"))
    arrival = message_fields.get("arrival-date")
    if arrival is not None and not _ZONE.search(arrival):
        warnings.append(DSNWarning(
            "arrival-date-zone", f"Arrival-Date {arrival!r} has no numeric zone "
            "(RFC 3464 s2.2.5, RFC 5322 s3.3)"))
    recipients = tuple(_recipient(group, index, warnings) for index, group in enumerate(groups))
    return DeliveryStatus(
        message_fields.get("original-envelope-id"), _typed(message_fields.get("reporting-mta")),
        _typed(message_fields.get("dsn-gateway")), _typed(message_fields.get("received-from-mta")),
        arrival, tuple(per_message), recipients, _sorted(warnings), is_global)


def _sorted(warnings: list[DSNWarning]) -> tuple[DSNWarning, ...]:
    # Per-message warnings first, then by recipient group, each in the order found.
    return tuple(sorted(warnings, key=lambda warning: -1 if warning.recipient is None
                        else warning.recipient))


def _split_groups(fields: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """One block's fields as recipient groups. A new group starts where a Final-Recipient
    follows one (groups run together, as AOL and McAfee write them), or where an
    Original-Recipient follows a Final-Recipient and is itself followed by another
    Final-Recipient (the next group's)."""
    names = [name.lower() for name, _ in fields]
    # later_final[i]: whether a Final-Recipient comes after field i (one pass from the end).
    later_final = [False] * len(names)
    seen_final = False
    for index in range(len(names) - 1, -1, -1):
        later_final[index] = seen_final
        seen_final = seen_final or names[index] == "final-recipient"
    groups: list[list[tuple[str, str]]] = [[]]
    seen: set[str] = set()
    for index, (name, value) in enumerate(fields):
        lower = names[index]
        if "final-recipient" in seen and (
                lower == "final-recipient"
                or (lower == "original-recipient" and later_final[index]
                    and groups[-1][-1][0].lower() != "final-recipient")):
            groups.append([])
            seen = set()
        seen.add(lower)
        groups[-1].append((name, value))
    return groups


def _single(fields: list[tuple[str, str]], recipient: int | None,
            warnings: list[DSNWarning]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, value in fields:
        lower = name.lower()
        if lower in values:
            warnings.append(DSNWarning(
                "repeated-field", f"{name} given more than once; the first is kept "
                "(RFC 3464 s2.2, s2.3)", recipient))
            continue
        values[lower] = value
    return values


def _typed(value: str | None) -> TypedValue | None:
    if value is None:
        return None
    kind, semicolon, rest = value.partition(";")
    if not semicolon:
        return TypedValue("", value.strip())
    return TypedValue(kind.strip(), rest.strip())


def _recipient(fields: list[tuple[str, str]], index: int,
               warnings: list[DSNWarning]) -> RecipientStatus:
    values = _single(fields, index, warnings)
    for name, section in (("Final-Recipient", "2.3.2"), ("Action", "2.3.3"),
                          ("Status", "2.3.4")):
        if name.lower() not in values:
            warnings.append(DSNWarning("missing-field", f"no {name} field (RFC 3464 "
                                       f"s{section})", index))
    for name, section in (("Original-Recipient", "2.3.1"), ("Final-Recipient", "2.3.2")):
        typed = values.get(name.lower())
        kind, semicolon, _ = (typed or "").partition(";")
        if typed and (not semicolon or not kind.strip()):
            warnings.append(DSNWarning(
                "missing-address-type", f"{name} {quote(typed)} has no address type "
                f"(RFC 3464 s{section}: address-type \";\" generic-address, such as "
                "\"rfc822; user@example.com\")", index))
    action = values.get("action")
    if action is not None and action.lower() not in ACTIONS:
        warnings.append(DSNWarning("unknown-action", f"Action {action!r} is none of failed, "
                                   "delayed, delivered, relayed, expanded (RFC 3464 s2.3.3)",
                                   index))
    status = None
    status_text = values.get("status")
    if status_text is not None:
        status = parse_status_value(status_text)
        if status is None:
            warnings.append(DSNWarning("invalid-status", f"Status {status_text!r} is not an "
                                       "enhanced status code (RFC 3464 s2.3.4, RFC 3463 s2)",
                                       index))
    if status is not None and action is not None:
        mismatch = _action_mismatch(action.lower(), status)
        if mismatch:
            warnings.append(DSNWarning("action-status-mismatch", mismatch, index))
    diagnostic = _typed(values.get("diagnostic-code"))
    if status is not None and diagnostic is not None and diagnostic.type.lower() == "smtp":
        reply_code, code = smtp_diagnostic(diagnostic.value)
        other = (reply_code // 100 if reply_code is not None
                 else code.status_class.value if code is not None else None)
        if other is not None and other != status.status_class.value:
            said = reply_code if reply_code is not None else code
            warnings.append(DSNWarning(
                "status-diagnostic-class", f"Status {status} has class "
                f"{status.status_class.value} but the Diagnostic-Code says {said} "
                "(RFC 3464 s2.3.4, s2.3.6)", index))
    return RecipientStatus(
        _typed(values.get("original-recipient")), _typed(values.get("final-recipient")),
        action, status, _typed(values.get("remote-mta")), diagnostic,
        values.get("last-attempt-date"), values.get("final-log-id"),
        values.get("will-retry-until"), tuple(fields))


def _action_mismatch(action: str, status: StatusCode) -> str | None:
    # RFC 3464 s2.3.3 and s2.3.4: delivered, relayed and expanded report success (2.X.X);
    # delayed is transient (4.X.X); failed is 5.X.X, or 4.X.X when the MTA gave up on a
    # transient failure (the note in s2.3.3), which is legal.
    klass = status.status_class.value
    if action == "relayed" and status.subject == 6:
        # The note in s2.3.3: a gateway that relays with some loss of information in a
        # conversion reports the conversion's code (RFC 3463 s3.7, X.6.X) with "relayed".
        return None
    if action in ("delivered", "relayed", "expanded") and klass != 2:
        return f"Action {action} with Status {status}, which is no 2.X.X success (RFC 3464 s2.3.3)"
    if action == "failed" and klass == 2:
        return f"Action failed with Status {status}, a success (RFC 3464 s2.3.3)"
    if action == "delayed" and klass != 4:
        return (f"Action delayed with Status {status}; a delay is transient, 4.X.X "
                "(RFC 3464 s2.3.3)")
    return None


def parse_status_value(text: str) -> StatusCode | None:
    """A Status field value: the code, perhaps followed by a comment, right after it or
    after white space ("5.1.1(unknown user)", "5.1.1 (unknown)": RFC 3464 s2.3.4)."""
    found = _STATUS_VALUE.match(text)
    if found is None:
        return None
    try:
        return StatusCode.parse(found.group(1))
    except InvalidStatusCode:
        return None


def smtp_diagnostic(text: str) -> tuple[int | None, StatusCode | None]:
    """The reply code and enhanced code an smtp Diagnostic-Code starts with (RFC 3464
    s2.3.6: the reply as received, multi-line replies folded into one value)."""
    match = _REPLY_START.match(text)
    if match is not None:
        code = match.group(2)
        return int(match.group(1)), _code(code) if code else None
    match = _CODE_START.match(text)
    if match is not None:
        return None, _code(match.group(1))
    return None, None


def _code(text: str) -> StatusCode | None:
    try:
        return StatusCode.parse(text)
    except InvalidStatusCode:
        return None


def decode_address(typed: TypedValue) -> str:
    """The address of a Final- or Original-Recipient, decoded.

    - ``utf-8`` (RFC 6533 s3): raw UTF-8, or ``\\x{HEX}`` escapes of Unicode scalar values;
    - ``rfc822`` and others: RFC 3461 s4 xtext ``+HH`` escapes are decoded where they can
      only be xtext (upper-case hex of "+", "=", a control or space, or valid UTF-8
      bytes), so plus addressing such as ``user+1a@`` stays as is.

    Angle brackets around the address are removed.
    """
    value = typed.value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip()
    if typed.type.lower() == "utf-8":
        return _EMBEDDED.sub(_unicode_scalar, value)
    if "+" in value:
        value = _XTEXT.sub(_xtext, value)
    return value


def _unicode_scalar(match: re.Match[str]) -> str:
    point = int(match.group(1), 16)
    if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
        return match.group(0)
    return chr(point)


def _xtext(match: re.Match[str]) -> str:
    run = match.group(0)
    raw = bytes(int(run[index + 1:index + 3], 16) for index in range(0, len(run), 3))
    if all(byte < 0x21 or byte in (0x2B, 0x3D) for byte in raw):
        return raw.decode("ascii")
    if all(byte >= 0x80 for byte in raw):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return run
    return run
