"""Network measures against values worked out by hand on small graphs (no database)."""
import pytest

from brobyg.evaluation.network import Actor, Rating, build_graphs, compare, layout, measures, synthetic


def graph(nodes, ties, sectors=None):
    sectors = sectors or {}
    actors = [Actor(n, n, sectors.get(n, "association")) for n in nodes]
    return build_graphs(actors, [Rating(*t) if len(t) > 2 else Rating(t[0], t[1]) for t in ties])


def test_star_of_four():
    # Centre c tied to three leaves. Degrees 3,1,1,1.
    # Density: 3 ties of 4·3/2 = 6 possible = 0.5.
    # Freeman centralisation: Σ(3 − d) = 0+2+2+2 = 6 over (n−1)(n−2) = 6 → 1.0.
    # Betweenness of c: the 3 leaf pairs all pass through c; normalised by (n−1)(n−2)/2 = 3 → 1.0; leaves 0.
    D, G = graph("cxyz", [("c", "x"), ("c", "y"), ("c", "z")])
    m = measures(D, G)
    o = m["overall"]
    assert o["density"] == pytest.approx(0.5)
    assert o["centralisation"] == pytest.approx(1.0)
    assert m["actors"]["c"]["degree"] == 3
    assert m["actors"]["c"]["betweenness"] == pytest.approx(1.0)
    assert m["actors"]["x"]["betweenness"] == pytest.approx(0.0)
    assert o["isolates"] == []
    assert o["reciprocity"] == pytest.approx(0.0)  # only c reported its ties


def test_path_of_three():
    # a–b–c: degrees 1,2,1 → density 2/3, centralisation (1+0+1)/(2·1) = 1.0, betweenness(b) = 1/1 = 1.0.
    D, G = graph("abc", [("a", "b"), ("b", "c"), ("c", "b")])
    m = measures(D, G)
    assert m["overall"]["density"] == pytest.approx(2 / 3)
    assert m["overall"]["centralisation"] == pytest.approx(1.0)
    assert m["actors"]["b"]["betweenness"] == pytest.approx(1.0)
    assert m["actors"]["a"]["betweenness"] == pytest.approx(0.0)
    # Reported: a→b, b→c, c→b: b→c and c→b are mutual = 2 of 3 reported ties.
    assert m["overall"]["reciprocity"] == pytest.approx(2 / 3)
    assert m["overall"]["ties"] == 2 and m["overall"]["reported_ties"] == 3


def test_triangle_and_isolate():
    # Triangle a,b,c plus isolate d: degrees 2,2,2,0.
    # Density 3/6 = 0.5; centralisation Σ(2 − d) = 2 over 3·2 = 6 → 1/3; no one brokers → betweenness 0.
    D, G = graph("abcd", [("a", "b"), ("b", "a"), ("b", "c"), ("c", "b"), ("a", "c"), ("c", "a")])
    m = measures(D, G)
    o = m["overall"]
    assert o["density"] == pytest.approx(0.5)
    assert o["centralisation"] == pytest.approx(1 / 3)
    assert o["isolates"] == ["d"]
    assert o["reciprocity"] == pytest.approx(1.0)
    assert all(m["actors"][n]["betweenness"] == 0 for n in "abcd")
    assert m["actors"]["d"]["degree"] == 0


def test_cross_sector_ties():
    # a(public)–b(association), b–c(association), c–a: two of three ties cross sectors.
    D, G = graph("abc", [("a", "b"), ("b", "c"), ("c", "a")], {"a": "public"})
    o = measures(D, G)["overall"]
    assert o["cross_sector_ties"] == 2
    assert o["cross_sector_share"] == pytest.approx(2 / 3)


def test_trust_and_value_received_and_overall():
    # x rates y trust 4, value 2; z rates y trust 2, value 4; y rates x trust 3, value 3.
    D, G = graph("xyz", [("x", "y", 4, 2), ("z", "y", 2, 4), ("y", "x", 3, 3)])
    m = measures(D, G)
    assert m["actors"]["y"]["trust"] == pytest.approx(3.0)  # (4 + 2) / 2
    assert m["actors"]["y"]["value"] == pytest.approx(3.0)
    assert m["actors"]["x"]["trust"] == pytest.approx(3.0)
    assert m["actors"]["z"]["trust"] is None  # nobody rated z
    assert m["overall"]["trust"] == pytest.approx(3.0)  # (4 + 2 + 3) / 3
    # The map's tie x–y carries the mean of both directions: (4 + 3) / 2.
    assert G["x"]["y"]["trust"] == pytest.approx(3.5)


def test_small_graphs_have_no_centralisation_and_no_reciprocity():
    D, G = graph("ab", [])
    o = measures(D, G)["overall"]
    assert o["centralisation"] == 0 and o["density"] == 0 and o["reciprocity"] is None
    assert sorted(o["isolates"]) == ["a", "b"]


def test_self_ties_and_unknown_actors_are_ignored():
    D, G = graph("ab", [("a", "a"), ("a", "zz"), ("a", "b")])
    assert G.number_of_edges() == 1 and "zz" not in G


def test_compare_two_rounds():
    D1, G1 = graph("abc", [("a", "b")])
    D2, G2 = graph("abcd", [("a", "b"), ("b", "c"), ("c", "a")])
    diff = compare(measures(D1, G1), measures(D2, G2))
    assert diff["overall"]["ties"] == {"before": 1, "after": 3, "change": 2}
    assert diff["overall"]["density"]["change"] == pytest.approx(0.5 - 1 / 3)
    assert diff["overall"]["isolates"]["change"] == 0  # c isolated before, d now
    assert diff["actors"]["c"]["degree_change"] == 2
    assert diff["actors"]["d"]["new"] is True


def test_layout_is_fixed_and_inside_the_square():
    actors, ratings = synthetic(40, 120)
    D, G = build_graphs(actors, ratings)
    first, second = layout(G), layout(G)
    assert first == second
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())
    assert len(first) == 40
    assert layout(G, seed=8) != first


def test_large_network_estimates_betweenness():
    actors, ratings = synthetic(400, 2000)
    D, G = build_graphs(actors, ratings)
    m = measures(D, G)
    assert m["overall"]["betweenness_estimated"] is True
    assert m["overall"]["ties"] <= 2000
