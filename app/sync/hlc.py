"""Hybrid logical clock: a timestamp per change that sorts like wall-clock time, stays
monotonic on one device even when its clock jumps back, and moves past any timestamp
the device has seen from others.

Prospector keeps it for display and diagnosis only ("edited 10:42 on Anna's laptop"):
the server orders changes by its own receive order, never by laptop clocks.

Encoded as ``<13 digits of Unix ms>-<4 hex digits counter>-<node>`` (at most 32
characters), so the text sorts in clock order.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MAX_COUNTER = 0xFFFF


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    node: str

    def encode(self) -> str:
        return f"{self.wall_ms:013d}-{self.counter:04x}-{self.node[:12]}"

    @classmethod
    def decode(cls, text: str) -> Stamp:
        wall, counter, node = text.split("-", 2)
        return cls(int(wall), int(counter, 16), node)

    def as_datetime(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.wall_ms / 1000, dt.UTC)


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    """Thread-safe. ``now_ms`` is injectable (tests skew it)."""

    def __init__(self, node: str, now_ms: Callable[[], int] = _now_ms) -> None:
        self.node = node.replace("-", "")[:12] or "node"
        self._now_ms = now_ms
        self._last = Stamp(0, 0, self.node)
        self._lock = threading.Lock()

    def now(self) -> Stamp:
        """A stamp for a local event, later than every stamp given or seen so far."""
        with self._lock:
            wall = self._now_ms()
            last = self._last
            if wall > last.wall_ms:
                stamp = Stamp(wall, 0, self.node)
            else:
                stamp = self._bump(last.wall_ms, last.counter)
            self._last = stamp
            return stamp

    def observe(self, remote: Stamp | str) -> Stamp:
        """Merge a stamp received from elsewhere; returns the new local time."""
        other = Stamp.decode(remote) if isinstance(remote, str) else remote
        with self._lock:
            wall = self._now_ms()
            last = self._last
            top = max(wall, last.wall_ms, other.wall_ms)
            if top == last.wall_ms == other.wall_ms:
                stamp = self._bump(top, max(last.counter, other.counter))
            elif top == last.wall_ms:
                stamp = self._bump(top, last.counter)
            elif top == other.wall_ms:
                stamp = self._bump(top, other.counter)
            else:
                stamp = Stamp(top, 0, self.node)
            self._last = stamp
            return stamp

    def _bump(self, wall: int, counter: int) -> Stamp:
        if counter >= MAX_COUNTER:  # 65,536 events in one millisecond: borrow the next
            return Stamp(wall + 1, 0, self.node)
        return Stamp(wall, counter + 1, self.node)


def describe(text: str | None) -> str:
    """An HLC as a readable UTC time (for the log view and conflict screens)."""
    if not text:
        return ""
    try:
        return Stamp.decode(text).as_datetime().strftime("%Y-%m-%d %H:%M:%S UTC")
    except ValueError:
        return text
