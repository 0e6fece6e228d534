"""Politeness towards PubChem: sliding-window limits on requests per second and minute."""

from __future__ import annotations

import threading
import time
from collections import deque


class RateLimiter:
    """Blocks until a request may go: at most `per_second` in any 1 s window and
    `per_minute` in any 60 s window (PubChem asks for at most 5/s and 400/min)."""

    def __init__(self, per_second: int = 5, per_minute: int = 400, *, clock=time.monotonic,
                 sleep=time.sleep):
        self.limits = ((1.0, per_second), (60.0, per_minute))
        self.clock, self.sleep = clock, sleep
        self.sent: deque[float] = deque()
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            while True:
                now = self.clock()
                while self.sent and now - self.sent[0] >= 60.0:
                    self.sent.popleft()
                delay = 0.0
                for window, limit in self.limits:
                    recent = [t for t in self.sent if now - t < window]
                    if len(recent) >= limit:
                        delay = max(delay, recent[-limit] + window - now)
                if delay <= 0:
                    self.sent.append(now)
                    return
                self.sleep(delay + 0.001)

    def pause(self, seconds: float) -> None:
        """Back off (server said busy): no request for `seconds`."""
        self.sleep(seconds)
