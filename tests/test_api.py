"""The public API is short and pinned."""

from __future__ import annotations

import tidings


def test_exported_members_are_pinned_and_sorted() -> None:
    assert tidings.__all__ == sorted(tidings.__all__)
    assert tidings.__all__ == [
        "Actor",
        "Document",
        "Event",
        "Extraction",
        "InputError",
        "Pipeline",
        "Place",
        "TidingsError",
        "Timex",
        "extract",
        "open_store",
    ]
    for name in tidings.__all__:
        assert getattr(tidings, name) is not None


def test_extract_returns_typed_records_with_to_dict(pipeline) -> None:  # type: ignore[no-untyped-def]
    result = tidings.extract("Iraq called on the U.S. to withdraw its forces.", published="2024-01-28")
    assert isinstance(result, tidings.Extraction)
    record = result.to_dict()
    assert record["document"]["published"] == "2024-01-28"
    assert all(isinstance(e, tidings.Event) for e in result.events)
    assert {e["type"] for e in record["events"]} >= {"REQUEST"}
