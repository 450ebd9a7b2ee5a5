"""`emails`: a case's messages with their thread tokens, and the thread-integrity warnings."""

import typer

from complaintctl.cli import options
from complaintctl.cli.application import app
from complaintctl.cli.context import emit_json, paging, say, store


@app.command(epilog="Examples:\n\n  complaintctl emails 1\n\n  complaintctl emails 1 --json")
def emails(ctx: typer.Context, case: options.CaseId, as_json: options.Json = False) -> None:
    """The case's messages: date, from, to, subject, thread token, and warnings where the thread broke."""
    from complaintctl.actions.mail import thread_flags
    from complaintctl.core.vocabulary import EMAIL
    from complaintctl.evidence.addresses import marketplace_reply_address
    from complaintctl.evidence.dkim_check import label as dkim_label

    current = store(ctx)
    current.case_state(case)
    messages = current.events_of_kind(case, EMAIL)
    flags = thread_flags(current, case)
    rows = []
    for event in messages:
        mail = event.details.get("email", {})
        reply = marketplace_reply_address(mail)
        rows.append(
            {
                "event": event.id,
                "date": event.occurred,
                "from": mail.get("from"),
                "to": mail.get("to", []),
                "subject": mail.get("subject"),
                "message_id": mail.get("message_id"),
                "token": reply[1][1] if reply else None,
                "dkim": dkim_label(mail),
                "order_ids": mail.get("order_ids", []),
                "flags": [f.kind for f in flags if f.event == event.id],
            }
        )
    if as_json:
        emit_json({"case": case, "messages": rows, "flags": [f.as_dict() for f in flags]})
        return
    if not rows:
        say(f"No emails in case {case}. Add one with: complaintctl log {case} --email message.eml")
        return
    from complaintctl.cli.render.mail import email_table

    with paging(ctx):
        email_table(rows, flags)
