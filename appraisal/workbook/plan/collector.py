"""Python's garbage collector paused while an import's figures are read and compared.

Reading 20,000 baselines and comparing them with a workbook makes about 100,000 small records (BaselineHeld,
BaselineFigures, the operations), none of which refers back to another: reference counting frees each, and there is
no cycle for the collector to find. But the collector runs by how many objects are made, so without the pause it
walks every object alive several times over while they are made, and records it cannot set aside as plain tuples
(named tuples, dataclasses) make each walk longer: state_load took half as long again as with plain tuples, and
plan_make a fifth (benchmarks/import_workbook.py, and the preview's share of it).
"""

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """Pause the collector for the block (or the function it decorates); as it was afterwards."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
