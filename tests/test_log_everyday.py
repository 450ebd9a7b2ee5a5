"""The daily typing of `log`: a chat and its promise as one entry, a note from standard input or from
$EDITOR, short options."""

from __future__ import annotations

import json
import subprocess

import pytest
from helpers.cases import UK_CASE
from helpers.terminal import SCRIPT, environment, run_on_a_terminal

CHAT = b"[15:20] Priya: I will refund you within 3 days.\n[15:21] You: Thank you\n"


@pytest.fixture
def case(make_case):
    return make_case(**UK_CASE)


def events(cli):
    return cli("show", "1", "--json").json()["timeline"]


def test_a_chat_and_the_promise_made_in_it_are_one_entry(cli, case, tmp_path):
    chat = tmp_path / "chat.txt"
    chat.write_bytes(CHAT)
    logged = cli(
        "log", "1", "--transcript", chat, "--promise", "refund", "--due", "in 3 days", "--agent", "Priya",
        "--ref", "CS-1", "--at", "2026-11-14", "--json",
    ).json()  # fmt: skip
    assert logged["kind"] == "transcript" and len(events(cli)) == 2
    entry = [e for e in events(cli) if e["id"] == logged["id"]][0]
    assert entry["details"]["promise"] == {
        "what": "refund",
        "due": "2026-11-25T00:00:00+00:00",
        "due_text": "in 3 days",
    }
    assert entry["fields"] == {"channel": "chat", "agent": "Priya", "ref": "CS-1"}
    assert entry["occurred"] == "2026-11-14T15:20:00+00:00"
    [promise] = cli("show", "1", "--json").json()["promises"]
    assert (promise["event"], promise["what"], promise["state"]) == (logged["id"], "refund", "open")
    cli("kept", str(logged["id"]))  # the promise can be settled like any other


def test_a_transcript_logged_twice_is_refused_as_already_stored(cli, case, tmp_path):
    chat = tmp_path / "chat.txt"
    chat.write_bytes(CHAT)
    first = cli("log", "1", "--transcript", chat, "--json").json()
    again = tmp_path / "same-chat-renamed.txt"
    again.write_bytes(CHAT)
    for path in (chat, again):
        error = cli.fails("log", "1", "--transcript", path, "--promise", "refund", "--due", "tomorrow")
        assert f"already stored in case 1 as event {first['id']}" in error
    assert len(events(cli)) == 2
    other = tmp_path / "other.txt"
    other.write_bytes(CHAT + b"[15:22] Priya: Anything else?\n")
    cli("log", "1", "--transcript", other)  # different bytes: a different chat
    make_other = cli("new", "--title", "Another case", "--json").json()["id"]
    cli("log", str(make_other), "--transcript", chat)  # the same chat may belong to another case too


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--event", "delivered"], "a transcript takes the --promise made in it"),
        (["--promise", "refund"], "a promise needs both"),
    ],
)
def test_a_transcript_refuses_what_is_not_said_in_it(cli, case, tmp_path, options, message):
    chat = tmp_path / "chat.txt"
    chat.write_bytes(CHAT)
    result = cli("log", "1", "--transcript", chat, *options, code=None)
    assert result.exit_code in (1, 2) and message in result.stderr, result
    assert len(events(cli)) == 1


def test_a_note_from_standard_input(cli, case):
    logged = cli("log", "1", "-", "--channel", "phone", "--json", stdin="Called them.\nThey said: wait.\n").json()
    entry = [e for e in events(cli) if e["id"] == logged["id"]][0]
    assert entry["text"] == "Called them.\nThey said: wait." and entry["fields"] == {"channel": "phone"}


@pytest.mark.parametrize(
    ("stdin", "message"),
    [("", "standard input was empty"), ("  \n", "standard input was empty"), (b"\xff\xfe\x00bad", "not UTF-8")],
)
def test_a_bad_note_on_standard_input_is_refused(cli, case, stdin, message):
    result = cli("log", "1", "-", stdin=stdin, code=1)
    assert result.stderr.startswith("Error: ") and message in result.stderr, result
    assert len(events(cli)) == 1


def test_standard_input_cannot_be_the_note_and_the_email(cli, case):
    assert "not both" in cli.fails("log", "1", "-", "--email", "-", code=2)


def test_no_text_and_no_terminal_says_how_to_give_one(cli, case):
    error = cli.fails("log", "1", "--channel", "phone")
    assert "nothing to log" in error and "standard input" in error and "$EDITOR" in error
    assert len(events(cli)) == 1


def test_short_options(cli, case, tmp_path):
    receipt = tmp_path / "receipt.txt"
    receipt.write_text("paid")
    logged = cli(
        "log", "1", "Seller promised a refund", "-e", "seller-replied", "-c", "email", "-p", "refund",
        "-d", "tomorrow", "-a", receipt, "--json",
    ).json()  # fmt: skip
    entry = [e for e in events(cli) if e["id"] == logged["id"]][0]
    assert entry["kind"] == "seller-replied" and entry["fields"] == {"channel": "email"}
    assert entry["details"]["promise"]["due"] == "2026-11-23T00:00:00+00:00"
    assert [a["name"] for a in entry["details"]["attachments"]] == ["receipt.txt"]
    for short in ("-a", "-c", "-p", "-d", "-e"):
        assert short in cli("log", "--help").stdout


def test_no_text_on_a_terminal_opens_the_editor(cli, case, tmp_path):
    editor = tmp_path / "editor.sh"
    editor.write_text(
        "#!/bin/sh\n"
        'grep -q "note for case 1" "$1" || exit 3\n'
        "printf 'Phoned the seller at 10:00\\n# a comment, left out\\nThey will call back\\n' > \"$1\"\n"
    )
    editor.chmod(0o755)
    env = environment(cli.db, EDITOR=str(editor))
    code, output = run_on_a_terminal(["log", "1", "--channel", "phone"], env)
    assert code == 0, output
    timeline = json.loads(subprocess.run([str(SCRIPT), "show", "1", "--json"], env=env, capture_output=True).stdout)
    notes = [e["text"] for e in timeline["timeline"] if e["kind"] == "note"]
    assert notes == ["Phoned the seller at 10:00\nThey will call back"], output
    editor.write_text("#!/bin/sh\nexit 0\n")  # closed without writing anything: nothing is logged
    code, output = run_on_a_terminal(["log", "1"], env)
    assert code == 1 and "nothing was logged" in output, output
