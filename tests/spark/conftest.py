"""A Spark session in local mode for the tests of the Spark engine's steps, one per test module."""
import pytest


@pytest.fixture(scope="module")
def spark():
    from storylens.spark.session import spark_session
    s = spark_session("local[2]", app="storylens-tests")
    yield s
    s.stop()
