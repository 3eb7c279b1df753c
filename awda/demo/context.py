"""What the demo loader hands to each app's `demo.load_demo(ctx)`.

The core loader (awda.demo) creates organisations, users, programmes, people and cases;
then each app listed in `awda.demo.loader.EXTENSIONS` adds its own records (assistance,
movements, reintegration, trainings, …) with `ctx.rng`, so the whole dataset stays
deterministic.
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
