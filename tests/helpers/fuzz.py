"""How many examples each fuzz test tries: a modest number in the suite, 10,000 with ``pytest --long``.

conftest.py loads the Hypothesis profile ``fuzz`` or ``fuzz-long`` before any test module is collected, so
``examples(n)`` (called when a module is imported) knows which it is.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

LONG_EXAMPLES = 10_000
COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.register_profile("fuzz", **COMMON)
settings.register_profile("fuzz-long", max_examples=LONG_EXAMPLES, **COMMON)


def load(long: bool) -> None:
    settings.load_profile("fuzz-long" if long else "fuzz")


def examples(count: int) -> settings:
    """``count`` examples in the suite; the long profile's 10,000 under --long."""
    if settings.default.max_examples == LONG_EXAMPLES:
        return settings(max_examples=LONG_EXAMPLES, **COMMON)
    return settings(max_examples=count, **COMMON)
