"""The vendor layer: Microsoft 365's and Google's own codes beside IANA's, recognised only
from the provider's hosts and markers, in the API, explain and its JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from smtp_status import StatusCode, parse_reply
from smtp_status.vendors import VendorCode, lookup_vendor, provider_of

from .conftest import MARKDOWN, REPO, assert_invalid, run_cli

M365_BLOCK = ("550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal "
              "from this list please visit https://sender.office.com/ and follow the "
              "directions. AS(1430) [BN8NAM12FT046.eop-nam12.prod.protection.outlook.com]")
M365_THROTTLE = ("451 4.7.550 Access denied, please try again later. AS(8561) "
                 "[DM6NAM12FT022.eop-nam12.prod.protection.outlook.com]")
M365_QUOTA = ("550 5.2.2 Submission quota exceeded. "
              "[HE1EUR01FT012.eop-EUR01.prod.protection.outlook.com]")
GMAIL_TEMPORARY = "421 4.7.0 Try again later, closing connection. (EHLO) a1si123.77 - gsmtp"
GMAIL_OVERLOAD = "421 4.7.0 Please wait, we are busy. a1si123.77 - gsmtp"
# The two Gmail replies the vendor issue named, around the phrases sisimai's Google table and
# public bounce reports quote.
GMAIL_SPF = "550 5.7.27 Gmail requires all senders to authenticate with SPF. a1si12.77 - gsmtp"
GMAIL_RATE = ("421-4.7.28 Gmail has detected an unusual rate of mail originating from your SPF\r\n"
              "421-4.7.28 domain [11690999.brevosend.com      35]. To protect our users from\r\n"
              "421-4.7.28 spam, mail sent from your domain has been temporarily rate limited.\r\n"
              "421 4.7.28 https://support.google.com/mail/?p=UnsolicitedRateLimitError - gsmtp\r\n")
GOOGLE_PAGE = "https://support.google.com/a/answer/3726730"
SISIMAI = ("https://github.com/sisimai/go-sisimai/blob/0068fc805a409e5f3d2797f7a7f000387d473c33/"
           "rhost/for-google.go")
AS_RECORDED = f"  source: {GOOGLE_PAGE}, as recorded by {SISIMAI} (seen 2026-12-03)"
UNKNOWN_HOST = "550 5.2.2 Submission quota exceeded. [mx.example.net]"
NDR_PAGE = ("https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/"
            "non-delivery-reports-in-exchange-online")


def explain(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "smtp_status", "explain", *arguments],
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          check=False)


def vendor_part(output: str) -> list[str]:
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(("vendor ", "retry:")))
    end = next(i for i, line in enumerate(lines) if line.startswith("retry:"))
    return lines[start:end + 1]


@pytest.mark.parametrize(("reply", "expected"), [
    (M365_BLOCK, [
        "vendor Microsoft 365 / Exchange Online: 5.7.606-5.7.649",
        "  meaning: The sending IP is on Microsoft's blocked senders list; the delist portal "
        "can remove it.",
        "  reason: blocked",
        "  source: https://learn.microsoft.com/en-us/microsoft-365/security/"
        "office-365-security/use-the-delist-portal-to-remove-yourself-from-the-office-365-"
        "blocked-senders-lis (seen 2023-06-20)",
        "retry: no (Microsoft 365 / Exchange Online treats 5.7.606-5.7.649 as permanent)"]),
    (M365_THROTTLE, [
        "vendor Microsoft 365 / Exchange Online: 4.7.500-4.7.699",
        "  meaning: The sending IP is throttled for now because its volume or pattern changed "
        "sharply (graylisting).",
        "  reason: rate-limited",
        "  source: https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/"
        "fix-error-code-451-4-7-500-699-asxxx-in-exchange-online (seen 2024-01-24)",
        "retry: yes (Microsoft 365 / Exchange Online treats 4.7.500-4.7.699 as transient)"]),
    (M365_QUOTA, [
        "vendor Microsoft 365 / Exchange Online: 5.2.2",
        "  meaning: The sender went over its recipient-rate or message-rate sending limit "
        "(submission quota).",
        "  reason: rate-limited",
        "  differs from IANA's meaning: IANA X.2.2 is a full recipient mailbox; here it is the "
        "sender's submission quota.",
        f"  source: {NDR_PAGE} (seen 2024-03-08)",
        "retry: no (Microsoft 365 / Exchange Online treats 5.2.2 as permanent)"]),
    (GMAIL_OVERLOAD, [  # no variant's text: the code's general entry, from Google's own page
        "vendor Google (Gmail, Google Workspace): 4.7.0",
        "  meaning: Temporary refusal: IP not allowed or TLS required for the recipient "
        "domain, spam-like IP rate, or overload.",
        "  reason: blocked",
        f"  source: {GOOGLE_PAGE} (seen 2026-12-01)",
        "retry: yes (Google (Gmail, Google Workspace) treats 4.7.0 as transient)"]),
    (GMAIL_TEMPORARY, [
        "vendor Google (Gmail, Google Workspace): 4.7.0",
        '  told apart by the reply text: "try again later, closing connection"',
        "  meaning: The connection was closed early, usually a sign of too many connections at "
        "the HELO stage.",
        "  reason: too-many-connections",
        AS_RECORDED,
        "retry: yes (Google (Gmail, Google Workspace) treats 4.7.0 as transient)"]),
    (GMAIL_SPF, [
        "vendor Google (Gmail, Google Workspace): 5.7.27",
        "  meaning: SPF did not pass, which Gmail requires of bulk senders, so the message is "
        "blocked.",
        "  reason: authentication",
        "  differs from IANA's meaning: IANA X.7.27 means the sender address has a null MX; "
        "Gmail uses it for a failed SPF check.",
        AS_RECORDED,
        "retry: no (Google (Gmail, Google Workspace) treats 5.7.27 as permanent)"]),
    (GMAIL_RATE, [
        "vendor Google (Gmail, Google Workspace): 4.7.28",
        '  told apart by the reply text: "your SPF domain"',
        "  meaning: Gmail saw an unusual rate of mail from the SPF (envelope) domain and slows "
        "it down for now.",
        "  reason: rate-limited",
        AS_RECORDED,
        "retry: yes (Google (Gmail, Google Workspace) treats 4.7.28 as transient)"]),
    (UNKNOWN_HOST, ["retry: no (permanent failure: resending as is will fail again)"]),
], ids=["m365-block", "m365-throttle", "m365-collision", "gmail-general", "gmail-variant",
        "gmail-spf", "gmail-rate", "unknown-host"])
def test_explain_shows_the_providers_meaning_beside_ianas(reply: str,
                                                          expected: list[str]) -> None:
    result = explain(reply)
    assert (result.returncode, result.stderr) == (0, "")
    assert vendor_part(result.stdout) == expected
    # IANA's own explanation is still all there.
    assert f"status code {reply[4:].split()[0]}" in result.stdout.splitlines()


def test_explain_json_carries_the_vendor_and_whose_word_the_retry_is() -> None:
    schema = json.loads((REPO / "schema" / "output" / "explain.schema.json").read_text("utf-8"))
    documents = {}
    for name, reply in (("quota", M365_QUOTA), ("unknown", UNKNOWN_HOST), ("rate", GMAIL_RATE)):
        result = explain("--json", reply)
        documents[name] = json.loads(result.stdout)
        jsonschema.Draft202012Validator(schema).validate(documents[name])
    assert documents["quota"]["vendor"] == {
        "provider": "microsoft", "provider_name": "Microsoft 365 / Exchange Online",
        "code": "5.2.2",
        "meaning": "The sender went over its recipient-rate or message-rate sending limit "
                   "(submission quota).",
        "permanent": True, "reply_codes": None, "source": NDR_PAGE, "seen": "2024-03-08",
        "differs_from_iana": "IANA X.2.2 is a full recipient mailbox; here it is the "
                             "sender's submission quota.",
        "known_inconsistency": None, "match_text": None, "reason": "rate-limited",
        "source_kind": "provider", "primary_source": None}
    assert (documents["quota"]["retry"], documents["quota"]["retry_by"]) == (
        "no", "vendor")
    rate: dict[str, object] = documents["rate"]["vendor"]
    assert {key: rate[key] for key in ("code", "reply_codes", "match_text", "reason", "source",
                                       "source_kind", "primary_source", "seen")} == {
        "code": "4.7.28", "reply_codes": [421], "match_text": "your SPF domain",
        "reason": "rate-limited", "source": SISIMAI, "source_kind": "secondary",
        "primary_source": GOOGLE_PAGE, "seen": "2026-12-03"}
    assert documents["unknown"]["vendor"] is None
    assert (documents["unknown"]["retry"], documents["unknown"]["retry_by"]) == (
        "no", "reply_code")
    assert explain("--json", "5.2.2").stdout.count('"vendor": null') == 1


def test_lookup_takes_the_provider_from_the_host_or_the_text_and_never_guesses() -> None:
    throttle = lookup_vendor("4.7.550", host="mail-dm6nam12.protection.outlook.com")
    assert isinstance(throttle, VendorCode)
    assert (throttle.provider, throttle.code, throttle.permanent, throttle.reply_codes) == (
        "microsoft", "4.7.500-4.7.699", False, (451,))
    assert lookup_vendor(StatusCode(4, 7, 699), host="PROTECTION.OUTLOOK.COM.") == throttle
    assert lookup_vendor("4.7.700", host="x.protection.outlook.com") is None  # past the range
    assert lookup_vendor("4.7.550") is None
    assert lookup_vendor("4.7.550", host="mx.example.net", text="no marker here") is None
    assert lookup_vendor("4.7.550", host="notprotection.outlook.com.example") is None
    assert lookup_vendor("not a code", host="x.protection.outlook.com") is None
    assert lookup_vendor("4.7.0", text="closing connection - gsmtp") == lookup_vendor(
        "4.7.0", host="mx.google.com")
    assert provider_of(text="see https://sender.office.com/ for help") == "microsoft"
    assert provider_of(text="relayed by mx.gmail.com.example.org") is None
    assert provider_of(text="gsmtpx") is None


def test_documents_says_whether_any_provider_has_an_entry_for_the_code() -> None:
    from smtp_status._generated.vendors import ENTRIES
    from smtp_status.vendors import documents

    for code in ("4.7.500", "4.7.550", "4.7.699", "5.7.26"):
        assert documents(StatusCode.parse(code)) is True
    for code in ("4.7.700", "5.9.999", "2.0.0"):
        assert documents(StatusCode.parse(code)) is False
    # Against the entries themselves: each end of every entry's span is documented, and
    # the code after its last is documented exactly when another span holds it.
    spans = [(tuple(row["first"]), tuple(row["last"])) for row in ENTRIES]
    for first, last in spans:
        assert documents(StatusCode(*first)) and documents(StatusCode(*last))
        after = (last[0], last[1], last[2] + 1)
        assert documents(StatusCode(*after)) is any(low <= after <= high for low, high in spans)


def test_a_reply_knows_its_vendor_from_its_own_text() -> None:
    vendor = parse_reply(M365_BLOCK).vendor
    assert vendor is not None and vendor.code == "5.7.606-5.7.649"
    assert parse_reply(UNKNOWN_HOST).vendor is None
    assert parse_reply("250 ok - gsmtp").vendor is None  # no enhanced code, nothing to look up


@pytest.mark.consumers
def test_the_docs_page_links_every_source_and_lists_every_collision() -> None:
    page = (REPO / "generated" / "docs" / "vendor-microsoft.md").read_text("utf-8")
    html = MARKDOWN.render(page)
    data = json.loads((REPO / "generated" / "json" / "smtp-vendor-codes.json").read_text())
    ours = [entry for entry in data["entries"] if entry["provider"] == "microsoft"]
    assert html.count("<tr>") == len(ours) + 1
    assert html.count(f'<a href="{NDR_PAGE}">') == sum(e["source"] == NDR_PAGE for e in ours)
    collisions = [entry for entry in ours if entry["differs_from_iana"]]
    section = page.split("## Where it differs from IANA", 1)[1]
    assert [line.split("**")[1] for line in section.splitlines() if line.startswith("- **")] == [
        entry["code"] for entry in collisions]
    assert "- **5.2.2** ([IANA's X.2.2](codes.md#x-2-2): Mailbox full): IANA X.2.2 is a full " \
           "recipient mailbox; here it is the sender's submission quota." in section


def test_the_published_json_matches_its_schema_and_the_registry() -> None:
    import yaml

    document = json.loads((REPO / "generated" / "json" / "smtp-vendor-codes.json").read_text())
    schema = json.loads((REPO / "schema" / "output" / "smtp-vendor-codes.schema.json").read_text())
    jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.FormatChecker()).validate(document)
    source = yaml.safe_load((REPO / "registry" / "vendor-codes.yaml").read_text("utf-8"))
    assert [(e["provider"], e["code"], e["meaning"].strip()) for e in document["entries"]] == [
        (e["provider"], e["code"], " ".join(e["meaning"].split())) for e in source["entries"]]
    assert {e["provider"] for e in document["entries"]} == {"microsoft", "google"}


BAD_ENTRY = """\
  - provider: {provider}
    code: {code}
    reply_codes: {replies}
    match_text: {match}
    meaning: Made up for a test.
    reason: {reason}
    permanent: true
    source: https://learn.microsoft.com/en-us/test
    source_kind: {kind}
{primary}{seen}    differs_from_iana: {differs}
    known_inconsistency: null
"""
PRIMARY = f"    primary_source: {GOOGLE_PAGE}\n"
ENTRY_DEFAULTS = {"provider": "microsoft", "code": "5.7.999", "replies": "[550]",
                  "match": "null", "reason": "blocked", "kind": "provider",
                  "primary": "    primary_source: null\n", "seen": '    seen: "2024-03-08"\n',
                  "differs": "null"}


def bad_registry(tmp_path: Path, **fields: str) -> Path:
    values = {**ENTRY_DEFAULTS, **fields}
    text = (REPO / "registry" / "vendor-codes.yaml").read_text("utf-8")
    head, _, _ = text.partition("entries:\n")
    text = head + "entries:\n" + BAD_ENTRY.format(**values)
    path = tmp_path / "vendor-codes.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("fields", "offset", "column", "message"), [
    ({"code": "5.7.01"}, 2, 11, "$.entries[0].code: '5.7.01' is not a class-specific code "
     "(5.7.606) or a rising range within one class and subject (5.7.606-5.7.649), without "
     "leading zeros (RFC 3463 s2) (rule vendor-code-syntax)"),
    ({"provider": "yahoo"}, 1, 15, "$.entries[0].provider: provider 'yahoo' is not in the "
     "providers table (rule vendor-provider-known)"),
    ({"replies": "[450]"}, 3, 19, "$.entries[0].reply_codes[0]: reply code 450 has class 4 "
     "but '5.7.999' has class 5; record it under known_inconsistency if the provider "
     "documents it so (rule vendor-reply-class)"),
    ({"differs": "Not what IANA says."}, 12, 24, "$.entries[0].differs_from_iana: '5.7.999' is "
     "compared with IANA's X.7.999, which IANA does not register "
     "(rule vendor-differs-registered)"),
    ({"reason": "mailbox-ful"}, 6, 13, "$.entries[0].reason: reason 'mailbox-ful' is not a "
     "reason of bounce-reasons.yaml (rule vendor-reason-known)"),
    # A secondary entry must say which provider page it quotes and when it was read.
    ({"kind": "secondary", "primary": PRIMARY, "seen": "    seen: null\n"}, 11, 11,
     "$.entries[0].seen: '5.7.999' gives no date: a secondary source can change, so its "
     "entry must say when it was read (seen: YYYY-MM-DD) (rule vendor-dated)"),
    ({"kind": "secondary", "primary": PRIMARY, "seen": ""}, 1, 5,
     "$.entries[0]: 'seen' is a required property (schema: required)"),
    ({"kind": "secondary"}, 10, 21, "$.entries[0].primary_source: '5.7.999' is a secondary "
     "entry, so primary_source must name the provider page its source quotes "
     "(rule vendor-secondary-primary)"),
    ({"kind": "secondary", "primary": ""}, 1, 5, "$.entries[0]: 'primary_source' is a required "
     "property (schema: required)"),
    ({"primary": "    primary_source: https://example.com/page\n"}, 10, 21,
     "$.entries[0].primary_source: '5.7.999' is a provider entry, so primary_source must be "
     "null; mark it source_kind: secondary if its source quotes another page "
     "(rule vendor-secondary-primary)"),
    ({"seen": "    seen: null\n"}, 11, 11, "$.entries[0].seen: '5.7.999' gives no date: every "
     "entry must say when its source was seen (seen: YYYY-MM-DD) (rule vendor-dated)"),
    ({"kind": "secondary", "primary": PRIMARY, "seen": '    seen: "2026-13-03"\n'}, 11, 11,
     "$.entries[0].seen: '2026-13-03' does not match "
     "'^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$(?!\\\\n)' (schema: pattern)"),
], ids=["leading-zero", "unknown-provider", "reply-class", "differs-unregistered",
        "unknown-reason", "secondary-undated", "secondary-no-seen", "secondary-no-primary",
        "secondary-without-primary-field", "provider-with-primary", "provider-undated",
        "secondary-bad-date"])
def test_bad_vendor_yaml_is_refused_with_its_position(
        tmp_path: Path, fields: dict[str, str], offset: int, column: int, message: str) -> None:
    path = bad_registry(tmp_path, **fields)
    line = path.read_text("utf-8").splitlines().index("entries:") + 1 + offset
    assert_invalid(run_cli("validate", "--vendors", str(path)),
                   [f"{path}:{line}:{column}: {message}"])


def test_overlapping_ranges_of_one_provider_are_refused(tmp_path: Path) -> None:
    path = bad_registry(tmp_path, code="5.7.600-5.7.610")
    text = path.read_text("utf-8") + BAD_ENTRY.format(**{**ENTRY_DEFAULTS, "code": "5.7.605"})
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("entries:") + 16
    assert_invalid(run_cli("validate", "--vendors", str(path)), [
        f"{path}:{line}:11: $.entries[1].code: '5.7.605' overlaps '5.7.600-5.7.610' of the "
        "same provider (rule vendor-no-overlap)"])


@pytest.mark.parametrize(("second", "problem"), [
    ({"match": "Your IP address"}, True),  # ASCII case does not tell variants apart
    ({"match": "null", "replies": "null"}, True),  # null pairs with every reply code
    ({"match": "your SPF domain"}, False),
    ({"match": "null"}, True),
    ({"match": "null", "replies": "[554]"}, False),
    ({"match": "from your IP address now"}, True),  # unreachable behind "your IP address"
    ({"match": "from your IP address now", "replies": "[554]"}, False),
], ids=["same-text", "any-reply", "other-text", "two-general", "other-reply", "shadowed",
        "shadowed-other-reply"])
def test_variants_of_one_code_must_be_told_apart(
        tmp_path: Path, second: dict[str, str], problem: bool) -> None:
    path = bad_registry(tmp_path, match="your IP address" if "IP" in second.get(
        "match", "") else "null")
    text = path.read_text("utf-8") + BAD_ENTRY.format(**{**ENTRY_DEFAULTS, **second})
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", "--vendors", str(path))
    if not problem:
        assert (result.returncode, result.stderr) == (0, "")
        return
    line = text.splitlines().index("entries:") + 16
    if "now" in second["match"]:
        assert_invalid(result, [
            f"{path}:{line + 2}:17: $.entries[1].match_text: 'from your IP address now' "
            "contains 'your IP address', the match_text of an earlier '5.7.999' entry with a "
            "reply code in common, so no reply reaches this one; put it first "
            "(rule vendor-match-reachable)"])
        return
    assert_invalid(result, [
        f"{path}:{line}:11: $.entries[1].code: '5.7.999' repeats an entry of the same provider "
        "with the same match_text and a reply code in common; no reply could tell them apart "
        "(rule vendor-no-overlap)"])


M365_DSN = """\
From: postmaster@contoso.onmicrosoft.com
To: sender@example.net
Subject: Undeliverable: report
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Delivery has failed to these recipients.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; AM0PR01MB0001.eurprd01.prod.outlook.com

Final-Recipient: rfc822; ann@contoso.example
Action: failed
Status: 5.7.606
Remote-MTA: dns; BN8NAM12FT046.mail.protection.outlook.com
Diagnostic-Code: smtp; 550 5.7.606 Access denied, banned sending IP [192.0.2.1]

Final-Recipient: rfc822; bob@contoso.example
Action: failed
Status: 4.7.550
Diagnostic-Code: smtp; 451 4.7.550 Access denied, please try again later

Final-Recipient: rfc822; cat@contoso.example
Action: failed
Status: 5.1.10
Diagnostic-Code: smtp; 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by
 SMTP address lookup [HE1EUR01FT012.eop-EUR01.prod.protection.outlook.com]

--b1--
"""


def test_a_bounce_takes_each_recipients_provider_and_its_word_on_retrying() -> None:
    from smtp_status import read_bounce

    ann, bob, cat = read_bounce(M365_DSN.encode()).recipients
    assert ann.vendor is not None and ann.vendor.code == "5.7.606-5.7.649"  # Remote-MTA
    assert (ann.permanent, ann.retry, ann.verdict_by) == (True, "no", "vendor")
    # Failed, yet the provider documents the throttle as transient: resend later.
    # No host of its own: the Reporting-MTA names the provider.
    assert bob.vendor is not None and bob.vendor.code == "4.7.500-4.7.699"
    assert (bob.permanent, bob.retry, bob.verdict_by) == (False, "yes", "vendor")
    assert cat.vendor is not None and cat.vendor.differs_from_iana == (
        "IANA X.1.10 means the recipient address has a null MX; here the recipient is simply "
        "not found.")
    # Exchange's component name in a diagnostic names Microsoft as well as its hosts do.
    plain = read_bounce(M365_DSN.replace("outlook.com", "example.net").replace(
        "RESOLVER.ADR.RecipientNotFound; ", "").encode())
    assert [(r.vendor, r.verdict_by, r.retry) for r in plain.recipients] == [
        (None, "report", "no"), (None, "report", "yes"), (None, "report", "no")]


def test_the_bounce_command_shows_the_providers_meaning(tmp_path: Path) -> None:
    path = tmp_path / "m365.eml"
    path.write_text(M365_DSN, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "smtp_status", "bounce", str(path)],
                            capture_output=True, text=True, encoding="utf-8", timeout=60,
                            check=False)
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    records = [json.loads(line) for line in subprocess.run(
        [sys.executable, "-m", "smtp_status", "bounce", "--json", str(path)],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
        check=True).stdout.splitlines()]
    schema = json.loads((REPO / "schema" / "output" / "bounce.schema.json").read_text("utf-8"))
    for record in records:
        jsonschema.Draft202012Validator(schema).validate(record)
    assert [(r["vendor"]["code"], r["vendor"]["reply_codes"], r["verdict_by"], r["retry"])
            for r in records] == [("5.7.606-5.7.649", [550], "vendor", "no"),
                                  ("4.7.500-4.7.699", [451], "vendor", "yes"),
                                  ("5.1.10", None, "vendor", "no")]
    assert [line for line in lines if line.startswith("    reason: ")] == [
        "    reason: blocked (rule text-blocklist); advice: fix the sending setup: "
        "authentication, PTR, IP or rate (keep the address)",
        "    reason: rate-limited (rule vendor:microsoft:4.7.500-4.7.699); advice: retry later "
        "(keep the address)",
        "    reason: user-unknown (rule text-recipient-not-found); advice: suppress the address "
        "(a hard bounce: the address itself is bad)"]
    assert lines[11:17] == [
        "  cat@contoso.example: failed, 5.1.10 (Microsoft 365 / Exchange Online's meaning, "
        "not IANA's), reply 550, retry: no (permanent failure: resending as is will fail again)",
        "    reason: user-unknown (rule text-recipient-not-found); advice: suppress the address "
        "(a hard bounce: the address itself is bad)",
        "    Microsoft 365 / Exchange Online 5.1.10: Looking up the recipient's SMTP address "
        "found no such recipient. (permanent)",
        "    differs from IANA's meaning: IANA X.1.10 means the recipient address has a null "
        "MX; here the recipient is simply not found.",
        "    retry verdict by Microsoft 365 / Exchange Online's word",
        f"    source: {NDR_PAGE} (seen 2024-03-08)"]


def test_the_readme_shows_the_exact_output_for_a_microsoft_block() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = text.split("```console\n$ smtp-status explain '550 5.7.606", 1)[1].split("```", 1)[0]
    reply, _, shown = ("550 5.7.606" + block).partition("'\n")
    assert reply == M365_BLOCK
    assert explain(reply).stdout == shown


# Google's 421 4.7.28 names the scope of the unusual rate; each scope is its own entry.
RATE_SCOPES = [
    ("originating from your IP address [192.0.2.25]. To protect our users from spam, mail sent "
     "from your IP address has been temporarily rate limited.", "your IP address",
     "Gmail saw an unusual rate of mail from the sending IP address and slows it down for now."),
    ("containing one of your URL domains. To protect our users from spam, mail has been "
     "temporarily rate limited.", "one of your URL domains",
     "Gmail saw an unusual rate of mail linking to one of the sender's URL domains and slows "
     "it."),
    ("originating from your SPF domain [bounce.example.org]. To protect our users from spam, "
     "mail sent from your domain has been temporarily rate limited.", "your SPF domain",
     "Gmail saw an unusual rate of mail from the SPF (envelope) domain and slows it down for "
     "now."),
    ("originating from your DKIM domain [example.org]. To protect our users from spam, mail "
     "sent from your domain has been temporarily rate limited.", "your DKIM domain",
     "Gmail saw an unusual rate of mail signed by the DKIM domain and slows it down for now."),
]


def wrapped_reply(code: str, status: str, text: str, width: int = 60) -> str:
    """``text`` as a multi-line SMTP reply, broken mid-phrase as Gmail breaks its replies."""
    import textwrap

    lines = textwrap.wrap(f"Gmail has detected an unusual rate of mail {text} - gsmtp", width)
    return "".join(f"{code}{'-' if i < len(lines) - 1 else ' '}{status} {line}\r\n"
                   for i, line in enumerate(lines))


@pytest.mark.parametrize(("scope", "match", "meaning"), RATE_SCOPES,
                         ids=["ip", "url-domain", "spf-domain", "dkim-domain"])
def test_the_four_scopes_of_google_4_7_28_are_told_apart(scope: str, match: str,
                                                          meaning: str) -> None:
    reply = parse_reply(wrapped_reply("421", "4.7.28", scope))
    assert len(reply.lines) > 1  # the phrase may be split across lines; it still matches
    vendor = reply.vendor
    assert vendor is not None
    assert (vendor.code, vendor.match_text, vendor.meaning, vendor.reason, vendor.permanent,
            vendor.source_kind, vendor.primary_source, vendor.source) == (
        "4.7.28", match, meaning, "rate-limited", False, "secondary", GOOGLE_PAGE, SISIMAI)
    # The same text folded into a DSN field, with the line codes in the middle, as Postfix
    # writes a Diagnostic-Code: the same entry.
    folded = " ".join(line.strip() for line in wrapped_reply("421", "4.7.28", scope).splitlines())
    assert lookup_vendor("4.7.28", reply_code=421, text=folded) == vendor
    assert lookup_vendor("4.7.28", text=folded.upper().replace("GSMTP", "gsmtp")) == vendor


def test_google_4_7_28_without_a_known_scope_takes_the_general_entry() -> None:
    scoped = {lookup_vendor("4.7.28", reply_code=421, text=wrapped_reply("421", "4.7.28", scope))
              for scope, _, _ in RATE_SCOPES}
    assert len(scoped) == 4
    general = lookup_vendor("4.7.28", reply_code=421, text="unusual rate of email - gsmtp")
    assert general is not None and general.match_text is None and general not in scoped
    assert general.meaning == ("Gmail saw an unusual rate of mail from this sender and slows it "
                               "down for now.")
    quota = lookup_vendor("4.7.28", reply_code=421, text=(
        "Gmail has detected this message exceeded its quota for sending messages with the same "
        "Message-ID:. - gsmtp"))
    assert quota is not None and quota.match_text == "same Message-ID"
    # Scopes are whole phrases: "your IP" alone is no scope.
    assert lookup_vendor("4.7.28", text="from your IP - gsmtp") == general
    # Google pairs 4.7.28 with 421 only: another reply code matches none of its entries.
    assert lookup_vendor("4.7.28", reply_code=450, text="from your SPF domain - gsmtp") is None
    # The provider may be given outright (as a bounce's headers give it); the text still
    # picks the variant.
    assert lookup_vendor("4.7.28", provider="google", text="your DKIM domain") == lookup_vendor(
        "4.7.28", host="mx.google.com", text="your DKIM domain")
    assert lookup_vendor("4.7.28", provider="yahoo", text="gsmtp") is None


def test_the_reply_code_picks_between_entries_of_one_code() -> None:
    login = lookup_vendor("5.7.1", reply_code=535, text="Username and Password not accepted. "
                          "For more information, go to ... - gsmtp")
    assert login is not None and (login.reason, login.match_text) == (
        "security-error", "username and password not accepted")
    # The same phrase under 550 is not that entry: 550 5.7.1 has no such variant.
    assert lookup_vendor("5.7.1", reply_code=550, text=(
        "Username and Password not accepted - gsmtp")) is None
    assert [lookup_vendor("5.5.1", reply_code=code, text="gsmtp").meaning  # type: ignore[union-attr]
            for code in (502, 503, 530)] == [
        "The command is not recognized or not implemented.",
        "Commands came out of sequence, such as RCPT before MAIL or no DATA after BDAT.",
        "The client has to authenticate before it sends."]


def test_every_google_entry_is_sourced_and_has_a_reason() -> None:
    import yaml

    from smtp_status.reasons import REASON_IDS

    source = yaml.safe_load((REPO / "registry" / "vendor-codes.yaml").read_text("utf-8"))
    google = [entry for entry in source["entries"] if entry["provider"] == "google"]
    pairs = {(reply, entry["code"]) for entry in google for reply in entry["reply_codes"] or [None]}
    assert (len(google), len(pairs)) == (91, 57)
    for code in ("4.7.27", "4.7.28", "4.7.29", "4.7.30", "4.7.32", "5.7.24", "5.7.25", "5.7.26",
                 "5.7.27", "5.7.28", "5.7.29", "5.7.30", "5.1.1", "5.2.2", "4.2.1", "5.7.1"):
        assert any(entry["code"] == code for entry in google), code
    assert {entry["source_kind"] for entry in google} == {"provider", "secondary"}
    for entry in source["entries"]:
        assert entry["reason"] in REASON_IDS
        if entry["source_kind"] == "secondary":
            assert entry["primary_source"] == GOOGLE_PAGE
            assert entry["seen"] == "2026-12-03"
            assert entry["source"] == SISIMAI or entry["source"].startswith(
                "https://github.com/sisimai/set-of-emails/blob/"
                "18e585c22288b83c1f6943949cb86b2623b362ce/maildir/bsd/rhost-google-")


def test_the_google_page_marks_every_secondary_entry() -> None:
    from markdown_it import MarkdownIt

    page = (REPO / "generated" / "docs" / "vendor-google.md").read_text("utf-8")
    html = MarkdownIt("commonmark").enable("table").render(page)
    data = json.loads((REPO / "generated" / "json" / "smtp-vendor-codes.json").read_text())
    ours = [entry for entry in data["entries"] if entry["provider"] == "google"]
    secondary = [entry for entry in ours if entry["source_kind"] == "secondary"]
    assert html.count("<tr>") == len(ours) + 1
    assert html.count(f'<a href="{GOOGLE_PAGE}">provider\'s page</a>, as recorded by '
                      f'<a href="{SISIMAI}">sisimai/go-sisimai</a>, 2026-12-03') == sum(
        entry["source"] == SISIMAI for entry in secondary)
    assert html.count("as recorded by") == len(secondary) + 1  # and once in the introduction
    assert ("| 4.7.28 | 421 | \"your SPF domain\" | Gmail saw an unusual rate of mail from the "
            "SPF (envelope) domain and slows it down for now. | rate-limited | no | Mail flood "
            "detected | ") in page
    assert "- **5.7.27** ([IANA's X.7.27](codes.md#x-7-27): Sender address has null MX): IANA " \
           "X.7.27 means the sender address has a null MX; Gmail uses it for a failed SPF " \
           "check." in page


CORPUS = REPO.parent / "shared" / "bounce-corpus" / "emails"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared bounce corpus is not here")
@pytest.mark.parametrize(("name", "expected"), [
    ("rhost-google-03.eml", ("5.7.26", "hard fail policy", "authentication", True)),
    ("rhost-google-05.eml", ("5.2.2", None, "mailbox-full", True)),
    ("rhost-google-07.eml", ("5.2.1", None, "suspended", True)),
])
def test_googles_bounces_in_the_public_corpus_get_googles_meaning(
        name: str, expected: tuple[object, ...]) -> None:
    from smtp_status import read_bounce

    (recipient,) = read_bounce((CORPUS / name).read_bytes()).recipients
    vendor = recipient.vendor
    assert vendor is not None
    assert (vendor.code, vendor.match_text, vendor.reason, vendor.permanent) == expected


EXCHANGE_FIXTURE = REPO / "tests" / "fixtures" / "bounces" / "exchange_dsn.eml"
MICROSOFT_NOT_FOUND = "Looking up the recipient's SMTP address found no such recipient."


def exchange_bounce(*, header: bool = True, sender: bool = True, resolver: bool = True) -> bytes:
    """The Exchange fixture with some of its three signs of Microsoft taken out."""
    text = EXCHANGE_FIXTURE.read_text("utf-8")
    if not header:
        text = text.replace("X-MS-Exchange-Message-Is-Ndr:\n", "")
    if not sender:
        text = text.replace("From: Microsoft Outlook <", "From: Mail Delivery <")
    if not resolver:
        text = text.replace("RESOLVER.ADR.RecipientNotFound; ", "").replace(
            "RESOLVER.ADR.RecipientNotFound; Recipien=\nt", "Recipien=\nt")
    assert "contoso" in text and "outlook.com" not in text  # its hosts never name Microsoft
    return text.encode()


@pytest.mark.parametrize("signs", [
    {}, {"header": False, "sender": False}, {"header": False, "resolver": False},
    {"sender": False, "resolver": False}],
    ids=["all-three", "resolver-only", "sender-only", "header-only"])
def test_an_exchange_bounce_is_microsofts_by_its_headers_or_diagnostic(
        signs: dict[str, bool]) -> None:
    from smtp_status import read_bounce

    (frank,) = read_bounce(exchange_bounce(**signs)).recipients
    assert frank.vendor is not None
    assert (frank.effective_status, frank.vendor.provider, frank.vendor.code,
            frank.vendor.meaning, frank.vendor.reason, frank.retry, frank.verdict_by) == (
        StatusCode(5, 1, 10), "microsoft", "5.1.10", MICROSOFT_NOT_FOUND, "user-unknown", "no",
        "vendor")


def test_without_any_sign_of_microsoft_the_code_keeps_ianas_meaning() -> None:
    from smtp_status import read_bounce

    (frank,) = read_bounce(exchange_bounce(header=False, sender=False,
                                           resolver=False)).recipients
    assert (frank.vendor, frank.verdict_by) == (None, "report")


def test_the_exchange_fixture_is_explained_with_microsofts_meaning() -> None:
    result = subprocess.run([sys.executable, "-m", "smtp_status", "bounce",
                             str(EXCHANGE_FIXTURE)], capture_output=True, text=True,
                            encoding="utf-8", timeout=60, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    # After the message's line and its returned message's.
    assert result.stdout.splitlines()[1] == (
        "  original message: no Message-ID, subject 'Project plan'")
    assert result.stdout.splitlines()[2:8] == [
        "  frank@contoso.example: failed, 5.1.10 (Microsoft 365 / Exchange Online's meaning, "
        "not IANA's), reply 550, retry: no (permanent failure: resending as is will fail again)",
        "    reason: user-unknown (rule text-recipient-not-found); advice: suppress the address "
        "(a hard bounce: the address itself is bad)",
        f"    Microsoft 365 / Exchange Online 5.1.10: {MICROSOFT_NOT_FOUND} (permanent)",
        "    differs from IANA's meaning: IANA X.1.10 means the recipient address has a null "
        "MX; here the recipient is simply not found.",
        "    retry verdict by Microsoft 365 / Exchange Online's word",
        f"    source: {NDR_PAGE} (seen 2024-03-08)"]
    assert "null MX" not in result.stdout.splitlines()[2]
    # The diagnostic alone, as explain gets it, names Microsoft too.
    reply = "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"
    assert vendor_part(explain(reply).stdout)[:2] == [
        "vendor Microsoft 365 / Exchange Online: 5.1.10", f"  meaning: {MICROSOFT_NOT_FOUND}"]


def test_bounce_provider_reads_only_the_bounces_own_fields() -> None:
    from smtp_status.vendors import bounce_provider

    assert bounce_provider([("From", '"Microsoft Outlook" <postmaster@x.example>')]) == (
        "microsoft")
    assert bounce_provider([("x-ms-exchange-message-is-ndr", "")]) == "microsoft"
    assert bounce_provider([("From", "Microsoft Outlook Team <news@x.example>"),
                            ("X-MS-Exchange-Organization-SCL", "1")]) is None
    assert bounce_provider([]) is None
    assert provider_of(text="550 5.1.1 RESOLVER.ADR.RecipNotFound; not found") == "microsoft"
    assert provider_of(text="the RESOLVER. stage") is None  # a prefix alone is no component
