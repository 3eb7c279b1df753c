"""The shape of the annual report: tables, their columns (with HXL hashtags), their
counting rules, and the result structure every format (HTML, XLSX, CSV, PDF, API) reads.

The list of tables itself (`TABLES`) is in `awda.reports.selectors`, next to the queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

TOTAL = "__total__"


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    hxl: str
    kind: str = "count"  # count | share | number | text

    @property
    def is_count(self) -> bool:
        return self.kind == "count"


@dataclass
class Row:
    key: str
    label: Any
    values: dict[str, Any]
    code: str = ""  # ISO code or category code, exported in the code column
    is_total: bool = False


@dataclass
class TableData:
    """What a table's selector returns, before disclosure control."""

    columns: list[Column]
    rows: list[Row]
    # Additive structure used by secondary suppression.
    components: list[str] = field(default_factory=list)
    total_col: str | None = None
    # The column that shares are computed from (shares are filled after suppression).
    share_of: str | None = None
    status: str = "ok"  # ok | no_source
    note: Any = ""


@dataclass(frozen=True)
class TableSpec:
    code: str
    section: Any
    title: Any
    footnote: Any  # the counting rule: unit and date basis
    build: Callable  # (params) -> TableData
    # (params, row_key, col_key) -> queryset of PersonFact, or None when not drillable.
    drill: Callable | None = None
    chart: str = ""  # bars | hbars | pyramid | evolution
    code_hxl: str = ""  # HXL tag of the row code column in CSV/XLSX ("" = no code column)
    label_hxl: str = "#indicator+name"
    label_header: Any = _("Category")


@dataclass
class Cell:
    value: Any
    hidden: bool = False
    drill_url: str = ""
    kind: str = "count"


@dataclass
class Table:
    """A table ready to show: counts, hidden cells and drill-down links."""

    spec: TableSpec
    data: TableData
    cells: list[list[Cell]]  # cells[row_index][column_index]
    suppressed: bool

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def columns(self) -> list[Column]:
        return self.data.columns

    @property
    def rows(self) -> list[tuple[Row, list[Cell]]]:
        return list(zip(self.data.rows, self.cells, strict=True))

    @property
    def available(self) -> bool:
        return self.data.status == "ok"

    @property
    def empty(self) -> bool:
        return not self.data.rows


@dataclass
class Report:
    params: Any
    tables: list[Table]
    scope_label: Any
    facts_rebuilt_at: Any = None

    def table(self, code: str) -> Table:
        for table in self.tables:
            if table.code == code:
                return table
        raise KeyError(code)

    @property
    def sections(self) -> list[tuple[Any, list[Table]]]:
        out: list[tuple[Any, list[Table]]] = []
        for table in self.tables:
            if not out or out[-1][0] != table.spec.section:
                out.append((table.spec.section, []))
            out[-1][1].append(table)
        return out
