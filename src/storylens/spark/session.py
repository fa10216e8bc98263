"""A Spark session for storylens: the master the user names, Python workers running this environment's
interpreter (they import storylens and its models from it), quiet logs, no web UI."""
from __future__ import annotations

import os
import re
import sys

from ..errors import ConfigError


def spark_session(master: str, app: str = "storylens", conf: dict[str, str] | None = None):
    """Start (or join) a session on `master`: local[N], spark://host:port, sc://host:port (a Spark Connect
    server); `conf`: more Spark settings (the benchmark's event log). Raises ConfigError when pyspark or
    Java is missing, naming what to install."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ConfigError("the Spark engine needs pyspark: run ./setup.sh, or pip install 'storylens[spark]'") from None
    if master.startswith("sc://"):
        return _connect_session(master, app, conf)
    if not _java():
        raise ConfigError("the Spark engine needs Java 17: run ./setup.sh, or apt-get install openjdk-17-jre-headless")
    if not MASTER.fullmatch(master):
        raise ConfigError(f"--master {master!r} is not a Spark master: use local[N] (N cores of this machine), "
                          "local[*], spark://host:port, sc://host:port (Spark Connect), yarn or k8s://host:port")
    # executors start Python workers with this interpreter: the one storylens and its models live in
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    local = master.startswith("local") or "127.0.0.1" in master or "localhost" in master
    if local:
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    log_conf = f"-Dlog4j2.configurationFile=file:{os.path.join(os.path.dirname(__file__), 'log4j2.properties')}"
    builder = (SparkSession.builder.master(master).appName(app)
               .config("spark.driver.extraJavaOptions", log_conf)
               .config("spark.executor.extraJavaOptions", log_conf)
               .config("spark.ui.showConsoleProgress", "false")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.execution.arrow.pyspark.enabled", "true")
               .config("spark.sql.shuffle.partitions", str(max(2, 2 * _cores(master))))
               .config("spark.python.worker.reuse", "true")       # models load once per Python worker
               .config("spark.executorEnv.HF_HUB_OFFLINE", "1")
               .config("spark.executorEnv.TOKENIZERS_PARALLELISM", "false"))
    if local:
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    if local:
        # in local mode the executors live in the driver's JVM: Spark's 1 GB default is too little for the
        # per-story results and the cached articles of a run of 50,000 (it lost task results)
        builder = builder.config("spark.driver.memory", _driver_memory())
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as exc:     # (py4j and Spark raise many kinds; the user needs the reason, not a trace)
        reason = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
        raise ConfigError(f"cannot start Spark on master {master!r}: {reason}") from None
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _connect_session(master: str, app: str, conf: dict[str, str] | None):
    """A Spark Connect session (sc://host:port): the server runs the driver, its Python workers run the
    project's code, so they need storylens and its models (the server's PYSPARK_PYTHON, docs in the
    README); this side needs no Java. Only session settings can be given here (the server's own are its)."""
    if not CONNECT.fullmatch(master):
        raise ConfigError(f"--master {master!r} is not a Spark Connect address: use sc://host:port")
    try:
        from pyspark.sql.connect.utils import check_dependencies
        check_dependencies()
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigError(f"Spark Connect needs pyspark's connect extra ({exc}): run ./setup.sh, or "
                          "pip install 'storylens[spark]'") from None
    _reachable(master)
    builder = SparkSession.builder.remote(master).appName(app).config("spark.sql.execution.arrow.pyspark.enabled", "true")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
        spark.version   # (a first call: the server answers now, or the user hears why not)
        return spark
    except Exception as exc:     # (gRPC raises many kinds; the user needs the reason, not a trace)
        reason = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
        raise ConfigError(f"cannot reach the Spark Connect server {master!r}: {reason}") from None


def _reachable(master: str) -> None:
    """Raise ConfigError at once when nothing listens at a Connect address (the client would retry for
    minutes before it says so)."""
    import socket
    host_port = master[len("sc://"):].split("/", 1)[0].split(";", 1)[0]
    host, _, port = host_port.partition(":")
    try:
        socket.create_connection((host, int(port or CONNECT_PORT)), timeout=10).close()
    except OSError as exc:
        raise ConfigError(f"cannot reach the Spark Connect server {master!r}: {exc.strerror or exc}") from None


CONNECT_PORT = 15002   # Spark Connect's default port


def is_connect(spark) -> bool:
    """Whether `spark` is a Spark Connect session (no SparkContext, no RDDs, no broadcast variables)."""
    return type(spark).__module__.startswith("pyspark.sql.connect")


def default_parallelism(spark) -> int:
    """How many tasks the cluster runs at once by default (a Connect session asks the server: a range
    without a partition count is cut into that many)."""
    if not is_connect(spark):
        return spark.sparkContext.defaultParallelism
    from pyspark.sql import functions as F
    return int(spark.range(0, 1 << 16).select(F.spark_partition_id().alias("p")).agg(F.max("p")).first()[0]) + 1


def keep(df):
    """A DataFrame later steps read again: persisted; on a Connect session checkpointed instead (the client
    sends a step's whole plan to the server, and a plan nested deeper than protobuf's limit of 100 cannot
    be sent: the grouping's candidate edges over its copies over its term vectors were)."""
    return df.localCheckpoint() if is_connect(df.sparkSession) else df.persist()


def cut(df):
    """The DataFrame with its plan cut on a Connect session (checkpointed: see `keep`); as it is otherwise."""
    return df.localCheckpoint() if is_connect(df.sparkSession) else df


def fresh(df):
    """`df` computed once and held (checkpointed), as a DataFrame whose plan starts there and remembers
    nothing of how it was made. For loops that build each round on the last: a checkpointed plan keeps
    its origin's statistics, which Spark works out again through every round before it (measured: the
    average-link rounds' sixth round on 20 pairs took 35 s to plan, the first under 1 s). Not on a Connect
    session (the server's plans are out of reach): there it is a checkpoint."""
    ck = df.localCheckpoint()
    if is_connect(df.sparkSession):
        return ck
    from pyspark.sql import DataFrame
    spark = df.sparkSession
    return DataFrame(spark._jsparkSession.createDataFrame(ck._jdf.rdd(), ck._jdf.schema()), spark)


def describe(spark, what: str) -> None:
    """Name the Spark jobs that follow (the benchmark's shuffle bytes per stage); a Connect session's
    jobs keep the server's names."""
    if not is_connect(spark):
        spark.sparkContext.setJobDescription(what)


DRIVER_MEMORY = "4g"      # at least; a third of this machine's memory up to 8g (a first run of 200,000
                          # articles ran out of execution memory in the copies' groups with 4g)


def _driver_memory() -> str:
    """The local JVM's heap: DRIVER_MEMORY, or a third of this machine's memory up to 8 GB if that is more."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return DRIVER_MEMORY
    gb = min(8, total // 3 // 2**30)
    return f"{gb}g" if gb > int(DRIVER_MEMORY[:-1]) else DRIVER_MEMORY
CONNECT = re.compile(r"sc://[\w.\-]+(?::\d+)?(?:/[^\s]*)?")
MASTER = re.compile(r"local(?:\[(?:\d+|\*)(?:,\d+)?\])?|spark://[\w.\-]+:\d+(?:,[\w.\-]+:\d+)*|yarn|k8s://\S+")


def _cores(master: str) -> int:
    if master.startswith("local["):
        n = master[len("local["):-1]
        return os.cpu_count() or 1 if n == "*" else max(1, int(n.split(",")[0]))
    return os.cpu_count() or 1


def _java() -> bool:
    from shutil import which
    home = os.environ.get("JAVA_HOME")
    return bool(which("java") or (home and os.path.exists(os.path.join(home, "bin", "java"))))
