"""Latency percentiles and throughput of one phase."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..100); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Figures:
    count: int  # requests answered as hoped
    errors: int  # pages or casts that failed, retries included
    seconds: float  # wall time of the phase
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds > 0 else math.nan

    @classmethod
    def of(cls, latencies: Sequence[float], errors: int, seconds: float) -> Figures:
        return cls(
            count=len(latencies),
            errors=errors,
            seconds=seconds,
            p50_ms=percentile(latencies, 50) * 1000,
            p95_ms=percentile(latencies, 95) * 1000,
            p99_ms=percentile(latencies, 99) * 1000,
        )
