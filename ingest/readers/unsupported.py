"""The error a reader raises for a file kinerja does not read (reported as skipped, not failed)."""


class UnsupportedInput(Exception):
    """The file is of a kind kinerja does not read (it is reported as skipped, not failed)."""
