"""Whole-process timings of complaintctl on a large database, beside `python -c "import typer"`.

    python benchmarks/run.py            # 10,000 cases and 200,000 events
    python benchmarks/run.py --quick    # 1,000 cases and 20,000 events

The database is built once through the store's own append path (hash chain included) and kept in
benchmarks/.data/ for later runs. Each figure is the median wall time of whole processes, and the peak
resident memory of the slowest one.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import peers

HERE = Path(__file__).resolve().parent
WORDS = [
    "agent",
    "chat",
    "phone",
    "email",
    "seller",
    "parcel",
    "tracking",
    "delivered",
    "missing",
    "promised",
    "refund",
    "call",
    "back",
    "replacement",
    "manager",
    "ticket",
    "escalate",
    "waiting",
    "reply",
    "courier",
    "damaged",
    "box",
    "receipt",
    "screenshot",
    "order",
    "return",
    "label",
]


def build(path: Path, cases: int, events: int) -> None:
    from complaintctl.store import Store

    rng = random.Random(20261122)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    store = Store.open(path)
    per_case = events // cases
    began = time.perf_counter()
    for first in range(0, cases, 500):
        with store.atomic():
            for number in range(first, min(cases, first + 500)):
                moment = start + timedelta(minutes=number)
                facts = {
                    "title": f"Case {number}: parcel never arrived",
                    "marketplace": "amazon.co.uk",
                    "country": "GB",
                    "role": "buyer",
                    "issue": "not-received",
                }
                case_id = store.open_case(facts, text="", occurred=moment, recorded=moment).case_id
                for index in range(per_case - 1):
                    when = moment + timedelta(hours=index)
                    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 20)))
                    details = {"channel": "chat", "agent": "Priya"} if index % 3 == 0 else {}
                    if index % 10 == 5:
                        details["promise"] = {"what": "refund", "due": (when + timedelta(days=3)).isoformat()}
                    store.append(case_id, kind="note", occurred=when, recorded=when, text=text, details=details)
        print(
            f"\r  built {min(cases, first + 500):,} cases in {time.perf_counter() - began:.0f} s",
            end="",
            file=sys.stderr,
            flush=True,
        )
    print(file=sys.stderr)
    store.close()


def uk_case_facts(title: str, ordered: datetime) -> dict[str, str]:
    """A complete UK A-to-z case: every fact advice reads, delivery due nine days after the order."""
    return {
        "title": title,
        "marketplace": "amazon.co.uk",
        "country": "GB",
        "role": "buyer",
        "issue": "not-received",
        "sold_by": "third-party",
        "fulfilled_by": "seller",
        "ordered_on": ordered.date().isoformat(),
        "delivery_by": (ordered + timedelta(days=9)).date().isoformat(),
        "amount": "59.99",
        "currency": "GBP",
        "paid_by": "credit-card",
    }


def build_long_case(path: Path, events: int) -> None:
    """One UK case with a long history: notes, calls, promises and the milestones advice reads."""
    from complaintctl.store import Store

    rng = random.Random(7)
    start = datetime(2026, 6, 1, 9, tzinfo=UTC)
    store = Store.open(path)
    facts = uk_case_facts("A very long dispute", start)
    milestones = ["seller-contacted", "seller-replied", "escalated", "claim-filed"]
    with store.atomic():
        case_id = store.open_case(facts, text="", occurred=start, recorded=start).case_id
        for index in range(events - 1):
            when = start + timedelta(minutes=20 * index)
            # The milestones come early, one every 2,500 entries; a longer history is notes and calls after them.
            step, offset = divmod(index, 2500)
            kind = milestones[step] if offset == 0 and step < len(milestones) else "note"
            details: dict[str, object] = {
                "channel": rng.choice(["chat", "phone", "email"]),
                "direction": rng.choice(["inbound", "outbound"]),
            }
            if kind == "escalated":
                details["target"] = "customer service"
            if index % 50 == 7:
                details["promise"] = {"what": "refund", "due": (when + timedelta(days=3)).isoformat()}
            text = " ".join(rng.choice(WORDS) for _ in range(12))
            store.append(case_id, kind=kind, occurred=when, recorded=when, text=text, details=details)
    store.close()


def build_export_case(path: Path, events: int, screenshots: int) -> None:
    """One case with many events and screenshots: what `export` has to carry."""
    import struct
    import zlib

    from complaintctl.evidence.files import describe
    from complaintctl.store import Store

    def png(seed: int) -> bytes:
        rows = b"".join(b"\x00" + bytes((seed + x + y) % 256 for x in range(3 * 400)) for y in range(300))

        def chunk(kind: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        header = struct.pack(">IIBBBBB", 400, 300, 8, 2, 0, 0, 0)
        return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")

    rng = random.Random(11)
    start = datetime(2026, 9, 1, 9, tzinfo=UTC)
    store = Store.open(path)
    facts = uk_case_facts("Export benchmark", start)
    with store.atomic():
        case_id = store.open_case(facts, text="", occurred=start, recorded=start).case_id
        for index in range(events - 1):
            when = start + timedelta(hours=index)
            files = [describe(f"screen-{index}.png", png(index))] if index < screenshots else []
            text = " ".join(rng.choice(WORDS) for _ in range(15))
            store.append(
                case_id,
                kind="note",
                occurred=when,
                recorded=when,
                text=text,
                details={"channel": "chat", "agent": "Priya"},
                files=files,
            )
    store.close()


def write_mbox(path: Path, messages: int) -> None:
    """A mailbox of Amazon-like messages, one reply token, distinct Message-IDs."""
    from email.message import EmailMessage

    with path.open("wb") as out:
        for number in range(messages):
            message = EmailMessage()
            message["From"] = '"Customer Service" <cs-reply+A3SC11E84PLJUR@amazon.co.uk>'
            message["To"] = "buyer@example.org"
            message["Subject"] = f"Your order 202-1234567-1234567 ({number})"
            message["Date"] = "Thu, 12 Nov 2026 09:30:00 +0000"
            message["Message-ID"] = f"<msg{number}@amazon.co.uk>"
            message.set_content(f"Message {number}: we will refund you within 3 days.")
            out.write(
                b"From MAILER-DAEMON Thu Nov 12 09:30:00 2026\n"
                + bytes(message).replace(b"\nFrom ", b"\n>From ")
                + b"\n"
            )


def hostile_mail_rows(
    data: Path, exe: list[str], env: dict[str, str], messages: int
) -> list[tuple[str, float, float, list[str]]]:
    """An mbox import of MESSAGES messages into a fresh case, and one message with a 200 KB encoded-word Subject."""
    import base64

    box = data / f"mailbox-{messages}.mbox"
    if not box.exists():
        write_mbox(box, messages)
    words = " ".join("=?utf-8?b?" + base64.b64encode(b"x" * 30).decode() + "?=" for _ in range(4_000))
    subject = data / "subject-200k.eml"
    subject.write_bytes(
        (
            f"From: a@b.c\nTo: d@e.f\nSubject: {words}\nDate: Mon, 16 Nov 2026 10:00:00 +0000\n"
            "Message-ID: <long@b.c>\n\nbody\n"
        ).encode()
    )
    rows = []
    for label, source in ((f"log --email mbox ({messages:,} msgs)", box), ("log --email (200 KB Subject)", subject)):
        target = data / "mail.db"
        target.unlink(missing_ok=True)
        fresh = {**env, "COMPLAINTCTL_DB": str(target), "COMPLAINTCTL_MAX_ATTACHMENT_MB": "200"}
        subprocess.run(
            exe + ["new", "--title", "mail"],
            env=fresh,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        command = exe + ["log", "1", "--email", str(source)]
        seconds, megabytes, base = measure(command, fresh, 1)
        rows.append((label, seconds, megabytes, base, command))
    return rows


def with_overnight_promises(source: Path, target: Path, cases: int, evening: datetime) -> None:
    """A copy of ``source`` in which every seventh case (15 %) holds a promise due at 06:00 the next morning:
    advice computed the evening before is valid only until then for those cases."""
    import shutil

    from complaintctl.store import Store

    for suffix in ("", "-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)
    due = (evening + timedelta(days=1)).replace(hour=6, minute=0)
    store = Store.open(target)
    with store.atomic():
        for case_id in range(1, cases + 1, 7):
            store.append(
                case_id,
                kind="note",
                occurred=evening - timedelta(hours=2),
                recorded=evening - timedelta(hours=2),
                text="The agent promised a call back first thing tomorrow",
                details={"channel": "phone", "promise": {"what": "call back", "due": due.isoformat()}},
            )
    store.close()
    drop_advice_cache(target)


def drop_advice_cache(path: Path) -> None:
    import sqlite3

    connection = sqlite3.connect(path)
    try:
        connection.execute("DELETE FROM advice_cache")
        connection.commit()
    except sqlite3.OperationalError:
        pass  # a database built before the cache existed: the command creates it
    finally:
        connection.close()


BASELINE = [sys.executable, "-c", "import typer"]


def run_once(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    began = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed with status {status}")
    return time.perf_counter() - began, usage.ru_maxrss


def measure(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """The command's median time and peak memory, and the median of `import typer` timed between its runs:
    a shared machine's speed drifts over minutes, and each row's ratio is taken against its own baseline."""
    times, baselines, peak = [], [], 0
    for _ in range(runs):
        baselines.append(run_once(BASELINE, env)[0])
        seconds, rss = run_once(command, env)
        times.append(seconds)
        peak = max(peak, rss)
    baselines += [run_once(BASELINE, env)[0] for _ in range(max(0, 3 - runs))]  # one-run rows: three baselines
    return statistics.median(times), peak / 1024, statistics.median(baselines)


def instructions(command: list[str], env: dict[str, str]) -> int | None:
    """Machine instructions one run executes, counted by callgrind: unlike seconds, the same on a busy machine
    and a quiet one, so the start-up ratio of `log` can be read to the percent. None without valgrind."""
    import re
    import shutil

    if shutil.which("valgrind") is None:
        return None
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found.group(1)) if found and done.returncode == 0 else None


# The databases the benchmark uses, by file name, and how each is built.
BUILDERS = {
    "bench-10000-200000.db": lambda path: build(path, 10_000, 200_000),
    "bench-1000-20000.db": lambda path: build(path, 1_000, 20_000),
    "bench-1000-1000000.db": lambda path: build(path, 1_000, 1_000_000),
    "long-case-10000.db": lambda path: build_long_case(path, 10_000),
    "long-case-100000.db": lambda path: build_long_case(path, 100_000),
    "export-1000-50.db": lambda path: build_export_case(path, 1_000, 50),
}


def ensure(data: Path, name: str) -> Path:
    """data/NAME, built once, in a process of its own: a child's peak memory counts its parent's pages."""
    path = data / name
    if not path.exists():
        print(f"Building {name} (once; kept in {data})...", file=sys.stderr)
        temporary = path.with_suffix(".tmp")
        temporary.unlink(missing_ok=True)
        subprocess.run([sys.executable, __file__, "--build", name, str(temporary)], check=True)
        temporary.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a database ten times smaller")
    parser.add_argument("--runs", type=int, default=15, help="processes per figure (default 15)")
    parser.add_argument(
        "--million",
        action="store_true",
        help="also time search and verify over 1,000,000 notes (builds a ~1 GB database once)",
    )
    parser.add_argument("--build", nargs=2, metavar=("NAME", "PATH"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.build:
        BUILDERS[options.build[0]](Path(options.build[1]))
        return
    cases, events = (1_000, 20_000) if options.quick else (10_000, 200_000)
    data = HERE / ".data"
    data.mkdir(exist_ok=True)
    big = ensure(data, f"bench-{cases}-{events}.db")
    long_case = ensure(data, "long-case-10000.db")
    longer_case = ensure(data, "long-case-100000.db")
    export_case = ensure(data, "export-1000-50.db")
    exports = data / "exports"
    exports.mkdir(exist_ok=True)
    empty = data / "empty.db"
    empty.unlink(missing_ok=True)
    exe = [sys.executable, "-m", "complaintctl"]
    script = Path(sys.executable).with_name("complaintctl")
    if script.exists():
        exe = [str(script)]
    env = {**os.environ, "COMPLAINTCTL_DB": str(big), "COLUMNS": "120"}
    env.pop("COMPLAINTCTL_NOW", None)
    subprocess.run(
        exe + ["--db", str(empty), "new", "--title", "empty"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    baseline, baseline_mb, _ = measure(BASELINE, env, options.runs)
    rows = [
        (
            "python -c 'import typer'",
            baseline,
            baseline_mb,
            baseline,
            "the baseline: Python starting and importing Typer",
        )
    ]

    def ran(command: list[str], database: Path) -> str:
        """The command line as a reader would type it: complaintctl, the database by name, the arguments."""
        words = [Path(word).name if "/" in word else word for word in command[len(exe) :]]
        if "--db" not in words:
            words = ["--db", database.name, *words]
        return "complaintctl " + " ".join(words)

    # A person who never gives --db: the database in the user data folder, found through platformdirs.
    home = data / "home"
    home.mkdir(exist_ok=True)
    at_home = {**{k: v for k, v in env.items() if k not in ("COMPLAINTCTL_DB", "XDG_DATA_HOME")}, "HOME": str(home)}
    subprocess.run(
        exe + ["new", "--title", "at home"],
        env=at_home,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seconds, megabytes, base = measure(exe + ["log", "1", "a note"], at_home, options.runs)
    rows.append(
        (
            "log (default database location)",
            seconds,
            megabytes,
            base,
            "complaintctl log 1 a note (no --db: the database in the user data folder)",
        )
    )
    checks = [
        ("log (empty database)", exe + ["--db", str(empty), "log", "1", "a note on an empty database"]),
        (f"log ({events:,} events)", exe + ["log", "7", "a note about the refund"]),
        ("show (one case)", exe + ["show", "7"]),
        ("show --json", exe + ["show", "7", "--json"]),
        ("list --limit 50", exe + ["list", "--limit", "50"]),
        (f"list (all {cases:,}, table)", exe + ["list"]),
        (f"list (all {cases:,}) --json", exe + ["list", "--json"]),
        (f"next (all {cases:,}, cached)", exe + ["next"]),
        (f"agenda (all {cases:,}, cached)", exe + ["agenda"]),
        ("search refund", exe + ["search", "refund"]),
        ("verify 7 (one case)", exe + ["verify", "7"]),
        ("next 7", exe + ["next", "7"]),
        ("check 7 --json", exe + ["check", "7", "--json"]),
        ("show (case of 10,000 events)", exe + ["--db", str(long_case), "show", "1"]),
        ("next (case of 10,000 events)", exe + ["--db", str(long_case), "next", "1"]),
        ("next --json (10,000 events)", exe + ["--db", str(long_case), "next", "1", "--json"]),
        ("agenda (10,000 events)", exe + ["--db", str(long_case), "agenda"]),
        ("show (case of 100,000 events)", exe + ["--db", str(longer_case), "show", "1"]),
        ("next (case of 100,000 events)", exe + ["--db", str(longer_case), "next", "1"]),
        (
            "export html (1,000 ev., 50 png)",
            exe + ["--db", str(export_case), "export", "1", "-f", "html", "-o", str(exports)],
        ),
        ("export zip (html+pdf+json+md)", exe + ["--db", str(export_case), "export", "1", "-o", str(exports)]),
    ]
    for label, command in checks:
        if "cached" in label:
            # No cache at all (a new rule pack, an upgrade): every case's advice is computed.
            drop_advice_cache(big)
            seconds, megabytes, base = measure(command, env, 1)
            rows.append(
                (
                    label.replace("cached", "advice cache empty"),
                    seconds,
                    megabytes,
                    base,
                    ran(command, big) + " (advice cache emptied first; one run)",
                )
            )
            # The first run of a day: advice kept from yesterday evening holds until its own horizon, and for
            # 15 % of the cases that horizon falls overnight (a promise due at 06:00 this morning).
            yesterday = (datetime.now().astimezone() - timedelta(days=1)).replace(hour=18, minute=0)
            earlier = {**env, "COMPLAINTCTL_NOW": yesterday.isoformat()}
            morning = data / "first-run-of-the-day.db"
            firsts = []
            for _ in range(3):
                with_overnight_promises(big, morning, cases, yesterday)
                day_env = {**env, "COMPLAINTCTL_DB": str(morning)}
                run_once(command, {**earlier, "COMPLAINTCTL_DB": str(morning)})
                firsts.append(measure(command, day_env, 1))
            seconds, megabytes, base = sorted(firsts)[1]
            rows.append(
                (
                    label.replace("cached", "first run of the day"),
                    seconds,
                    megabytes,
                    base,
                    ran(command, morning)
                    + " (after the same command yesterday at 18:00; 15 % of the cases have a promise due at 06:00"
                    " today; median of 3)",
                )
            )
        seconds, megabytes, base = measure(command, env, options.runs)
        rows.append((label, seconds, megabytes, base, ran(command, big)))
    # `new` on a copy of the big database (each run adds a case), and taskwarrior's peers of `new` and `log`.
    new_target = data / "new-target.db"
    shutil.copy(big, new_target)
    new_command = exe + ["--db", str(new_target), "new", "--title", "Headphones never arrived"]
    seconds, megabytes, base = measure(new_command, env, options.runs)
    rows.append((f"new ({cases:,} cases)", seconds, megabytes, base, ran(new_command, big) + " (on a copy)"))
    rows += peers.rows(data / "taskwarrior", cases, env, measure, options.runs)
    rows += peers.jrnl_rows(data / "jrnl", events, env, measure, min(options.runs, 3))  # seconds per run
    verify_seconds, verify_mb, base = measure(exe + ["verify"], env, 1)
    rows.append(
        (f"verify (all {events:,} events)", verify_seconds, verify_mb, base, ran(exe + ["verify"], big) + " (one run)")
    )
    rows += [
        (label, seconds, megabytes, base, ran(command, data / "mail.db") + " (a fresh database; one run)")
        for label, seconds, megabytes, base, command in hostile_mail_rows(
            data, exe, env, 5_000 if options.quick else 50_000
        )
    ]
    if options.million:
        million = ensure(data, "bench-1000-1000000.db")
        huge = {**env, "COMPLAINTCTL_DB": str(million)}
        for label, command in (
            ("log (1,000,000 notes)", exe + ["log", "7", "one more note"]),
            ("search refund (1,000,000 notes)", exe + ["search", "refund", "--json"]),
            ("search refund --case 7 (1,000,000 notes)", exe + ["search", "refund", "--case", "7", "--json"]),
        ):
            seconds, megabytes, base = measure(command, huge, options.runs)
            rows.append((label, seconds, megabytes, base, ran(command, million)))
        seconds, megabytes, base = measure(exe + ["verify"], huge, 1)
        rows.append(
            ("verify (1,000,000 events)", seconds, megabytes, base, ran(exe + ["verify"], million) + " (one run)")
        )

    typer_path = {**env, "COMPLAINTCTL_NO_FAST_PATH": "1"}  # the fast path of log and new off (launcher.py)
    counted = [
        (label, instructions(command, where))
        for label, command, where in (
            ("python -c 'import typer'", BASELINE, env),
            ("log (empty database)", exe + ["--db", str(empty), "log", "1", "a counted note"], env),
            (f"log ({events:,} events)", exe + ["log", "7", "a counted note"], env),
            ("log (default database location)", exe + ["log", "1", "a counted note"], at_home),
            (f"new ({cases:,} cases)", new_command, env),
            (f"log ({events:,} events, through Typer)", exe + ["log", "7", "a counted note"], typer_path),
            (f"new ({cases:,} cases, through Typer)", new_command, typer_path),
        )
    ]
    counted += peers.counted(data / "taskwarrior", cases, env, instructions)
    if all(count for _, count in counted):
        print("\nInstructions executed (callgrind; the same on a busy machine and a quiet one):\n")
        print("| command | instructions | × import typer |")
        print("|---|---:|---:|")
        for label, count in counted:
            print(f"| {label} | {count:,} | {count / counted[0][1]:.2f}× |")  # type: ignore[operator]

    print(
        f"\n{cases:,} cases, {events:,} events; median of {options.runs} runs; Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores\n"
    )
    print("| command | what it ran | median | × import typer (its own baseline) | peak RSS |")
    print("|---|---|---:|---:|---:|")
    for label, seconds, megabytes, base, what in rows:
        command, _, note = what.partition(" (")
        shown = f"`{command}`" + (f" ({note}" if note else "")
        if command.startswith("the baseline"):
            shown = command
        print(
            f"| {label} | {shown} | {seconds * 1000:.1f} ms | {seconds / base:.2f}× ({base * 1000:.0f} ms) "
            f"| {megabytes:.1f} MB |"
        )


if __name__ == "__main__":
    main()
