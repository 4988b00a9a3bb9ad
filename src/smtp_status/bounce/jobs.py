"""Work on batches in a process pool, results in the order the batches came.

The reading stays in the calling process, serial and lazy; only batches of its messages
cross to the workers, and at most ``window`` batches are in flight at a time, so memory
stays bounded however long the input. With one job, or an input smaller than one batch,
no pool is started and the batches run in this process: the same function on the same
batches, so the output is the same whatever the number of jobs.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

__all__ = ["available_cores", "in_order"]


class _Done:
    """A result already at hand (work done here, or an item passed through untouched)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system says)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counter is not None:
        return int(counter() or 1)
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return len(affinity(0)) or 1
    return os.cpu_count() or 1


def in_order(items: Iterable[tuple[bool, Any]], work: Callable[[Any], Any],
             jobs: int) -> Iterator[tuple[bool, Any]]:
    """``(True, work(batch))`` for each ``(True, batch)`` and ``(False, item)`` for each
    ``(False, item)``, in the order of ``items``, the batches worked on by ``jobs``
    processes (``work`` must be a module-level function: it is pickled by name)."""
    window = 4 * jobs
    pending: deque[tuple[bool, _Slot]] = deque()
    pool: ProcessPoolExecutor | None = None
    first: tuple[_Slot, Any] | None = None  # held until a second batch says a pool pays
    try:
        for is_work, item in items:
            slot = _Slot()
            if not is_work:
                slot.done = _Done(item)
            elif jobs == 1:
                slot.done = _Done(work(item))
            elif pool is None and first is None:
                first = (slot, item)
            else:
                if pool is None:
                    # Imported here: a run with one job, or one batch, never pays for it.
                    from concurrent.futures import ProcessPoolExecutor

                    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start)
                if first is not None:
                    first[0].done = pool.submit(work, first[1])
                    first = None
                slot.done = pool.submit(work, item)
            pending.append((is_work, slot))
            while len(pending) > window or (pending and isinstance(pending[0][1].done, _Done)):
                is_result, head = pending.popleft()
                if first is not None and head is first[0]:  # held too long: run it here
                    head.done = _Done(work(first[1]))
                    first = None
                yield is_result, head.result()
        if first is not None:  # one batch in all: not worth a pool
            first[0].done = _Done(work(first[1]))
        while pending:
            is_result, head = pending.popleft()
            yield is_result, head.result()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _worker_start() -> None:
    """Ctrl-C reaches the whole process group: the calling process stops the run and says
    nothing (exit 130), so the workers must not each print a KeyboardInterrupt traceback."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _Slot:
    """A place in the output order, filled by a result or a future one."""

    __slots__ = ("done",)

    def __init__(self) -> None:
        self.done: Future[Any] | _Done | None = None

    def result(self) -> Any:
        assert self.done is not None
        return self.done.result()
