"""Exports in the folder and column layout of Amazon's "Request your data" zip, as public descriptions give it.

No real export can be downloaded here: these follow the published folder names (Retail.OrderHistory.1/...)
and column names (Website, Order ID, Order Date, ...), with the quirks real ones have: a BOM, quoted commas,
"Not Available" for empty values, several currencies, and columns renamed between versions.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

ORDER_COLUMNS = [
    "Website",
    "Order ID",
    "Order Date",
    "Purchase Order Number",
    "Currency",
    "Unit Price",
    "Unit Price Tax",
    "Shipping Charge",
    "Total Discounts",
    "Total Owed",
    "Shipment Item Subtotal",
    "Shipment Item Subtotal Tax",
    "ASIN",
    "Product Condition",
    "Quantity",
    "Payment Instrument Type",
    "Order Status",
    "Shipment Status",
    "Ship Date",
    "Shipping Option",
    "Shipping Address",
    "Billing Address",
    "Carrier Name & Tracking Number",
    "Product Name",
    "Gift Message",
    "Gift Sender Name",
    "Gift Recipient Contact Details",
]
RETURN_COLUMNS = [
    "OrderId",
    "ReversalId",
    "DateOfReturn",
    "ReturnAmount",
    "ReturnAmountCurrency",
    "ReturnReason",
    "Resolution",
]
REFUND_COLUMNS = [
    "OrderID",
    "ReversalID",
    "RefundCompletionDate",
    "Currency",
    "AmountRefunded",
    "Status",
    "DisbursementType",
]


def order_row(order_id: str, **values: str) -> dict[str, str]:
    row = {
        "Website": "Amazon.co.uk",
        "Order ID": order_id,
        "Order Date": "2026-11-01T10:15:00Z",
        "Purchase Order Number": "Not Applicable",
        "Currency": "GBP",
        "Unit Price": "49.99",
        "Unit Price Tax": "10.00",
        "Shipping Charge": "0",
        "Total Discounts": "0",
        "Total Owed": "59.99",
        "Shipment Item Subtotal": "59.99",
        "Shipment Item Subtotal Tax": "10.00",
        "ASIN": "B0TEST0001",
        "Product Condition": "New",
        "Quantity": "1",
        "Payment Instrument Type": "Visa - 1234",
        "Order Status": "Closed",
        "Shipment Status": "Shipped",
        "Ship Date": "2026-11-03T08:00:00.000Z",
        "Shipping Option": "std-uk",
        "Shipping Address": "Jane Doe 1 High Street, London",
        "Billing Address": "Jane Doe 1 High Street, London",
        "Carrier Name & Tracking Number": "AMZN_UK(QA1234567)",
        "Product Name": "Wireless Headphones, Black",
        "Gift Message": "Not Available",
        "Gift Sender Name": "Not Available",
        "Gift Recipient Contact Details": "Not Available",
    }
    row.update(values)
    return row


def csv_bytes(columns: list[str], rows: list[dict[str, str]], *, bom: bool = True) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


def export_files(
    orders: list[dict[str, str]],
    *,
    returns: list[dict[str, str]] = (),
    refunds: list[dict[str, str]] = (),
    photos: dict[str, bytes] | None = None,
    order_columns: list[str] | None = None,
) -> dict[str, bytes]:
    files = {
        "Retail.OrderHistory.1/Retail.OrderHistory.1.csv": csv_bytes(order_columns or ORDER_COLUMNS, orders),
        "Retail.CustomerReturns.1/Retail.CustomerReturns.1.csv": csv_bytes(RETURN_COLUMNS, list(returns)),
        "Retail.OrdersReturned.Payments.1/Retail.OrdersReturned.Payments.1.csv": csv_bytes(
            REFUND_COLUMNS, list(refunds)
        ),
        "Digital-Ordering.1/Digital Items.csv": b"ASIN,Title\r\nB0DIGITAL,An ebook\r\n",
    }
    for name, content in (photos or {}).items():
        files[f"YourOrders.PhotoOnDelivery/{name}"] = content
    return files


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content in files.items():
            bundle.writestr(name, content)
    return path


def write_folder(path: Path, files: dict[str, bytes]) -> Path:
    for name, content in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return path
