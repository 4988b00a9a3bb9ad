"""read_bounce never raises on arbitrary or mutated input; DSNs round-trip field-exact."""

from __future__ import annotations

from email import policy
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smtp_status.bounce import BOUNCE_KINDS, Bounce, read_bounce, read_bounces
from smtp_status.dsn import TypedValue, parse_dsn
from smtp_status.status import StatusCode

FIXTURES = Path(__file__).parent / "fixtures" / "bounces"
SAMPLES = sorted(path.read_bytes() for path in FIXTURES.iterdir())


def check(bounce: Bounce) -> None:
    assert isinstance(bounce, Bounce)
    for recipient in bounce.recipients:
        assert recipient.address
        assert recipient.retry in ("no", "yes", "wait", "done", "unknown")
        assert recipient.source in ("dsn", "text", "feedback", "headers")
    assert bounce.kind in BOUNCE_KINDS
    assert all(warning.code != "unreadable-message" for warning in bounce.warnings)


def sent_to(fields: dict[str, str]) -> str:
    final = fields["Final-Recipient"].partition("; ")[2]
    kind, _, original = fields.get("Original-Recipient", "").partition(";")
    original = original.strip()
    return original if kind.lower() == "rfc822" and original.lower() != final.lower() else final


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4000))
def test_arbitrary_bytes(data: bytes) -> None:
    check(read_bounce(data))
    for bounce in read_bounces(data):
        check(bounce)


@settings(max_examples=300)
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    check(read_bounce(text))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLES), st.integers(0, 10**6), st.binary(max_size=40),
       st.sampled_from([policy.compat32, policy.default]))
def test_messages_parsed_by_email_from_mutated_bytes(sample: bytes, where: int, junk: bytes,
                                                     chosen: policy.Policy) -> None:
    import email

    index = where % (len(sample) + 1)
    data = sample[:index] + junk + sample[index:]
    check(read_bounce(email.message_from_bytes(data, policy=chosen)))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLES), st.data())
def test_mutated_fixtures(sample: bytes, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(["truncate", "flip", "boundary", "insert", "delete"]))
    if kind == "truncate":
        mutated = sample[:data.draw(st.integers(0, len(sample)))]
    elif kind == "flip":
        mutated = bytearray(sample)
        for _ in range(data.draw(st.integers(1, 20))):
            index = data.draw(st.integers(0, len(mutated) - 1))
            mutated[index] = data.draw(st.integers(0, 255))
        mutated = bytes(mutated)
    elif kind == "boundary":
        # Break or drop boundaries and their lines: "--" lines lose characters.
        mutated = sample.replace(b"\n--", data.draw(st.sampled_from(
            [b"\n-", b"\n", b"\n---", b"\n--x", b"\n-- "])))
    elif kind == "insert":
        index = data.draw(st.integers(0, len(sample)))
        mutated = sample[:index] + data.draw(st.binary(min_size=1, max_size=50)) + sample[index:]
    else:
        start = data.draw(st.integers(0, len(sample)))
        mutated = sample[:start] + sample[start + data.draw(st.integers(1, 200)):]
    check(read_bounce(mutated))


def _text(alphabet: str, min_size: int = 1, max_size: int = 20) -> st.SearchStrategy[str]:
    return st.text(alphabet, min_size=min_size, max_size=max_size)


ATOM = "abcdefghijklmnopqrstuvwxyz0123456789-"
LOCAL = st.builds(lambda a, b: a + b, _text("abcdefghijklmnopqrstuvwxyz", 1, 1),
                  _text(ATOM + "._", 0, 12))
DOMAIN = st.builds(lambda labels: ".".join(labels),
                   st.lists(_text("abcdefghijklmnopqrstuvwxyz0123456789", 1, 10), min_size=2,
                            max_size=4))
ADDRESS = st.builds(lambda local, domain: f"{local}@{domain}", LOCAL, DOMAIN)
WORDS = st.builds(" ".join, st.lists(_text("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789<>@.,:()",
                                           1, 12), min_size=1, max_size=12))
STATUS = st.builds(lambda c, s, d: f"{c}.{s}.{d}", st.sampled_from("245"),
                   st.integers(0, 999), st.integers(0, 999))
ACTION = st.sampled_from(["failed", "delayed", "delivered", "relayed", "expanded"])
DATE = st.builds(lambda day, hour, zone: f"Mon, {day} Dec 2024 {hour:02d}:00:00 {zone}",
                 st.integers(1, 28), st.integers(0, 23), st.sampled_from(["+0000", "-0800",
                                                                           "+0530"]))
GROUP = st.fixed_dictionaries({
    "Final-Recipient": st.builds(lambda a: f"rfc822; {a}", ADDRESS),
    "Action": ACTION,
    "Status": STATUS,
}, optional={
    "Original-Recipient": st.builds(lambda a: f"rfc822;{a}", ADDRESS),
    "Remote-MTA": st.builds(lambda d: f"dns; {d}", DOMAIN),
    "Diagnostic-Code": st.builds(lambda code, words: f"smtp; {code} {words}",
                                 st.sampled_from(["550", "451", "250", "552"]), WORDS),
    "Last-Attempt-Date": DATE,
    "Final-Log-ID": _text(ATOM, 1, 16),
    "Will-Retry-Until": DATE,
    "X-Extension": WORDS,
})
PER_MESSAGE = st.fixed_dictionaries({
    "Reporting-MTA": st.builds(lambda d: f"dns; {d}", DOMAIN),
}, optional={
    "Original-Envelope-Id": _text(ATOM, 1, 20),
    "DSN-Gateway": st.builds(lambda d: f"dns; {d}", DOMAIN),
    "Received-From-MTA": st.builds(lambda d: f"dns; {d}", DOMAIN),
    "Arrival-Date": DATE,
})


def typed(value: str | None) -> TypedValue | None:
    if value is None:
        return None
    kind, _, rest = value.partition(";")
    return TypedValue(kind.strip(), rest.strip())


@settings(max_examples=200, deadline=None)
@given(PER_MESSAGE, st.lists(GROUP, min_size=1, max_size=5), st.booleans())
def test_dsn_built_with_email_message_reads_back_field_exact(
        per_message: dict[str, str], groups: list[dict[str, str]], crlf: bool) -> None:
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = "MAILER-DAEMON@example.net"
    report.attach(MIMEText("Delivery report.\n"))
    status = Message()
    status["Content-Type"] = "message/delivery-status"
    blocks = []
    for fields in [per_message, *groups]:
        block = Message()
        for name, value in fields.items():
            block[name] = value
        blocks.append(block)
    status.set_payload(blocks)
    report.attach(status)
    data = report.as_bytes(policy=policy.compat32)
    if crlf:
        data = data.replace(b"\n", b"\r\n")
    dsn = parse_dsn(data)
    assert dsn.reporting_mta == typed(per_message["Reporting-MTA"])
    assert dsn.original_envelope_id == per_message.get("Original-Envelope-Id")
    assert dsn.dsn_gateway == typed(per_message.get("DSN-Gateway"))
    assert dsn.received_from_mta == typed(per_message.get("Received-From-MTA"))
    assert dsn.arrival_date == per_message.get("Arrival-Date")
    assert dsn.fields == tuple(per_message.items())
    assert len(dsn.recipients) == len(groups)
    for recipient, fields in zip(dsn.recipients, groups, strict=True):
        assert recipient.fields == tuple(fields.items())
        assert recipient.final_recipient == typed(fields["Final-Recipient"])
        assert recipient.original_recipient == typed(fields.get("Original-Recipient"))
        assert recipient.action == fields["Action"]
        assert recipient.status == StatusCode.parse(fields["Status"])
        assert recipient.remote_mta == typed(fields.get("Remote-MTA"))
        assert recipient.diagnostic_code == typed(fields.get("Diagnostic-Code"))
        assert recipient.last_attempt_date == fields.get("Last-Attempt-Date")
        assert recipient.final_log_id == fields.get("Final-Log-ID")
        assert recipient.will_retry_until == fields.get("Will-Retry-Until")
    assert {warning.code for warning in dsn.warnings} <= {"action-status-mismatch",
                                                          "status-diagnostic-class"}
    bounce = read_bounce(data)
    # The address sent to: an rfc822 Original-Recipient that is not the Final-Recipient's
    # mailbox wins; both stay on the recipient.
    assert [(r.address, r.final_recipient) for r in bounce.recipients] == [
        (sent_to(fields), fields["Final-Recipient"].partition("; ")[2]) for fields in groups]
