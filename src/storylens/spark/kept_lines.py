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
(another database at the same path) is written again whole.
"""
from __future__ import annotations

import json
from pathlib import Path

__all__ = ["KeptLines", "LINES"]

LINES = "pos long, key long, id string, hint string"
STATE = "spark_lines"
CHUNK = 500_000     # rows per write when the driver copies the store's rows out


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
        got = self.position()
        if got is None or got > last:
            self._write(0, whole=True)
        elif got < last:
            self._write(got, whole=False)
        if got != last:
            self.store.save_state(STATE, json.dumps({"folder": str(self.folder), "pos": last}).encode())
        return self.spark.read.schema(LINES + ", since long").parquet(str(self.path)).drop("since")

    def position(self) -> int | None:
        """How far the table goes (the store's position of its last row), None when it is not this folder's."""
        got = self.store.load_state(STATE)
        if not got:
            return None
        mark = json.loads(got)
        return int(mark["pos"]) if mark.get("folder") == str(self.folder) else None

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
