"""The project's one root exception; only the CLI turns it into a message and an exit code."""


class ComplaintError(Exception):
    """A condition the user can fix. The message says how, in one line."""


class NotFound(ComplaintError):
    """A case, event or attachment that does not exist."""
