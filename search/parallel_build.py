"""Whoosh's multi-process index writer, its workers spawned rather than forked.

Whoosh's `MpWriter` starts its workers from multiprocessing's default context, which forks on
Linux before Python 3.14. A rebuild runs in a process that has threads (the outbox drainer, a
server's), and a fork copies whatever lock one of them holds at that instant; Python 3.12 warns
about it. Spawned workers start from a fresh interpreter: they receive the index storage, their
queues and the writer options by pickling, and read the documents from job files as before.
"""

import multiprocessing
from multiprocessing.context import SpawnProcess
from typing import Any

from whoosh.multiproc import MpWriter, SubWriterTask

CONTEXT = multiprocessing.get_context("spawn")


class SpawnedSubWriter(SpawnProcess, SubWriterTask):
    """Whoosh's sub-writer process, started by the spawn context (its `_Popen` comes first)."""


class SpawningMpWriter(MpWriter):
    """`MpWriter` whose worker processes and queues all belong to the spawn context."""

    jobqueue: Any
    resultqueue: Any

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        # The queues MpWriter made belong to the default context: a spawned worker refuses them.
        for queue in (self.jobqueue, self.resultqueue):
            queue.close()
        self.jobqueue = CONTEXT.Queue(self.procs * 4)
        self.resultqueue = CONTEXT.Queue()

    def _new_task(self) -> SpawnedSubWriter:
        # SubWriterTask.__init__ (untyped) takes these, not the SpawnProcess signature mypy sees.
        task = SpawnedSubWriter(  # type: ignore[call-arg]
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
        )
        self.tasks.append(task)
        task.start()
        return task
