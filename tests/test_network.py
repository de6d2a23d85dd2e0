"""The article's actors and interactions as data: every row traceable to the article's words,
bad rows rejected, and the network measures right on small graphs whose answer is known."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from pairing import data, network
from pairing.errors import DataError
from pairing.paths import ROOT

ARTICLE = ROOT.parent / "shared" / "seeds" / "002_bf57d4271598ea99.txt"


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub("[‗‘’]", "'", text)).strip().lower()


@pytest.mark.skipif(not ARTICLE.exists(), reason="the article's text is not beside the project")
def test_every_row_quotes_the_article_word_for_word():
    article = normalised(ARTICLE.read_text(encoding="utf-8"))
    tables = {"par_actors.csv": (data.load_par_actors(), ["evidence"]),
              "par_interactions.csv": (data.load_par_interactions(), ["evidence"]),
              "par_us_comparison.csv": (data.load_par_us_comparison(), ["china_evidence", "us_evidence"])}
    for name, (table, columns) in tables.items():
        for column in columns:
            missing = [q for q in table[column] if normalised(q) not in article]
            assert not missing, f"{name}:{column} quotes not in the article: {missing}"


def test_the_curated_network_covers_table_1():
    interactions = data.load_par_interactions()
    from_table = interactions[interactions["section"] == "Table 1"]
    # Table 1: authority compliance at initiation (vertical); resource coordination and knowledge
    # sharing in operation (horizontal).
    assert set(map(tuple, from_table[["type", "stage", "direction"]].drop_duplicates().values)) == {
        ("authority compliance", "initiation", "vertical"),
        ("resource coordination", "operation", "horizontal"),
        ("knowledge sharing", "operation", "horizontal")}
    graph = network.build_graph(data.load_par_actors(), interactions)
    assert graph.number_of_edges() == len(interactions)


def test_an_interaction_with_an_unknown_actor_stops_the_build(copy_of_curated):
    path = copy_of_curated / "par_interactions.csv"
    table = pd.read_csv(path, dtype=str)
    table.loc[3, "target_actor"] = "world_health_organization"
    table.to_csv(path, index=False)
    with pytest.raises(DataError) as error:
        data.load_par_interactions()
    assert str(error.value) == ("data/curated/par_interactions.csv line 5, target_actor: must be an actor_id of "
                                "par_actors.csv; found world_health_organization")  # data row 4, after the header


def toy():
    actors = pd.DataFrame({
        "actor_id": ["top", "left", "right", "bottom"], "name": list("TLRB"),
        "level": ["central", "provincial", "provincial", "city"],
        "side": ["coordinating", "assisting", "assisted", "assisted"]})
    interactions = pd.DataFrame({
        "source_actor": ["top", "top", "left", "left"], "target_actor": ["left", "right", "right", "right"],
        "stage": ["initiation", "initiation", "operation", "operation"],
        "direction": ["vertical", "vertical", "horizontal", "horizontal"],
        "type": ["authority compliance"] * 2 + ["resource coordination", "knowledge sharing"]})
    return actors, interactions


def test_layout_puts_levels_in_rows_and_sides_in_order():
    actors, _ = toy()
    positions = network.layered_layout(actors)
    assert positions["top"][1] > positions["left"][1] == positions["right"][1] > positions["bottom"][1]
    assert positions["left"][0] < positions["right"][0]


def test_direction_shares_and_bridges_on_a_known_graph():
    actors, interactions = toy()
    shares = network.direction_shares(interactions)
    assert shares.loc["initiation", ("share", "vertical")] == 1.0
    assert shares.loc["operation", ("n", "horizontal")] == 2
    graph = network.build_graph(actors, interactions)
    assert graph.number_of_edges() == 4  # two kinds of link between left and right are kept
    bridges = network.bridges(graph).set_index("actor_id")
    assert bridges.loc["left", "partners"] == 2
    assert bridges.loc["left", "vertical_and_horizontal"]
    assert bridges.loc["top", "levels_touched"] == 2
    assert bridges.loc["bottom", "partners"] == 0
