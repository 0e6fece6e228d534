"""Process profiles for substitution: the functional window (boiling point, flash point) a
candidate must fit for a kind of process. A light module: the command line builds its
--process choices from PROFILES without importing the substitution machinery."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProcessProfile:
    name: str
    description: str
    bp_min: float | None = None  # °C, absolute window
    bp_max: float | None = None
    bp_below_target: float | None = 40.0  # relative window around the target's boiling point
    bp_above_target: float | None = 60.0
    nonflammable: bool = False
    min_flash_c: float | None = None


PROFILES: dict[str, ProcessProfile] = {p.name: p for p in (
    ProcessProfile("general", "Boiling point within 40 °C below to 60 °C above the target's."),
    ProcessProfile("wiping", "Hand wiping at room temperature: evaporates within minutes "
                   "(boiling point 50–180 °C) and within 40 °C below to 60 °C above the "
                   "target.", 50, 180),
    ProcessProfile("vapour-degreasing", "Boiling-sump vapour degreaser: a non-flammable liquid "
                   "(no flash point, no H224–H226) boiling roughly 35–120 °C.", 35, 120,
                   None, None, nonflammable=True),
    ProcessProfile("immersion", "Cold immersion or ultrasonic cleaning: slow evaporation "
                   "(boiling point ≥ 100 °C) and flash point ≥ 60 °C or none.", 100, None,
                   None, None, min_flash_c=60),
    ProcessProfile("resist-strip", "Resist stripping, often heated to 60–80 °C: boiling point "
                   "≥ 150 °C and flash point ≥ 60 °C or none.", 150, None, None, None,
                   min_flash_c=60),
    ProcessProfile("flux-cleaning", "Flux removal from assemblies: boiling point 70–250 °C, "
                   "flash point ≥ 21 °C or none.", 70, 250, None, None, min_flash_c=21),
)}

