"""The store's corpus evidence for cleaning kept as a Parquet table, so that the counting pass reads the
lines of earlier runs on the executors rather than through the driver.

The store keeps each cleaned article's line keys (repeat_lines: line, article id, outlet; rows are only
ever appended, each at the next position). Beside the story index's tables (stored.index_folder),
`lines/` holds them as (pos: the row's position in the store, key, id, hint), partitioned by `since`: the
store's position the partition's rows follow (0 for rows written whole).

The store records how far the table goes (state `spark_lines`: folder, pos). Before a Spark run reads
the table, the rows saved since (by a run of either engine) are added as the partition `since=<pos>`; a
run stopped before it recorded the new position leaves that partition to be written again whole by the
next run, so no row is read twice. A table that is missing, kept elsewhere, or ahead of the store
(another database at the same path) is written again whole. Once a table holds more than COMPACT_AT
partitions (daily runs for a season) they are copied into one, on the executors, in a new folder
(`lines-<pos>`) the mark then names.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

__all__ = ["KeptLines", "LINES"]

LINES = "pos long, key long, id string, hint string"
STATE = "spark_lines"
CHUNK = 500_000     # rows per write when the driver copies the store's rows out
COMPACT_AT = 64     # partitions (a run's rows each) before they are copied into one


class KeptLines:
    """The lines table of one store at `folder`, read and written through the session `spark`."""

    def __init__(self, spark, store, folder: Path):
        self.spark, self.store, self.folder = spark, store, Path(folder).resolve()
        self.path = self.folder / "lines"

    def table(self):
        """The store's rows as a DataFrame (LINES), the table first brought up to the store."""
        last = self.store.last_repeat_row()
        if not last:
            return self.spark.createDataFrame([], LINES)
        mark = self._mark() or {}
        self.path, parts = self.folder / mark.get("dir", "lines"), int(mark.get("parts", 1))
        got, stale = (int(mark["pos"]) if mark else None), None
        if got is None or got > last:
            stale = self.path if self.path.name != "lines" else None     # (a compacted table of this folder)
            self.path, parts = self.folder / "lines", 1
            self._write(0, whole=True)
        elif got < last:
            self._write(got, whole=False)
            parts += 1
        if got != last:
            self._save_mark(last, parts)
            if stale is not None:
                shutil.rmtree(stale, ignore_errors=True)
            if parts > COMPACT_AT:
                self._compact(last)
        return self._read(self.path)

    def position(self) -> int | None:
        """How far the table goes (the store's position of its last row), None when it is not this folder's."""
        mark = self._mark()
        return int(mark["pos"]) if mark else None

    def _mark(self) -> dict | None:
        got = self.store.load_state(STATE)
        mark = json.loads(got) if got else None
        return mark if mark and mark.get("folder") == str(self.folder) else None

    def _read(self, path: Path):
        return self.spark.read.schema(LINES + ", since long").parquet(str(path)).drop("since")

    def _save_mark(self, last: int, parts: int) -> None:
        self.store.save_state(STATE, json.dumps({"folder": str(self.folder), "pos": last, "dir": self.path.name,
                                                 "parts": parts}).encode())

    def _compact(self, last: int) -> None:
        """The table's partitions (one per run) copied into one, in a new folder named for the position it
        goes to; the old folder is removed once the store's mark names the new one (a run stopped before
        that keeps reading the old)."""
        from pyspark.sql import functions as F
        old, new = self.path, self.folder / f"lines-{last}"
        (self._read(old).withColumn("since", F.lit(0).cast("long")).write.mode("overwrite").partitionBy("since")
         .parquet(str(new)))
        self.path = new
        self._save_mark(last, 1)
        shutil.rmtree(old, ignore_errors=True)     # (a local folder; elsewhere it stays, unread)

    def _write(self, since: int, whole: bool) -> None:
        """The store's rows after position `since`: the whole table (since 0), or its partition `since`."""
        import pandas as pd
        from pyspark.sql import functions as F
        names = [c.split()[0] for c in LINES.split(", ")]
        rows: list[tuple] = []
        first = True

        def flush():
            nonlocal first
            frame = self.spark.createDataFrame(pd.DataFrame(rows, columns=names), LINES)
            mode = "overwrite" if first else "append"
            if whole:
                frame.withColumn("since", F.lit(0).cast("long")).write.mode(mode).partitionBy("since").parquet(str(self.path))
            else:
                frame.write.mode(mode).parquet(str(self.path / f"since={since}"))
            first = False
            rows.clear()

        for row in self.store.repeat_rows_since(since):
            rows.append(row)
            if len(rows) >= CHUNK:
                flush()
        if rows or first:
            flush()
