"""Statistical disclosure control for report tables.

Primary suppression hides every count from 1 to 4 (shown "<5"). Secondary suppression
then looks at each additive relation of the table (a row's cells and its total, a
column's cells and its total row): when exactly one value of a relation is hidden, the
others and the total would give it away, so the smallest other value of that relation is
hidden too (cells before totals, non-zero before zero). This repeats until no relation
has exactly one hidden value.
"""

from __future__ import annotations

from collections.abc import Hashable

THRESHOLD = 5

Cell = tuple[Hashable, Hashable]  # (row key, column key)


def relations(
    row_keys: list[Hashable],
    components: list[Hashable],
    total_col: Hashable | None,
    total_row: Hashable | None,
) -> list[tuple[list[Cell], Cell | None]]:
    """The table's additive relations: (cells that add up, the cell holding their sum)."""
    rels: list[tuple[list[Cell], Cell | None]] = []
    body_rows = [r for r in row_keys if r != total_row]
    all_rows = body_rows + ([total_row] if total_row is not None else [])
    if total_col is not None and len(components) > 0:
        for r in all_rows:
            rels.append(([(r, c) for c in components], (r, total_col)))
    if total_row is not None:
        cols = list(components) + ([total_col] if total_col is not None else [])
        for c in cols:
            rels.append(([(r, c) for r in body_rows], (total_row, c)))
    return rels


def suppress(
    values: dict[Cell, int | None],
    rels: list[tuple[list[Cell], Cell | None]],
    threshold: int = THRESHOLD,
) -> set[Cell]:
    """The set of cells to hide. `values` holds every count cell of the table."""
    hidden: set[Cell] = {cell for cell, v in values.items() if v is not None and 0 < v < threshold}
    changed = True
    while changed:
        changed = False
        for parts, total in rels:
            members = [c for c in parts if c in values] + (
                [total] if total is not None and total in values else []
            )
            if sum(1 for c in members if c in hidden) != 1:
                continue
            candidates = [c for c in members if c not in hidden and values[c] is not None]
            if not candidates:
                continue

            hidden.add(min(candidates, key=lambda c, t=total: _rank(values, c, t)))
            changed = True
    return hidden


def _rank(values: dict[Cell, int | None], cell: Cell, total: Cell | None) -> tuple[int, int, int]:
    v = values[cell] or 0
    return (1 if cell == total else 0, 1 if v == 0 else 0, v)


def revealed(
    values: dict[Cell, int | None],
    hidden: set[Cell],
    rels: list[tuple[list[Cell], Cell | None]],
) -> list[Cell]:
    """Hidden cells that one relation alone would let a reader recompute (should be none)."""
    out = []
    for parts, total in rels:
        members = [c for c in parts if c in values] + (
            [total] if total is not None and total in values else []
        )
        unknown = [c for c in members if c in hidden]
        if len(unknown) == 1:
            out.append(unknown[0])
    return out
