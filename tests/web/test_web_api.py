"""The REST API, in process, on a store made from the seed article."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

fastapi = pytest.importorskip("fastapi")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from tidings.web import create_app, fill_demo  # noqa: E402
from tidings.web.app import MAX_BODY_BYTES, MAX_EXTRACT_CHARS  # noqa: E402


@pytest.fixture(scope="module")
def client(seed_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seed_store), raise_server_exceptions=False) as client:
        yield client


def get(client: TestClient, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, response.text
    return response.json()


def assert_error(body: dict[str, Any], status: int, code: str) -> None:
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_stats_count_the_seed_article(client: TestClient) -> None:
    stats = get(client, "/api/stats")
    assert stats["documents"] == 1
    assert stats["events"] >= 15
    assert sum(stats["quad_classes"].values()) == stats["events"]
    assert stats["first_date"] <= "2014-12-31" < stats["last_date"]


def test_events_page_through_all_events(client: TestClient) -> None:
    total = get(client, "/api/events")["total"]
    first = get(client, "/api/events?limit=5")
    second = get(client, "/api/events?limit=5&offset=5")
    assert first["total"] == total and len(first["items"]) == 5
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}
    ids = set()
    for offset in range(0, total, 7):
        ids |= {e["id"] for e in get(client, f"/api/events?limit=7&offset={offset}")["items"]}
    assert len(ids) == total


@pytest.mark.parametrize("sort", ["date", "-date", "type", "-num_sources", "place", "intensity"])
def test_events_sort(client: TestClient, sort: str) -> None:
    items = get(client, f"/api/events?sort={sort}&limit=500")["items"]
    key = {"date": lambda e: e["date"]["start"], "type": lambda e: e["type"], "place": lambda e: e["place"]}
    pick = key.get(sort.lstrip("-"), lambda e: e[sort.lstrip("-")])
    values = [pick(e) for e in items if pick(e) is not None]
    if sort.lstrip("-") == "place":
        values = [v["name"] for v in values]
    assert values == sorted(values, reverse=sort.startswith("-"))


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("actor=Iraq", lambda e: any("Iraq" in a["name"] for a in e["actors"])),
        ("actor=Q30", lambda e: any(a["key"] == "Q30" for a in e["actors"])),
        ("recipient=Islamic%20State", lambda e: any(r["name"] == "Islamic State" for r in e["recipients"])),
        ("type=ASSAULT", lambda e: e["type"] == "ASSAULT"),
        ("type=ASSAULT,RETREAT", lambda e: e["type"] in {"ASSAULT", "RETREAT"}),
        ("quad_class=1,2", lambda e: e["quad_class"] in {1, 2}),
        ("factuality=planned", lambda e: e["factuality"] == "planned"),
        ("mode=troops", lambda e: e["mode"] == "troops"),
        ("place=bagh", lambda e: e["place"]["name"] == "Baghdad"),
        ("country=IRQ", lambda e: True),
        ("date_from=2014-01-01&date_to=2014-12-31", lambda e: e["date"]["start"] <= "2014-12-31"),
        ("q=airstrike", lambda e: True),
    ],
)
def test_events_filters(client: TestClient, query: str, check: Any) -> None:
    page = get(client, f"/api/events?{query}&limit=500")
    assert page["total"] == len(page["items"]) > 0, query
    assert all(check(e) for e in page["items"]), query
    assert page["total"] < get(client, "/api/events")["total"] or query.startswith("country")


def test_filters_combine_and_can_match_nothing(client: TestClient) -> None:
    both = get(client, "/api/events?actor=Iraq&type=CONSULT")
    assert 0 < both["total"] <= get(client, "/api/events?actor=Iraq")["total"]
    assert get(client, "/api/events?q=%25_nothing%25")["total"] == 0  # LIKE wildcards are taken literally


def test_event_detail_points_at_its_words(client: TestClient) -> None:
    summary = get(client, "/api/events?q=intervention&type=ASSAULT")["items"][0]
    event = get(client, f"/api/events/{summary['id']}")
    assert event["id"] == summary["id"] and event["type"] == "ASSAULT"
    assert event["mentions"] and event["num_sources"] >= 1
    proof = event["evidence"][0]
    text = get(client, f"/api/documents/{proof['document_id']}")["text"]
    kinds = {s["kind"] for s in proof["spans"]}
    assert {"trigger", "actor", "recipient", "date"} <= kinds
    for span in proof["spans"]:
        assert text[span["start"] : span["end"]] == span["text"]
    sentence = proof["sentence"]
    assert text[sentence["start"] : sentence["end"]] == sentence["text"]
    assert "intervention" in sentence["text"] and "June 15, 2014" in sentence["text"]
    # a mention id finds its event too
    assert get(client, f"/api/events/{event['mentions'][0]['id']}")["id"] == event["id"]


def test_document_lists_its_mentions_with_spans(client: TestClient) -> None:
    doc_id = get(client, "/api/events?limit=1")["items"][0]["document_id"]
    doc = get(client, f"/api/documents/{doc_id}")
    assert doc["published"] == "2024-01-28" and doc["title"].startswith("U.S. and Iraq")
    assert len(doc["mentions"]) == get(client, "/api/stats")["mentions"]
    for mention in doc["mentions"]:
        trigger = next(s for s in mention["spans"] if s["kind"] == "trigger")
        assert doc["text"][trigger["start"] : trigger["end"]] == trigger["text"]


def test_actors_timeline_places_network(client: TestClient) -> None:
    actors = get(client, "/api/actors")["items"]
    names = [a["name"] for a in actors]
    assert "United States" in names and "Iraq" in names
    assert actors == sorted(actors, key=lambda a: -a["events"])
    assert get(client, "/api/actors?search=iraq")["items"][0]["name"].lower().count("iraq")

    timeline = get(client, "/api/timeline")
    assert timeline["items"] and timeline["buckets"] is None
    assert len(timeline["items"]) + timeline["undated"] == timeline["total"]
    buckets = get(client, "/api/timeline?max_items=0")
    assert (
        buckets["items"] is None
        and sum(b["count"] for b in buckets["buckets"]) == timeline["total"] - timeline["undated"]
    )

    places = get(client, "/api/places")["items"]
    assert "Baghdad" in {p["name"] for p in places}
    assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in places)

    network = get(client, "/api/network")
    node_ids = {n["id"] for n in network["nodes"]}
    assert network["edges"]
    for edge in network["edges"]:
        assert {edge["source"], edge["target"]} <= node_ids and edge["source"] != edge["target"]
        assert edge["events"] >= 1 and 1 <= edge["mean_quad_class"] <= 4
    narrowed = get(client, "/api/network?actor=Q30")
    assert len(narrowed["nodes"]) < len(network["nodes"])


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("get", "/api/events/ev-nope", 404, "not_found"),
        ("get", "/api/documents/nope", 404, "not_found"),
        ("get", "/api/nowhere", 404, "not_found"),
        ("get", "/api/events?limit=0", 422, "invalid_request"),
        ("get", "/api/events?limit=100000", 422, "invalid_request"),
        ("get", "/api/events?sort=drop_table", 422, "invalid_request"),
        ("get", "/api/events?date_from=yesterday", 422, "invalid_request"),
        ("get", "/api/events?date_from=2024-02-01&date_to=2024-01-01", 422, "invalid_filter"),
        ("get", "/api/events?quad_class=5", 422, "invalid_request"),
        ("get", "/api/events?actor=" + "x" * 500, 422, "invalid_request"),
        ("delete", "/api/events/ev-nope", 405, "method_not_allowed"),
        ("post", "/api/events", 405, "method_not_allowed"),
    ],
)
def test_every_error_has_one_shape(client: TestClient, method: str, url: str, status: int, code: str) -> None:
    response = client.request(method, url)
    assert response.status_code == status
    assert_error(response.json(), status, code)


def test_extract_codes_a_text_and_stores_nothing(client: TestClient) -> None:
    before = get(client, "/api/stats")
    text = "Israeli warplanes struck homes in Rafah on Tuesday, killing at least 11 people."
    response = client.post("/api/extract", json={"text": text, "published": "2024-03-13"})
    assert response.status_code == 200, response.text
    record = response.json()
    assert record["document"]["text"] == text
    event = record["events"][0]
    assert event["type"] == "ASSAULT" and event["date"]["start"] == "2024-03-12"
    assert text[event["trigger"]["start"] : event["trigger"]["end"]] == event["trigger"]["text"]
    assert get(client, "/api/stats") == before


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"text": "x" * (MAX_EXTRACT_CHARS + 1)}, 413, "too_large"),
        ({"published": "2024-01-01"}, 422, "invalid_request"),
        ({"text": "Hello.", "published": "soon"}, 422, "invalid_request"),
        ({"text": ""}, 422, "cannot_code"),
    ],
)
def test_extract_refuses_bad_input(client: TestClient, payload: dict[str, Any], status: int, code: str) -> None:
    response = client.post("/api/extract", json=payload)
    assert response.status_code == status, response.text
    assert_error(response.json(), status, code)


def test_extract_refuses_a_huge_body_before_reading_it(client: TestClient) -> None:
    body = b'{"text": "' + b"a" * MAX_BODY_BYTES + b'"}'
    response = client.post("/api/extract", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert_error(response.json(), 413, "too_large")


def test_server_is_read_only_except_extract(client: TestClient) -> None:
    spec = get(client, "/openapi.json")
    writes = {(path, m) for path, ops in spec["paths"].items() for m in ops if m != "get"}
    assert writes == {("/api/extract", "post")}
    expected = {"/api/events", "/api/events/{event_id}", "/api/documents/{document_id}", "/api/actors"}
    assert expected | {"/api/timeline", "/api/network", "/api/stats"} <= set(spec["paths"])


def test_docs_and_page_work_offline_with_a_strict_policy(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower()
    page = client.get("/")
    assert page.status_code == 200 and '<table id="events">' in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "default-src 'self'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    for asset in (
        "/static/app.js",
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/world-atlas/countries-110m.json",
    ):
        assert client.get(asset).status_code == 200, asset


def test_other_hosts_are_refused_when_bound_to_loopback(seed_store: Path) -> None:
    with TestClient(create_app(seed_store, allowed_hosts=["127.0.0.1", "localhost"])) as local:
        assert local.get("/api/stats", headers={"host": "127.0.0.1:8000"}).status_code == 200
        refused = local.get("/api/stats", headers={"host": "evil.example:8000"})
        assert refused.status_code == 400
        assert_error(refused.json(), 400, "bad_host")


def test_demo_fills_only_an_empty_store(seed_store: Path, tmp_path: Path) -> None:
    assert fill_demo(seed_store) == 0  # already holds the article: nothing to do, no model loaded
    from tidings.store import StoreError

    with pytest.raises(StoreError):
        create_app(tmp_path / "missing.duckdb")
