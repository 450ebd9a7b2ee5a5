"""`verify` of a large database on two cores: a second interpreter walks the later half of the chains while this
one walks the first half (the interpreter's lock lets one process hash only one event at a time).

The helper only reads, through its own read-only connection, and sends back each case's `CaseWalk` in case
order, so the report is the one a single walk gives, problem for problem. If it cannot start, dies or sends
anything else, this process walks those cases itself: a helper can cost time, never a finding.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from complaintctl.actions.case_checks import CaseWalk, walk_case
from complaintctl.store import Store

# Below this many events a second interpreter's start (its imports: about 0.1 s) costs more than it saves.
SPLIT_AT = 200_000
SPLIT_VARIABLE = "COMPLAINTCTL_VERIFY_SPLIT_AT"  # tests set it low to split a small database


def _split_at() -> int:
    try:
        return int(os.environ.get(SPLIT_VARIABLE, SPLIT_AT))
    except ValueError:
        return SPLIT_AT


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Helper:
    def __init__(self, process: subprocess.Popen[bytes], case_ids: list[int]) -> None:
        self.process = process
        self.case_ids = case_ids

    @classmethod
    def start(cls, path: Path, case_ids: list[int]) -> Helper | None:
        package_parent = str(Path(__file__).resolve().parent.parent.parent)
        environment = dict(os.environ)
        # the same complaintctl as this one, installed or run from a checkout
        environment["PYTHONPATH"] = os.pathsep.join(filter(None, [package_parent, environment.get("PYTHONPATH")]))
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "complaintctl.actions.verify_split"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=environment,
            )
        except OSError:
            return None
        assert process.stdin is not None
        try:
            pickle.dump((str(path), case_ids), process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            process.stdin.close()
        except OSError:  # it died at once: walked here
            process.kill()
            process.wait()
            return None
        return cls(process, case_ids)

    def results(self, store: Store) -> Iterator[CaseWalk]:
        """The helper's walks, or, if it failed, the same cases walked here."""
        walked = self._received()
        if walked is None:
            for row, cid, events in store.chains(case_ids=self.case_ids):
                yield walk_case(cid, row, events, store.promise_rows(cid))
            return
        yield from walked

    def _received(self) -> list[CaseWalk] | None:
        assert self.process.stdout is not None
        try:
            walked = _load(self.process.stdout)
        finally:
            self.process.stdout.close()
            status = self.process.wait()
        if status != 0 or walked is None or [w.case_id for w in walked] != self.case_ids:
            return None
        return walked


def _load(stream: IO[bytes]) -> list[CaseWalk] | None:
    try:
        walked = pickle.load(stream)
    except Exception:  # cut short or garbled: whatever it was, the cases are walked again here
        return None
    if not isinstance(walked, list) or not all(isinstance(w, CaseWalk) for w in walked):
        return None
    return walked


def share(store: Store) -> tuple[list[int] | None, Helper | None]:
    """The cases this process walks (None: all of them) and the helper walking the rest, if one pays off."""
    if store.read_only or _cores() < 2:
        return None, None
    sizes = store.chain_sizes()
    total = sum(count for _, count in sizes)
    if total < _split_at() or len(sizes) < 2:
        return None, None
    running, cut = 0, 1
    for index, (_, count) in enumerate(sizes):
        running += count
        if running * 2 >= total:
            cut = max(1, min(index + 1, len(sizes) - 1))  # each process gets at least one case
            break
    helper = Helper.start(store.path, [cid for cid, _ in sizes[cut:]])
    if helper is None:
        return None, None
    return [cid for cid, _ in sizes[:cut]], helper


def main() -> None:
    """The helper: read (database, case ids) on stdin, write the list of CaseWalks on stdout."""
    from complaintctl.core.testpoints import reached

    path, case_ids = pickle.load(sys.stdin.buffer)
    reached("verify-helper")
    store = Store.open_reader(Path(path))
    try:
        walked = [
            walk_case(cid, row, events, store.promise_rows(cid)) for row, cid, events in store.chains(case_ids=case_ids)
        ]
    finally:
        store.close()
    pickle.dump(walked, sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    main()
