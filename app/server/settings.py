"""The server's tunables, declared once with their defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.sync.protocol import MAX_PULL_LIMIT, MAX_PUSH_MUTATIONS


@dataclass(frozen=True)
class ServerSettings:
    access_ttl: dt.timedelta = dt.timedelta(minutes=15)
    refresh_ttl: dt.timedelta = dt.timedelta(days=30)
    # A refresh token replayed this soon after its rotation is taken for a lost response
    # (a new pair is issued); later, for theft (the session is revoked).
    refresh_grace: dt.timedelta = dt.timedelta(minutes=2)
    max_body_bytes: int = 4 * 1024 * 1024
    max_push_mutations: int = MAX_PUSH_MUTATIONS
    max_pull_limit: int = MAX_PULL_LIMIT
    # Login throttling: after this many failures within the window, the name (or the
    # address, with the larger number) is locked, doubling from lock_base to lock_max.
    throttle_window: dt.timedelta = dt.timedelta(minutes=15)
    throttle_user_failures: int = 5
    throttle_ip_failures: int = 30
    throttle_lock_base: dt.timedelta = dt.timedelta(seconds=30)
    throttle_lock_max: dt.timedelta = dt.timedelta(minutes=15)
    # Leases: the default and the longest offline shift, the most leads per request.
    lease_default_hours: float = 10.0
    lease_max_hours: float = 24.0
    lease_max_count: int = 500
    # Pull: how many change-sequence values a scoped page scans at most (× limit).
    pull_window_factor: int = 50
