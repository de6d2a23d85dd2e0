"""The Paired Assistance Programs as a network of actors and interactions (Hu et al. 2020,
Figure 1 and Table 1): the graph and the measures behind the "hybrid" claim, and Table 1 as this
book reads it (:func:`table1_reading`). Figure 1 is drawn by :mod:`pairing.figures.par_diagram`; the
two tables are set as MyST by :mod:`pairing.report.par_tables`."""

from __future__ import annotations

import networkx as nx
import pandas as pd


def build_graph(actors: pd.DataFrame, interactions: pd.DataFrame) -> nx.MultiDiGraph:
    """One node per actor (with its attributes), one edge per interaction (with its attributes).

    A multigraph, because the same two actors can interact in several ways (the medical teams
    and the assisted hospitals share both resources and knowledge)."""
    graph = nx.MultiDiGraph()
    for actor in actors.to_dict("records"):
        graph.add_node(actor["actor_id"], **actor)
    for interaction in interactions.to_dict("records"):
        graph.add_edge(interaction["source_actor"], interaction["target_actor"], **interaction)
    return graph


def direction_shares(interactions: pd.DataFrame) -> pd.DataFrame:
    """Counts and shares of vertical and horizontal interactions in each stage."""
    counts = pd.crosstab(interactions["stage"], interactions["direction"])
    shares = counts.div(counts.sum(axis=1), axis=0)
    return pd.concat({"n": counts, "share": shares}, axis=1)


def bridges(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """For every actor: how many distinct levels it touches (its own and its partners'),
    its number of partners, whether it has both vertical and horizontal links, and its
    betweenness centrality in the undirected simple graph (how often it lies on the shortest
    path between two other actors)."""
    simple = nx.Graph(graph.to_undirected())
    betweenness = nx.betweenness_centrality(simple)
    rows = []
    for actor, attributes in graph.nodes(data=True):
        partners = set(graph.predecessors(actor)) | set(graph.successors(actor))
        edges = list(graph.in_edges(actor, data=True)) + list(graph.out_edges(actor, data=True))
        directions = {data["direction"] for _, _, data in edges}
        levels = {attributes["level"]} | {graph.nodes[p]["level"] for p in partners}
        rows.append({"actor_id": actor, "name": attributes["name"], "level": attributes["level"],
                     "partners": len(partners), "levels_touched": len(levels),
                     "vertical_and_horizontal": directions == {"vertical", "horizontal"},
                     "betweenness": betweenness[actor]})
    return pd.DataFrame(rows).sort_values(["betweenness", "levels_touched"], ascending=False).reset_index(drop=True)


#: The interaction types of the article's Table 1, in its order.
ARTICLE_TYPES = ["authority compliance", "resource coordination", "knowledge sharing"]


def links(interactions: pd.DataFrame) -> set[tuple[str, str]]:
    """The (source, target) pairs of actors of ``interactions``."""
    return set(map(tuple, interactions[["source_actor", "target_actor"]].values))


def with_levels(interactions: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """``interactions`` with the level of each one's source and target actor (``source_level``,
    ``target_level``): the data of Figure 1, as it is exported."""
    levels = actors[["actor_id", "level"]]
    return (interactions
            .merge(levels.rename(columns={"actor_id": "source_actor", "level": "source_level"}), on="source_actor")
            .merge(levels.rename(columns={"actor_id": "target_actor", "level": "target_level"}), on="target_actor"))


# -- Table 1 and this book's reading of it ---------------------------------------------------


def spaced(text: str) -> str:
    return " ".join(str(text).split())


def table1_item(table1: pd.DataFrame, interaction: dict) -> int | None:
    """The position of the item of Table 1 (actors and their interactions, in the row of the
    interaction's type) whose words the interaction quotes as its evidence; None when the
    interaction rests on another section of the article. A :class:`ValueError` when a Table 1
    interaction quotes no item, or more than one, of its row."""
    if interaction["section"] != "Table 1":
        return None
    row = table1[(table1["interaction_type"].str.lower() == interaction["type"]) & (table1["part"] == "actors")]
    evidence = spaced(interaction["evidence"]).lower()
    found = [int(p) for p, words in zip(row["position"], row["text"]) if evidence in spaced(words).lower()]
    if len(found) != 1:
        raise ValueError(f"{interaction['source_actor']} → {interaction['target_actor']}: its evidence is in "
                         f"{len(found)} items of Table 1's {interaction['type']} row, not one")
    return found[0]


def table1_reading(table1: pd.DataFrame, interactions: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """This book's reading of Table 1: every curated interaction, one row each, with the article's
    words it rests on (an item of Table 1, or a quotation from another section), its direction as
    this book reads it (from one actor to another) and its output. Outputs of interactions the
    article classes are Table 1's own, printed as the table prints them; the others are this
    book's words. In the order of Table 1's rows and items, then the rest of the article's text,
    then the interactions this book classifies."""
    names = actors.set_index("actor_id")["name"].str.split(" (", regex=False).str[0]
    printed = {spaced(t).lower(): t for t in table1.loc[table1["part"] == "outputs", "text"]}
    types = [t.lower() for t in table1["interaction_type"].drop_duplicates()]
    rows = []
    for n, interaction in enumerate(interactions.to_dict("records")):
        item = table1_item(table1, interaction)
        words = (table1.loc[(table1["interaction_type"].str.lower() == interaction["type"]) & (table1["part"] == "actors")
                            & (table1["position"] == item), "text"].iloc[0] if item else interaction["evidence"])
        rows.append({
            "interaction type": interaction["type"],
            "classified by": "the article" if interaction["typed_by"] == "article" else "this book",
            "the article's words": words,
            "where": f"Table 1, item {item}" if item else interaction["section"],
            "from": names[interaction["source_actor"]],
            "to": names[interaction["target_actor"]],
            "output or outcome": printed.get(spaced(interaction["output"]).lower(),
                                             interaction["output"][:1].upper() + interaction["output"][1:]),
            "_order": (interaction["typed_by"] != "article", item is None,
                       types.index(interaction["type"]) if interaction["type"] in types else len(types), item or 0, n),
        })
    return pd.DataFrame(rows).sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)
