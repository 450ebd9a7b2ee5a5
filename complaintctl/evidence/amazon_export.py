"""Amazon's answer to a data-access request ("Request your data"): the zip, or its unpacked folder. Pure.

Nothing here writes. The export comes from outside and is read as hostile: a member outside the archive
(``../``, an absolute path, a link), a zip bomb (a member that would grow more than 100-fold, or past 4 GB
in all) and a line over 1 MB (no file Amazon writes has one) are refused before anything is read into a
case, with a sentence naming the file. Members are streamed, a line at a time, so a 1 GB line costs 1 MB.

The folder and column names follow the public descriptions of the export (``Retail.OrderHistory.1/
Retail.OrderHistory.1.csv`` with Website, Order ID, Order Date, ...). Amazon renames columns now and then
(Total Owed became Total Amount, Payment Instrument Type became Payment Method Type), so columns are matched
loosely: case, spaces and punctuation do not count, and each field has its known other names.
"""

from __future__ import annotations

import csv
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath
from typing import IO

from complaintctl.errors import ComplaintError

MAX_LINE_BYTES = 1024 * 1024
MAX_TOTAL_BYTES = 4 * 1024**3
MAX_RATIO = 100  # deflate reaches about 10:1 on CSV; a bomb reaches 1000:1
MAX_MEMBERS = 100_000
MAX_PHOTO_BYTES = 50 * 1024 * 1024
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic")
ORDER_ID = re.compile(r"(?:[0-9]{3}|D[0-9]{2})-[0-9]{7}-[0-9]{7}")
NOT_GIVEN = {"", "not available", "not applicable", "n/a", "na", "none", "null", "-"}

# Which folder holds what, by the start of its name.
KNOWN_FOLDERS = {
    "Retail.OrderHistory.": "orders",
    "Retail.CustomerReturns.": "returns",
    "Retail.OrdersReturned.Payments.": "refunds",
    "Retail.Orders&Returns.Concessions": "concessions",
    "YourOrders.PhotoOnDelivery": "photos",
}
# Each field and the column names it goes by, folded (lower case, letters and digits only).
COLUMNS: dict[str, tuple[str, ...]] = {
    "order_id": ("orderid", "ordernumber", "amazonorderid"),
    "website": ("website", "marketplace", "site"),
    "order_date": ("orderdate", "orderdatetime", "orderplaceddate"),
    "currency": ("currency", "returnamountcurrency", "currencycode", "refundcurrency"),
    "total": ("totalowed", "totalamount", "itemtotal", "totalcharged", "ordertotal"),
    "unit_price": ("unitprice", "purchasepriceperunit", "itemprice"),
    "quantity": ("quantity", "qty"),
    "payment": ("paymentinstrumenttype", "paymentmethodtype", "paymentmethod", "paymentinstrument"),
    "order_status": ("orderstatus",),
    "shipment_status": ("shipmentstatus", "shipmentordercondition", "deliverystatus"),
    "ship_date": ("shipdate", "shipmentdate", "shippeddate"),
    "carrier": ("carriernametrackingnumber", "carriernameandtrackingnumber", "trackingnumber", "carrier"),
    "product": ("productname", "title", "itemname", "itemdescription"),
    "asin": ("asin", "asinisbn"),
    "date": (
        "dateofreturn",
        "returndate",
        "refundcompletiondate",
        "refunddate",
        "concessiondate",
        "creationdate",
        "date",
    ),
    "amount": ("returnamount", "amountrefunded", "refundamount", "concessionamount", "amount"),
    "reason": ("returnreason", "concessionreason", "reason"),
    "resolution": ("resolution",),
    "status": ("status", "refundstatus", "concessionstatus"),
}


@dataclass
class Row:
    """One CSV record: where it is (file, first line), its fields by our names, and the columns as written."""

    file: str
    line: int
    values: dict[str, str]
    columns: dict[str, str]

    def get(self, name: str) -> str:
        return self.values.get(name, "")


@dataclass
class AmazonExport:
    name: str
    files: list[str] = field(default_factory=list)  # every known file that was read
    unknown: list[str] = field(default_factory=list)  # listed and skipped
    orders: dict[str, list[Row]] = field(default_factory=dict)  # order id -> its item rows
    returns: list[Row] = field(default_factory=list)
    refunds: list[Row] = field(default_factory=list)
    concessions: list[Row] = field(default_factory=list)
    photos: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def about(self, order_id: str) -> dict[str, list[Row]]:
        return {
            "returns": [r for r in self.returns if r.get("order_id") == order_id],
            "refunds": [r for r in self.refunds if r.get("order_id") == order_id],
            "concessions": [r for r in self.concessions if r.get("order_id") == order_id],
        }

    def photos_of(self, order_id: str) -> list[str]:
        return [name for name in self.photos if order_id in name]


def fold(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def field_of(column: str) -> str | None:
    """Our name for a column: an exact known name first, then a known name it starts with ("Order ID (1)")."""
    folded = fold(column)
    for name, aliases in COLUMNS.items():
        if folded in aliases:
            return name
    for name, aliases in COLUMNS.items():
        if any(len(alias) >= 6 and folded.startswith(alias) for alias in aliases):
            return name
    return None


def category(member: str) -> str | None:
    for part in PurePosixPath(member).parts:
        for prefix, kind in KNOWN_FOLDERS.items():
            if part.startswith(prefix):
                return kind
    return None


class Source:
    """The export's files by their path inside it: a zip, or a folder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.names: list[str] = []
        if path.is_dir():
            self._scan_folder()
        else:
            self._scan_zip()

    def _scan_folder(self) -> None:
        for found in sorted(self.path.rglob("*")):
            relative = found.relative_to(self.path).as_posix()
            if found.is_symlink():
                raise ComplaintError(
                    f"{self.path} holds a link, {relative}: an export holds plain files; nothing was imported"
                )
            if found.is_file():
                self.names.append(relative)

    def _scan_zip(self) -> None:
        try:
            self.zip = zipfile.ZipFile(self.path)
            members = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise ComplaintError(
                f"{self.path} is not a readable zip ({error}): give the zip Amazon sent, or the folder it unpacks to"
            ) from None
        if len(members) > MAX_MEMBERS:
            raise ComplaintError(f"{self.path} holds over {MAX_MEMBERS:,} files: not an Amazon export")
        total = 0
        for member in members:
            name = member.filename
            path = PurePosixPath(name.replace("\\", "/"))
            if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
                raise ComplaintError(
                    f"{self.path} holds a file outside the archive ({name[:80]!r}): refused, nothing was imported"
                )
            if stat.S_ISLNK(member.external_attr >> 16):
                raise ComplaintError(f"{self.path} holds a link ({name[:80]!r}): refused, nothing was imported")
            total += member.file_size
            if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                raise ComplaintError(
                    f"{self.path} is a zip bomb: {name[:80]!r} would grow from {member.compress_size:,} to "
                    f"{member.file_size:,} bytes; nothing was imported"
                )
            if not member.is_dir():
                self.names.append(name)
        if total > MAX_TOTAL_BYTES:
            raise ComplaintError(
                f"{self.path} would unpack to {total / 1024**3:.1f} GB, over 4 GB: not an export; nothing was imported"
            )

    def open(self, name: str) -> IO[bytes]:
        if self.zip is not None:
            return self.zip.open(name)
        return (self.path / name).open("rb")

    def read(self, name: str, limit: int) -> bytes:
        with self.open(name) as handle:
            content = handle.read(limit + 1)
        if len(content) > limit:
            raise ComplaintError(f"{name} in the export is over {limit // 1048576} MB: not a delivery photo")
        return content

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def _lines(handle: IO[bytes], name: str) -> Iterator[str]:
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            raise ComplaintError(
                f"line {number} of {name} is over 1 MB: not a file Amazon writes (damaged or hostile); "
                "nothing was imported"
            )
        text = raw.decode("utf-8", errors="replace")
        yield text.removeprefix("\ufeff") if number == 1 else text


def read_rows(source: Source, name: str) -> Iterator[Row]:
    """The records of one CSV, with our field names; a record's line is the line it starts on."""
    csv.field_size_limit(MAX_LINE_BYTES)
    try:
        with source.open(name) as handle:
            reader = csv.reader(_lines(handle, name))
            header = next(reader, None)
            if not header:
                return
            fields = [field_of(column) for column in header]
            start = reader.line_num + 1
            for record in reader:
                if any(cell.strip() for cell in record):
                    values: dict[str, str] = {}
                    for index, cell in enumerate(record[: len(header)]):
                        name_here = fields[index]
                        cleaned = " ".join(cell.split())
                        if name_here and name_here not in values and cleaned.lower() not in NOT_GIVEN:
                            values[name_here] = cleaned
                    yield Row(name, start, values, dict(zip(header, record, strict=False)))
                start = reader.line_num + 1
    except csv.Error as error:
        raise ComplaintError(f"{name} in the export is not readable CSV ({error}); nothing was imported") from None
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise ComplaintError(f"{name} in the export cannot be read ({error}); nothing was imported") from None


def read_export(path: Path) -> AmazonExport:
    """Every known file of the export, read whole; unknown files named and skipped."""
    if not path.exists():
        raise ComplaintError(f"{path} does not exist: give the zip Amazon sent, or the folder it unpacks to")
    source = Source(path)
    export = AmazonExport(path.name)
    try:
        for name in source.names:
            kind = category(name)
            if kind == "photos" and name.lower().endswith(PHOTO_SUFFIXES):
                export.photos.append(name)
                continue
            if kind is None or kind == "photos" or not name.lower().endswith(".csv"):
                export.unknown.append(name)
                continue
            export.files.append(name)
            for row in read_rows(source, name):
                if kind == "orders":
                    if not row.get("order_id"):
                        export.warnings.append(f"{name}, line {row.line}: no Order ID; skipped")
                        continue
                    export.orders.setdefault(row.get("order_id"), []).append(row)
                else:
                    getattr(export, kind).append(row)
    finally:
        source.close()
    if not export.files and not export.photos:
        raise ComplaintError(
            f"{path} holds none of the files of Amazon's data export (Retail.OrderHistory.1/...): is it the right zip?"
        )
    return export


def read_photo(path: Path, name: str) -> bytes:
    source = Source(path)
    try:
        return source.read(name, MAX_PHOTO_BYTES)
    finally:
        source.close()


def parse_time(text: str) -> datetime | None:
    """The export's times: ISO 8601 (2024-10-21T12:00:00Z, with .000Z) or '2024-10-21 12:00:00 UTC'."""
    value = text.strip().replace(" UTC", "+00:00")
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_money(text: str) -> Decimal | None:
    """'59.99', '1,234.56', '$59.99', '59,99' -> Decimal; anything else None."""
    value = re.sub(r"[^\d.,\-]", "", text)
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", value):
        value = value.replace(",", "")
    elif re.fullmatch(r"-?\d+,\d{1,2}", value):
        value = value.replace(",", ".")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


PAID_BY = (
    ("gift", "gift-card"),
    ("paypal", "paypal"),
    ("direct debit", "bank-transfer"),
    ("debit", "debit-card"),
    ("bank", "bank-transfer"),
    ("sepa", "bank-transfer"),
    ("cash on delivery", "cash-on-delivery"),
    ("visa", "credit-card"),
    ("mastercard", "credit-card"),
    ("american express", "credit-card"),
    ("amex", "credit-card"),
    ("discover", "credit-card"),
    ("jcb", "credit-card"),
    ("card", "credit-card"),
)


def paid_by(instrument: str) -> str | None:
    """Payment Instrument Type ("Visa - 1234", "Gift Certificate/Card and Visa - 7944") as a --paid-by value:
    the card when a gift card paid part (the card is what a chargeback can reach)."""
    lowered = instrument.lower()
    if not lowered:
        return None
    parts = [part.strip() for part in lowered.split(" and ")]
    choices = [next((value for word, value in PAID_BY if word in part), "other") for part in parts]
    non_gift = [choice for choice in choices if choice != "gift-card"]
    return non_gift[0] if non_gift else choices[0]
