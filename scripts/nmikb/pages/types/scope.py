"""The mission's scope: its role, the institutions it advises or supports and since when, its
activities, principles and aims, with the scope diagram."""

from __future__ import annotations

from nmikb.knowledge.base import KnowledgeBase
from nmikb.knowledge.facts import scope_anchor
from nmikb.pages.helpers import Helpers
from nmikb.pages.page import Page, site_page
from nmikb.pages.pictures.diagrams import scope_diagram


def scope(kb: KnowledgeBase, h: Helpers) -> Page:
    scope = kb.scope

    def context(h: Helpers) -> dict:
        views = [h.relation(i) for i in scope.institutions]
        return {
            "scope": scope,
            "mission": kb.entity[scope.mission],
            "reference": h.reference_date(),
            "reference_basis": h.reference_basis(),
            # In effect first, then what decisions and announcements add, each in data order.
            "relations": [v for v in views if v.state == "ongoing"]
            + [v for v in views if v.state != "ongoing"],
            "anchor": scope_anchor,
            "picture": scope_diagram(h, "kb-pic-scope"),
        }

    return site_page(kb, h, "scope", "scope.md", "scope.md.j2", context, ["data/scope.yaml"])
