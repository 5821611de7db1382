"""The spaCy model is verified file by file before it is trusted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsevents.errors import ErrorCode
from newsevents.nlp.model import ModelError, load_nlp, model_path, verify_model


def test_installed_model_matches_recorded_checksums() -> None:
    verify_model(model_path())  # raises if any file differs


def test_tampered_or_missing_model_file_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "model"
    shutil.copytree(model_path(), copy)
    target = copy / "ner" / "model"
    data = bytearray(target.read_bytes())
    data[100] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(ModelError) as err:
        verify_model(copy)
    assert err.value.code is ErrorCode.E021
    assert "ner/model" in str(err.value) and "sha256" in str(err.value)
    (copy / "ner" / "model").unlink()
    with pytest.raises(ModelError) as missing:
        verify_model(copy)
    assert missing.value.code is ErrorCode.E021 and "missing" in str(missing.value)


def test_line_breaks_end_sentences() -> None:
    nlp = load_nlp()
    doc = nlp("Talks resume in Doha\n\nNegotiators met on Monday and agreed to meet again.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Talks resume in Doha"
    assert "newsevents_paragraphs" in nlp.pipe_names


def test_a_hyphen_after_a_dotted_abbreviation_splits_names() -> None:
    nlp = load_nlp()
    words = [t.text for t in nlp("Latest U.S.-Iran talks end; a U.N.-backed court sits.")]
    assert words[1:4] == ["U.S.", "-", "Iran"]
    assert "U.N.-backed" in words  # only a capital after the hyphen starts a new name


def test_a_bullet_ends_a_sentence_and_stands_alone() -> None:
    doc = load_nlp()(
        "UN calls on Israel to act. • Pakistan asks the world to reject the decision "
        "• EU calls annexation illegal •Israel imposes restrictions"
    )
    sents = [s.text.strip() for s in doc.sents]
    assert "Pakistan asks the world to reject the decision" in sents, sents
    assert "EU calls annexation illegal" in sents, sents
    assert "Israel imposes restrictions" in sents, sents  # the glued bullet split off
    assert [t.text for t in doc].count("•") == 3
