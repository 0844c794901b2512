"""Writing cables: the canonical telegram layout, and the layout-keeping writer.

A cable read from text is written slot by slot: a slot whose value still equals the
field's current value gives back its source text; a changed one is written in the
canonical form with the slot's own line ending.  A cable built from scratch has no
layout and is written in the canonical form throughout.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import Any

import attrs

from ._grammar import break_lines
from ._layout import TRIVIA, WHOLE, Layout
from ._model import (
    Addressee,
    Block,
    Bullet,
    Cable,
    ClassificationLine,
    Distribution,
    Heading,
    Marker,
    PageLine,
    Paragraph,
    Reference,
    RunningHeader,
    Signature,
    Text,
)
from ._tags import format_tags

__all__ = ["Part", "dumps", "field_lines", "parts"]

# Blank lines between the parts of a cable written from scratch.
_GROUPS = (
    (
        "wrapper",
        "notice",
        "banner",
        "distribution",
        "drafted_by",
        "approved_by",
        "clearances",
        "message_line",
        "transmission_id",
        "routing",
        "station",
        "security",
        "dtg",
        "sender",
        "to",
        "info",
        "excluded",
        "date_line",
        "unparsed",
    ),
    ("classification_line", "header_breaks"),
    ("captions",),
    ("instructions",),
    ("executive_order", "tags", "subject"),
    ("references",),
    ("classification_authority",),
    ("body",),
)
# The canonical order of fields; a field added to a read cable is placed by it.
FIELD_ORDER = tuple(field for group in _GROUPS for field in group)
_KEYWORDED = {"to": "TO ", "info": "INFO ", "excluded": "XMT "}
_WRAPPING = frozenset(["tags", "subject", "references", "classification_authority"])
# What a wrapped header field never runs on into: a blank line or another keyword.
_STOPS_WRAPPING = frozenset([TRIVIA, "executive_order", *_WRAPPING, "captions"])
_ITEM_FIELDS = frozenset(
    [
        "wrapper",
        "to",
        "info",
        "excluded",
        "clearances",
        "captions",
        "instructions",
        "unparsed",
        "header_breaks",
        "body",
    ]
)
# Fields written on one line as one slot: the slot's value is the tuple of their values.
_COMPOSITE = {"subject": ("subject", "subject_marking")}
# Header fields whose keyword the reader finds after another field on one line.
_GLUED_KEYWORDS = frozenset(
    ["references", "classification_authority", "tags", "subject", "executive_order", "captions"]
)


def _value(cable: Cable, field: str) -> Any:
    """The value a field's slot holds: composite fields give the tuple of their values."""
    names = _COMPOSITE.get(field)
    if names is None:
        return getattr(cable, field)
    values = tuple(getattr(cable, name) for name in names)
    return None if all(v is None for v in values) else values


def _shown(field: str, value: object) -> object:
    """The value a part shows: the first field's for a composite slot."""
    if field in _COMPOSITE and isinstance(value, tuple):
        return value[0]
    return value


# --- canonical lines of each value ----------------------------------------------------


def _addressee(a: Addressee) -> str:
    text = f"{a.routing_indicator}/{a.address}" if a.routing_indicator else a.address
    if a.precedence:
        text += " " + a.precedence
    if a.serial:
        text += " " + a.serial
    return text


def _marking(line: ClassificationLine) -> str:
    if not line.spaced:
        return line.marking
    return "  ".join(" ".join(word) for word in line.marking.split())


def _classification(line: ClassificationLine) -> str:
    parts = [_marking(line)]
    if line.section is not None and line.sections is not None:
        parts.append(f"SECTION {line.section:02d} OF {line.sections:02d}")
    if line.origin:
        parts.append(line.origin)
    if line.serial:
        parts.append(line.serial)
    return " ".join(parts)


def _references(refs: Sequence[Reference]) -> list[str]:
    if len(refs) == 1 and refs[0].label is None:
        return [f"REF: {refs[0].text}".rstrip()]
    lines = []
    for i, ref in enumerate(refs):
        item = f"{ref.label}. {ref.text}".rstrip() if ref.label else ref.text
        lines.append(("REF: " if i == 0 else "     ") + item)
    return lines


def block_lines(block: Block) -> list[str]:
    """The canonical lines of one body block."""
    if isinstance(block, Paragraph):
        parts = []
        if block.number is not None:
            parts.append(f"{block.number}.")
        if block.marking:
            parts.append(f"({block.marking})")
        if block.breaks:
            lines = break_lines(block.text.split(" "), block.breaks, words=True)
            lines[0] = " ".join([*parts, lines[0]])
            return lines
        if block.text:
            parts.append(block.text)
        return [" ".join(parts)]
    if isinstance(block, Heading):
        return [block.text, "-" * max(3, len(block.text))]
    if isinstance(block, Bullet):
        if block.breaks:
            lines = break_lines(block.text.split(" "), block.breaks, words=True)
            lines[0] = f"{block.marker} {lines[0]}"
            return lines
        return [f"{block.marker} {block.text}"]
    if isinstance(block, Text):
        if block.breaks:
            return break_lines(list(block.lines), block.breaks, words=False)
        return list(block.lines)
    if isinstance(block, Signature):
        return [block.name]
    if isinstance(block, PageLine):
        return [*block.markings, block.text]
    if isinstance(block, RunningHeader | Marker):
        return [block.text]
    raise TypeError(f"not a body block: {block!r}")


def item_lines(field: str, index: int, item: object) -> list[str]:
    """The canonical lines of one item of a tuple field."""
    if field in _KEYWORDED:
        assert isinstance(item, Addressee)
        text = _addressee(item)
        return [_KEYWORDED[field] + text if index == 0 else text]
    if field in ("body", "header_breaks"):
        return block_lines(item)  # type: ignore[arg-type]
    return [str(item)]


def field_lines(cable: Cable, field: str) -> list[str]:
    """The canonical lines of a whole field; empty when the field is unset."""
    value = _value(cable, field)
    if value is None or value == ():
        return []
    if field in _ITEM_FIELDS:
        lines: list[str] = []
        for i, item in enumerate(value):
            if field == "body" and i:
                lines.append("")
            lines.extend(item_lines(field, i, item))
        return lines
    if field in ("transmission_id", "notice", "date_line"):
        return [value]
    if field == "distribution":
        return _distribution(value)
    if field == "drafted_by":
        return [f"DRAFTED BY {value}"]
    if field == "approved_by":
        return [f"APPROVED BY {value}"]
    if field == "message_line":
        return [" ".join(filter(None, ["-" * 21, value.number, value.time, value.suffix]))]
    if field == "routing":
        return [" ".join((value.precedence, *value.indicators))]
    if field == "station":
        section = f"/{value.section}" if value.section else ""
        return [f"DE {value.station} #{value.serial}{section} {value.julian}"]
    if field == "security":
        return [" ".join(p for p in (value.marker, value.code, value.suffix) if p)]
    if field == "dtg":
        return [" ".join((*value.precedence, value.text, *filter(None, [value.suffix])))]
    if field == "sender":
        return [f"FM {value}"]
    if field in ("classification_line", "banner"):
        return [_classification(value)]
    if field == "executive_order":
        order = f" {value.order}" if value.order else ""
        return [f"E.O.{order}: {value.instruction}".rstrip()]
    if field == "tags":
        return ["TAGS: " + format_tags(value)]
    if field == "subject":
        subject, marking = value
        text = f"({marking}) {subject or ''}" if marking else subject or ""
        return [f"SUBJECT: {text}".rstrip()]
    if field == "references":
        return _references(value)
    if field == "classification_authority":
        text = f"Classified By: {value.official}"
        if value.marking:
            text = f"({value.marking}) {text}"
        if value.reasons_text:
            text += f" for Reasons {value.reasons_text}"
        return [text.rstrip()]
    raise KeyError(field)


def _distribution(value: Distribution) -> list[str]:
    """``ACTION AF-00`` (if any), then the info codes seven to a line, the total after the
    last."""
    total = [f"/{value.total}"] if value.total else []
    lines = [value.number] if value.number else []
    if not value.info:
        return [*lines, " ".join([value.keyword, *value.action, *total])]
    if value.action:  # else the INFO codes alone
        lines.append(" ".join([value.keyword, *value.action]))
    codes = [*value.info, *total]
    for k in range(0, len(codes), 7):
        lines.append(("INFO " if k == 0 else "     ") + " ".join(codes[k : k + 7]))
    return lines


@attrs.frozen
class Part:
    """A stretch of a cable's written text and the value it shows.

    ``field`` names the Cable field (``""`` for blank lines); ``index`` is the item's
    place in a tuple field (``None`` for a whole field); ``text`` is exactly what is
    written, line endings included.  The texts of ``parts(cable)`` add up to
    ``dumps(cable)``.
    """

    field: str
    index: int | None
    value: object
    text: str


def _canonical_parts(cable: Cable, newline: str = "\n") -> list[Part]:
    parts: list[Part] = []
    for group in _GROUPS:
        if parts and any(field_lines(cable, field) for field in group):
            parts.append(Part("", None, None, newline))
        for field in group:
            value = _value(cable, field)
            if value is None or value == ():
                continue
            if field in _ITEM_FIELDS:
                for i, item in enumerate(value):
                    if field == "body" and i:
                        parts.append(Part("", None, None, newline))
                    text = _lines(item_lines(field, i, item), newline, newline)
                    parts.append(Part(field, i, item, text))
            else:
                text = _lines(field_lines(cable, field), newline, newline)
                parts.append(Part(field, None, _shown(field, value), text))
    return parts


def render_canonical(cable: Cable, newline: str = "\n") -> str:
    """The whole cable in the canonical layout."""
    return "".join(part.text for part in _canonical_parts(cable, newline))


# --- the layout-keeping writer --------------------------------------------------------


def _ending(raw: str) -> str:
    if raw.endswith("\r\n"):
        return "\r\n"
    if raw.endswith(("\n", "\r")):
        return raw[-1]
    return ""


def _lines(lines: list[str], newline: str, ending: str) -> str:
    return newline.join(lines) + ending if lines else ""


_SPLICE_REACH = 16
"""Blank slots ``spliced`` looks back over for the text before an edit."""


class _Writer:
    """Plans, for each slot of the layout, what is written there now."""

    def __init__(self, cable: Cable, layout: Layout) -> None:
        self.cable = cable
        self.layout = layout
        # The layout's columns: the fast path (nothing edited) reads no slot tuple.
        self.raws = layout.raws
        self.values = layout.values
        self.newline = layout.newline
        # slot position -> the parts written instead of the slot's source text
        self.replace: dict[int, list[Part]] = {}
        self.after: dict[int, list[Part]] = {}
        self.before: dict[int, list[Part]] = {}
        self.indices: dict[str, dict[int, int]] = {}  # field -> id(item) -> its index

    def plan(self) -> None:
        positions: dict[str, list[int]] = {}
        for pos, field in enumerate(self.layout.fields):
            if field != TRIVIA:
                positions.setdefault(field, []).append(pos)
        items = self.layout.items
        for field, where in positions.items():
            if items[where[0]] == WHOLE:
                self.whole(field, where[0])
            else:
                self.items(field, where)
        self.missing(positions)

    def text(self) -> str:
        """The written text; the fast path of ``parts`` for ``dumps``."""
        self.plan()
        raws = self.raws
        if not (self.replace or self.after or self.before):
            return "".join(raws)
        if not (self.after or self.before) and (spliced := self.spliced()) is not None:
            return spliced
        return "".join([raws[p] if isinstance(p, int) else p.text for p in self.pieces()])

    def spliced(self) -> str | None:
        """The text of fields edited in place, each written where its slot was, when no
        line is left without its ending (where ``pieces`` would end it): an edit then
        costs what a fresh ``dumps`` does.  None where a line would be."""
        ends = ("\n", "\r")
        texts = list(self.raws)
        for pos, parts in self.replace.items():
            if any(part.text and not part.text.endswith(ends) for part in parts):
                return None
            texts[pos] = "".join([part.text for part in parts])
        # What is written before each edited slot ends its line: so does what is written
        # before the slot after it (the edit's own text, or the same).
        for pos in self.replace:
            k = pos - 1
            while k >= 0 and not texts[k]:
                k -= 1
                if pos - k > _SPLICE_REACH:
                    return None  # a long run of removed items: let pieces() place them
            if k >= 0 and not texts[k].endswith(ends):
                return None
        return "".join(texts)

    def parts(self) -> list[Part]:
        self.plan()
        return [self.kept_part(p) if isinstance(p, int) else p for p in self.pieces()]

    def pieces(self) -> list[int | Part]:
        """What is written, in order: a slot's position where its source text is written
        as read, a part where something else is.  A position makes no part: after one
        edit the text is still most slots' source text, joined as in a fresh ``dumps``."""
        out: list[int | Part] = []
        raws, fields = self.raws, self.layout.fields
        before, after, replace = self.before, self.after, self.replace
        kept = -2  # the position of the last slot written as it was read
        for pos, raw in enumerate(raws):
            if pos in before:
                self.extend(out, before[pos])
            if pos in replace:
                # A header keyword read from the end of another field's line ("E.O. SUBJ:
                # X") is written back on that line, which keeps its text and its ending.
                # Other glued lines (a classification line run on from an addressee) are
                # a rendering's defect, which an edit repairs.
                glued = (
                    fields[pos] in _GLUED_KEYWORDS
                    and kept == pos - 1
                    and bool(out)
                    and self.text_of(out[-1]) == raws[kept]
                )
                self.extend(out, replace[pos], glued=glued)
            elif raw:
                # Two fields read from one line stay on it while both are as read.
                if out and not (kept == pos - 1 and self.text_of(out[-1]) == raws[kept]):
                    self.end_line(out)
                out.append(pos)
                kept = pos
            if pos in after:
                self.extend(out, after[pos])
        self.extend(out, after.get(len(raws), ()))
        return out

    def text_of(self, piece: int | Part) -> str:
        return self.raws[piece] if isinstance(piece, int) else piece.text

    def kept_part(self, pos: int) -> Part:
        """The part of a slot written as read."""
        field, item, value = self.layout.fields[pos], self.layout.items[pos], self.values[pos]
        index = None if item == WHOLE else item
        if field in _ITEM_FIELDS:
            index = self.current_index(field, item, value)
        return Part(field, index, _shown(field, value), self.raws[pos])

    def current_index(self, field: str, index: int, value: object) -> int:
        items = getattr(self.cable, field)
        if index < len(items) and items[index] is value:
            return index
        # Where the item is now, by identity: one map per field, not a scan per slot
        # (which was quadratic when a long body moved by one block).
        where = self.indices.get(field)
        if where is None:
            where = self.indices[field] = {}
            for i, item in enumerate(items):
                where.setdefault(id(item), i)
        return where.get(id(value), index)

    def extend(self, out: list[int | Part], parts: Sequence[Part], *, glued: bool = False) -> None:
        for part in parts:
            if not part.text:
                continue
            if not glued and out:
                self.end_line(out)
            out.append(part)
            glued = False  # only the first part runs on from the line before

    def end_line(self, out: list[int | Part]) -> None:
        """A line added after a last line that had no ending must not run on from it."""
        last = out[-1]
        text = self.text_of(last)
        if not text.endswith(("\n", "\r")):
            part = self.kept_part(last) if isinstance(last, int) else last
            out[-1] = Part(part.field, part.index, part.value, text + self.newline)

    def item_part(self, field: str, index: int, item: object, ending: str) -> Part:
        return Part(
            field, index, item, _lines(item_lines(field, index, item), self.newline, ending)
        )

    def blank(self) -> Part:
        return Part("", None, None, self.newline)

    def whole(self, field: str, pos: int) -> None:
        read = self.values[pos]
        value = _value(self.cable, field)
        if value is read or value == read:
            return
        text = _lines(field_lines(self.cable, field), self.newline, _ending(self.raws[pos]))
        self.replace[pos] = [Part(field, None, _shown(field, value), text)] if text else []

    def items(self, field: str, where: list[int]) -> None:
        items = getattr(self.cable, field)
        if len(items) == len(where):
            # An edit in place, item by item (equal items may repeat, so no matching).
            for i, pos in enumerate(where):
                read = self.values[pos]
                if items[i] is not read and items[i] != read:
                    self.replace[pos] = [
                        self.item_part(field, i, items[i], _ending(self.raws[pos]))
                    ]
        elif field in _KEYWORDED:
            self.rewrite(field, items, where)
        else:
            self.rearrange(field, items, where)

    def rewrite(self, field: str, items: Sequence[object], where: list[int]) -> None:
        """The first item carries the keyword: write the whole field again in place."""
        ending = _ending(self.raws[where[-1]])
        self.replace[where[0]] = [
            self.item_part(field, i, item, ending if i == len(items) - 1 else self.newline)
            for i, item in enumerate(items)
        ]
        for pos in where[1:]:
            self.replace[pos] = []

    def rearrange(self, field: str, items: Sequence[object], where: list[int]) -> None:
        """Items added or removed: keep the source text of every item still there."""
        old = [self.values[pos] for pos in where]
        spaced = field == "body"
        for tag, i1, i2, j1, j2 in _opcodes(old, list(items)):
            if tag == "equal":
                continue
            common = min(i2 - i1, j2 - j1)
            for k in range(common):
                raw = self.raws[where[i1 + k]]
                part = self.item_part(field, j1 + k, items[j1 + k], _ending(raw))
                self.replace[where[i1 + k]] = [part]
            for k in range(i1 + common, i2):
                self.replace[where[k]] = []
            new: list[Part] = []
            for j in range(j1 + common, j2):
                if spaced:
                    new.append(self.blank())
                new.append(self.item_part(field, j, items[j], self.newline))
            if not new:
                continue
            if i1 + common > 0:
                self.after.setdefault(where[i1 + common - 1], []).extend(new)
            else:
                if spaced:  # before the first block: the blank line goes after it
                    new = [*new[1:], new[0]]
                self.before.setdefault(where[0], []).extend(new)

    def missing(self, positions: dict[str, list[int]]) -> None:
        """Place fields that have a value but no source text, by the canonical order."""
        for k, field in enumerate(FIELD_ORDER):
            if field in positions:
                continue
            value = _value(self.cable, field)
            if value is None or value == ():
                continue
            if field in _ITEM_FIELDS:
                items: Sequence[object] = value
                new = [self.item_part(field, i, item, self.newline) for i, item in enumerate(items)]
            else:
                text = _lines(field_lines(self.cable, field), self.newline, self.newline)
                new = [Part(field, None, _shown(field, value), text)]
            # Just before the next field that is there, else just after the last one.
            following = next((f for f in FIELD_ORDER[k + 1 :] if f in positions), None)
            if following is not None:
                at = positions[following][0]
                self.before.setdefault(at, []).extend(self.spaced(field, new, at))
                continue
            anchor = next((f for f in reversed(FIELD_ORDER[:k]) if f in positions), None)
            if anchor is not None:
                at = positions[anchor][-1]
                self.after.setdefault(at, []).extend(self.spaced(field, new, at + 1))
            else:
                self.after.setdefault(len(self.raws), []).extend(new)

    def spaced(self, field: str, new: list[Part], next_pos: int) -> list[Part]:
        """A header field whose lines may wrap needs a blank line before text that follows."""
        if field not in _WRAPPING or next_pos >= len(self.raws):
            return new
        if self.layout.fields[next_pos] in _STOPS_WRAPPING:
            return new
        return [*new, self.blank()]


def _opcodes(old: list[object], new: list[object]) -> list[tuple[str, int, int, int, int]]:
    """How ``old`` became ``new``, as difflib's opcodes.  The items both begin and end
    with are matched first, in one pass each: SequenceMatcher alone takes quadratic time
    on many equal items (16,000 equal bullets and one more took 36 s)."""
    lo = 0
    top = min(len(old), len(new))
    while lo < top and (old[lo] is new[lo] or old[lo] == new[lo]):
        lo += 1
    hi = 0
    while hi < top - lo and (old[-1 - hi] is new[-1 - hi] or old[-1 - hi] == new[-1 - hi]):
        hi += 1
    middle = SequenceMatcher(None, old[lo : len(old) - hi], new[lo : len(new) - hi], autojunk=False)
    ops = [
        (tag, i1 + lo, i2 + lo, j1 + lo, j2 + lo) for tag, i1, i2, j1, j2 in middle.get_opcodes()
    ]
    return [op for op in ops if op[1] != op[2] or op[3] != op[4]]


def parts(cable: Cable) -> tuple[Part, ...]:
    """The cable's written text in parts, each with the field and value it shows."""
    layout: Layout | None = cable._layout
    if layout is None:
        return tuple(_canonical_parts(cable))
    return tuple(_Writer(cable, layout).parts())


def as_read(cable: Cable) -> bool:
    """Whether every field holds what was read from the cable's text (no edit)."""
    layout: Layout | None = cable._layout
    if layout is None:
        return False
    writer = _Writer(cable, layout)
    writer.plan()
    return not (writer.replace or writer.after or writer.before)


def dumps(cable: Cable) -> str:
    """Write a cable as text: its source text where unchanged, canonical where edited."""
    layout: Layout | None = cable._layout
    if layout is None:
        return render_canonical(cable)
    return _Writer(cable, layout).text()
