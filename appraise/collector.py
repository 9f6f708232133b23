"""Python's cyclic garbage collector paused while much is made that stays alive (issue 22), counted per process.

The collector runs by how many objects are made, so while a long piece of work piles up objects it walks every one
alive again and again. A workbook import makes about 100,000 small records (baselines held and read, the
operations), none referring back to another: reference counting frees them and there is no cycle to find, yet
without the pause state_load took half as long again and plan_make a fifth (benchmarks/import_workbook.py). A
cabinet report builds hundreds of thousands of boxes, styles and line layouts that stay alive until the PDF is
written: about six full passes for the 20-page benchmark, some 0.6 s of 3.3 s.

Pauses may nest and overlap (an import's plan within its apply; two renders in two threads): the collector is
turned back on, as it was before the first, when the last ends, so no piece of work turns it on under another.
"""

import gc
import threading
from contextlib import contextmanager

_LOCK = threading.Lock()
_paused = 0  # pauses under way in this process
_was_enabled = False  # whether the collector was on before the first of them


@contextmanager
def collector_paused(*, collect_after: bool = False):
    """Pause the collector for the block (or the function it decorates). `collect_after`: when the last pause ends,
    one young-generation collection frees the cycles the work left at once (WeasyPrint leaves many; counted in
    the work's own time rather than the next request's)."""
    global _paused, _was_enabled
    with _LOCK:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _LOCK:
            _paused -= 1
            last = _paused == 0
            if last and _was_enabled:
                gc.enable()
        if last and collect_after:
            gc.collect(0)  # everything the work allocated is still in the youngest generation
