"""Property tests: both directions of the round trip, and edits that stay local."""

from __future__ import annotations

import io

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

import cableformat
from cableformat import strategies as cst
from cableformat._readers import RawRecord, _sniff, raw_records


@given(cst.cable_texts())
def test_text_round_trips_byte_for_byte(text: str) -> None:
    assert cableformat.dumps(cableformat.loads(text)) == text


@given(st.text())
def test_any_string_round_trips(text: str) -> None:
    cable = cableformat.loads(text)
    assert cableformat.dumps(cable) == text
    assert "".join(part.text for part in cableformat.parts(cable)) == text


@given(cst.cables())
def test_cable_built_from_values_reads_back_equal(cable: cableformat.Cable) -> None:
    text = cableformat.dumps(cable)
    again = cableformat.loads(text)
    assert again == cable, text
    assert cableformat.dumps(again) == text


@given(cst.cables())
def test_canonical_text_has_no_diagnostics(cable: cableformat.Cable) -> None:
    text = cableformat.dumps(cable)
    back = cableformat.loads(text)
    assert back == cable
    # A cable of plain text blocks alone is written as plain text: no cable is seen in it.
    assert [d.code for d in back.diagnostics] in ([], ["not-a-cable"])
    if back.diagnostics:
        assert not _has_cable_part(cable), text
    else:
        assert cableformat.loads(text, strict=True) == cable


def _has_cable_part(cable: cableformat.Cable) -> bool:
    fields = [a.name for a in attrs.fields(cableformat.Cable)]
    header = [f for f in fields if f not in ("body", "unparsed", "diagnostics", "year")]
    if any(getattr(cable, f) for f in header if not f.startswith(("_", "encoding"))):
        return True
    return any(
        isinstance(b, cableformat.RunningHeader | cableformat.PageLine | cableformat.Marker)
        or (isinstance(b, cableformat.Paragraph) and b.marking)
        for b in cable.body
    )


def _edit(cable: cableformat.Cable, **changes: object) -> cableformat.Cable | None:
    """The edited cable, or None where the edit is refused as one that would not read
    back (another block would read otherwise): the guarantee is kept or refused."""
    try:
        return attrs.evolve(cable, **changes)  # type: ignore[misc]
    except ValueError as error:
        assert "does not read back" in str(error)
        return None


def _others(cable: cableformat.Cable, field: str) -> list[str]:
    return [p.text for p in cableformat.parts(cable) if p.field != field]


@given(cst.cables(), st.text(alphabet="ABCDEFG xyz", min_size=1).map(str.strip).filter(bool))
def test_subject_edit_is_local(cable: cableformat.Cable, subject: str) -> None:
    read = cableformat.loads(cableformat.dumps(cable))
    edited = _edit(read, subject=subject)
    if edited is None:
        return
    assert cableformat.loads(cableformat.dumps(edited)).subject == subject
    if read.subject is not None:
        assert _others(edited, "subject") == _others(read, "subject")


@given(
    cst.cables(), st.lists(st.from_regex(r"[A-Z]{2,5}", fullmatch=True), min_size=1, unique=True)
)
def test_tags_edit_is_local(cable: cableformat.Cable, tags: list[str]) -> None:
    read = cableformat.loads(cableformat.dumps(cable))
    edited = _edit(read, tags=tuple(tags))
    if edited is None:
        return
    assert cableformat.loads(cableformat.dumps(edited)).tags == tuple(tags)
    if read.tags:
        assert _others(edited, "tags") == _others(read, "tags")


@given(cst.cables(), cst.references())
def test_references_edit_is_local(
    cable: cableformat.Cable, refs: tuple[cableformat.Reference, ...]
) -> None:
    read = cableformat.loads(cableformat.dumps(cable))
    if read.references:
        edited = _edit(read, references=refs)
        if edited is None:
            return
        assert cableformat.loads(cableformat.dumps(edited)).references == refs
        assert _others(edited, "references") == _others(read, "references")


@given(cst.cables(), st.data())
def test_paragraph_edit_is_local(cable: cableformat.Cable, data: st.DataObject) -> None:
    read = cableformat.loads(cableformat.dumps(cable))
    places = [i for i, b in enumerate(read.body) if isinstance(b, cableformat.Paragraph)]
    if not places:
        return
    i = data.draw(st.sampled_from(places))
    # A sentence that ends: an edit left mid-sentence may let the text after it read as
    # the paragraph's continuation, as the reader would read any such text.
    new = attrs.evolve(read.body[i], text="The text was changed here.")
    edited = _edit(read, body=(*read.body[:i], new, *read.body[i + 1 :]))
    if edited is None:
        return
    before = cableformat.parts(read)
    after = cableformat.parts(edited)
    assert len(before) == len(after)
    changed = [k for k, (a, b) in enumerate(zip(before, after, strict=True)) if a.text != b.text]
    assert len(changed) == 1
    assert after[changed[0]].value == new
    assert cableformat.loads(cableformat.dumps(edited)).body[i] == new


@given(cst.cables(), st.data())
def test_addressee_edit_is_local(cable: cableformat.Cable, data: st.DataObject) -> None:
    read = cableformat.loads(cableformat.dumps(cable))
    if not read.to:
        return
    i = data.draw(st.integers(0, len(read.to) - 1))
    new = data.draw(cst.addressees())
    to = (*read.to[:i], new, *read.to[i + 1 :])
    edited = _edit(read, to=to)
    if edited is None:
        return
    before = cableformat.parts(read)
    after = cableformat.parts(edited)
    changed = [k for k, (a, b) in enumerate(zip(before, after, strict=True)) if a.text != b.text]
    assert len(changed) <= 1
    assert cableformat.loads(cableformat.dumps(edited)).to == to


@given(cst.cable_texts(), st.data())
def test_edit_of_read_text_keeps_every_other_part(text: str, data: st.DataObject) -> None:
    read = cableformat.loads(text)
    edited = _edit(read, subject="A NEW SUBJECT")
    if edited is None:
        return
    assert cableformat.loads(cableformat.dumps(edited)).subject == "A NEW SUBJECT"
    if read.subject is not None:
        assert _others(edited, "subject") == _others(read, "subject")


_EDITS = {
    "subject": st.sampled_from(["A NEW SUBJECT", None]),
    "tags": st.sampled_from([("PREL",), ("PGOV", "KDEM"), ()]),
    "sender": st.sampled_from(["AMEMBASSY NOWHERE", None]),
    "info": st.just(()),
    "executive_order": st.just(None),
}


@given(st.one_of(cst.cable_texts(), cst.cables().map(cableformat.dumps)), st.data())
def test_an_edited_cable_is_written_as_its_parts_say(text: str, data: st.DataObject) -> None:
    # dumps() writes fields edited in place straight into the source text where it can;
    # parts() walks every slot: both must give the same text.
    read = cableformat.loads(text)
    fields = data.draw(st.lists(st.sampled_from(sorted(_EDITS)), min_size=1, unique=True))
    changes = {field: data.draw(_EDITS[field]) for field in fields}
    if read.body and data.draw(st.booleans()):
        changes["body"] = read.body[: data.draw(st.integers(0, len(read.body)))]
    edited = _edit(read, **changes)
    if edited is None:
        return
    written = cableformat.dumps(edited)
    assert written == "".join(part.text for part in cableformat.parts(edited))
    again = cableformat.loads(written)
    assert again.subject == edited.subject and again.tags == edited.tags


@given(
    st.one_of(
        st.binary(),
        st.text().map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.text(alphabet=st.characters(max_codepoint=255)).map(lambda t: t.encode("latin-1")),
        cst.cable_texts().map(lambda t: t.encode("utf-8", "surrogatepass")),
    )
)
def test_bytes_round_trip_through_load_and_dump(data: bytes) -> None:
    # A viewer page or a cables.csv row is read as the cable it holds, not kept as bytes.
    assume(_sniff(data[:4096]) is None or not _holds_a_record(data))
    cable = cableformat.load(io.BytesIO(data))
    out = io.BytesIO()
    cableformat.dump(cable, out)
    assert out.getvalue() == data


def _holds_a_record(data: bytes) -> bool:
    return any(
        isinstance(r, RawRecord) for r in raw_records(io.BytesIO(data), on_error=lambda e: None)
    )


@given(cst.cables(), st.sampled_from([None, "C", "SBU", "S//NF", "U"]))
def test_subject_marking_edit_is_local(cable: cableformat.Cable, marking: str | None) -> None:
    read = cableformat.loads(cableformat.dumps(cable))
    if read.subject is None:
        return
    edited = _edit(read, subject_marking=marking)
    if edited is None:
        return
    again = cableformat.loads(cableformat.dumps(edited))
    assert (again.subject, again.subject_marking) == (read.subject, marking)
    assert _others(edited, "subject") == _others(read, "subject")


@given(cst.cables(), cst.classified_bys())
def test_classified_by_edit_is_local(
    cable: cableformat.Cable, auth: cableformat.ClassifiedBy
) -> None:
    read = cableformat.loads(cableformat.dumps(cable))
    if read.classification_authority is None:
        return
    edited = _edit(read, classification_authority=auth)
    if edited is None:
        return
    assert cableformat.loads(cableformat.dumps(edited)).classification_authority == auth
    assert _others(edited, "classification_authority") == _others(read, "classification_authority")


def _glued(text: str) -> str:
    """The text with each header keyword line run on to the end of the line above it."""
    keyword = ("REF:", "Classified By:", "TAGS:", "SUBJECT:", "(U) Classified", "(C) Classified")
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if (
            line.startswith(keyword)
            and len(out) > 1
            and not out[-1]
            and out[-2].startswith(keyword)
        ):
            out.pop()  # the blank line between two header groups
        if out and out[-1].startswith(keyword) and line.startswith(keyword):
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)


@given(cst.cables())
def test_fields_glued_onto_one_line_read_as_their_own(cable: cableformat.Cable) -> None:
    text = _glued(cableformat.dumps(cable))
    read = cableformat.loads(text)
    assert cableformat.dumps(read) == text
    for field in ("subject", "subject_marking", "tags", "references", "executive_order"):
        assert getattr(read, field) == getattr(cable, field), field
    if cable.classification_authority is not None:
        assert read.classification_authority == cable.classification_authority
    edited = _edit(read, subject="A NEW SUBJECT")
    if edited is None:
        return
    again = cableformat.loads(cableformat.dumps(edited))
    assert again.subject == "A NEW SUBJECT"
    assert (again.tags, again.references) == (read.tags, read.references)
