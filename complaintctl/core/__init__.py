"""The case itself: events folded into a case, corrections, the chain, the clock, facts and their words.

Pure: imports nothing above it (no store, no rules, no terminal)."""
