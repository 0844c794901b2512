"""The Schematron rules embedded in tei_all.rng, run with an XPath 3.1 processor.

The rules use XPath 2 and later, which lxml lacks; saxonche (Saxon-HE) evaluates them. A
small runner rather than a compiled Schematron stylesheet: each pattern's rules are taken
in order, a node is checked by the first rule whose context matches it (as Schematron
says), its ``let`` values are bound as variables, and each ``assert`` that is false or
``report`` that is true is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree
from saxonche import PySaxonProcessor

SCH = "http://purl.oclc.org/dsdl/schematron"
_NS = {"sch": SCH}


class Rules:
    """The patterns of a RELAX NG schema's embedded Schematron, ready to run."""

    def __init__(self, schema: Path) -> None:
        tree = etree.parse(str(schema))
        self.namespaces = {
            ns.get("prefix"): ns.get("uri") for ns in tree.xpath("//sch:ns", namespaces=_NS)
        }
        self.namespaces.setdefault("tei", "http://www.tei-c.org/ns/1.0")
        self.patterns: list[list[dict[str, Any]]] = []
        for pattern in tree.xpath("//sch:pattern", namespaces=_NS):
            rules = []
            for rule in pattern.xpath("sch:rule", namespaces=_NS):
                checks = [
                    (etree.QName(e).localname, e.get("name") or "", e.get("test") or e.get("value"))
                    for e in rule
                    if isinstance(e.tag, str)
                ]
                rules.append({"context": rule.get("context"), "checks": checks})
            self.patterns.append(rules)
        self.processor = PySaxonProcessor(license=False)

    def failures(self, document: bytes) -> Iterator[str]:
        """Each failed assertion on ``document``: the rule's context and its test."""
        proc = self.processor
        doc = proc.parse_xml(xml_text=document.decode("utf-8"))
        xp = proc.new_xpath_processor()
        for prefix, uri in self.namespaces.items():
            xp.declare_namespace(prefix, uri)
        for rules in self.patterns:
            seen: set[str] = set()
            for rule in rules:
                xp.set_context(xdm_item=doc)
                found = xp.evaluate(f"descendant-or-self::node()/({rule['context']})")
                if found is None:
                    continue
                for k in range(found.size):
                    node = found.item_at(k)
                    key = str(xp_path(xp, node))
                    if key in seen:
                        continue  # an earlier rule of the pattern took this node
                    seen.add(key)
                    yield from self._check(xp, node, rule)

    def _check(self, xp: Any, node: Any, rule: dict[str, Any]) -> Iterator[str]:
        for kind, name, test in rule["checks"]:
            xp.set_context(xdm_item=node)
            if kind == "let":
                value = xp.evaluate(test)
                if value is not None:
                    xp.set_parameter(name, value)
                continue
            held = xp.effective_boolean_value(test)
            if (kind == "assert" and not held) or (kind == "report" and held):
                yield f"{rule['context']}: {kind} {test}"


def xp_path(xp: Any, node: Any) -> object:
    """A node's identity within its document, for 'first matching rule' bookkeeping."""
    xp.set_context(xdm_item=node)
    return xp.evaluate_single("path(.)")
