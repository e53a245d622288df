"""Thread workers that leave nothing behind.

`thread_worker` is Textual's `work(thread=True)` with two differences:

- Textual runs thread workers in asyncio's default thread pool and marks each thread with
  the worker it runs (`textual.worker.active_worker`, a context variable of that thread).
  The mark stays after the work is done, so each of the pool's threads kept its last worker
  and everything the worker refers to: the method's arguments, its screen, and the context
  it was started in. A closed export dialog, with the rendering of its preview, stayed
  alive that way, and every full collection walked it. The mark is cleared when the work
  ends.
- Textual describes a worker by the repr of every argument, made on the UI thread when the
  worker starts: a whole actor view's, for an export. The description here is the method's
  name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from textual import work
from textual.worker import active_worker


def thread_worker(*, group: str = "default", exclusive: bool = False, exit_on_error: bool = True) -> Callable:
    """Decorate a widget's method to run it as a thread worker (as `work(thread=True)`)."""

    def decorator(method: Callable) -> Callable:
        @wraps(method)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return method(*args, **kwargs)
            finally:
                active_worker.set(None)  # type: ignore[arg-type] # the thread no longer runs it

        return work(
            run, thread=True, group=group, exclusive=exclusive, exit_on_error=exit_on_error, description=method.__name__
        )

    return decorator
