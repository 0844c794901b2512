"""An edit can never forge another field: a value with a line break in it would start
another line when written, which the reader would take for another field (a TAGS value
``PREL\\nSUBJECT: HACK``, a paragraph ``TEXT\\n2. (S) INJECTED``).  Such values are
refused when the value is built."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cableformat
from cableformat import (
    Addressee,
    Bullet,
    ClassificationLine,
    ClassifiedBy,
    ExecutiveOrder,
    Heading,
    PageLine,
    Paragraph,
    RunningHeader,
    Signature,
    Text,
)
from cableformat import strategies as cst

HOSTILE = st.text(alphabet="AB :.()12\n\r", min_size=1).filter(lambda t: "\n" in t or "\r" in t)

CABLE_TEXT_FIELDS = ["sender", "subject", "transmission_id", "subject_marking"]
CABLE_LIST_FIELDS = ["tags", "captions", "instructions", "unparsed"]


def example() -> cableformat.Cable:
    return cableformat.loads(cableformat.example_path().read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("tags", ("PREL\nSUBJECT: HACK",)),
        ("subject", "X\n\n1. (C) ..."),
        ("sender", "AMEMBASSY X\nTO HACK"),
        ("captions", ("SIPDIS\nSUBJECT: HACK",)),
    ],
)
def test_the_forging_edits_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValueError, match="one line"):
        attrs.evolve(example(), **{field: value})


BUILDERS: list[Callable[[str], object]] = [
    lambda t: Paragraph(1, t),
    lambda t: Paragraph(1, "TEXT", t),
    lambda t: Bullet(t),
    lambda t: Heading(t),
    lambda t: Text(("A LINE", t)),
    lambda t: Signature(t),
    lambda t: RunningHeader(t),
    lambda t: PageLine("PAGE 02 STATE 000001", (t,)),
    lambda t: Addressee(t),
    lambda t: Addressee("SECSTATE WASHDC", serial=t),
    lambda t: ExecutiveOrder("12958", t),
    lambda t: ClassificationLine("SECRET", t, "000001"),
    lambda t: ClassifiedBy(t),
]


@given(st.sampled_from(BUILDERS), HOSTILE)
def test_no_value_holds_a_line_break(build: Callable[[str], object], text: str) -> None:
    with pytest.raises(ValueError):  # this check's, or one a field had before
        build(text)


@given(cst.cables(), st.sampled_from(CABLE_TEXT_FIELDS + CABLE_LIST_FIELDS), HOSTILE)
def test_an_edit_with_a_line_break_is_refused(
    cable: cableformat.Cable, field: str, text: str
) -> None:
    value = (text,) if field in CABLE_LIST_FIELDS else text
    with pytest.raises(ValueError):
        attrs.evolve(cable, **{field: value})


@given(cst.cables(), st.sampled_from(CABLE_TEXT_FIELDS), st.text(alphabet="AB :.()12", min_size=1))
def test_an_edit_without_one_is_not_refused_for_it(
    cable: cableformat.Cable, field: str, text: str
) -> None:
    try:
        attrs.evolve(cable, **{field: text})
    except ValueError as error:
        assert "one line" not in str(error)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("subject", "X  "),
        ("subject", " X"),
        ("sender", " AMEMBASSY X "),
        ("tags", ("",)),
        ("tags", (" PREL",)),
        ("captions", ("   ",)),
    ],
)
def test_values_the_reader_would_not_give_back_are_refused(field: str, value: object) -> None:
    with pytest.raises(ValueError, match="spaces at its ends"):
        attrs.evolve(example(), **{field: value})


@pytest.mark.parametrize("number", [-1, 1000])
def test_a_paragraph_number_is_one_to_three_digits(number: int) -> None:
    with pytest.raises(ValueError, match="1 to 3 digits"):
        Paragraph(number, "TEXT")


def test_lines_kept_as_written_keep_their_indentation() -> None:
    assert Text(("   indented", "not")).lines[0] == "   indented"
    with pytest.raises(ValueError):
        Text(("A LINE", "   "))  # a blank line ends a text block: it cannot be inside one


@given(st.lists(st.sampled_from("ab"), max_size=30), st.lists(st.sampled_from("ab"), max_size=30))
def test_the_edit_opcodes_turn_the_old_items_into_the_new(old: list[str], new: list[str]) -> None:
    from cableformat._render import _opcodes

    rebuilt: list[object] = []
    position = 0
    for tag, i1, i2, j1, j2 in _opcodes(list(old), list(new)):
        rebuilt += old[position:i1]  # the equal run matched at the ends
        rebuilt += old[i1:i2] if tag == "equal" else new[j1:j2]
        position = i2
    rebuilt += old[position:]
    assert rebuilt == new


def test_a_long_body_of_equal_blocks_is_matched_at_its_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Only the middle that changed goes to SequenceMatcher (quadratic on equal items)."""
    from cableformat import _render

    sizes: list[tuple[int, int]] = []
    real = _render.SequenceMatcher

    def recording(junk: object, a: list[object], b: list[object], **kw: object) -> object:
        sizes.append((len(a), len(b)))
        return real(junk, a, b, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(_render, "SequenceMatcher", recording)
    text = "UNCLAS STATE 000001\n\nSUBJECT: X\n\n" + "-- SAME\n" * 2000
    cable = cableformat.loads(text)
    for body in (
        cable.body[1:],
        (*cable.body, Bullet("NEW")),
        (*cable.body[:999], *cable.body[1000:]),
    ):
        edited = attrs.evolve(cable, body=body)
        assert cableformat.loads(cableformat.dumps(edited)).body == body
    assert sizes and all(a + b <= 1 for a, b in sizes)


@pytest.mark.parametrize("label", ["A.", "(A)", "A)", "1", "AA", "", "Á"])
def test_a_reference_label_is_one_letter(label: str) -> None:
    with pytest.raises(ValueError, match="one letter"):
        cableformat.Reference(label, "STATE 1")


@pytest.mark.parametrize(
    "labels", [("A", "C"), ("B", "A"), ("A", "A"), ("C", "D"), ("A", None), (None, None)]
)
def test_a_list_of_references_the_reader_would_split_otherwise_is_refused(
    labels: tuple[str | None, ...],
) -> None:
    refs = tuple(cableformat.Reference(label, f"STATE {k}") for k, label in enumerate(labels))
    with pytest.raises(ValueError, match="lettered A, B, C"):
        attrs.evolve(example(), references=refs)


@pytest.mark.parametrize("labels", [("A",), (None,), ("a", "B"), ("A", "B", "C"), ("a", "b")])
def test_a_list_of_references_lettered_in_order_reads_back(labels: tuple[str | None, ...]) -> None:
    refs = tuple(cableformat.Reference(label, f"STATE {k}") for k, label in enumerate(labels))
    edited = attrs.evolve(example(), references=refs)
    assert cableformat.loads(cableformat.dumps(edited)).references == refs


@pytest.mark.parametrize(
    "tags",
    [("prel",), ("abc", "pgov"), ("PREL", "prel"), ("PREL", "PREL"), ("(PREL)",), ("PREL;",)],
)
def test_tags_the_reader_would_change_are_refused(tags: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="would read back as"):
        attrs.evolve(example(), tags=tags)


@pytest.mark.parametrize("tags", [("A B",), ("PREL", "a"), ("Prel",), ("KPAO", "Smith, John")])
def test_tags_that_read_back_are_kept(tags: tuple[str, ...]) -> None:
    edited = attrs.evolve(example(), tags=tags)
    assert cableformat.loads(cableformat.dumps(edited)).tags == tags


def test_the_readers_own_tags_are_not_checked_again() -> None:
    # An all-lower-case TAGS line reads upper-case; the cable keeps what it read.
    cable = cableformat.loads(cableformat.dumps(example()).replace("TAGS: ", "TAGS: ptest ", 1))
    assert cable.tags[0] == "PTEST"
    assert attrs.evolve(cable, subject="NEW").tags == cable.tags


# --- an edit changes its own field or block, or is refused ------------------------------

SIGNED = """\
UNCLAS NOWHERE 000123

SUBJECT: (SBU) A SUBJECT

1. (U) First paragraph.

2. (U) Second paragraph.

ROCK
"""


def signed() -> cableformat.Cable:
    cable = cableformat.loads(SIGNED)
    assert isinstance(cable.body[-1], Signature)
    return cable


@pytest.mark.parametrize(
    "block", [Text(("MORE TEXT",)), Paragraph(3, "Third."), Bullet("An item."), Heading("HEAD")]
)
def test_a_block_after_the_signature_is_refused(block: object) -> None:
    cable = signed()
    with pytest.raises(ValueError, match=r"body\[\d\] \(Signature\(name='ROCK'\),\) would read"):
        attrs.evolve(cable, body=(*cable.body, block))


@pytest.mark.parametrize(
    "block",
    [Paragraph(3, "Third."), Paragraph(9, "NEW PARA"), Paragraph(None, "NEW BLOCK", "U")],
)
def test_a_block_before_the_signature_reads_back(block: Paragraph) -> None:
    cable = signed()
    edited = attrs.evolve(cable, body=(*cable.body[:-1], block, cable.body[-1]))
    assert cableformat.loads(cableformat.dumps(edited)).body == edited.body


def test_a_last_line_that_reads_as_a_signature_must_be_one() -> None:
    cable = signed()
    body = cable.body[:-1]
    with pytest.raises(ValueError, match=r"would read back as .*Signature"):
        attrs.evolve(cable, body=(*body, Text(("NEW BLOCK",))))
    edited = attrs.evolve(cable, body=(*body, Signature("NEW BLOCK")))
    assert cableformat.loads(cableformat.dumps(edited)).signature == "NEW BLOCK"


def test_a_one_line_paragraph_of_capitalised_words_is_no_signature() -> None:
    cable = cableformat.loads(SIGNED.replace("2. (U) Second paragraph.", "2. (U) NEW PARA"))
    assert cable.body[-2] == Paragraph(2, "NEW PARA", "U")
    assert cable.signature == "ROCK"


def test_removing_the_subject_removes_its_marking_with_it() -> None:
    cable = signed()
    edited = attrs.evolve(cable, subject=None)
    assert edited.subject_marking is None
    assert "SUBJECT" not in cableformat.dumps(edited)
    assert cableformat.loads(cableformat.dumps(edited)) == edited


BROKEN_HEADER = """\
CONFIDENTIAL SECTION 01 OF 02 NOWHERE 000123

SIPDIS

E.O. 12958: DECL: 01/01/2019
TAGS: PREL, PGOV
SUBJECT: A SUBJECT

NOWHERE 00000123  001.2 OF 002

Classified By: Ambassador John Doe for reasons 1.4 (b) and (d).

1. (C) The text.
"""


def test_a_break_under_the_last_header_field_stays_the_headers() -> None:
    cable = cableformat.loads(BROKEN_HEADER)
    assert cable.header_breaks and cable.classification_authority is not None
    assert isinstance(cable.body[0], Paragraph)
    edited = attrs.evolve(cable, classification_authority=None)
    assert cableformat.loads(cableformat.dumps(edited)) == edited
    # Read without the field, the break is still the header's, not the body's first block.
    line = "Classified By: Ambassador John Doe for reasons 1.4 (b) and (d).\n\n"
    again = cableformat.loads(BROKEN_HEADER.replace(line, ""))
    assert again.classification_authority is None
    assert again.header_breaks == cable.header_breaks and again.body == cable.body


def test_an_edit_that_moves_a_header_line_into_the_body_is_refused() -> None:
    # A line no field reads stands above the Classified By line: without it, the line is
    # under the header's last field, where the reader takes it for the body's first text.
    text = BROKEN_HEADER.replace("NOWHERE 00000123  001.2 OF 002", "OF 10/6 D) STATE 215870")
    cable = cableformat.loads(text)
    assert cable.unparsed == ("OF 10/6 D) STATE 215870",)
    with pytest.raises(ValueError, match=r"unparsed\[0\] .* would read back as \(\)"):
        attrs.evolve(cable, classification_authority=None)


def test_an_unedited_cable_is_not_written_and_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    cable = signed()
    calls = []
    from cableformat import _render

    monkeypatch.setattr(_render, "dumps", lambda c: calls.append(c) or "")
    attrs.evolve(cable, encoding="cp1252")  # nothing written changes
    assert calls == []


FIELD_EDITS = {
    "subject": cst.cables().map(lambda c: c.subject) | st.text("AB .()1:", max_size=12),
    "tags": st.lists(st.sampled_from(["PREL", "PGOV", "a", "PREL PGOV", "(X)"]), max_size=3),
    "body": cst.bodies(),
    "references": cst.references() | st.just(()),
    "classification_authority": st.none() | cst.classified_bys(),
    "captions": st.lists(st.sampled_from(["SIPDIS", "NOFORN", "EXDIS"]), max_size=2),
}


@given(st.data(), st.sampled_from(sorted(FIELD_EDITS)))
def test_every_edit_reads_back_or_is_refused(data: st.DataObject, field: str) -> None:
    cable = data.draw(cst.cables() | cst.cable_texts().map(cableformat.loads))
    value = data.draw(FIELD_EDITS[field])
    try:
        edited = attrs.evolve(cable, **{field: value})
    except ValueError:
        return
    again = cableformat.loads(cableformat.dumps(edited), year=edited.year)
    for name in (f.name for f in attrs.fields(cableformat.Cable) if f.eq):
        if name not in ("encoding", "encoding_errors"):
            assert getattr(again, name) == getattr(edited, name), name


def test_everyday_edits_of_the_real_cables_are_kept_or_refused(corpus: Path) -> None:
    paths = sorted((corpus / "cablegate" / "txt").glob("*.txt"))[::3]
    edits: list[Callable[[cableformat.Cable], cableformat.Cable]] = [
        lambda c: attrs.evolve(c, subject="A NEW SUBJECT"),
        lambda c: attrs.evolve(c, subject=None),
        lambda c: attrs.evolve(c, classification_authority=None),
        lambda c: attrs.evolve(c, tags=()),
        lambda c: attrs.evolve(c, references=()),
        lambda c: attrs.evolve(c, body=c.body[1:]),
    ]
    kept = 0
    for path in paths:
        cable = cableformat.loads(path.read_text(encoding="utf-8", errors="replace"))
        for edit in edits:
            try:
                edited = edit(cable)
            except ValueError as error:
                assert "does not read back" in str(error)
                continue
            again = cableformat.loads(cableformat.dumps(edited), year=edited.year)
            assert again == edited, path.name
            kept += 1
    assert kept > 0.95 * len(edits) * len(paths)


@pytest.mark.parametrize(
    ("text", "field", "value", "line"),
    [
        ("E.O. SUBJ:", "subject", "A NEW SUBJECT", "E.O. SUBJECT: A NEW SUBJECT"),
        (
            "UNCLAS X 000001\n\nE.O. 12958: DECL: 2020/01/21 TAGS: SENV\nSUBJECT: X\n",
            "tags",
            ("PREL", "PGOV"),
            "E.O. 12958: DECL: 2020/01/21 TAGS: PREL PGOV",
        ),
    ],
)
def test_an_edit_of_a_field_glued_to_another_stays_on_its_line(
    text: str, field: str, value: object, line: str
) -> None:
    cable = cableformat.loads(text)
    edited = attrs.evolve(cable, **{field: value})
    written = cableformat.dumps(edited)
    assert line in written.splitlines()
    assert len(written.splitlines()) == len(text.splitlines())
    assert cableformat.loads(written) == edited
