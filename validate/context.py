"""What every validation rule is given (the document and its records) and the rule registry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ingest.extract import ScaleBand
from ingest.layout import Layout
from schemas import BudgetLine, Document, Finding, IndicatorRecord


@dataclass(slots=True)
class Context:
    document: Document
    indicators: list[IndicatorRecord]
    budget: list[BudgetLine]
    scale: list[ScaleBand] = field(default_factory=list)
    layout: Layout | None = None
    lang: str = "id"


Rule = Callable[[Context], list[Finding]]

# rule id -> rule; each rule module registers its rules here when validate/__init__ imports it.
RULES: dict[str, Rule] = {}
