"""What a report is asked for: period, office, programme, age banding, suppression."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

DEFAULT_BANDS = "0-10,11-18,19-35,36-65,66+"
_band = re.compile(r"^\s*(\d{1,3})\s*(?:-\s*(\d{1,3})|\+)\s*$")


class BandError(ValueError):
    pass


def parse_bands(text: str) -> tuple[tuple[int, int | None], ...]:
    """'0-10,11-18,66+' -> ((0, 10), (11, 18), (66, None)); contiguous, ascending."""
    bands: list[tuple[int, int | None]] = []
    for part in (text or DEFAULT_BANDS).split(","):
        match = _band.match(part)
        if not match:
            raise BandError(
                _("“%(part)s” is not an age band: write 0-10 or 66+.") % {"part": part.strip()}
            )
        low = int(match.group(1))
        high = int(match.group(2)) if match.group(2) is not None else None
        if high is not None and high < low:
            raise BandError(_("In “%(part)s” the upper age is below the lower.") % {"part": part})
        if bands:
            previous_high = bands[-1][1]
            if previous_high is None or low != previous_high + 1:
                raise BandError(
                    _("Age bands must follow each other without gaps or overlaps (at “%(part)s”).")
                    % {"part": part.strip()}
                )
        bands.append((low, high))
    if bands[0][0] != 0:
        raise BandError(_("The first age band must start at 0."))
    if bands[-1][1] is not None:
        raise BandError(_("The last age band must be open-ended, like 66+."))
    return tuple(bands)


def band_label(band: tuple[int, int | None]) -> str:
    low, high = band
    # "66+" is printed "+65" in the published report: over 65.
    # Isolated left-to-right (U+2066 … U+2069) so Arabic pages keep "0–10" and "> 65" as
    # written instead of mirroring them.
    text = f"{low}–{high}" if high is not None else f"> {low - 1}"
    return f"\u2066{text}\u2069"


def bands_text(bands: tuple[tuple[int, int | None], ...]) -> str:
    return ",".join(f"{lo}-{hi}" if hi is not None else f"{lo}+" for lo, hi in bands)


@dataclass(frozen=True)
class ReportParams:
    start: dt.date
    end: dt.date
    office_id: int | None = None
    programme_id: int | None = None
    bands: tuple[tuple[int, int | None], ...] = parse_bands(DEFAULT_BANDS)
    suppress: bool = False

    @classmethod
    def for_year(cls, year: int, **kwargs) -> ReportParams:
        return cls(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), **kwargs)

    @property
    def whole_year(self) -> int | None:
        if (
            self.start.year == self.end.year
            and (self.start.month, self.start.day) == (1, 1)
            and (self.end.month, self.end.day) == (12, 31)
        ):
            return self.start.year
        return None

    def with_(self, **changes) -> ReportParams:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "office": self.office_id,
            "programme": self.programme_id,
            "bands": bands_text(self.bands),
            "suppress": self.suppress,
        }

    @classmethod
    def from_dict(cls, data: dict) -> ReportParams:
        return cls(
            start=dt.date.fromisoformat(data["start"]),
            end=dt.date.fromisoformat(data["end"]),
            office_id=data.get("office"),
            programme_id=data.get("programme"),
            bands=parse_bands(data.get("bands") or DEFAULT_BANDS),
            suppress=bool(data.get("suppress")),
        )

    def query(self) -> dict[str, str]:
        """URL query string of these parameters (the report page and drill-down links)."""
        q = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.office_id:
            q["office"] = str(self.office_id)
        if self.programme_id:
            q["programme"] = str(self.programme_id)
        if bands_text(self.bands) != DEFAULT_BANDS:
            q["bands"] = bands_text(self.bands)
        if self.suppress:
            q["suppress"] = "1"
        return q
