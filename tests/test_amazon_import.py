"""`import amazon`: Amazon's data export (zip or folder) through the real CLI and database.

The exports are built by tests/helpers/amazon.py in the folder and column layout that public descriptions of
Amazon's "Request your data" zip give; no real export can be downloaded here.
"""

from __future__ import annotations

import os
import zipfile

from helpers.amazon import ORDER_COLUMNS, export_files, order_row, write_folder, write_zip

ORDER = "202-1234567-1234567"
OTHER = "305-7654321-7654321"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 200


def standard_export(tmp_path, **overrides):
    files = export_files(
        [
            order_row(ORDER, **{"Shipment Status": "Delivered"}),
            order_row(
                OTHER,
                **{
                    "Website": "Amazon.de",
                    "Currency": "EUR",
                    "Total Owed": "1,234.50",
                    "Product Name": 'Kaffeemaschine "Deluxe", 1,5 L',
                    "Order Date": "2026-10-01T09:00:00Z",
                    "Payment Instrument Type": "Gift Certificate/Card and Mastercard - 9999",
                },
            ),
        ],
        refunds=[
            {
                "OrderID": ORDER,
                "RefundCompletionDate": "2026-11-20T10:00:00Z",
                "Currency": "GBP",
                "AmountRefunded": "20.00",
                "Status": "Completed",
            }
        ],
        returns=[
            {
                "OrderId": OTHER,
                "DateOfReturn": "2026-10-10T00:00:00Z",
                "ReturnAmount": "1234.50",
                "ReturnAmountCurrency": "EUR",
                "ReturnReason": "Defective",
                "Resolution": "Refund",
            }
        ],
        photos={f"{ORDER}/delivery-1.jpg": JPEG},
        **overrides,
    )
    return write_zip(tmp_path / "Your Orders.zip", files)


def test_list_prints_the_orders_with_bom_quoted_commas_and_several_currencies(cli, tmp_path):
    export = standard_export(tmp_path)
    orders = cli("import", "amazon", str(export), "--list", "--json").json()
    assert [(o["order_id"], o["amount"], o["currency"]) for o in orders] == [
        (ORDER, "59.99", "GBP"),
        (OTHER, "1234.50", "EUR"),
    ]
    assert orders[1]["item"] == 'Kaffeemaschine "Deluxe", 1,5 L' and orders[0]["status"] == "Delivered"
    shown = cli("import", "amazon", str(export), "--list").stdout
    assert "2026-11-01  202-1234567-1234567  Wireless Headphones, Black" in shown, shown
    assert not cli.db.exists()  # listing needs no database, and stores nothing


def test_renamed_columns_are_matched_loosely(cli, tmp_path):
    renamed = [
        {"Total Owed": "Total Amount", "Payment Instrument Type": "Payment Method Type", "Order ID": "order id"}.get(
            column, column
        )
        for column in ORDER_COLUMNS
    ]
    rows = [{renamed[i]: value for i, value in enumerate(order_row(ORDER, **{"Total Owed": "12.00"}).values())}]
    export = write_zip(tmp_path / "renamed.zip", export_files(rows, order_columns=renamed))
    (order,) = cli("import", "amazon", str(export), "--list", "--json").json()
    assert (order["order_id"], order["amount"], order["payment"]) == (ORDER, "12.00", "Visa - 1234")


def test_an_order_opens_a_case_with_its_facts_events_and_the_export_kept(cli, tmp_path):
    export = standard_export(tmp_path)
    result = cli("import", "amazon", str(export), "--order", OTHER, "--item", "physical", "--json").json()
    assert result["opened"] and result["unknown_files"] == ["Digital-Ordering.1/Digital Items.csv"]
    case = cli("show", "1", "--json").json()
    facts = case["facts"]
    assert facts["marketplace"] == "amazon.de" and facts["country"] == "DE" and facts["order_id"] == OTHER
    assert (facts["amount"], facts["currency"], facts["ordered_on"]) == ("1234.50", "EUR", "2026-10-01")
    assert facts["product"] == 'Kaffeemaschine "Deluxe", 1,5 L' and facts["item"] == "physical"
    assert facts["paid_by"] == "credit-card"  # the card paid what the gift card did not: a chargeback can reach it
    records = [e for e in case["timeline"] if e["kind"] == "marketplace-record"]
    assert [r["details"]["what"] for r in records] == ["order-placed", "return", "shipped"]
    assert all(r["details"]["source"] == "amazon-data-export" for r in records)
    assert all(r["text"].startswith("From Amazon's data export: ") for r in records)
    returned = records[1]
    assert returned["occurred"].startswith("2026-10-10") and not returned["backdated"]
    assert returned["text"] == (
        "From Amazon's data export: return of 1234.50 EUR; reason Defective; resolution Refund "
        "(Retail.CustomerReturns.1.csv, line 2)"
    )
    (line,) = returned["details"]["lines"]
    assert (line["file"], line["line"]) == ("Retail.CustomerReturns.1/Retail.CustomerReturns.1.csv", 2)
    assert line["columns"]["ReturnReason"] == "Defective"  # the row as Amazon wrote it
    (kept,) = [e for e in case["timeline"] if e["kind"] == "data-export"]
    assert kept["attachments"][0]["name"] == "Your Orders.zip"
    assert kept["attachments"][0]["size_bytes"] == export.stat().st_size
    assert "Intact: 1 case(s)" in cli("verify").stderr
    assert "Kaffeemaschine" in cli("search", "Kaffeemaschine").stdout


def test_delivered_in_the_export_against_not_received_is_shown_everywhere(cli, tmp_path):
    export = standard_export(tmp_path)
    imported = cli("import", "amazon", str(export), "--order", ORDER, "--issue", "not-received")
    assert "Disagrees with your record: Amazon's data export says the order was delivered" in imported.stderr
    case = cli("show", "1", "--json").json()
    photo = [e for e in case["timeline"] if e["details"].get("what") == "delivery-photo"]
    assert photo[0]["attachments"][0]["media_type"] == "image/jpeg"
    shown = cli("show", "1")
    assert "says the order was delivered (shipment status 'Delivered'" in shown.stderr, shown
    assert "you recorded that it never arrived" in shown.stderr
    advice = cli("next", "1", "--json").json()
    assert any("says the order was delivered" in flag for flag in advice["flags"]), advice["flags"]
    assert any("does not hold: customer-service chat transcripts" in flag for flag in advice["flags"])
    assert "Warning: Amazon's data export disagrees" in cli("next", "1").stdout
    cli("export", "1", "--format", "md", "-o", str(tmp_path / "d.md"))
    dossier = (tmp_path / "d.md").read_text()
    assert "## Where the marketplace's data export disagrees with this record" in dossier
    assert "- recordings and notes of phone calls" in dossier
    cli("export", "1", "-o", str(tmp_path))
    bag = next(tmp_path.glob("dossier-1-*.zip"))
    assert "Intact" in cli("verify", "--bundle", str(bag)).stderr  # the section re-derives from the events


def test_a_refund_that_differs_from_the_promise_is_named(cli, tmp_path):
    export = standard_export(tmp_path)
    cli("new", "--title", "Headphones", "--marketplace", "amazon.co.uk", "--amount", "59.99", "--currency", "GBP")
    cli("log", "1", "Chat: full refund", "--at", "2026-11-14", "--promise", "refund of 59.99", "--due", "2026-11-17")
    result = cli("import", "amazon", str(export), "--order", ORDER, "--case", "1", "--json").json()
    assert not result["opened"] and result["facts"]["order_id"] == ORDER and "amount" not in result["facts"]
    (found,) = [d for d in result["disagreements"] if d["kind"] == "refund-amount"]
    assert found["message"] == (
        "Amazon's data export shows refunds of 20.00 GBP (event 7), but the promise in event 2 was a refund "
        "of 59.99 GBP."
    )
    again = cli.fails("import", "amazon", str(export), "--order", ORDER, "--case", "1")
    assert "already in case 1" in again


def test_an_unpacked_folder_imports_like_the_zip(cli, tmp_path):
    with zipfile.ZipFile(standard_export(tmp_path)) as bundle:
        files = {name: bundle.read(name) for name in bundle.namelist()}
    folder = write_folder(tmp_path / "unpacked", files)
    cli("import", "amazon", str(folder), "--order", ORDER)
    case = cli("show", "1", "--json").json()
    (kept,) = [e for e in case["timeline"] if e["kind"] == "data-export"]
    assert kept["attachments"][0]["name"] == "unpacked.zip"  # the files read, zipped: every line traceable


def nothing_stored(cli):
    assert cli.sql("SELECT count(*) FROM events") == [(1,)]  # the case opened before: nothing else


def test_hostile_exports_are_refused_whole(cli, tmp_path):
    cli("new", "--title", "Before the import")
    good = export_files([order_row(ORDER)])
    traversal = write_zip(tmp_path / "traversal.zip", {**good, "../../etc/evil.csv": b"a,b\n"})
    assert "outside the archive" in cli.fails("import", "amazon", str(traversal), "--order", ORDER)
    absolute = write_zip(tmp_path / "absolute.zip", {**good, "/tmp/evil.csv": b"a,b\n"})
    assert "outside the archive" in cli.fails("import", "amazon", str(absolute), "--list")
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content in good.items():
            bundle.writestr(name, content)
        bundle.writestr("Retail.CustomerReturns.1/huge.csv", b"0" * (20 * 1024 * 1024))
    assert "zip bomb" in cli.fails("import", "amazon", str(bomb), "--order", ORDER, "--case", "1")
    not_zip = tmp_path / "not.zip"
    not_zip.write_bytes(b"PK\x03\x04 not really")
    assert "not a readable zip" in cli.fails("import", "amazon", str(not_zip), "--list")
    assert "does not exist" in cli.fails("import", "amazon", str(tmp_path / "missing.zip"), "--list")
    assert "holds no order" in cli.fails("import", "amazon", str(write_zip(tmp_path / "g.zip", good)), "--order", OTHER)
    nothing_stored(cli)


def test_a_1_gb_line_costs_1_mb_and_imports_nothing(cli, tmp_path):
    cli("new", "--title", "Before the import")
    folder = write_folder(tmp_path / "export", export_files([order_row(ORDER)]))
    returns = folder / "Retail.CustomerReturns.1" / "Retail.CustomerReturns.1.csv"
    with returns.open("r+b") as handle:  # a sparse file: 1 GB long, next to nothing on disk
        handle.seek(0, os.SEEK_END)
        handle.write(b"202-1234567-1234567,")
        handle.truncate(1024**3)
    error = cli.fails("import", "amazon", str(folder), "--order", ORDER, "--case", "1")
    assert "line 2 of Retail.CustomerReturns.1/Retail.CustomerReturns.1.csv is over 1 MB" in error
    nothing_stored(cli)
    link = folder / "Retail.OrderHistory.1" / "link.csv"
    returns.unlink()
    link.symlink_to("/etc/passwd")
    assert "holds a link" in cli.fails("import", "amazon", str(folder), "--list")
    nothing_stored(cli)


def test_import_usage_errors(cli, tmp_path):
    export = standard_export(tmp_path)
    assert "--list" in cli("import", "amazon", str(export), code=2).stderr
    assert "--list" in cli("import", "amazon", str(export), "--list", "--order", ORDER, code=2).stderr
    assert (
        "complaintctl set"
        in cli("import", "amazon", str(export), "--order", ORDER, "--case", "1", "--item", "physical", code=2).stderr
    )
    no_database = cli.fails("import", "amazon", str(export), "--order", ORDER, "--case", "9")
    assert "there is no database" in no_database and not cli.db.exists()  # adding to a case starts none
    cli("new", "--title", "Another case")
    assert "there is no case 9" in cli.fails("import", "amazon", str(export), "--order", ORDER, "--case", "9")


def test_the_data_access_letter_asks_for_what_the_export_lacked(cli, tmp_path):
    export = standard_export(tmp_path)
    cli("import", "amazon", str(export), "--order", ORDER, "--issue", "not-received")
    letter = cli("letter", "1", "data-access").stdout
    assert "The data export you sent me earlier does not hold customer-service chat transcripts;" in letter
    assert "\n\n\n" not in letter
    french = cli("letter", "1", "data-access", "--lang", "fr").stdout
    assert "L'export de données que vous m'avez déjà transmis ne contient ni" in french
    cli("new", "--title", "No export")
    assert "data export you sent me" not in cli("letter", "2", "data-access").stdout
