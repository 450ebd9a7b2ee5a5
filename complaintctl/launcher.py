"""The console script's entry point: the CLI's modules load with Python's cyclic garbage collector paused.

Starting a command allocates tens of thousands of objects (Typer, Click, the commands' modules), all of
them alive until the process ends; the collector would walk them several times over for nothing, which
costs `log` about as much as everything the command itself does. They are frozen once loaded, so later
collections skip them too, and the collector runs as usual for the command's own work.
"""

import gc

from complaintctl.collector import paused


def main() -> None:
    with paused():
        from complaintctl.cli.application import main as run

        gc.freeze()
    run()
