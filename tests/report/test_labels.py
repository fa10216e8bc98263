"""Citation labels: short, and never the same for two articles of one story."""
from hypothesis import given, strategies as st

from storylens.report import short_labels


def test_a_numbered_file_keeps_its_number():
    assert short_labels(["000_d3aa78e8f22ee53a", "001_8c1f0e2b9a7d6c54"]) == {
        "000_d3aa78e8f22ee53a": "000", "001_8c1f0e2b9a7d6c54": "001"}


def test_ids_that_share_a_prefix_are_told_apart():
    # ECB+-style ids: the topic number comes first, so every article of a topic starts '24_'
    labels = short_labels(["24_1ecbplus", "24_10ecbplus", "24_2ecb"])
    assert labels == {"24_1ecbplus": "24_1ecbplus", "24_10ecbplus": "24_10ecbplus", "24_2ecb": "24_2ecb"}


@given(st.lists(st.text(alphabet="ab_0123456789", min_size=1, max_size=30), min_size=1, max_size=30, unique=True))
def test_labels_are_unique_and_start_their_id(ids):
    labels = short_labels(ids)
    assert len(set(labels.values())) == len(ids)
    assert all(i.startswith(labels[i]) or labels[i] == i.split("_", 1)[0] for i in ids)
