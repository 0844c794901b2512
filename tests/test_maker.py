"""The reader makes its values without the checks of an edit (``_model.maker``): they
must be the values the checked constructors would make, and pass every check."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import cableformat
from cableformat._grammar import parse
from cableformat._model import Cable, Heading, Paragraph, Text, maker
from cableformat._readback import reading


def test_a_made_value_equals_the_checked_one() -> None:
    make = maker(Paragraph)
    assert make(3, "Words.", "C") == Paragraph(3, "Words.", "C")
    assert make(3, "Words.") == Paragraph(3, "Words.")  # defaults as the class has them
    assert maker(Heading)("Summary") == Heading("Summary")
    assert maker(Text)(("a", "b")).lines == ("a", "b")
    with pytest.raises(AttributeError):
        make(3, "Words.").text = "x"  # type: ignore[misc]  # still frozen


def test_a_class_with_a_post_init_is_refused() -> None:
    with pytest.raises(AssertionError):
        maker(Cable)


def _rebuilt(value: object) -> object:
    """``value`` made again through its class's own checked constructor."""
    if attrs.has(type(value)):
        kwargs = {
            a.alias: _rebuilt(getattr(value, a.name)) for a in attrs.fields(type(value)) if a.init
        }
        return type(value)(**kwargs)
    if isinstance(value, tuple):
        return tuple(_rebuilt(item) for item in value)
    return value


def test_the_read_values_pass_every_check(corpus: Path) -> None:
    texts = sorted((corpus / "cablegate" / "txt").glob("*.txt"))[::3]
    assert len(texts) > 400
    for path in texts:
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        cable = cableformat.loads(text)
        fields, layout, diagnostics = parse(text)
        with reading():  # the checks of each value, not the whole-cable read-back
            checked = Cable(
                **{name: _rebuilt(value) for name, value in fields.items()},
                diagnostics=diagnostics,
                layout=layout,
            )
        assert checked == cable, path.name
        assert cableformat.dumps(checked) == text, path.name
