"""Every error a user can see is a NewsEventsError carrying its stable code (docs/errors.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsevents.actors.petrarch import PetrarchFormatError, read_actor_blocks
from newsevents.errors import ErrorCode, NewsEventsError
from newsevents.store.filter_params import BadFilter, parse_filters
from newsevents.web.app import MissingAssetsError, create_app, missing_assets
from newsevents.web.params import BadParameter, RequestTooLarge, event_query


def test_bad_filter_has_a_code_and_stays_a_value_error() -> None:
    with pytest.raises(BadFilter) as err:
        parse_filters({"type": "HUG"})
    assert isinstance(err.value, NewsEventsError) and isinstance(err.value, ValueError)
    assert err.value.code is ErrorCode.E030
    assert err.value.param.name == "type"
    assert err.value.message.startswith("type must be a PLOVER type")
    assert str(err.value) == f"[E030] {err.value.message}"


@pytest.mark.parametrize(
    ("kwargs", "kind", "code", "text"),
    [
        ({"size": "201"}, RequestTooLarge, ErrorCode.E029, "page size 201 is over the limit"),
        ({"sort": "title"}, BadParameter, ErrorCode.E030, "sort must be one of"),
        ({"quad_class": "7"}, BadParameter, ErrorCode.E030, "quad_class must be a number"),
    ],
)
def test_web_request_errors_have_codes(
    kwargs: dict[str, str], kind: type[NewsEventsError], code: ErrorCode, text: str
) -> None:
    with pytest.raises(kind) as err:
        event_query(**kwargs)
    assert isinstance(err.value, NewsEventsError)
    assert err.value.code is code
    assert err.value.message.startswith(text)  # the filter's own reason, no nested code
    assert "[E0" not in err.value.message


def test_petrarch_format_error_has_the_dictionary_code() -> None:
    with pytest.raises(PetrarchFormatError) as err:
        read_actor_blocks("RUSSIA_\n+RUSSIAN_\n\t[RUS >yesterday]\n", strict=True)
    assert isinstance(err.value, NewsEventsError) and isinstance(err.value, ValueError)
    assert err.value.code is ErrorCode.E022
    assert err.value.line == 3


def test_missing_assets_error_has_its_code() -> None:
    exc = MissingAssetsError("web assets are missing")
    assert isinstance(exc, NewsEventsError) and isinstance(exc, RuntimeError)
    assert exc.code is ErrorCode.E031
    assert str(exc) == "[E031] web assets are missing"


@pytest.mark.skipif(bool(missing_assets()), reason="web assets not installed")
def test_web_error_answers_carry_their_code(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "web.db"), base_url="http://127.0.0.1") as client:
        for url, status, code in [
            ("/api/events?size=201", 400, "E029 request too large: page size 201"),
            ("/api/events?sort=title", 422, "E030 bad filter or request parameter: sort must"),
            ("/api/events?q=" + "a" * 250, 422, "E030 bad filter or request parameter: invalid"),
            ("/events?type=HUG", 422, "E030 bad filter or request parameter: type must"),
        ]:
            r = client.get(url)
            assert r.status_code == status, url
            body = r.json()["error"] if url.startswith("/api") else r.text
            assert code in body, (url, body[:300])
