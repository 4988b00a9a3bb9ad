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
        "  source: https://learn.microsoft.com/en-us/microsoft-365/security/"
        "office-365-security/use-the-delist-portal-to-remove-yourself-from-the-office-365-"
        "blocked-senders-lis (seen 2023-06-20)",
        "retry: no: Microsoft 365 / Exchange Online treats 5.7.606-5.7.649 as permanent"]),
    (M365_THROTTLE, [
        "vendor Microsoft 365 / Exchange Online: 4.7.500-4.7.699",
        "  meaning: The sending IP is throttled for now because its volume or pattern changed "
        "sharply (graylisting).",
        "  source: https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/"
        "fix-error-code-451-4-7-500-699-asxxx-in-exchange-online (seen 2024-01-24)",
        "retry: yes: Microsoft 365 / Exchange Online treats 4.7.500-4.7.699 as transient"]),
    (M365_QUOTA, [
        "vendor Microsoft 365 / Exchange Online: 5.2.2",
        "  meaning: The sender went over its recipient-rate or message-rate sending limit "
        "(submission quota).",
        "  differs from IANA's meaning: IANA X.2.2 is a full recipient mailbox; here it is the "
        "sender's submission quota.",
        f"  source: {NDR_PAGE} (seen 2024-03-08)",
        "retry: no: Microsoft 365 / Exchange Online treats 5.2.2 as permanent"]),
    (GMAIL_TEMPORARY, [
        "vendor Google (Gmail, Google Workspace): 4.7.0",
        "  meaning: Temporary refusal: IP not allowed or TLS required for the recipient "
        "domain, spam-like IP rate, or overload.",
        "  source: https://support.google.com/a/answer/3726730 (seen 2026-12-01)",
        "retry: yes: Google (Gmail, Google Workspace) treats 4.7.0 as transient"]),
    (UNKNOWN_HOST, ["retry: no: a permanent failure; resending as is will fail again"]),
], ids=["m365-block", "m365-throttle", "m365-collision", "gmail", "unknown-host"])
def test_explain_shows_the_providers_meaning_beside_ianas(reply: str,
                                                          expected: list[str]) -> None:
    result = explain(reply)
    assert (result.returncode, result.stderr) == (0, "")
    assert vendor_part(result.stdout) == expected
    # IANA's own explanation is still all there.
    assert f"status code {reply.split()[1]}" in result.stdout.splitlines()


def test_explain_json_carries_the_vendor_and_whose_word_the_retry_is() -> None:
    schema = json.loads((REPO / "schema" / "output" / "explain.schema.json").read_text("utf-8"))
    documents = {}
    for name, reply in (("quota", M365_QUOTA), ("unknown", UNKNOWN_HOST)):
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
        "known_inconsistency": None}
    assert (documents["quota"]["retry"], documents["quota"]["retry_by"]) == (
        "permanent", "vendor")
    assert documents["unknown"]["vendor"] is None
    assert (documents["unknown"]["retry"], documents["unknown"]["retry_by"]) == (
        "permanent", "reply_code")
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
    meaning: Made up for a test.
    permanent: true
    source: https://learn.microsoft.com/en-us/test
    seen: "2024-03-08"
    differs_from_iana: {differs}
    known_inconsistency: null
"""


def bad_registry(tmp_path: Path, **fields: str) -> Path:
    values = {"provider": "microsoft", "code": "5.7.999", "replies": "[550]",
              "differs": "null", **fields}
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
    ({"differs": "Not what IANA says."}, 8, 24, "$.entries[0].differs_from_iana: '5.7.999' is "
     "compared with IANA's X.7.999, which IANA does not register "
     "(rule vendor-differs-registered)"),
], ids=["leading-zero", "unknown-provider", "reply-class", "differs-unregistered"])
def test_bad_vendor_yaml_is_refused_with_its_position(
        tmp_path: Path, fields: dict[str, str], offset: int, column: int, message: str) -> None:
    path = bad_registry(tmp_path, **fields)
    line = path.read_text("utf-8").splitlines().index("entries:") + 1 + offset
    assert_invalid(run_cli("validate", "--vendors", str(path)),
                   [f"{path}:{line}:{column}: {message}"])


def test_overlapping_ranges_of_one_provider_are_refused(tmp_path: Path) -> None:
    path = bad_registry(tmp_path, code="5.7.600-5.7.610")
    text = path.read_text("utf-8") + BAD_ENTRY.format(
        provider="microsoft", code="5.7.605", replies="[550]", differs="null")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("entries:") + 12
    assert_invalid(run_cli("validate", "--vendors", str(path)), [
        f"{path}:{line}:11: $.entries[1].code: '5.7.605' overlaps '5.7.600-5.7.610' of the "
        "same provider (rule vendor-no-overlap)"])


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
    plain = read_bounce(M365_DSN.replace("outlook.com", "example.net").encode())
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
    assert lines[9:14] == [
        "  cat@contoso.example: failed, 5.1.10 Recipient address has null MX, reply 550, "
        "retry: no (permanent failure: suppress the address)",
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
