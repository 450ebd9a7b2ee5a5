"""The use cases: each takes a Store, knows no Typer, prints nothing."""
