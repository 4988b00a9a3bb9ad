"""Where the real code is and what shape it takes (issue 15): one rule for replies in
diagnostics and texts (``smtp_reply``), DSNs completed from their human-readable part,
the Original-Recipient as the address sent to, and the shapes that used to read as nobody.
Each bounce here is written as the MTA named writes it."""

from __future__ import annotations

import pytest

from smtp_status.bounce import read_bounce, read_bounces, split_mbox
from smtp_status.bounce.text import smtp_reply


@pytest.mark.parametrize(("text", "expected"), [
    ("550 5.1.1 <a@b.example>: Recipient address rejected", (550, (5, 1, 1))),
    # Codes in other shapes.
    ("kijitora@example.co.jp Invalid Address, ERROR_CODE :550, ERROR_CODE :5.1.1", (550, None)),
    ("550: 5.2.2 mailbox full", (550, (5, 2, 2))),
    ("550 #5.1.0 Address rejected.", (550, (5, 1, 0))),
    ("550: <a@b.example>: User unknown", (550, None)),
    # The greeting is not the reply.
    ("220-mx.example.net ESMTP\n421 4.2.1 Service not available", (421, (4, 2, 1))),
    # Folded: Postfix breaks the line between the reply code and the enhanced code.
    ("host mx.example[192.0.2.1] said: 554\n    5.6.0 scored as spam", (554, (5, 6, 0))),
    # Nested: the quoted reply is the receiving server's.
    ("554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection "
     "timed out>", (421, (4, 4, 2))),
    ("5.1.0 - Unknown address error 550-'5.7.1 <x@y.example>... Access denied'",
     (550, (5, 7, 1))),
    ("554 <mikeneko@example.org>... 550 Host unknown (Authoritative answer)", (550, None)),
    ("554 <kijitora@example.org>... Remote protocol error\n550 example.org (smtp)... 550 "
     "Host unknown", (554, None)),
    # Sendmail's bare reply at the end of a transcript line.
    ("... while talking to mx.example.:\n<<< 421\n<a@b.example>... Deferred: 421", (421, None)),
    # Failures first: the acceptances and goodbye of a transcript never win.
    (">>> RCPT TO:<a@b.example>\n<<< 250 2.1.5 Ok\n>>> DATA\n<<< 451 4.3.0 queue error\n"
     "<<< 221 2.0.0 Bye", (451, (4, 3, 0))),
    ("250 2.6.0 Message received", (250, (2, 6, 0))),
    ("X-Unix; 77", (None, None)),
    ("no reply at all; timezone -0500 (EST)", (None, None)),
], ids=["plain", "error-code", "colon", "hash", "colon-text", "greeting", "folded", "nested",
        "code-first", "sendmail-nested", "sendmail-first-line", "bare", "transcript", "success",
        "x-unix", "none"])
def test_smtp_reply(text: str, expected: tuple[int | None, tuple[int, int, int] | None]) -> None:
    assert smtp_reply(text) == expected


def dsn(human: str, groups: str, headers: str = "") -> bytes:
    return (
        "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\n" + headers +
        "Subject: Delivery Status Notification\nMIME-Version: 1.0\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
        "--b\nContent-Type: text/plain\n\n" + human + "\n--b\n"
        "Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n\n"
        + groups + "\n--b--\n").encode()


def summary(data: bytes) -> list[tuple[object, ...]]:
    return [(r.address, str(r.status) if r.status else None, str(r.effective_status),
             r.reply_code, r.retry) for r in read_bounce(data).recipients]


def test_generic_status_takes_the_reply_of_the_human_readable_part() -> None:
    # OpenSMTPD: Status 5.0.0 and no Diagnostic-Code; the reply is only in the text.
    data = dsn("    An error has occurred while attempting to deliver a message for\n"
               "    the following list of recipients:\n\n"
               "a@example.com: 550 5.7.26 <a@example.com>: Multiple authentication checks "
               "failed\nb@example.com: 552 5.2.2 Mailbox full\n\n"
               "    Below is a copy of the original message:\n",
               "Final-Recipient: rfc822; a@example.com\nAction: failed\nStatus: 5.0.0\n\n"
               "Final-Recipient: rfc822; b@example.com\nAction: failed\nStatus: 5.0.0\n")
    assert summary(data) == [("a@example.com", "5.0.0", "5.7.26", 550, "no"),
                             ("b@example.com", "5.0.0", "5.2.2", 552, "no")]


def test_x_unix_diagnostic_takes_the_transcript_reply() -> None:
    # Sendmail with a local mailer: "X-Unix; 77", the reply in the transcript.
    data = dsn("   ----- The following addresses had permanent fatal errors -----\n"
               "<k@example.or.jp>\n    (reason: Insufficient permission)\n\n"
               "   ----- Transcript of session follows -----\n"
               "550 5.0.0 <k@example.or.jp>... Insufficient permission\n",
               "Final-Recipient: RFC822; k@example.or.jp\nAction: failed\nStatus: 5.3.0\n"
               "Diagnostic-Code: X-Unix; 77\n")
    assert summary(data) == [("k@example.or.jp", "5.3.0", "5.3.0", 550, "no")]


def test_a_transcript_naming_nobody_is_about_the_one_recipient() -> None:
    data = dsn("   ----- Transcript of session follows -----\n451 4.0.0 Operating system "
               "error\nWarning: message still undelivered after 4 hours\n",
               "Final-Recipient: RFC822; n@example.jp\nAction: delayed\nStatus: 4.5.0\n"
               "Diagnostic-Code: X-Unix; 71\n")
    assert summary(data) == [("n@example.jp", "4.5.0", "4.5.0", 451, "wait")]


@pytest.mark.parametrize(("diagnostic", "effective", "reply"), [
    ("X-Postfix; host mx.example[192.0.2.1] said: 550 5.1.1 <a@x.example>: User unknown",
     "5.1.1", 550),
    ("X-Postfix; host r2.example.org[198.51.100.24] said: 550\n    Protocol violation",
     "5.0.0", 550),
    ("smtp; 5.1.0 - Unknown address error 550-'5.7.1 <a@x.example>... Access denied'",
     "5.7.1", 550),
    ("smtp; 550 #5.1.0 Address rejected.", "5.1.0", 550),
], ids=["x-postfix", "x-postfix-folded", "code-not-at-start", "hash"])
def test_the_code_wherever_the_diagnostic_has_it(diagnostic: str, effective: str,
                                                 reply: int) -> None:
    data = dsn("Delivery failed.\n", "Final-Recipient: rfc822; a@x.example\nAction: failed\n"
               f"Status: 5.0.0\nDiagnostic-Code: {diagnostic}\n")
    assert summary(data) == [("a@x.example", "5.0.0", effective, reply, "no")]


def test_nested_reply_rule_in_a_dsn() -> None:
    # Amazon SES: the outer 554 4.4.7 is its summary, the quoted 421 4.4.2 the server's.
    data = dsn("Delivery failed.\n", "Final-Recipient: rfc822; a@x.example\nAction: failed\n"
               "Status: 4.4.7\nDiagnostic-Code: smtp; 554 4.4.7 Message expired: unable to "
               "deliver in 840 minutes.<421 4.4.2 Connection timed out>\n")
    assert summary(data) == [("a@x.example", "4.4.7", "4.4.2", 421, "yes")]


@pytest.mark.parametrize(("final", "original", "address"), [
    ("rfc822; user@sims-ms-daemon", "rfc822;user@example.com", "user@example.com"),
    ("x400; /C=US/ADMD= /PRMD=EXAMPLE/O=EX/S=user/", "rfc822;user@example.com",
     "user@example.com"),
    ("rfc822; user.real@example.com", "rfc822; alias@example.com", "alias@example.com"),
    ("rfc822; User@Example.com", "rfc822;user@example.com", "User@Example.com"),
    ("rfc822; user@example.com", "x400; /S=user/", "user@example.com"),
], ids=["sims", "x400", "alias", "same-mailbox", "original-not-an-address"])
def test_original_recipient_is_the_address_sent_to(final: str, original: str,
                                                   address: str) -> None:
    data = dsn("Delivery failed.\n", f"Original-Recipient: {original}\nFinal-Recipient: "
               f"{final}\nAction: failed\nStatus: 5.1.1\n")
    [recipient] = read_bounce(data).recipients
    assert recipient.address == address
    # Both fields are kept as the DSN gives them.
    assert recipient.final_recipient == final.partition(";")[2].strip()
    assert recipient.original_recipient == original.partition(";")[2].strip()


SES = (b"From: SES-EM-B <no-reply@sns.amazonaws.com>\nTo: ops@example.org\n"
       b"Subject: AWS Notification Message\nContent-Type: text/plain; charset=UTF-8\n\n"
       b'{"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":'
       b'"General","bouncedRecipients":[{"emailAddress":"gone@example.com","action":"failed",'
       b'"status":"5.1.1","diagnosticCode":"smtp; 550 5.1.1 user unknown"}],"timestamp":'
       b'"2016-10-21T00:06:40.502Z","reportingMTA":"dsn; a27-23.smtp-out.us-west-2.amazonses.c\n'
       b'om"},"mail":{"source":"me@example.org"}}\n--\nIf you wish to stop receiving '
       b"notifications from this topic, please click the link below\n")


def test_amazon_ses_json_notifications() -> None:
    bounce = read_bounce(SES)
    [recipient] = bounce.recipients
    assert (recipient.address, str(recipient.effective_status), recipient.reply_code,
            recipient.retry, recipient.source) == ("gone@example.com", "5.1.1", 550, "no", "ses")
    assert [warning.code for warning in bounce.warnings] == ["ses-notification"]
    # The JSON wrapped at line length inside a string still reads (strict=False).
    assert bounce.reporting_mta == "a27-23.smtp-out.us-west-2.amazonses.c\nom"
    delivery = SES.split(b"\n\n")[0] + (
        b'\n\n{"notificationType":"Delivery","delivery":{"recipients":["ok@example.com"],'
        b'"smtpResponse":"250 2.6.0 Message received","reportingMTA":"a27-33.example"}}\n')
    [done] = read_bounce(delivery).recipients
    assert (done.address, done.action, str(done.effective_status), done.reply_code,
            done.retry) == ("ok@example.com", "delivered", "2.6.0", 250, "done")
    complaint = SES.replace(b'"notificationType":"Bounce"', b'"notificationType":"Complaint"')
    assert read_bounce(complaint).recipients == ()


def test_x_failed_recipients_when_the_text_names_nobody() -> None:
    # Google Groups: a localised text that names no address, the MTA's own header.
    data = ("From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
            "To: someone@example.jp\nX-Failed-Recipients: group@googlegroups.com\n"
            "Subject: Delivery Status Notification (Failure)\n"
            "Content-Type: text/plain; charset=UTF-8\n\n"
            "連絡しようとしたグループが存在しないか、投稿する権限がない可能性があります\n"
            "\n----- Original message -----\nTo: group@googlegroups.com\n").encode()
    assert [r.address for r in read_bounce(data).recipients] == ["group@googlegroups.com"]


def test_a_bounce_naming_nobody_was_sent_for_its_returned_messages_recipient() -> None:
    # Verizon's MMS gateway: the recipient is only in the returned message's headers.
    data = (b"From: MMSC NDR Administrator <sysadmin@m01.vzwpix.com>\nTo: me@example.jp\n"
            b"Subject: Undeliverable Message\n\nMessage could not be delivered to mobile.\n"
            b"Error: No valid recipients for this MM\nOriginal Message:\n"
            b"From: me <me@example.jp>\nTo: 0000000000@vzwpix.com\nSubject: test\n")
    bounce = read_bounce(data)
    assert [r.address for r in bounce.recipients] == ["0000000000@vzwpix.com"]
    assert [warning.code for warning in bounce.warnings] == ["recipient-from-returned-message"]
    # A list's message: its To is the list, no recipient of the bounce.
    for extra in (b"List-Id: <talk.lists.example>\n", b"Cc: other@example.net\n",
                  b"Delivered-To: member@example.org\n", b"Precedence: bulk\n"):
        listed = data.replace(b"Subject: test\n", b"Subject: test\n" + extra)
        assert read_bounce(listed).recipients == (), extra


def test_a_carriers_notice_from_a_no_reply_sender_with_the_message_returned() -> None:
    # KDDI (au): the subject says nothing a bounce subject says; the sender never takes
    # replies and the message comes back attached.
    data = (b"From: no-reply@x0.dion.ne.jp\nTo: <me@example.jp>\nSubject: Mail\n"
            b"Content-Type: multipart/mixed; boundary=\"k\"\n\n--k\n"
            b"Content-Type: text/plain\n\nYour mail sent on: Thu, 29 Apr 2013 00:00:00 +0900\n"
            b"     Could not be delivered to: <k@x0.dion.ne.jp>\n     As their mailbox is "
            b"full.\n--k\nContent-Type: message/rfc822\n\nFrom: me@example.jp\n"
            b"To: k@x0.dion.ne.jp\n\nhello\n--k--\n")
    [recipient] = read_bounce(data).recipients
    assert (recipient.address, str(recipient.effective_status)) == ("k@x0.dion.ne.jp", "5.2.2")


def test_postfix_errors_from_localhost_transcript() -> None:
    data = (b"From: MAILER-DAEMON@mx22.example.com (Mail Delivery System)\n"
            b"To: postmaster@mx22.example.com (Postmaster)\n"
            b"Subject: Postfix SMTP server: errors from localhost[127.0.0.1]\n\n"
            b"Transcript of session follows.\n\n Out: 220 mx22.example.com ESMTP\n"
            b" In:  MAIL FROM:<s@example.net>\n Out: 250 2.1.0 Ok\n"
            b" In:  RCPT TO:<k@example.net> ORCPT=rfc822;k@example.net\n Out: 250 2.1.5 Ok\n"
            b" In:  DATA\n Out: 354 End data with <CR><LF>.<CR><LF>\n"
            b" Out: 451 4.3.0 Error: queue file write error\n In:  QUIT\n Out: 221 2.0.0 Bye\n")
    [recipient] = read_bounce(data).recipients
    assert (recipient.address, str(recipient.effective_status), recipient.reply_code) == (
        "k@example.net", "4.3.0", 451)


def test_a_subject_prefixed_by_a_host_name() -> None:
    data = (b"From: Relay <relay@mx.example.net>\nTo: me@example.org\n"
            b"Subject: mx.example.net Mail delivery failed : returning message to sender\n\n"
            b"The following address(es) failed:\n\n  gone@example.com\n"
            b"    SMTP error from remote mail server after RCPT TO:<gone@example.com>:\n"
            b"    550 5.1.1 User unknown\n")
    assert [(r.address, r.reply_code) for r in read_bounce(data).recipients] == [
        ("gone@example.com", 550)]


def test_a_forwarded_bounce() -> None:
    # Someone forwards a bounce inline: "Fwd:" before the subject the MTA wrote.
    data = (b"From: Ann <ann@example.org>\nTo: help@example.org\n"
            b"Subject: Fwd: Undelivered Mail Returned to Sender\n\n"
            b"---------- Forwarded message ---------\nFrom: MAILER-DAEMON@mx.example.net\n\n"
            b"This is the mail system at host mx.example.net.\n\n"
            b"<gone@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 User "
            b"unknown (in reply to RCPT TO command)\n")
    assert [(r.address, str(r.effective_status)) for r in read_bounce(data).recipients] == [
        ("gone@example.com", "5.1.1")]


def test_mbox_messages_split_without_a_blank_line_before_from() -> None:
    first = (b"From MAILER-DAEMON  Thu Jul  2 12:05:05 2020\nFrom: MAILER-DAEMON@a.example\n"
             b"Subject: failure notice\n\n<one@example.com>:\n550 5.1.1 No such user\n")
    second = (b"From double-bounce@a.example  Thu Jul  2 12:05:05 2020\n"
              b"From: MAILER-DAEMON@a.example\nSubject: failure notice\n\n"
              b"<two@example.com>:\n550 5.1.1 No such user\n")
    assert split_mbox(first + second) == [first, second]
    assert [[r.address for r in bounce.recipients] for bounce in read_bounces(
        first + second)] == [["one@example.com"], ["two@example.com"]]
    # A body line that starts with "From " but carries no asctime date splits nothing.
    assert len(split_mbox(first + b"From here on, nothing works\n")) == 1



def test_the_returned_message_is_cut_after_the_first_line_that_says_something() -> None:
    from smtp_status.bounce.text import human_text

    # SMTP32: a two-line report, then "Original message follows." at offset 37.
    text = "undeliverable to userx@example.com\n\n\nOriginal message follows.\n\nTo: a@b.example\n"
    assert human_text(text) == "undeliverable to userx@example.com\n\n\n"
    # A text that opens with a separator has said nothing yet: nothing is cut there.
    assert human_text("--- Original message follows ---\nhello\n") == (
        "--- Original message follows ---\nhello\n")
