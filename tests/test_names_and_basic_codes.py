"""generators.basic_codes (IANA's free-text basic code cell) and generators.names (naming rule)."""

from __future__ import annotations

from typing import Any

import pytest

from generators.basic_codes import BasicCodeTextError, parse_basic_code_text
from generators.load import load_yaml
from generators.names import NAME_PATTERN, derive_name

from .conftest import REGISTRY_PATH


def listed(codes: list[int], wildcards: list[str] | None = None) -> dict[str, Any]:
    return {"kind": "listed", "codes": codes, "wildcards": wildcards or []}


@pytest.mark.parametrize(("text", "expected"), [
    ("451, 550", listed([451, 550])),
    ("451/550", listed([451, 550])),
    ("250 or 251", listed([250, 251])),
    ("550", listed([550])),
    ("220, 235, 450, 454, 500, 501, 503, 504, 530, 535, 550",
     listed([220, 235, 450, 454, 500, 501, 503, 504, 530, 535, 550])),
    ("5XX", listed([], ["5XX"])),
    ("Any", {"kind": "any"}),
    ("Not given", {"kind": "not_given"}),
    (".", {"kind": "not_given"}),
    (None, {"kind": "not_given"}),
    ("450, 550 (other 4XX or 5XX codes are allowed)", listed([450, 550], ["4XX", "5XX"])),
    ("552 (other 4XX or 5XX codes are allowed)", listed([552], ["4XX", "5XX"])),
])
def test_every_form_iana_writes(text: str | None, expected: dict[str, Any]) -> None:
    assert parse_basic_code_text(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("See RFC 9999", "cannot interpret 'See RFC' in 'See RFC 9999'"),
    ("450 and 550", "cannot interpret 'and' in '450 and 550'"),
    ("4500", "cannot interpret '0' in '4500'"),
    ("", "no basic code in ''"),
    ("or", "no basic code in 'or'"),
    ("any", "cannot interpret 'any' in 'any'"),
    ("550 maybe", "cannot interpret 'maybe' in '550 maybe'"),
    ("Sometimes", "cannot interpret 'Sometimes' in 'Sometimes'"),
])
def test_uninterpretable_text_is_refused(text: str, message: str) -> None:
    with pytest.raises(BasicCodeTextError) as caught:
        parse_basic_code_text(text)
    assert str(caught.value) == message


def test_every_cell_in_the_registry_is_read_as_recorded() -> None:
    codes = load_yaml(REGISTRY_PATH).data["codes"]
    assert len(codes) == 81
    for entry in codes:
        assert parse_basic_code_text(entry["iana"]["basic_code"]) == entry["basic_codes"]


@pytest.mark.parametrize(("code", "text", "taken", "name"), [
    ("X.1.1", "Bad destination mailbox address", (), "BAD_DESTINATION_MAILBOX_ADDRESS"),
    ("X.7.1", "Delivery not authorized, message refused", (), "DELIVERY_NOT_AUTHORIZED"),
    ("X.7.31", "Sender's address isn't valid", (), "SENDERS_ADDRESS_ISNT_VALID"),
    ("X.6.9", "UTF-8 string reply is required, but not permitted by the SMTP client", (),
     "UTF_8_STRING_REPLY_IS_REQUIRED"),
    ("X.6.7", "Non-ASCII addresses not permitted for that sender/recipient", (),
     "NON_ASCII_ADDRESSES_NOT_PERMITTED_FOR_THAT_SENDER_RECIPIENT"),
    ("X.7.30", "REQUIRETLS support required", (), "REQUIRETLS_SUPPORT_REQUIRED"),
    ("2.XXX.YYY", "Success", (), "SUCCESS"),
    ("X.0.YYY", "Other or Undefined Status", (), "OTHER_OR_UNDEFINED_STATUS"),
    ("X.6.10", None, (), "CODE_X_6_10"),
    ("X.6.10", "", (), "CODE_X_6_10"),
    ("X.6.10", " -- ", (), "CODE_X_6_10"),
    ("X.1.3", "8BITMIME required", (), "CODE_8BITMIME_REQUIRED"),
    ("X.7.31", "Success", ("SUCCESS",), "SUCCESS_X_7_31"),
    ("4.XXX.YYY", "Success", ("SUCCESS", "OTHER"), "SUCCESS_4_XXX_YYY"),
    ("X.1.6", "Destination mailbox has moved, No forwarding address", (),
     "DESTINATION_MAILBOX_HAS_MOVED"),
    ("X.1.7", "Bad sender's mailbox address syntax", (), "BAD_SENDERS_MAILBOX_ADDRESS_SYNTAX"),
    ("X.9.9", "Mailbox full", ("MAILBOX_FULL",), "MAILBOX_FULL_X_9_9"),
    ("X.9.8", "3rd party", (), "CODE_3RD_PARTY"),
])
def test_naming_rule(code: str, text: str | None, taken: tuple[str, ...], name: str) -> None:
    assert derive_name(code, text, taken) == name
    assert NAME_PATTERN.match(name)


def test_derived_name_is_never_taken() -> None:
    taken = {"FOO", "FOO_X_1_1"}
    assert derive_name("X.1.1", "Foo", taken) not in taken

