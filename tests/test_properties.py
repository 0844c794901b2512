"""Property tests: both directions of the round trip, and edits that stay local."""

from __future__ import annotations

import io

import attrs
from hypothesis import given
from hypothesis import strategies as st

import cableformat
from cableformat import strategies as cst


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
    assert cableformat.loads(cableformat.dumps(cable), strict=True) == cable


def _others(cable: cableformat.Cable, field: str) -> list[str]:
    return [p.text for p in cableformat.parts(cable) if p.field != field]


@given(cst.cables(), st.text(alphabet="ABCDEFG xyz", min_size=1).map(str.strip).filter(bool))
def test_subject_edit_is_local(cable: cableformat.Cable, subject: str) -> None:
    read = cableformat.loads(cableformat.dumps(cable))
    edited = attrs.evolve(read, subject=subject)
    assert cableformat.loads(cableformat.dumps(edited)).subject == subject
    if read.subject is not None:
        assert _others(edited, "subject") == _others(read, "subject")


@given(
    cst.cables(), st.lists(st.from_regex(r"[A-Z]{2,5}", fullmatch=True), min_size=1, unique=True)
)
def test_tags_edit_is_local(cable: cableformat.Cable, tags: list[str]) -> None:
    read = cableformat.loads(cableformat.dumps(cable))
    edited = attrs.evolve(read, tags=tags)
    assert cableformat.loads(cableformat.dumps(edited)).tags == tuple(tags)
    if read.tags:
        assert _others(edited, "tags") == _others(read, "tags")


@given(cst.cables(), cst.references())
def test_references_edit_is_local(
    cable: cableformat.Cable, refs: tuple[cableformat.Reference, ...]
) -> None:
    read = cableformat.loads(cableformat.dumps(cable))
    if read.references:
        edited = attrs.evolve(read, references=refs)
        assert cableformat.loads(cableformat.dumps(edited)).references == refs
        assert _others(edited, "references") == _others(read, "references")


@given(cst.cables(), st.data())
def test_paragraph_edit_is_local(cable: cableformat.Cable, data: st.DataObject) -> None:
    read = cableformat.loads(cableformat.dumps(cable))
    places = [i for i, b in enumerate(read.body) if isinstance(b, cableformat.Paragraph)]
    if not places:
        return
    i = data.draw(st.sampled_from(places))
    new = attrs.evolve(read.body[i], text="the text was changed here")
    edited = attrs.evolve(read, body=(*read.body[:i], new, *read.body[i + 1 :]))
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
    edited = attrs.evolve(read, to=to)
    before = cableformat.parts(read)
    after = cableformat.parts(edited)
    changed = [k for k, (a, b) in enumerate(zip(before, after, strict=True)) if a.text != b.text]
    assert len(changed) <= 1
    assert cableformat.loads(cableformat.dumps(edited)).to == to


@given(cst.cable_texts(), st.data())
def test_edit_of_read_text_keeps_every_other_part(text: str, data: st.DataObject) -> None:
    read = cableformat.loads(text)
    edited = attrs.evolve(read, subject="A NEW SUBJECT")
    assert cableformat.loads(cableformat.dumps(edited)).subject == "A NEW SUBJECT"
    if read.subject is not None:
        assert _others(edited, "subject") == _others(read, "subject")


@given(
    st.one_of(
        st.binary(),
        st.text().map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.text(alphabet=st.characters(max_codepoint=255)).map(lambda t: t.encode("latin-1")),
        cst.cable_texts().map(lambda t: t.encode("utf-8", "surrogatepass")),
    )
)
def test_bytes_round_trip_through_load_and_dump(data: bytes) -> None:
    cable = cableformat.load(io.BytesIO(data))
    out = io.BytesIO()
    cableformat.dump(cable, out)
    assert out.getvalue() == data
