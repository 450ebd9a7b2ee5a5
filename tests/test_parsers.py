"""The pure parsers, directly: fixed cases, then random input that may only fail with our own error."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime

import pytest
from helpers.fuzz import examples
from hypothesis import given
from hypothesis import strategies as st

from complaintctl.actions.record import parse_call_length
from complaintctl.core import clock, facts
from complaintctl.errors import ComplaintError
from complaintctl.evidence.files import describe, safe_name

REFERENCE = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-14 15:20", "2026-11-14T15:20:00+00:00"),
        ("14 Nov 2026 3:20pm", "2026-11-14T15:20:00+00:00"),
        ("2026-11-14T15:20:00-05:00", "2026-11-14T15:20:00-05:00"),
        ("25/12/2025", "2025-12-25T00:00:00+00:00"),  # unambiguous: 25 cannot be a month
        ("yesterday 10:00", "2026-11-21T10:00:00+00:00"),
        ("today", "2026-11-22T00:00:00+00:00"),
        ("now", "2026-11-22T12:00:00+00:00"),
    ],
)
def test_parse_when_accepts_what_people_write(text, expected, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    assert clock.iso(clock.parse_when(text, reference=REFERENCE)) == expected


@pytest.mark.parametrize("text", ["", "   ", "03/04/2026", "13/13/2026", "banana", "2026-13-45"])
def test_parse_when_refuses_the_unreadable_and_the_ambiguous(text):
    with pytest.raises(ComplaintError):
        clock.parse_when(text, reference=REFERENCE)


@pytest.mark.parametrize(("text", "seconds"), [("25", 1500), ("25m", 1500), ("1h 5m", 3900), ("90s", 90), ("2h", 7200)])
def test_durations(text, seconds):
    assert parse_call_length(text) == seconds


@pytest.mark.parametrize(
    ("text", "expected"), [("59.99", "59.99"), ("59,99", "59.99"), ("1000", "1000.00"), ("1 000,5", "1000.50")]
)
def test_amounts(text, expected):
    assert facts.parse_amount(text) == expected


@pytest.mark.parametrize("text", ["NaN", "inf", "0", "-1", "1e40", "1,000.00.0", ""])
def test_bad_amounts(text):
    with pytest.raises(ComplaintError):
        facts.parse_amount(text)


def test_order_ids():
    assert facts.parse_order_id("D01-1234567-1234567", "amazon.com") == "D01-1234567-1234567"
    assert facts.parse_order_id("12-34567-89012", "ebay.co.uk") == "12-34567-89012"
    with pytest.raises(ComplaintError):
        facts.parse_order_id("202-1234567-123456", "amazon.de")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\x\\evil.png", "evil.png"),
        ("..", "attachment"),
        ("a\x00b\nc.txt", "abc.txt"),
    ],
)
def test_safe_names(name, expected):
    assert safe_name(name) == expected


def test_media_types_come_from_the_bytes():
    assert describe("x.png", b"%PDF-1.7\n").media_type == "application/pdf"
    assert describe("x.pdf", "plain text, café".encode()).media_type == "text/plain"
    assert describe("x.txt", b"\x00\x01\x02\xff").media_type == "application/octet-stream"
    assert describe("x", b"").media_type == "application/x-empty"


@examples(300)
@given(
    st.one_of(
        st.text(max_size=60), st.from_regex(r"(in |last |next )?\d{1,7} ?[a-z]{2,7}( ago)?( \d{1,2}:\d\d[ap]m)?")
    ),
    st.sampled_from(["past", "future", None]),
)
def test_parse_when_never_fails_with_anything_but_our_error(text, tense):
    try:
        result = clock.parse_when(text, reference=REFERENCE, tense=tense)
    except ComplaintError:
        return
    assert result.tzinfo is not None


@examples(300)
@given(st.text(max_size=40), st.sampled_from(["amazon.com", "ebay.de", None]))
def test_fact_parsers_never_fail_with_anything_but_our_error(text, marketplace):
    for parse in (
        facts.parse_amount,
        facts.parse_country,
        facts.parse_currency,
        facts.parse_marketplace,
        lambda t: facts.parse_order_id(t, marketplace),
        parse_call_length,
        lambda t: clock.parse_day(t),
    ):
        with contextlib.suppress(ComplaintError):
            parse(text)


@examples(200)
@given(st.binary(max_size=4096), st.text(max_size=80))
def test_any_bytes_and_any_name_describe_safely(content, name):
    evidence = describe(name, content)
    assert evidence.size_bytes == len(content) and len(evidence.sha256) == 64
    assert "/" not in evidence.name and "\\" not in evidence.name and evidence.name not in ("", ".", "..")


@examples(200)
@given(st.text(max_size=400))
def test_any_rule_pack_text_fails_only_with_our_error(text):
    from complaintctl.rules.packs import parse_pack

    try:
        parse_pack(text, "random.toml")
    except ComplaintError as error:
        assert "random.toml" in str(error)


@examples(100)
@given(
    st.dictionaries(
        st.sampled_from(["id", "programme", "version", "effective", "source", "role", "applies"]),
        st.one_of(st.text(max_size=10), st.integers(), st.lists(st.text(max_size=5), max_size=3)),
    ),
    st.dictionaries(
        st.sampled_from(
            ["id", "title", "source", "eligible_from", "deadline", "settled_by", "exclusions", "obliged", "step"]
        ),
        st.one_of(
            st.text(max_size=10),
            st.integers(),
            st.fixed_dictionaries({"after": st.text(max_size=20), "plus": st.text(max_size=10)}),
        ),
    ),
)
def test_structured_but_wrong_rule_packs_fail_only_with_our_error(head, rule):
    import json
    import tomllib

    from complaintctl.rules.packs import parse_pack

    def toml_value(value):
        if isinstance(value, dict):
            return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
        if isinstance(value, list):
            return "[" + ", ".join(toml_value(v) for v in value) + "]"
        if isinstance(value, int):
            return str(value)
        return json.dumps(value)  # a JSON string is a valid TOML basic string

    text = "[pack]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in head.items())
    text += "[[rules]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in rule.items())
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return
    with contextlib.suppress(ComplaintError):
        parse_pack(text, "random.toml")


@examples(300)
@given(st.binary(max_size=3000))
def test_random_bytes_as_email_fail_only_with_our_error(data):
    from complaintctl.evidence.emails import parse_email

    with contextlib.suppress(ComplaintError):
        parse_email(data)


_header_name = st.sampled_from(
    [
        "From",
        "To",
        "Cc",
        "Reply-To",
        "Date",
        "Subject",
        "Message-ID",
        "In-Reply-To",
        "References",
        "Content-Type",
        "Content-Transfer-Encoding",
        "MIME-Version",
        "X-Other",
    ]
)


@examples(300)
@given(st.lists(st.tuples(_header_name, st.text(max_size=80)), min_size=1, max_size=12), st.binary(max_size=500))
def test_random_header_text_fails_only_with_our_error(headers, body):
    from complaintctl.evidence.emails import parse_email

    lines = "".join(f"{name}: {' '.join(value.splitlines())}\n" for name, value in headers)
    try:
        parsed = parse_email(lines.encode("utf-8", "surrogateescape") + b"\n" + body)
    except ComplaintError:
        return
    assert isinstance(parsed.body, str) and isinstance(parsed.details(), dict)


@examples(300)
@given(st.binary(max_size=2000))
def test_random_bytes_as_transcript_fail_only_with_our_error(data):
    from complaintctl.evidence.transcripts import parse_transcript

    try:
        transcript = parse_transcript(data, date(2026, 11, 14), UTC)
    except ComplaintError:
        return
    assert all(entry.text or entry.speaker for entry in transcript.entries)


@examples(300)
@given(st.text(max_size=300))
def test_random_text_as_transcript_keeps_every_line(text):
    from complaintctl.evidence.transcripts import parse_transcript

    try:
        transcript = parse_transcript(text.encode("utf-8", "surrogatepass"))
    except (ComplaintError, UnicodeEncodeError):
        return
    kept = "\n".join(entry.text for entry in transcript.entries)
    for line in text.splitlines():
        words = line.split()
        if words:
            assert words[-1] in kept or words[-1] in " ".join(e.speaker or "" for e in transcript.entries)
