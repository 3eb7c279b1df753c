"""What the demo loader hands to each app's `demo.load_demo(ctx)`.

The core loader (awda.demo) creates organisations, users, programmes, people and cases;
then each app listed in `awda.demo.loader.EXTENSIONS` adds its own records (assistance,
movements, reintegration, trainings, …) with `ctx.rng`, so the whole dataset stays
deterministic. Each app gets a generator of its own (seeded with its module name), so one
app's changes do not shift another's records.

Dates: the history (returns 2017–2022 and what followed) runs up to `history_today`;
the cases of current work are dated relative to `today`, the real date of the load. Read
a case's own dates (application, departure, arrival) to date what you add to it, and
never date anything after `today`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class DemoContext:
    rng: random.Random
    today: dt.date
    orgs: dict = field(default_factory=dict)  # Organisation by code
    users: dict = field(default_factory=dict)  # User by username
    programmes: dict = field(default_factory=dict)  # Programme by code
    log: Callable[[str], None] = print
    # The last day of the demo's fixed history; later cases are current work.
    history_today: dt.date = dt.date(2023, 3, 31)
    seed: int = 2022
