"""The scope diagram (scope page, and a small one on the home page) and the relations diagram of
an entity (its own page): a tree two levels deep, with line styles for what is in effect, added
by a decision, or announced."""

from __future__ import annotations

from markupsafe import Markup

from nmikb.data.models import Entity
from nmikb.pages.helpers import Helpers, RelationView
from nmikb.pages.page import entity_page, event_page

from .svg import (
    FONT,
    PAD,
    SMALL,
    WIDTH,
    esc,
    figure,
    link_to,
    num,
    svg_text,
    wrap,
)

MAX_PARTS = 12  # parts drawn on an entity's diagram; its page lists them all
DASH = {"ongoing": None, "decided": "6 4", "planned": "2 3"}


class Branch:
    """A group under the root: a header (words, and a link when it names a record), a line
    style (the relation's state), and the entities it leads to (each name as running text
    writes it, and the page it links to)."""

    def __init__(
        self, header: str, state: str, nodes: list[tuple[str, str]], href: str = "", more: str = ""
    ):
        self.header, self.state, self.nodes, self.href, self.more = header, state, nodes, href, more


def _tree(
    h: Helpers,
    kind: str,
    ident: str,
    title: str,
    desc: str,
    root: tuple[str, str],
    branches: list[Branch],
    compact: bool = False,
) -> Markup:
    """The root's box on top, a line down its left side, each branch off it with its header, and
    the branch's entities in boxes (links to their pages). A relation in effect is a solid line,
    one added by a decision dashed, one announced dotted; the header says it in words too."""
    body: list[str] = []
    name, href = root
    lines = wrap(name, WIDTH - 2 * PAD - 16, FONT + 1)
    box_h = 12 + 17 * len(lines)
    text = svg_text(
        PAD + 8, 8 + 19, lines, "kb-pic-node-text kb-pic-node-text--root", FONT + 1, step=17
    )
    rect = (
        f'<rect x="{PAD - 10}" y="4" width="{WIDTH - 2 * PAD + 20}" height="{num(box_h)}" '
        'rx="4" fill="none" stroke="currentColor" stroke-width="2" class="kb-pic-node '
        'kb-pic-node--root"/>'
    )
    body.append(
        f'<a href="{link_to(h, href)}" class="kb-pic-link">{rect}{text}</a>'
        if href
        else f"<g>{rect}{text}</g>"
    )
    spine_x, y = PAD + 4, 4 + box_h
    spine_top, spine_end = y, y
    row = 18 if compact else 20
    for b in branches:
        dash = f' stroke-dasharray="{DASH[b.state]}"' if DASH[b.state] else ""
        y += 16
        head = wrap(b.header, WIDTH - PAD - spine_x - 20, FONT)
        body.append(
            f'<line x1="{spine_x}" y1="{num(y - 4)}" x2="{spine_x + 14}" y2="{num(y - 4)}" '
            f'stroke="currentColor" stroke-width="1.5"{dash} class="kb-pic-edge"/>'
        )
        spine_end = y - 4
        head_text = svg_text(spine_x + 20, y, head, "kb-pic-head", FONT)
        body.append(
            f'<a href="{link_to(h, b.href)}" class="kb-pic-link">{head_text}</a>'
            if b.href
            else head_text
        )
        y += 16 * (len(head) - 1)
        sub_x, sub_top = spine_x + 24, y + 4
        sub_end: float = sub_top  # then the middle of the last box
        for node_name, node_href in b.nodes:
            y += 8
            node_name = h.cap(node_name)  # a box starts with a capital
            node_lines = wrap(node_name, WIDTH - PAD - sub_x - 30, FONT)
            height = (8 + 16 * len(node_lines)) if not compact else 16 * len(node_lines) + 2
            mid = y + height / 2
            body.append(
                f'<line x1="{sub_x}" y1="{num(mid)}" x2="{sub_x + 14}" y2="{num(mid)}" '
                f'stroke="currentColor" stroke-width="1.5"{dash} class="kb-pic-edge"/>'
            )
            label = svg_text(
                sub_x + 24,
                y + (16 if not compact else 13),
                node_lines,
                "kb-pic-node-text",
                FONT,
                step=16,
            )
            frame = (
                ""
                if compact
                else f'<rect x="{sub_x + 16}" y="{num(y)}" width="{num(WIDTH - PAD - sub_x - 6)}" '
                f'height="{num(height)}" rx="3" fill="none" stroke="currentColor"{dash} '
                'class="kb-pic-node"/>'
            )
            body.append(
                f'<a href="{link_to(h, node_href)}" class="kb-pic-link">'
                f"<title>{esc(node_name)}</title>{frame}{label}</a>"
            )
            sub_end, y = mid, y + height
        if b.more:
            y += 16
            body.append(svg_text(sub_x + 16, y, [b.more], "kb-pic-text", SMALL))
        if b.nodes:
            body.append(
                f'<line x1="{sub_x}" y1="{num(sub_top)}" x2="{sub_x}" y2="{num(sub_end)}" '
                f'stroke="currentColor" stroke-width="1.5"{dash} class="kb-pic-edge"/>'
            )
        y += 6
    body.insert(
        1,
        f'<line x1="{spine_x}" y1="{num(spine_top)}" x2="{spine_x}" y2="{num(spine_end)}" '
        'stroke="currentColor" stroke-width="1.5" class="kb-pic-edge"/>',
    )
    states = [s for s in ("ongoing", "decided", "planned") if any(b.state == s for b in branches)]
    if not compact and len(states) > 1:  # the key: what each line style means, in words
        for s in states:
            y += row
            dash = f' stroke-dasharray="{DASH[s]}"' if DASH[s] else ""
            body.append(
                f'<line x1="{PAD}" y1="{num(y - 4)}" x2="{PAD + 30}" y2="{num(y - 4)}" '
                f'stroke="currentColor" stroke-width="1.5"{dash} class="kb-pic-edge"/>'
            )
            key = {
                "ongoing": h.L["pic_state_ongoing"],
                "decided": h.L["pic_state_decided"],
                "planned": h.L["pic_state_planned"],
            }
            body.append(svg_text(PAD + 38, y, [key[s]], "kb-pic-text", SMALL))
    return figure(kind, ident, title, desc, y + 10, body)


def _entity_name(h: Helpers, e: Entity, start: bool = True) -> str:
    """An entity's name, with its abbreviation. Names are stored as running text writes them
    (French `ministère de la Défense`): a box or the start of a sentence capitalises it (`start`);
    a list after a colon, in the words a screen reader says, keeps it as it is."""
    abbr = getattr(e.abbr, h.lang, None) if e.abbr else None
    name = h.t(e.name)
    return (h.cap(name) if start else name) + (f" ({abbr})" if abbr else "")


def _scope_branches(h: Helpers, views: list[RelationView]) -> list[Branch]:
    """The scope's relations grouped as the key facts group them: what (advises, will
    advise…) and on what basis since when; in effect first."""
    groups: dict[tuple[str, str], Branch] = {}
    for v in sorted(views, key=lambda v: v.state != "ongoing"):
        header = f"{'✓' if v.state == 'ongoing' else '→'} {h.relation_label(v)} ({v.after_note})"
        branch = groups.setdefault(
            (header, v.state),
            Branch(header, v.state, [], event_page(v.decision.id) if v.decision else ""),
        )
        e = h.entity(v.item.entity)
        # One box per relation; a verb another source uses is said beside the name.
        name = _entity_name(h, e, start=False) + (f" ({v.rivals})" if v.rivals else "")
        if (name, entity_page(e.id)) not in branch.nodes:
            branch.nodes.append((name, entity_page(e.id)))
    return list(groups.values())


def _describe(h: Helpers, lead: str, branches: list[Branch]) -> str:
    """The words of a tree, for its <desc>: what a screen reader says of the picture."""
    parts = [f"{b.header}{h.L['colon']} {', '.join(name for name, _ in b.nodes)}" for b in branches]
    return h.in_lang(f"{lead}. " + "; ".join(parts) + ".", h.lang)  # French typography too


def scope_diagram(h: Helpers, ident: str, compact: bool = False) -> Markup:
    kb = h.kb
    mission = kb.entity[kb.scope.mission]
    branches = _scope_branches(h, [h.relation(i) for i in kb.scope.institutions])
    name = _entity_name(h, mission)
    title = h.L["pic_scope_title"].format(name=name)
    return _tree(
        h,
        "scope-small" if compact else "scope",
        ident,
        title,
        _describe(h, name, branches),
        (name, entity_page(mission.id)),
        branches,
        compact,
    )


def relations_diagram(h: Helpers, e: Entity, ident: str = "kb-relations") -> Markup | None:
    """What the data relates an entity to: what it is part of, the mission's relation to it,
    its parts; for the mission itself, the institutions of its scope. None when there is none."""
    kb = h.kb
    branches: list[Branch] = []
    if e.part_of and e.part_of in kb.entity:
        parent = kb.entity[e.part_of]
        branches.append(
            Branch(
                h.L["part_of"],
                "ongoing",
                [(_entity_name(h, parent, start=False), entity_page(parent.id))],
            )
        )
    mission = kb.entity.get(kb.scope.mission)
    if mission is not None and mission.id != e.id:
        for i in kb.scope.institutions:
            if i.entity != e.id:
                continue
            v = h.relation(i)
            # The entity is the object of the mission's relation: "advised by", "to be advised by".
            passive = {
                ("ongoing", "advises"): h.L["pic_advises_by"],
                ("ongoing", "supports"): h.L["pic_supports_by"],
                ("later", "advises"): h.L["pic_will_advises_by"],
                ("later", "supports"): h.L["pic_will_supports_by"],
            }
            verb = passive[("ongoing" if v.state == "ongoing" else "later", i.verb)]
            note = h.joined([*h.verb_rivals(i, v.state != "ongoing", passive=True), v.after_note])
            branches.append(
                Branch(
                    f"{verb} ({note})",
                    v.state,
                    [(_entity_name(h, mission, start=False), entity_page(mission.id))],
                    event_page(v.decision.id) if v.decision else "",
                )
            )
    elif mission is not None:
        branches += _scope_branches(h, [h.relation(i) for i in kb.scope.institutions])
    children = kb.children.get(e.id, [])
    if children:
        more = (
            h.L["and_more"].format(count=len(children) - MAX_PARTS)
            if len(children) > MAX_PARTS
            else ""
        )
        branches.append(
            Branch(
                h.L["parts"],
                "ongoing",
                [
                    (_entity_name(h, c, start=False), entity_page(c.id))
                    for c in children[:MAX_PARTS]
                ],
                more=more,
            )
        )
    if not branches:
        return None
    name = _entity_name(h, e)
    # Inside the title's sentence ("Relations of …", "Relations : …"): as running text writes it.
    title = h.L["pic_relations_title"].format(name=_entity_name(h, e, start=False))
    return _tree(h, "relations", ident, title, _describe(h, name, branches), (name, ""), branches)
