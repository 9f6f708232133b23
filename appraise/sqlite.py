"""SQLite in write-ahead-log mode (issue 22): a reader is not held up by a save, and a save appends to the log
instead of rewriting the file's pages through a rollback journal.

The mode is kept in the database file, so it is set once, by the first connection that finds the file in another
mode. Setting it needs the file to itself: a connection that finds another at work leaves it to the next one,
rather than fail or wait (two workers starting at once on a new file). How often a save waits for the disk is the
`synchronous` setting each connection is opened with (appraise/settings.py, APPRAISE_SQLITE_SYNCHRONOUS).
"""

import sqlite3


def write_ahead_log(sender, connection, **kwargs) -> None:
    """connection_created: put a SQLite file (not an in-memory database) in write-ahead-log mode."""
    if connection.vendor != "sqlite" or connection.is_in_memory_db():
        return
    raw = connection.connection
    if raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
        return
    try:
        raw.execute("PRAGMA journal_mode=WAL")
    except sqlite3.OperationalError:
        pass  # another connection has the file: the next connection made switches it
