"""GraphML export: the actor network, one node per actor and one directed edge per dyad.

Records are streamed and folded into per-actor and per-dyad tallies, so memory grows with the
number of actors and dyads, not with the number of events. Edge attributes: ``weight`` (events,
or stories with ``--unit stories``), ``mentions``, counts per QuadClass (``quad1``..``quad4``)
and per PLOVER type (``type_AGREE`` ..., declared for the types present), a ``types`` summary
(``CONSULT:3;ACCUSE:1``, most frequent first) and the Goldstein sum and mean.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from ..models import PLOVER_TYPES
from .source import ExportItem

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(slots=True)
class _Node:
    actor_id: str
    name: str
    country: str
    kind: str
    events: int = 0


@dataclass(slots=True)
class _Edge:
    weight: int = 0
    mentions: int = 0
    goldstein_sum: float = 0.0
    quads: Counter[int] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)


def _text(value: Any) -> str:
    return _XML_BAD.sub("", "" if value is None else str(value))


class ActorNetwork:
    """Per-actor and per-dyad tallies built from streamed records."""

    def __init__(self) -> None:
        self.nodes: dict[str, _Node] = {}
        self.edges: dict[tuple[str, str], _Edge] = {}

    def _node(self, actor: Mapping[str, Any]) -> str:
        actor_id = str(actor.get("actor_id") or actor.get("name") or "?")
        if actor_id not in self.nodes:
            self.nodes[actor_id] = _Node(
                actor_id,
                str(actor.get("name") or actor_id),
                str(actor.get("country") or ""),
                str(actor.get("kind") or ""),
            )
        return actor_id

    def add(self, item: ExportItem) -> None:
        """Fold one event or story record into the network."""
        rec = item.record
        story = item.unit == "stories"
        mentions = int((rec.get("num_mentions") if story else rec.get("mentions")) or 1)
        sources = [self._node(a) for a in rec.get("sources") or []]
        targets = [self._node(a) for a in rec.get("targets") or []]
        for actor_id in dict.fromkeys(sources + targets):
            self.nodes[actor_id].events += 1
        quad = rec.get("quad_class")
        ptype = rec.get("plover_type")
        goldstein = rec.get("goldstein")
        for s in sources:
            for t in targets:
                if s == t:
                    continue
                edge = self.edges.setdefault((s, t), _Edge())
                edge.weight += 1
                edge.mentions += mentions
                if goldstein is not None:
                    edge.goldstein_sum += float(goldstein)
                if quad is not None:
                    edge.quads[int(quad)] += 1
                if ptype:
                    edge.types[str(ptype)] += 1

    def write(self, out: IO[str]) -> None:
        """Write the network as a GraphML document."""
        seen = {t for e in self.edges.values() for t in e.types}
        types = [t for t in PLOVER_TYPES if t in seen] + sorted(seen - set(PLOVER_TYPES))
        w = out.write
        w('<?xml version="1.0" encoding="UTF-8"?>\n')
        w(
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        keys: list[tuple[str, str, str, str]] = [
            ("actor_id", "node", "actor_id", "string"),
            ("name", "node", "name", "string"),
            ("country", "node", "country", "string"),
            ("kind", "node", "kind", "string"),
            ("events", "node", "events", "int"),
            ("weight", "edge", "weight", "int"),
            ("mentions", "edge", "mentions", "int"),
            *[(f"quad{q}", "edge", f"quad{q}", "int") for q in (1, 2, 3, 4)],
            *[(f"type_{t}", "edge", f"type_{t}", "int") for t in types],
            ("types", "edge", "types", "string"),
            ("goldstein_sum", "edge", "goldstein_sum", "double"),
            ("goldstein_mean", "edge", "goldstein_mean", "double"),
        ]
        for key_id, domain, name, kind in keys:
            w(
                f'  <key id={quoteattr(key_id)} for="{domain}" attr.name={quoteattr(name)} '
                f'attr.type="{kind}"/>\n'
            )
        w('  <graph id="actors" edgedefault="directed">\n')
        index: dict[str, str] = {}
        for i, node in enumerate(self.nodes.values()):
            nid = f"n{i}"
            index[node.actor_id] = nid
            w(f'    <node id="{nid}">\n')
            for key, value in (
                ("actor_id", node.actor_id),
                ("name", node.name),
                ("country", node.country),
                ("kind", node.kind),
                ("events", node.events),
            ):
                w(f'      <data key="{key}">{escape(_text(value))}</data>\n')
            w("    </node>\n")
        for i, ((s, t), edge) in enumerate(self.edges.items()):
            w(f'    <edge id="e{i}" source="{index[s]}" target="{index[t]}">\n')
            data: list[tuple[str, Any]] = [("weight", edge.weight), ("mentions", edge.mentions)]
            data += [(f"quad{q}", edge.quads.get(q, 0)) for q in (1, 2, 3, 4)]
            data += [(f"type_{t}", edge.types.get(t, 0)) for t in types]
            summary = ";".join(f"{t}:{n}" for t, n in edge.types.most_common())
            data += [
                ("types", summary),
                ("goldstein_sum", round(edge.goldstein_sum, 6)),
                ("goldstein_mean", round(edge.goldstein_sum / edge.weight, 6)),
            ]
            for key, value in data:
                w(f'      <data key="{key}">{escape(_text(value))}</data>\n')
            w("    </edge>\n")
        w("  </graph>\n</graphml>\n")


def write_graphml(items: Iterable[ExportItem], out: IO[str], *, progress: Any = None) -> int:
    """Fold every record into the actor network and write it as GraphML; returns records."""
    network = ActorNetwork()
    n = 0
    for item in items:
        network.add(item)
        n += 1
        if progress is not None:
            progress.update(1)
    network.write(out)
    return n
