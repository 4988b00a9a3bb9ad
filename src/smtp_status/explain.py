"""What a status code, reply code or whole reply means, as data and as text.

``explain`` returns the JSON-ready form (schema/explain.schema.json); ``render_text`` lays it
out for people. The command line around them is ``__main__.py``.
"""

from __future__ import annotations

from typing import Any

from ._bases import RETRY as _RETRY
from ._text import escape
from .enums import EnhancedCode, StatusClass, Subject
from .reasons import ADVICE_TEXT, Classification, classify, definition
from .replies import ReplyCode
from .reply import InvalidReply, Reply, parse_reply
from .status import InvalidStatusCode, StatusCode
from .vendors import citation

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
        return {"input": stripped, "kind": "status_code", "status": _status(status),
                "reply_code": None, "retry": _RETRY[status.status_class.value][0],
                "lines": [], "warnings": [], "vendor": None, "retry_by": "status_class",
                **_reason(classify(status))}
    try:
        reply = parse_reply(text)
    except InvalidReply as error:
        raise Unexplainable(f"not an SMTP reply: {error}") from None
    return _reply_explanation(stripped, reply)


def _reply_code_explanation(text: str, code: int) -> dict[str, Any]:
    first = code // 100
    if first not in _RETRY:
        raise Unexplainable(f"{code} is not an SMTP reply code: the first digit must be 2 to 5")
    return {"input": text, "kind": "reply_code", "status": None,
            "reply_code": _reply_code(code), "retry": _RETRY[first][0],
            "lines": [], "warnings": [], "vendor": None, "retry_by": "reply_code",
            **_reason(classify(reply_code=code))}


def _reply_explanation(text: str, reply: Reply) -> dict[str, Any]:
    vendor = reply.vendor
    # Where the provider documents the code, its word on permanence wins (it knows its own).
    if vendor is not None:
        retry, retry_by = ("permanent" if vendor.permanent else "transient"), "vendor"
    else:
        retry, retry_by = _RETRY[reply.code // 100][0], "reply_code"
    return {"input": text, "kind": "reply",
            "status": None if reply.status is None else _status(reply.status),
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


def _status(status: StatusCode) -> dict[str, Any]:
    meaning = status.meaning
    subject = Subject._value2member_map_.get(status.subject)
    enhanced = status.enhanced_code
    # RFC 3463 s2: report the class even when the subject is unknown, and the subject
    # even when the detail is unknown.
    fallback = ("code" if isinstance(meaning, EnhancedCode)
                else "subject" if isinstance(meaning, Subject) else "class")
    return {
        "code": str(status),
        "class": _part(status.status_class),
        "subject": None if subject is None else _part(subject),  # type: ignore[arg-type]
        "subject_value": status.subject,
        "detail": status.detail,
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


def _part(member: StatusClass | Subject) -> dict[str, Any]:
    return {"value": member.value, "name": member.name, "summary": member.summary,
            "description": member.description}


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
        verdict, word = ("no", "permanent") if vendor["permanent"] else ("yes", "transient")
        out.append(f"retry: {verdict}: {vendor['provider_name']} treats {vendor['code']} as "
                   f"{word}")
    else:
        out.append(f"retry: {_RETRY_TEXT[result['retry']]}")
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


_RETRY_TEXT = dict(_RETRY.values())


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
