"""The tidings command as a user runs it (in-process, with Typer's runner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app

ARTICLE = "Protesters clashed with police in Nairobi on Tuesday, officials said. Police arrested 30 people."


@pytest.fixture(scope="module")
def runner(pipeline) -> CliRunner:  # type: ignore[no-untyped-def]
    return CliRunner()


def lines(output: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_extract_a_file_prints_one_json_object(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    result = runner.invoke(app, ["extract", str(path), "--published", "2024-05-02"])
    assert result.exit_code == 0, result.output
    [record] = lines(result.stdout)
    assert set(record) == {"document", "events", "timexes", "places"}
    assert record["document"]["published"] == "2024-05-02"
    assert record["events"] and "text" not in record["document"]


def test_stdin_and_include_text(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-", "--include-text"], input=ARTICLE)
    assert result.exit_code == 0
    [record] = lines(result.stdout)
    assert record["document"]["text"] == ARTICLE


def test_jsonl_batch_reports_bad_lines_and_goes_on(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "good", "text": ARTICLE, "published": "2024-05-02"}),
                "{oops",
                json.dumps(
                    {
                        "id": "german",
                        "text": "Die Polizei hat am Dienstag in Berlin dreißig Demonstranten festgenommen.",
                    }
                ),
            ]
        )
    )
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0
    assert [r["document"]["id"] for r in lines(result.stdout)] == ["good"]
    assert f"skipped {path}:2: invalid JSON" in result.stderr
    assert f"skipped {path}:3: language is 'de'" in result.stderr


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty input"), (b"\x00\x01\x02binary\x00", "binary data"), (b"\xff\xfe\x00\xd8", "")],
)
def test_only_bad_input_exits_non_zero_with_a_reason(
    runner: CliRunner, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.dat"
    path.write_bytes(content)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert f"skipped {path}" in result.stderr and reason in result.stderr
    assert "no document could be coded" in result.stderr


def test_missing_file_is_named(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt"), str(good)])
    assert result.exit_code == 0
    assert "nope.txt: no such file" in result.stderr and len(lines(result.stdout)) == 1


def test_pretty_prints_a_table(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-", "--pretty", "--published", "2024-05-02"], input=ARTICLE)
    assert result.exit_code == 0
    assert "PROTEST" in result.stdout or "COERCE" in result.stdout


def test_unknown_model_is_a_clear_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["extract", "-", "--model", "xx_no_such_model"], input=ARTICLE)
    assert result.exit_code == 2 and "not installed" in result.stderr


def test_a_document_that_breaks_a_stage_is_reported_and_the_batch_goes_on(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tidings.pipeline import Pipeline

    original = Pipeline.extract_document

    def flaky(self, document, doc=None):  # type: ignore[no-untyped-def]
        if "BOOM" in document.text:
            raise ValueError("stage exploded")
        return original(self, document, doc)

    monkeypatch.setattr(Pipeline, "extract_document", flaky)
    path = tmp_path / "batch.jsonl"
    path.write_text(
        json.dumps({"id": "bad", "text": ARTICLE + " BOOM"}) + "\n" + json.dumps({"id": "ok", "text": ARTICLE})
    )
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0
    assert [r["document"]["id"] for r in lines(result.stdout)] == ["ok"]
    assert "failed" in result.stderr and "stage exploded" in result.stderr


def test_actors_lookup_explains_a_resolution(runner: CliRunner) -> None:
    result = runner.invoke(app, ["actors", "lookup", "White House", "--date", "2020-01-03", "--json"])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["resolution"]["country"] == "USA" and "GOV" in record["resolution"]["sectors"]


def test_actors_lookup_of_an_unknown_name_exits_non_zero(runner: CliRunner) -> None:
    result = runner.invoke(app, ["actors", "lookup", "Xyzzy Plugh"])
    assert result.exit_code == 1 and "no actor" in result.stdout


def test_a_user_kb_file_adds_an_armed_group(runner: CliRunner, tmp_path: Path) -> None:
    kb = tmp_path / "groups_local.yaml"
    kb.write_text("- {id: group:river-lions, name: River Lions Brigade, country: KEN, sectors: [REB]}\n")
    text = "The River Lions Brigade attacked a police station in Garissa on Monday."
    result = runner.invoke(app, ["extract", "-", "--kb", str(kb), "--published", "2024-05-02"], input=text)
    assert result.exit_code == 0, result.stderr
    [record] = lines(result.stdout)
    actors = [a for e in record["events"] for a in e["actors"]]
    assert any(a["name"] == "River Lions Brigade" and a["country"] == "KEN" for a in actors)


# --- ingest, stats, export, explain ----------------------------------------------------

REPORTS = Path(__file__).parent / "corpus" / "reports.jsonl"


def test_ingest_stats_export_explain(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "c.duckdb"
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["ingest", str(REPORTS), str(tmp_path / "empty.txt"), "--db", str(db), "-p", "1"])
    assert result.exit_code == 0, result.output
    assert "ingested 8 documents" in result.stderr and "1 skipped" in result.stderr
    assert "empty.txt: empty input" in result.stderr

    again = runner.invoke(app, ["ingest", str(REPORTS), "--db", str(db), "-p", "1", "--json"])
    assert again.exit_code == 0 and json.loads(again.stdout)["ingested"] == 0

    stats = runner.invoke(app, ["stats", "--db", str(db), "--json"])
    figures = json.loads(stats.stdout)
    assert figures["documents"] == 8 and figures["skipped"] == 1 and figures["multi_source_events"] == 2
    assert "documents" in runner.invoke(app, ["stats", "--db", str(db)]).stdout

    out = tmp_path / "events.jsonl"
    exported = runner.invoke(app, ["export", "--db", str(db), "--format", "jsonl", "-o", str(out)])
    assert exported.exit_code == 0 and f"exported {figures['events']} events" in exported.stderr
    merged = next(r for r in lines(out.read_text()) if r["num_sources"] == 2)

    explained = runner.invoke(app, ["explain", "--db", str(db), merged["id"]])
    assert explained.exit_code == 0 and "founded the event" in explained.stdout and "same type" in explained.stdout
    missing = runner.invoke(app, ["explain", "--db", str(db), "ev-nope"])
    assert missing.exit_code == 1 and "no event" in missing.stderr


def test_readers_name_a_missing_store(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["stats", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "tidings ingest" in result.stderr


# --- query, timeline ---------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_db(runner: CliRunner, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SEED

    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    db = tmp_path_factory.mktemp("cli-query") / "seed.duckdb"
    result = runner.invoke(app, ["ingest", str(SEED), str(REPORTS), "--db", str(db), "-p", "1", "-q",
                                 "--published", "2024-01-28"])  # fmt: skip
    assert result.exit_code == 0, result.output
    return db


def test_query_filters_and_formats(runner: CliRunner, seed_db: Path) -> None:
    args = ["query", "--db", str(seed_db), "--actor", "USA", "--recipient", "IRQ"]
    events = lines(runner.invoke(app, [*args, "--format", "jsonl"]).stdout)
    assert events and all(any(a["country"] == "USA" for a in e["actors"]) for e in events)
    assert all("mentions" in e and "num_sources" in e for e in events)
    table = runner.invoke(app, args)
    assert table.exit_code == 0 and f"{len(events)} of {len(events)} events" in table.stdout
    assert "CONSULT" in table.stdout and "United States [USA]" in table.stdout

    attacks = runner.invoke(app, ["query", "--db", str(seed_db), "--type", "ASSAULT", "--since", "2023-10-01",
                                  "--format", "csv"])  # fmt: skip
    rows = attacks.stdout.splitlines()
    assert rows[0].startswith("id,type,mode") and len(rows) > 1 and all(",ASSAULT," in r for r in rows[1:])
    limited = lines(runner.invoke(app, ["query", "--db", str(seed_db), "--limit", "2", "--format", "jsonl"]).stdout)
    assert len(limited) == 2
    bad = runner.invoke(app, ["query", "--db", str(seed_db), "--since", "soon"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr
    assert runner.invoke(app, ["query", "--db", str(seed_db), "--format", "xml"]).exit_code == 2


def test_query_by_quad_class_and_document(runner: CliRunner, seed_db: Path) -> None:
    conflict = lines(runner.invoke(app, ["query", "--db", str(seed_db), "--quad-class", "3,4", "--format",
                                         "jsonl"]).stdout)  # fmt: skip
    assert conflict and all(e["quad_class"] in (3, 4) for e in conflict)
    every = lines(runner.invoke(app, ["query", "--db", str(seed_db), "--format", "jsonl"]).stdout)
    assert len(conflict) < len(every)
    document = every[0]["mentions"][0]["document_id"]
    reported = lines(runner.invoke(app, ["query", "--db", str(seed_db), "--document", document, "--format",
                                         "jsonl"]).stdout)  # fmt: skip
    assert reported and all(any(m["document_id"] == document for m in e["mentions"]) for e in reported)
    assert len(reported) < len(every)  # the fixture holds more than one document
    dated = runner.invoke(app, ["timeline", "--db", str(seed_db), "--quad-class", "4", "--format", "jsonl"])
    material = {e["id"] for e in conflict if e["quad_class"] == 4}
    assert dated.exit_code == 0 and dated.stdout
    assert {json.loads(x)["event_id"] for x in dated.stdout.splitlines()} <= material
    bad = runner.invoke(app, ["query", "--db", str(seed_db), "--quad-class", "5"])
    assert bad.exit_code == 2 and "quad class" in bad.stderr


def test_timeline_reads_like_the_backgrounder(runner: CliRunner, seed_db: Path) -> None:
    result = runner.invoke(app, ["timeline", "--db", str(seed_db), "--actor", "IRQ"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.index("2023-10\n") < text.index("2024-01\n")  # month headings in order
    assert "(month) · ASSAULT · Islamic Resistance in Iraq [IRQ/REB] → United States forces [USA/MIL]" in text
    assert '“"Since mid-October' in text
    entries = lines(runner.invoke(app, ["timeline", "--db", str(seed_db), "--until", "2014", "--format",
                                        "jsonl"]).stdout)  # fmt: skip
    assert [e["period"] for e in entries][:2] == ["2003", "2011"]
    assert entries[0]["excerpt"] == "It is noted that the White House has maintained a presence in Iraq since 2003."
    empty = runner.invoke(app, ["timeline", "--db", str(seed_db), "--actor", "nobody-at-all"])
    assert empty.exit_code == 0 and "no dated events" in empty.stderr


def test_a_user_ontology_and_lexicon_add_an_event_type(runner: CliRunner) -> None:
    examples = Path(__file__).resolve().parents[1] / "docs" / "examples"
    text = "Russian military hackers hacked the Ukrainian power grid on Monday, officials said."
    result = runner.invoke(
        app,
        [
            "extract",
            "-",
            "--published",
            "2024-03-05",
            "--ontology",
            str(examples / "cyber.yaml"),
            "--lexicon",
            str(examples / "cyber.tsv"),
        ],
        input=text,
    )
    assert result.exit_code == 0, result.stderr
    [record] = lines(result.stdout)
    [event] = [e for e in record["events"] if e["type"] == "CYBERATTACK"]
    assert event["cameo"] == "176" and event["quad_class"] == 4
    assert [a["country"] for a in event["actors"]] == ["RUS"]


def test_a_dateline_without_a_year_asks_for_the_publication_date(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "kabul.txt"
    path.write_text("KABUL, March 20 (Reuters) - Taliban fighters attacked a police checkpoint on Tuesday.\n")
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    assert "the dateline gives 'March 20' but no year; pass --published" in result.stderr
    assert lines(result.stdout)[0]["document"]["published"] is None
    given = runner.invoke(app, ["extract", str(path), "--published", "2013-03-20"])
    assert "no year" not in given.stderr
