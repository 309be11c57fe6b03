"""Reading and validating the actor knowledge-base files.

Every file in ``tidings/data/actors/`` is loaded, then every file in each directory named
in the environment variable ``TIDINGS_KB_PATH`` (``os.pathsep``-separated). The file's
name says what it holds (its stem starts with the type: ``groups_sahel.yaml`` is a
groups file); the formats are documented in ``tidings/data/actors/README.md``.

Any problem raises :class:`tidings.errors.KnowledgeError` naming the file and line.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tidings.actors._entries import NON_STATE_CODES, ROLES, Entry, Kind, Role
from tidings.actors._text import normalise
from tidings.errors import KnowledgeError

log = logging.getLogger(__name__)

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
ENV_VAR = "TIDINGS_KB_PATH"

# file type -> (required columns, optional columns); the order is the loading order
_TSV_COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sectors": (("code", "name"), ("description",)),
    "countries": (("id", "iso3", "name"), ("aliases", "demonyms", "capitals", "kb_id", "status")),
    "metonyms": (("id", "name", "country", "sectors"), ("aliases", "kb_id", "note")),
    "igos": (("id", "name", "country"), ("aliases", "sectors", "kb_id", "note")),
    "ngos": (("id", "name", "country"), ("aliases", "sectors", "kb_id", "note")),
    "media": (("id", "name", "country"), ("aliases", "sectors", "kb_id", "note")),
    "agents": (("id", "name", "sectors"), ("aliases", "rank", "country", "note")),
    "leaders": (("id", "name", "country", "role", "start"), ("aliases", "end", "kb_id", "note")),
    "people": (("id", "name", "country", "sectors"), ("aliases", "affiliation", "kb_id", "note")),
    "titles": (("title", "roles"), ("countries", "note")),
}
_TYPES_IN_ORDER = ("sectors", "ambiguous", "countries", "metonyms", "igos", "ngos", "media",
                   "agents", "groups", "leaders", "people", "titles")
_ORG_KIND = {"igos": Kind.IGO, "ngos": Kind.NGO, "media": Kind.MEDIA}
_GROUP_KEYS = frozenset({"id", "name", "aliases", "acronyms", "country", "sectors",
                         "affiliations", "parent", "kb_id", "note", "home", "founded"})


@dataclass(slots=True)
class KBData:
    """Everything read from the knowledge-base files, validated."""

    entries: dict[str, Entry] = field(default_factory=dict)
    sectors: dict[str, str] = field(default_factory=dict)
    ambiguous: set[str] = field(default_factory=set)  # names that need a capital letter
    countries: dict[str, Entry] = field(default_factory=dict)  # ISO3 -> state entry
    # office title (normalised) -> roles it names, and the states it is limited to (empty: any)
    titles: dict[str, tuple[tuple[str, ...], frozenset[str]]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def kb_directories(extra_paths: Iterable[str | Path] = ()) -> list[Path]:
    """The built-in directory, each directory in ``TIDINGS_KB_PATH``, then ``extra_paths``
    (files or directories, e.g. from ``--kb``); later paths override earlier ones."""
    paths = [BUILTIN_DIR]
    for part in os.environ.get(ENV_VAR, "").split(os.pathsep):
        if part.strip():
            path = Path(part.strip()).expanduser()
            if not path.is_dir():
                raise KnowledgeError(
                    f"{ENV_VAR} names {path}, which is not a directory; "
                    "fix the variable or create the directory"
                )
            paths.append(path)
    for extra in extra_paths:
        path = Path(extra).expanduser()
        if not path.exists():
            raise KnowledgeError(f"knowledge-base path {path} does not exist; "
                                 "pass an existing file or directory")
        paths.append(path.resolve())
    return paths


def _file_type(path: Path) -> str | None:
    stem = path.stem.lower()
    for kind in _TYPES_IN_ORDER:
        if stem.startswith(kind):
            expected = {"groups": (".yaml", ".yml"), "ambiguous": (".txt",)}.get(kind, (".tsv",))
            return kind if path.suffix.lower() in expected else None
    return None


def load_directories(dirs: list[Path]) -> KBData:
    """Load and validate every knowledge-base file in ``dirs`` (later paths win).

    An entry of ``dirs`` may also be a single file, whose name must then say its type.
    """
    by_type: dict[str, list[tuple[int, Path]]] = {t: [] for t in _TYPES_IN_ORDER}
    for rank, directory in enumerate(dirs):
        if directory.is_file():
            kind = _file_type(directory)
            if kind is None:
                raise KnowledgeError(
                    f"{directory}: cannot tell what the file holds; its name must start with "
                    f"one of {', '.join(_TYPES_IN_ORDER)} (e.g. leaders_mine.tsv, groups_x.yaml)"
                )
            by_type[kind].append((rank, directory))
            continue
        for path in sorted(directory.iterdir()):
            if not path.is_file() or path.name.startswith((".", "_")) or path.suffix == ".md":
                continue
            kind = _file_type(path)
            if kind is None:
                log.warning("actor KB: ignoring %s (name does not start with a known type)", path)
                continue
            by_type[kind].append((rank, path))
    data = KBData()
    owner: dict[str, int] = {}  # entry id -> directory rank that defined it
    for kind in _TYPES_IN_ORDER:
        for rank, path in by_type[kind]:
            data.files.append(path)
            _Reader(data, path, rank, owner).read(kind)
    return data


class _Reader:
    """Reads one file into ``data``, validating as it goes."""

    def __init__(self, data: KBData, path: Path, rank: int, owner: dict[str, int]) -> None:
        self.data = data
        self.path = path
        self.rank = rank
        self.owner = owner
        self.line = 0
        self.item: int | None = None  # index in a YAML list, while reading one

    def fail(self, message: str) -> KnowledgeError:
        if self.item is not None:
            self.line = self._item_line(self.item)
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return KnowledgeError(f"{where}: {message}")

    # -- file formats -------------------------------------------------------------
    def read(self, kind: str) -> None:
        if kind == "ambiguous":
            for number, text in enumerate(self._lines(), start=1):
                self.line = number
                word = text.split("#", 1)[0].strip()
                if word:
                    self.data.ambiguous.add(word.lower())
            self.line = 0
        elif kind == "groups":
            self._read_groups()
        else:
            for row in self._rows(kind):
                getattr(self, f"_row_{kind if kind not in _ORG_KIND else 'org'}")(row, kind)
            self.line = 0

    def _lines(self) -> list[str]:
        try:
            return self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise self.fail(f"cannot read the file ({exc}); it must be UTF-8 text") from exc

    def _rows(self, kind: str) -> Iterator[dict[str, str]]:
        required, optional = _TSV_COLUMNS[kind]
        header: list[str] | None = None
        for number, text in enumerate(self._lines(), start=1):
            self.line = number
            if not text.strip() or text.lstrip().startswith("#"):
                continue
            cells = [c.strip() for c in text.split("\t")]
            if header is None:
                header = cells
                missing = [c for c in required if c not in header]
                if missing:
                    raise self.fail(
                        f"header lacks column(s) {', '.join(missing)}; a {kind} file needs "
                        f"tab-separated columns {', '.join(required + optional)}"
                    )
                unknown = [c for c in header if c not in required + optional]
                if unknown:
                    raise self.fail(f"unknown column(s) {', '.join(unknown)} for a {kind} file")
                continue
            if len(cells) > len(header):
                raise self.fail(f"{len(cells)} fields but the header has {len(header)} columns")
            row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
            for col in required:
                if not row[col]:
                    raise self.fail(f"column {col!r} is empty")
            yield row

    def _read_groups(self) -> None:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            items = yaml.load(self.path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise self.fail(f"not valid YAML ({exc})") from exc
        if items is None:
            return
        if not isinstance(items, list):
            raise self.fail("a groups file must be a YAML list of mappings")
        for index, item in enumerate(items):
            self.item = index
            self._group(item)
        self.item = None

    def _item_line(self, index: int) -> int:
        """Line of the ``index``-th list item (parsed again only when reporting an error)."""
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        node = yaml.compose(self.path.read_text(encoding="utf-8"), Loader=loader)
        if isinstance(node, yaml.SequenceNode) and index < len(node.value):
            return int(node.value[index].start_mark.line) + 1
        return 0

    # -- rows ---------------------------------------------------------------------
    def _row_sectors(self, row: dict[str, str], kind: str) -> None:
        self.data.sectors[row["code"].upper()] = row["name"]

    def _row_countries(self, row: dict[str, str], kind: str) -> None:
        iso3 = row["iso3"].upper()
        if len(iso3) != 3 or not iso3.isalpha():
            raise self.fail(f"iso3 {row['iso3']!r} is not a three-letter code")
        entry = Entry(
            id=row["id"], kind=Kind.STATE, name=row["name"], country=iso3,
            kb_id=row.get("kb_id") or None, aliases=[row["name"], *_split(row.get("aliases"))],
            demonyms=_split(row.get("demonyms")), capitals=_split(row.get("capitals")),
        )
        status = row.get("status") or "state"
        if status not in ("state", "territory"):
            raise self.fail(f"status {status!r} must be 'state' or 'territory'")
        entry.sovereign = status == "state"
        self._add(entry)
        self.data.countries[iso3] = entry

    def _row_titles(self, row: dict[str, str], kind: str) -> None:
        roles = tuple(_split(row["roles"]))
        for role in roles:
            if role not in ROLES:
                raise self.fail(f"role {role!r} is not one of {', '.join(sorted(ROLES))}")
        countries = frozenset(self._country(c) for c in _split(row.get("countries")))
        key = normalise(row["title"])
        if not key:
            raise self.fail(f"title {row['title']!r} has no words")
        self.data.titles[key] = (roles, countries)

    def _row_metonyms(self, row: dict[str, str], kind: str) -> None:
        self._add(Entry(id=row["id"], kind=Kind.METONYM, name=row["name"],
                        country=self._country(row["country"]),
                        sectors=self._sectors(row["sectors"]),
                        kb_id=row.get("kb_id") or None, aliases=_names(row)))

    def _row_org(self, row: dict[str, str], kind: str) -> None:
        self._add(Entry(id=row["id"], kind=_ORG_KIND[kind], name=row["name"],
                        country=self._country(row["country"]),
                        sectors=self._sectors(row.get("sectors", "")),
                        kb_id=row.get("kb_id") or None, aliases=_names(row)))

    def _row_agents(self, row: dict[str, str], kind: str) -> None:
        rank_text = row.get("rank") or "1"
        if not rank_text.isdigit():
            raise self.fail(f"rank {rank_text!r} is not a whole number")
        country = self._country(row["country"]) if row.get("country") else None
        self._add(Entry(id=row["id"], kind=Kind.AGENT, name=row["name"], country=country,
                        sectors=self._sectors(row["sectors"]), rank=int(rank_text),
                        aliases=_names(row)))

    def _row_leaders(self, row: dict[str, str], kind: str) -> None:
        role = row["role"]
        if role not in ROLES:
            raise self.fail(f"role {role!r} is not one of {', '.join(sorted(ROLES))}")
        start, end = self._date(row["start"], "start"), self._date(row.get("end", ""), "end")
        if start and end and end < start:
            raise self.fail(f"end {end} is before start {start}")
        country = self._country(row["country"])
        term = Role(role, country, start, end, ("MIL",) if role == "military_chief" else ("GOV",))
        existing = self.data.entries.get(row["id"])
        if existing is not None and existing.kind is Kind.PERSON and existing.source.startswith(
            str(self.path)
        ):
            existing.roles.append(term)  # another term of the same person, same file
            for alias in _split(row.get("aliases")):
                if alias not in existing.aliases:
                    existing.aliases.append(alias)
            existing.kb_id = existing.kb_id or row.get("kb_id") or None
            return
        self._add(Entry(id=row["id"], kind=Kind.PERSON, name=row["name"], country=country,
                        kb_id=row.get("kb_id") or None, roles=[term],
                        aliases=_names(row)))

    def _row_people(self, row: dict[str, str], kind: str) -> None:
        existing = self.data.entries.get(row["id"])
        sectors = self._sectors(row["sectors"])
        affiliation = self._country(row["affiliation"]) if row.get("affiliation") else None
        if existing is not None and existing.kind is Kind.PERSON and existing.roles:
            # a leader's sectors out of office ("ELI" by default), e.g. an ex-PM in opposition
            existing.out_of_office = sectors
            existing.affiliation = existing.affiliation or affiliation
            existing.aliases.extend(
                a for a in _split(row.get("aliases")) if a not in existing.aliases
            )
            return
        self._add(Entry(id=row["id"], kind=Kind.PERSON, name=row["name"],
                        country=self._country(row["country"]), sectors=sectors,
                        affiliation=affiliation, kb_id=row.get("kb_id") or None,
                        aliases=_names(row)))

    def _group(self, item: Any) -> None:
        if not isinstance(item, dict):
            raise self.fail("each group must be a mapping with id, name, country, sectors")
        unknown = set(item) - _GROUP_KEYS
        if unknown:
            raise self.fail(f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        for key in ("id", "name", "country", "sectors"):
            if not item.get(key):
                raise self.fail(f"group lacks {key!r}")
        affiliations = [self._country(str(a)) for a in _as_list(item.get("affiliations"))]
        homes = tuple(self._country(str(home)) for home in _as_list(item.get("home")))
        founded = self._date(str(item["founded"]), "founded") if item.get("founded") else None
        self._add(Entry(
            id=str(item["id"]), kind=Kind.GROUP, name=str(item["name"]),
            country=self._country(str(item["country"])),
            sectors=self._sectors("|".join(map(str, _as_list(item["sectors"])))),
            affiliation=affiliations[0] if affiliations else None,
            kb_id=str(item["kb_id"]) if item.get("kb_id") else None,
            aliases=[str(item["name"]), *map(str, _as_list(item.get("aliases")))],
            acronyms=list(map(str, _as_list(item.get("acronyms")))),
            homes=homes, founded=founded,
        ))

    # -- field checks -------------------------------------------------------------
    def _add(self, entry: Entry) -> None:
        entry.source = f"{self.path}:{self.line}"
        previous = self.owner.get(entry.id)
        if previous is not None:
            if previous == self.rank:
                raise self.fail(
                    f"id {entry.id!r} is already used by {self.data.entries[entry.id].source}; "
                    "ids must be unique"
                )
            log.info("actor KB: %s overrides %s", entry.source, self.data.entries[entry.id].source)
        self.owner[entry.id] = self.rank
        self.data.entries[entry.id] = entry

    def _country(self, code: str) -> str:
        code = code.strip().upper()
        if code in NON_STATE_CODES or code in self.data.countries:
            return code
        raise self.fail(
            f"country {code!r} is neither an ISO3 code in the countries files nor one of "
            f"{', '.join(sorted(NON_STATE_CODES))}"
        )

    def _sectors(self, text: str, allow_empty: bool = True) -> tuple[str, ...]:
        codes = tuple(c.upper() for c in _split(text))
        for code in codes:
            if self.data.sectors and code not in self.data.sectors:
                raise self.fail(f"sector {code!r} is not defined in a sectors file")
        if not codes and not allow_empty:
            raise self.fail("no sector given")
        return codes

    def _date(self, text: str, column: str) -> dt.date | None:
        text = text.strip()
        if not text:
            return None
        try:
            if len(text) == 4:
                return dt.date(int(text), 1, 1)
            if len(text) == 7:
                return dt.date(int(text[:4]), int(text[5:]), 1)
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise self.fail(
                f"{column} {text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"
            ) from exc


def _names(row: dict[str, str]) -> list[str]:
    return [row["name"], *_split(row.get("aliases"))]


def _split(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").split("|") if p.strip()]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]
