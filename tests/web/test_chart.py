"""The coverage chart: a dot per article on its date; an article with no date is marked as undated,
not drawn as if its date had been inferred."""
from storylens.model import OutletRow
from storylens.web.chart import coverage_points


def test_dates_place_dots_and_an_undated_article_is_marked_undated():
    outlets = [OutletRow("a", outlet="BBC", anchor="2020-06-26", anchor_certain=True),
               OutletRow("b", outlet="CNN", anchor="2020-06-30", anchor_certain=False),
               OutletRow("c", outlet=None, anchor=None, published=None)]
    dots = {d["article_id"]: d for d in coverage_points(outlets)["dots"]}
    assert dots["a"]["x"] < dots["b"]["x"] < dots["c"]["x"]
    assert (dots["a"]["inferred"], dots["b"]["inferred"], dots["c"]["inferred"]) == (False, True, False)
    assert [dots[k]["undated"] for k in "abc"] == [False, False, True]
    assert dots["c"]["label"] == "undated"
