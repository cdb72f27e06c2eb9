"""How tests compare a record read from a PDF with the record of its text form."""

from __future__ import annotations

import re


def unbroken(value):
    """A line broken after a slash prints "bulanan/" over "triwulan" whether the text had "bulanan/ triwulan" or
    "bulanan/triwulan": no reader can tell them apart, so the comparison does not either."""
    return re.sub(r"/ ", "/", value) if isinstance(value, str) else value
