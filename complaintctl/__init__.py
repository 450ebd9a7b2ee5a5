"""complaintctl: a tamper-evident evidence tracker for consumer disputes."""

__version__ = "0.1.0"
