"""Domain errors raised by services; views turn them into a message for the user."""


class DomainError(Exception):
    """A rule of the domain refused the change. `str(error)` is a translated, user-facing message."""
