"""Extraction ahead of the writer, in other processes: what `dossier ingest --jobs N` runs.

`Ahead` hands a run's files, in order, to worker processes that read and extract them (the
`work` it is given: `ingest.prepare_file`), each with its own copy of the run's actor index,
while the calling process, the one writer, stores them in order. The workers follow the
writer's index: the actors it learns from each article stored (`RunState.learned`) are sent
to every worker, which adds them to its copy before it takes up its next file. A worker's copy
is therefore the writer's index as it stood some actors ago, and its result comes back with
what extraction read from it (`dossier.extract.reads`). `take` keeps a result only if the
writer's index as it is now answers every one of those reads the same, which makes it the
extraction the writer would make itself; otherwise (and for a file a worker could not
handle) it returns None and the writer extracts the file itself. Either way the dossier is
the one a serial run makes.

A worker never touches the database, and follows only the index it was started with: when
the writer's run state is loaded again (another process wrote, a commit failed), the
workers are replaced by new ones started from the new index, and the files not taken yet
are handed out again. A worker that dies leaves the rest of the run to the writer.

Workers are forked where the platform forks safely (Linux): a new one costs no imports, and
its index is the writer's without a copy through a pipe. The writer is the ingest command,
which runs no threads and never loads Textual; the workers exit without closing anything
they inherited (the database connection is the writer's).
"""

from __future__ import annotations

import multiprocessing
import queue
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from multiprocessing.connection import wait

from dossier.errors import DossierError
from dossier.extract.linking import ActorIndex
from dossier.extract.reads import reading, spellings

# Files handed out per worker beyond the one being stored: one, so a worker extracts the next
# file while the writer stores this one. More only make a worker's index older, and more
# results are redone (the devset's 30 articles, --jobs 2: 14 redone at 1, 18 at 2, 21 at 3;
# 150 generated articles: 11 at 1, 14 at 2, the same wall time).
DEPTH = 1
_START = "fork" if sys.platform == "linux" else "spawn"


class Ahead:
    """Runs `work(*item, index, fallback)` for each item in worker processes, ahead of the
    caller, which takes the results in item order (`take`)."""

    def __init__(self, work: Callable, items: Sequence[tuple], state, workers: int, depth: int = DEPTH):
        self._work, self._items, self._workers, self._depth = work, list(items), workers, depth
        self._taken = 0  # items handed back by take
        self._conns: list = []
        self._procs: list = []
        self.redone = 0  # results not kept: extracted by the caller
        self._start(state)

    def _start(self, state) -> None:
        context = multiprocessing.get_context(_START)
        self._conns, self._procs = [], []
        for _ in range(self._workers):
            mine, theirs = context.Pipe()
            proc = context.Process(target=_serve, args=(theirs, self._work, state.index, state.fallback), daemon=True)
            proc.start()
            theirs.close()
            self._conns.append(mine)
            self._procs.append(proc)
        self._state, self._base, self._sent_learned = state, len(state.learned), 0
        self._busy = [0] * self._workers
        self._next = self._taken  # the next item to hand out
        self._done: dict[int, tuple] = {}
        self._broken = False

    def take(self, state):
        """The next item's outcome: ("done", result) when the worker's result is the one
        state's index gives, ("error", exc) when work raised DossierError, or None: the
        caller does this item itself. state: the run's (index, fallback, learned)."""
        n = self._taken
        if state is not self._state and not self._broken:
            self.close()
            self._start(state)  # hands out again from item n
        self._taken += 1
        if self._broken:
            return None
        self._follow(state)
        self._hand_out()
        while n not in self._done and n < self._next and not self._broken:
            self._receive()
        if n not in self._done:
            return None
        version, reads, outcome = self._done.pop(n)
        if outcome[0] == "done" and not reads.unchanged(state.index, spellings(state.learned[self._base + version :])):
            self.redone += 1
            return None
        return outcome if outcome[0] in ("done", "error") else None

    def _follow(self, state) -> None:
        """Send every worker the actors the writer's index learned since the last call."""
        new = state.learned[self._base + self._sent_learned :]
        if new:
            message = ("learn", [(a.id, a.name, a.kind, a.aliases) for a in new])
            self._send_all(message)
            self._sent_learned += len(new)

    def _hand_out(self) -> None:
        while not self._broken and self._next < len(self._items) and self._next - self._taken < self._workers * self._depth:
            w = min(range(self._workers), key=self._busy.__getitem__)
            try:
                self._conns[w].send(("do", self._next, self._items[self._next]))
            except OSError:
                self._break()
                return
            self._busy[w] += 1
            self._next += 1

    def _receive(self) -> None:
        for conn in wait(self._conns):
            try:
                n, version, reads, outcome = conn.recv()
            except (EOFError, OSError):
                self._break()
                return
            self._busy[self._conns.index(conn)] -= 1
            self._done[n] = (version, reads, outcome)
        self._hand_out()

    def _send_all(self, message) -> None:
        try:
            for conn in self._conns:
                conn.send(message)
        except OSError:
            self._break()

    def _break(self) -> None:
        """A worker died: the caller does the rest of the run itself."""
        self.close()
        self._broken = True

    def close(self) -> None:
        """Stop the workers (those still busy are ended)."""
        for conn in self._conns:
            try:
                conn.send(("stop",))
            except OSError:
                pass
            conn.close()
        for proc in self._procs:
            proc.join(timeout=1)
            if proc.is_alive():
                proc.terminate()
                proc.join()
        self._conns, self._procs = [], []


def _serve(conn, work: Callable, index: ActorIndex, fallback) -> None:
    """A worker: learn the actors sent, do the items sent, in order, until told to stop."""
    # A thread reads everything sent as it comes, so the writer never waits to send (a large
    # batch of actors) while this process waits for it to read a large result.
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(target=_read_into, args=(conn, inbox), daemon=True).start()
    version = 0  # actors learned since the start
    todo: deque = deque()
    try:
        while True:
            while not todo or not inbox.empty():  # everything sent so far, before the next item
                message = inbox.get()
                if message[0] == "learn":
                    for actor in message[1]:
                        index.add_actor(*actor)
                    version += len(message[1])
                elif message[0] == "do":
                    todo.append(message[1:])
                else:
                    return
            n, item = todo.popleft()
            view, reads = reading(index)
            try:
                outcome = ("done", work(*item, view, fallback))
            except DossierError as exc:
                outcome = ("error", exc)
            except Exception as exc:  # the caller does it again, and sees it itself
                outcome = ("redo", repr(exc))
            conn.send((n, version, reads, outcome))
    except (OSError, KeyboardInterrupt):
        return


def _read_into(conn, inbox: queue.SimpleQueue) -> None:
    try:
        while True:
            inbox.put(conn.recv())
    except (EOFError, OSError):
        inbox.put(("stop",))
