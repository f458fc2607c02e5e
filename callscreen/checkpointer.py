"""Moving the write-ahead log into the database file on a background thread.

SQLite normally checkpoints inside the COMMIT that crosses 1000 WAL pages, so about one
incoming call in a hundred paid for copying and syncing the log (the webhook's p99 went from
7 ms to 40 ms). The server's connections switch that off and this thread checkpoints instead.

A checkpoint that runs while a transaction is writing ends behind the end of the log, and the
log only starts again from its beginning when a writer begins after a complete one. With calls
a few seconds apart that happens at once; under steady writes (the benchmark's 200 calls/s)
the WAL file grew by about 75 KB per call without end. So once the log is longer than
LIMIT_FRAMES, a RESTART checkpoint copies the few frames left while holding the process's
write lock (SQLite's own lock keeps other processes' writers out): 5-10 ms at 200 calls/s,
during which this process's writes wait. (TRUNCATE, which also empties the file, made the
benchmark's p99 at 200 calls/s 68 ms instead of 18.) It waits for readers at most
RESTART_WAIT_MS; if one is still reading, it gives up and tries again a second later.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)

INTERVAL_SECONDS = 1.0
LIMIT_FRAMES = 10_000  # about 40 MB of log
RESTART_WAIT_MS = 20


class Checkpointer:
    """A daemon thread running PASSIVE checkpoints, which never wait for readers or writers."""

    def __init__(
        self,
        path: str | Path,
        write_lock: threading.Lock,
        seconds: float = INTERVAL_SECONDS,
        limit_frames: int = LIMIT_FRAMES,
    ) -> None:
        self.path, self.write_lock = str(path), write_lock
        self.seconds, self.limit_frames = seconds, limit_frames
        self._restarted_at = -1
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)

    def start(self) -> Checkpointer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the thread after one last checkpoint."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout={RESTART_WAIT_MS}")
        except sqlite3.Error as exc:
            log.error("WAL checkpoints stopped: cannot open %s: %s", self.path, exc)
            return
        try:
            while not self._stop.wait(self.seconds):
                self.catch_up(conn)
            self.catch_up(conn)
        finally:
            conn.close()

    def catch_up(self, conn: sqlite3.Connection) -> None:
        """Checkpoint without the lock; if the log is long (writers never let a checkpoint
        complete), finish under the write lock so the next writer starts the log again."""
        done = checkpoint(conn)
        # A RESTART leaves the frame count as it was until the next write: none since, no need.
        if done and done[1] > self.limit_frames and done[1] != self._restarted_at:
            with self.write_lock:
                done = checkpoint(conn, "RESTART")
            if done and done[0]:
                log.warning("WAL of %s not restarted: a reader was busy (will retry)", self.path)
            elif done:
                self._restarted_at = done[1]


def checkpoint(conn: sqlite3.Connection, mode: str = "PASSIVE") -> tuple[int, int, int] | None:
    """One checkpoint: (busy, WAL frames, frames copied); None if it failed."""
    try:
        return conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
    except sqlite3.Error as exc:
        log.warning("WAL checkpoint of the call log failed (will retry): %s", exc)
        return None
