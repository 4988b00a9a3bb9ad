"""``as_dict()`` of Bounce, BouncedRecipient, Reply and StatusCode: JSON-ready, the shapes
the shipped schemas describe, and the very objects the commands print."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

from smtp_status import StatusCode, parse_reply, read_bounce
from smtp_status.explain import explain
from smtp_status.vocabulary import ACTIONS, RETRY_TEXT, RETRY_VERDICTS

from .conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures" / "bounces"
BOUNCE = json.loads((REPO / "schema" / "bounce.schema.json").read_text("utf-8"))
EXPLAIN = json.loads((REPO / "schema" / "explain.schema.json").read_text("utf-8"))


def validator(schema: dict[str, object], definition: str) -> jsonschema.Draft202012Validator:
    """A validator for one of the schema's $defs, its references resolved in the schema."""
    from referencing import Registry, Resource

    registry: Registry[Any] = Registry().with_resource(
        str(schema["$id"]), Resource.from_contents(schema))
    return jsonschema.Draft202012Validator(
        {"$ref": f"{schema['$id']}#/$defs/{definition}"}, registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def test_every_fixture_bounce_and_recipient_dumps_to_its_schema() -> None:
    bounces = validator(BOUNCE, "bounce")
    recipients = validator(BOUNCE, "recipient")
    count = 0
    for path in sorted(FIXTURES.glob("*.eml")):
        bounce = read_bounce(path.read_bytes())
        data = json.loads(json.dumps(bounce.as_dict()))
        assert list(bounces.iter_errors(data)) == [], path.name
        for recipient, dumped in zip(bounce.recipients, data["recipients"], strict=True):
            assert json.loads(json.dumps(recipient.as_dict())) == dumped
            assert list(recipients.iter_errors(dumped)) == []
            count += 1
    assert count > 40


def test_recipient_as_dict() -> None:
    bounce = read_bounce((FIXTURES / "global_dsn.eml").read_bytes())
    assert bounce.recipients[1].as_dict() == {
        "address": "jörg@bücher.example", "original_recipient": "jörg@bücher.example",
        "final_recipient": "jörg@bücher.example",
        "action": "delayed", "status": "4.2.2", "effective_status": "4.2.2",
        "meaning": "Mailbox full", "reply_code": 452, "remote_mta": None,
        "diagnostic_type": "smtp", "diagnostic": "452 4.2.2 mailbox full",
        "smtp_command": None, "last_attempt": "2024-12-02T18:00:00+09:00",
        "will_retry_until": "2024-12-05T18:00:00+09:00",
        "permanent": False, "retry": "wait", "verdict_by": "report", "vendor": None,
        "source": "dsn", "reason": "mailbox-full", "hard_bounce": False, "advice": "retry",
        "reason_rule": "text-mailbox-full", "warnings": []}
    assert {key: value for key, value in bounce.as_dict().items() if key != "recipients"} == {
        "kind": "failure", "reporting_mta": "mx.example.jp",
        "arrival_date": "2024-12-02T18:00:00+09:00", "original_envelope_id": None,
        "original": {"message_id": None, "subject": "hello", "from": "alice@example.net",
                     "to": "用户@例子.广告, jörg@bücher.example", "date": None, "list_id": None,
                     "form": "message/global-headers",
                     "headers": [["From", "alice@example.net"],
                                 ["To", "用户@例子.广告, jörg@bücher.example"],
                                 ["Subject", "hello"]]},
        "feedback": None, "is_bounce": True, "warnings": []}


def test_status_code_and_reply_as_dict_are_what_explain_prints() -> None:
    status = StatusCode.parse("5.7.999")
    assert status.as_dict() == explain("5.7.999")["status"]
    assert status.as_dict()["fallback"] == "subject"
    reply = parse_reply("550-5.1.1 no such user\r\n550 5.1.2 here\r\n")
    data = reply.as_dict()
    assert data == {"code": 550, "status": StatusCode.parse("5.1.1").as_dict(),
                    "lines": ["no such user", "here"],
                    "warnings": ["line 2 carries enhanced code 5.1.2, line 1 carries 5.1.1"],
                    "vendor": None}
    assert list(validator(EXPLAIN, "reply").iter_errors(json.loads(json.dumps(data)))) == []
    assert list(validator(EXPLAIN, "status").iter_errors(status.as_dict())) == []


def test_one_retry_vocabulary_in_both_schemas() -> None:
    expected = {"enum": list(RETRY_VERDICTS),
                "description": "; ".join(f"{key}: {text}" for key, text in RETRY_TEXT.items())
                + " (smtp_status.vocabulary.Retry)."}
    assert BOUNCE["$defs"]["retry"] == EXPLAIN["$defs"]["retry"] == expected
    assert BOUNCE["properties"]["retry"]["oneOf"] == [{"type": "null"},
                                                      {"$ref": "#/$defs/retry"}]
    assert BOUNCE["$defs"]["recipient"]["properties"]["retry"] == {"$ref": "#/properties/retry"}
    assert EXPLAIN["properties"]["retry"]["$ref"] == "#/$defs/retry"
    assert BOUNCE["$defs"]["action"] == {"enum": list(ACTIONS)}
    assert list(RETRY_TEXT) == list(RETRY_VERDICTS)
