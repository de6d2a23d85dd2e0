"""The Paired Assistance Programs as a network of actors and interactions (Hu et al. 2020,
Figure 1 and Table 1): the graph, a layered layout and the measures behind the "hybrid" claim."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from .schemas import PAR_LEVELS

#: Left to right on the diagram: the assisting side, the coordinating centre, the assisted side.
SIDE_ORDER = ["assisting", "coordinating", "assisted"]


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


def layered_layout(actors: pd.DataFrame, width: float = 10.0) -> dict[str, tuple[float, float]]:
    """Positions that put each level on its own row (central on top) and, within a row, the
    assisting actors left, the coordinating ones in the middle and the assisted ones right;
    actors on the same side keep the order of the table."""
    positions = {}
    for level, row in actors.groupby("level"):
        y = -float(PAR_LEVELS.index(level))
        ordered = row.assign(order=row["side"].map(SIDE_ORDER.index)).sort_values("order", kind="stable")
        n = len(ordered)
        for i, actor_id in enumerate(ordered["actor_id"]):
            side = ordered.iloc[i]["side"]
            # Keep a lone actor on its side of the page rather than in the middle.
            x = {"assisting": 0.15, "coordinating": 0.5, "assisted": 0.85}[side] if n == 1 else (i + 0.5) / n
            positions[actor_id] = (x * width, y)
    return positions


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
