"""What a status code, reply code or whole reply means, as data and as text.

``explain`` returns the JSON-ready form (schema/explain.schema.json); ``render_text`` lays it
out for people. The command line around them is ``__main__.py``.
"""

from __future__ import annotations

from typing import Any

from ._text import escape
from .reasons import ADVICE_TEXT, Classification, classify, definition
from .replies import ReplyCode
from .reply import InvalidReply, Reply, parse_reply
from .status import InvalidStatusCode, StatusCode
from .vendors import citation
from .vocabulary import RETRY_TEXT, retry_of_digit

_REPLY_SOURCES = "RFC 5321 s4.2.2-4.2.3, RFC 4954, RFC 7504"


class Unexplainable(ValueError):
    """The input is neither a status code, a reply code nor an SMTP reply."""


def explain(text: str) -> dict[str, Any]:
    """A JSON-ready explanation of one input (see schema/explain.schema.json)."""
    stripped = text.strip()
    if not stripped:
        raise Unexplainable("nothing to explain: give a status code, a reply code or a reply")
    if stripped.isascii() and stripped.isdigit() and len(stripped) == 3:
        return _reply_code_explanation(stripped, int(stripped))
    if "." in stripped and " " not in stripped and "-" not in stripped:
        try:
            status = StatusCode.parse(stripped)
        except InvalidStatusCode as error:
            raise Unexplainable(str(error)) from None
        return {"input": stripped, "kind": "status_code", "status": status.as_dict(),
                "reply_code": None, "retry": retry_of_digit(status.status_class.value),
                "lines": [], "warnings": [], "vendor": None, "retry_by": "status_class",
                **_reason(classify(status))}
    try:
        reply = parse_reply(text)
    except InvalidReply as error:
        raise Unexplainable(f"not an SMTP reply: {error}") from None
    return _reply_explanation(stripped, reply)


def _reply_code_explanation(text: str, code: int) -> dict[str, Any]:
    first = code // 100
    if not 2 <= first <= 5:
        raise Unexplainable(f"{code} is not an SMTP reply code: the first digit must be 2 to 5")
    return {"input": text, "kind": "reply_code", "status": None,
            "reply_code": _reply_code(code), "retry": retry_of_digit(first),
            "lines": [], "warnings": [], "vendor": None, "retry_by": "reply_code",
            **_reason(classify(reply_code=code))}


def _reply_explanation(text: str, reply: Reply) -> dict[str, Any]:
    vendor = reply.vendor
    # Where the provider documents the code, its word on permanence wins (it knows its own).
    if vendor is not None:
        retry, retry_by = ("no" if vendor.permanent else "yes"), "vendor"
    else:
        retry, retry_by = retry_of_digit(reply.code // 100), "reply_code"
    return {"input": text, "kind": "reply",
            "status": None if reply.status is None else reply.status.as_dict(),
            "reply_code": _reply_code(reply.code), "retry": retry,
            "lines": list(reply.lines), "warnings": list(reply.warnings),
            "vendor": None if vendor is None else vendor.as_json(),
            "retry_by": retry_by, **_reason(reply.classification)}


def _reason(found: Classification) -> dict[str, Any]:
    """The reason fields of explain --json, named as BouncedRecipient names them."""
    return {"reason": found.reason, "hard_bounce": found.hard, "advice": found.advice,
            "reason_rule": found.rule}


def _reply_code(code: int) -> dict[str, Any]:
    try:
        member = ReplyCode(code)
    except ValueError:
        return {"code": code, "name": None, "known": False, "defined": False, "text": None,
                "description": f"{code} is not defined by any RFC this package knows "
                               f"({_REPLY_SOURCES}), nor listed by IANA's registry.",
                "references": [], "enhanced_codes": []}
    return {"code": code, "name": member.name, "known": True, "defined": member.defined,
            "text": member.text, "description": member.description,
            "references": list(member.references),
            "enhanced_codes": [enhanced.value for enhanced in member.enhanced_codes]}


def render_text(result: dict[str, Any]) -> str:
    """The human-readable form of an explanation."""
    out: list[str] = []
    if result["reply_code"] is not None:
        out += _reply_lines(result["reply_code"])
    if result["status"] is not None:
        out += _status_lines(result["status"])
    vendor = result["vendor"]
    if vendor is not None:
        out += _vendor_lines(vendor)
        word = "permanent" if vendor["permanent"] else "transient"
        out.append(f"retry: {result['retry']} ({vendor['provider_name']} treats "
                   f"{vendor['code']} as {word})")
    else:
        out.append(f"retry: {result['retry']} ({RETRY_TEXT[result['retry']]})")
    out += reason_lines(result["reason"], result["hard_bounce"], result["advice"],
                        result["reason_rule"])
    # The reply's own text is escaped: a hostile reply must not drive the terminal.
    out += [f"text: {escape(line)}" for line in result["lines"]]
    out += [f"warning: {escape(warning)}" for warning in result["warnings"]]
    return "\n".join(out) + "\n"


def reason_lines(reason: str, hard: bool, advice: str, rule: str) -> list[str]:
    """Why (the reason, its definition and the rule that decided) and what to do."""
    return [f"reason: {reason} (rule {rule}): {definition(reason)}",
            f"advice: {ADVICE_TEXT[advice]}"]


def _vendor_lines(vendor: dict[str, Any]) -> list[str]:
    lines = [f"vendor {vendor['provider_name']}: {vendor['code']}"]
    if vendor["match_text"] is not None:
        lines.append(f"  told apart by the reply text: \"{vendor['match_text']}\"")
    lines += [f"  meaning: {vendor['meaning']}", f"  reason: {vendor['reason']}"]
    if vendor["differs_from_iana"] is not None:
        lines.append(f"  differs from IANA's meaning: {vendor['differs_from_iana']}")
    if vendor["known_inconsistency"] is not None:
        lines.append(f"  inconsistent: {vendor['known_inconsistency']}")
    lines.append("  source: " + citation(vendor["source"], vendor["source_kind"],
                                          vendor["primary_source"], vendor["seen"]))
    return lines


def _reply_lines(reply: dict[str, Any]) -> list[str]:
    code = reply["code"]
    if not reply["known"]:
        return [f"reply code {code}: {reply['description']}"]
    if not reply["defined"]:
        head = (f"reply code {code} ({reply['name']}): not defined by any RFC this package "
                f"knows; IANA's registry only cites it")
    else:
        text = reply["text"] or "(no fixed text)"
        head = f"reply code {code} ({reply['name']}): {text}"
    lines = [head, f"  meaning: {reply['description']}"]
    if reply["references"]:
        lines.append(f"  defined in: {'; '.join(reply['references'])}")
    if reply["enhanced_codes"]:
        lines.append(f"  enhanced codes IANA pairs with it: {', '.join(reply['enhanced_codes'])}")
    return lines


def _status_lines(status: dict[str, Any]) -> list[str]:
    cls = status["class"]
    lines = [f"status code {status['code']}",
             f"  class {cls['value']}: {cls['summary']}"]
    subject = status["subject"]
    if subject is None:
        lines.append(f"  subject {status['subject_value']}: not registered")
    else:
        lines.append(f"  subject {subject['value']}: {subject['summary']}")
    enhanced = status["enhanced"]
    if enhanced is None:
        lines.append(f"  detail {status['detail']}: not registered")
        fallen = (f"class {cls['value']} ({cls['summary']})" if subject is None
                  else f"subject X.{subject['value']}.YYY ({subject['summary']})")
        lines.append(f"  {status['code']} is not registered; falling back to the {fallen}, "
                     "as RFC 3463 s2 directs")
        return lines
    lines.append(f"  detail {status['detail']}: {enhanced['sample_text'] or '(no sample text)'}"
                 f" ({enhanced['code']}, {enhanced['name']})")
    lines.append(f"  meaning: {enhanced['description']}")
    if enhanced["deprecated"]:
        lines.append("  deprecated")
    basic = enhanced["basic_code"] or "not given"
    lines.append(f"  associated basic codes: {basic}")
    lines.append(f"  used with classes: {', '.join(map(str, enhanced['classes']))}")
    lines.append(f"  references: {', '.join(enhanced['references'])}")
    return lines
