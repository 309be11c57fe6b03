"""The event ontology (PLOVER v0.8 + CAMEO), trigger lexicon and cues: loaded from data, validated.

Files: ``tidings/data/ontology`` and ``tidings/data/lexicon`` (formats in their README.md).
Users extend them without code: ``TIDINGS_ONTOLOGY_PATH`` lists YAML files (or folders) merged
over ``plover.yaml``; ``TIDINGS_LEXICON_PATH`` lists TSV files (or folders) read after
``events.tsv``, whose rows replace built-in rows with the same lemma, pos and requires.
Both hold paths separated by ``os.pathsep``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

try:  # libyaml's loader is ~10x faster than the pure-Python one
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]

from tidings.errors import KnowledgeError

if TYPE_CHECKING:
    from spacy.tokens import Token

DATA = Path(__file__).resolve().parent.parent / "data"
ONTOLOGY_DIR = DATA / "ontology"
LEXICON_DIR = DATA / "lexicon"
ONTOLOGY_ENV = "TIDINGS_ONTOLOGY_PATH"
LEXICON_ENV = "TIDINGS_LEXICON_PATH"

LEXICON_HEADER = ("lemma", "pos", "type", "mode", "cameo", "requires", "note")
CAMEO_HEADER = ("code", "name", "goldstein", "quad_class", "plover_type", "plover_mode")
POS_TAGS = frozenset({"VERB", "NOUN", "ANY"})
STATEMENT = "-"  # lexicon type of a statement row: words that code no event (CAMEO 01)
_POS_ALIASES = {"PROPN": "NOUN"}  # headline-case nouns ("Talks") are often tagged PROPN
_CODE = re.compile(r"^\d{2,4}$")
_TYPE_NAME = re.compile(r"^[A-Z][A-Z_]*$")
_RAW_KEYS = ("event_types", "contexts", "sectors", "non_state", "cameo_extra")


@dataclass(frozen=True, slots=True)
class Mode:
    """A PLOVER mode of an event type, with its CAMEO code and intensity."""

    name: str
    cameo: str
    intensity: float
    description: str = ""


@dataclass(frozen=True, slots=True)
class EventType:
    """A PLOVER event type with its default CAMEO code and intensity."""

    name: str
    description: str
    cameo: str
    intensity: float
    modes: dict[str, Mode] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Context:
    """A PLOVER context with the lemmas that cue it in a document."""

    name: str
    description: str
    cues: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code and what it maps to."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None
    plover_contexts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Requirement:
    """``DEP:lemma1|lemma2`` -- a child with label DEP ("any": any label; "prep>pobj": a
    grandchild; "head": the token's own head) has one of the lemmas ("*": any lemma)."""

    dep: str
    lemmas: frozenset[str]

    def satisfied_by(self, token: Token) -> bool:
        if self.dep == "head":
            head = getattr(token, "head", token)
            return head is not token and self._lemma_ok(head)
        if self._walk(token, self.dep.split(">")):
            return True
        # a conjoined verb shares its subject: "the military withdrew ... but returned"
        if (
            self.dep == "nsubj"
            and getattr(token, "dep_", "") == "conj"
            and not any(c.dep_ == "nsubj" for c in token.children)
        ):
            return self._walk(token.head, ["nsubj"])
        return False

    def _lemma_ok(self, token: Token) -> bool:
        return "*" in self.lemmas or token.lemma_.lower() in self.lemmas

    def _walk(self, token: Token, path: list[str]) -> bool:
        dep, rest = path[0], path[1:]
        for child in token.children:
            if dep != "any" and child.dep_ != dep:
                continue
            for target in (child, *_partitive_of(child)):
                if self._walk(target, rest) if rest else self._lemma_ok(target):
                    return True
        return False

    def __str__(self) -> str:
        return f"{self.dep}:{'|'.join(sorted(self.lemmas))}"


#: quantity nouns that pass a requirement on to their "of" phrase: "captured part of the
#: stronghold", "suspended some of its aid" test "stronghold" and "aid"
PARTITIVES = frozenset(
    {"part", "parts", "some", "most", "all", "much", "many", "portion", "rest", "half", "bulk", "majority"}
)


def _partitive_of(token: Token) -> list[Token]:
    """The objects of "of" after a partitive head ("part of the aid" -> "aid"), else none."""
    if token.lemma_.lower() not in PARTITIVES:
        return []
    return [
        obj
        for prep in token.children
        if prep.dep_ == "prep" and prep.lemma_.lower() == "of"
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon row: a lemma (and part of speech) that signals an event."""

    lemma: str
    pos: str  # VERB | NOUN | ANY
    type: str
    mode: str | None
    cameo: str
    requires: tuple[Requirement, ...] = ()
    note: str = ""
    source: str = field(default="", compare=False)  # "events.tsv:42", for messages

    @property
    def is_statement(self) -> bool:
        """A statement row ("declined to comment", CAMEO 011): no event, and it blocks the
        less specific rows of its lemma."""
        return self.type == STATEMENT

    @property
    def key(self) -> tuple[str, str, frozenset[str]]:
        return self.lemma, self.pos, frozenset(str(r) for r in self.requires)

    def matches(self, token: Token) -> bool:
        """True when every requirement is met by ``token``'s children."""
        return all(req.satisfied_by(token) for req in self.requires)


@dataclass(frozen=True, slots=True)
class Ontology:
    """PLOVER event types, contexts, sectors, non-state codes and the CAMEO table, validated."""

    version: str
    event_types: dict[str, EventType]
    contexts: dict[str, Context]
    sectors: dict[str, str]  # GOV -> description
    non_state: dict[str, str]  # IGO -> description
    cameo: dict[str, CameoCode]

    def _known(self, code: str) -> CameoCode:
        """The most specific known code that ``code`` falls under (itself, 3 digits, root)."""
        for prefix in (code, code[:3], code[:2]):
            if prefix in self.cameo:
                return self.cameo[prefix]
        raise KnowledgeError(f"unknown CAMEO code {code!r}; see tidings/data/ontology/cameo.tsv")

    def quad_class(self, cameo_code: str) -> int:
        """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
        return self._known(cameo_code).quad_class

    def intensity(self, cameo_code: str) -> float:
        """Goldstein value of the most specific known code, falling back to the root."""
        return self._known(cameo_code).goldstein

    def plover_for_cameo(self, code: str) -> tuple[str, str | None]:
        """PLOVER (type, mode) for a CAMEO code; raises for codes PLOVER does not code (01x)."""
        for prefix in (code, code[:3], code[:2]):
            entry = self.cameo.get(prefix)
            if entry is not None and entry.plover_type:
                return entry.plover_type, entry.plover_mode
        raise KnowledgeError(f"CAMEO {code!r} has no PLOVER event type (statements are not coded)")

    def cameo_for(self, type_: str, mode: str | None = None) -> str:
        """Default CAMEO code of a type, or of one of its modes."""
        event_type = self.event_types[type_]
        return event_type.modes[mode].cameo if mode else event_type.cameo


def _env_paths(variable: str, suffixes: tuple[str, ...]) -> tuple[Path, ...]:
    found: list[Path] = []
    for part in os.environ.get(variable, "").split(os.pathsep):
        if not part.strip():
            continue
        path = Path(part.strip()).expanduser()
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix in suffixes))
        elif path.is_file():
            found.append(path)
        else:
            raise KnowledgeError(f"{variable} names {part!r}, which is not a file or folder")
    return tuple(found)


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: expected a YAML mapping at the top level")
    return data


def _number(value: Any, where: str, low: float = -10.0, high: float = 10.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise KnowledgeError(f"{where}: expected a number in {low:g}..{high:g}, got {value!r}")
    return float(value)


def _quad_for_root(code: str) -> int:
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def _table(path: Path, name: str, header: tuple[str, ...], min_cols: int) -> Iterator[tuple[str, list[str]]]:
    """Rows of a tab-separated knowledge file as ("<name> line <n>", padded columns)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise KnowledgeError(f"cannot read {path}: {exc}") from exc
    header_seen = False
    for lineno, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols, where = [c.strip() for c in line.split("\t")], f"{name} line {lineno}"
        if not header_seen:
            if tuple(cols[: len(header)]) != header:
                raise KnowledgeError(f"{where}: expected the header {' '.join(header)}")
            header_seen = True
        elif not min_cols <= len(cols) <= 7:
            got = len(cols)
            raise KnowledgeError(f"{where}: expected {min_cols} to 7 tab-separated columns, got {got}")
        else:
            yield where, cols + [""] * (7 - len(cols))
    if not header_seen:
        raise KnowledgeError(f"{name}: empty file; the first row must be the header")


def _read_cameo(path: Path, name: str) -> dict[str, CameoCode]:
    codes: dict[str, CameoCode] = {}
    for where, cols in _table(path, name, CAMEO_HEADER, 4):
        code, label, goldstein, quad, ptype, pmode, pctx = cols
        if not _CODE.match(code) or not 1 <= int(code[:2]) <= 20:
            raise KnowledgeError(f"{where}: bad CAMEO code {code!r} (2-4 digits, root 01-20)")
        if code in codes:
            raise KnowledgeError(f"{where}: duplicate CAMEO code {code!r}")
        try:
            value = float(goldstein)
        except ValueError:
            raise KnowledgeError(f"{where}: goldstein {goldstein!r} is not a number") from None
        if quad != str(_quad_for_root(code)):
            raise KnowledgeError(f"{where}: {code} is in quad class {_quad_for_root(code)}, not {quad!r}")
        contexts = tuple(c.strip() for c in pctx.split(";") if c.strip())
        codes[code] = CameoCode(code, label, _number(value, where), int(quad), ptype or None, pmode or None, contexts)
    return codes


def _merge_ontology(data: dict[str, Any], where: str, into: dict[str, Any]) -> None:
    """Merge one YAML document into the raw ontology (later definitions replace earlier)."""
    unknown = set(data) - {"version", "event_types", "contexts", "sectors", "non_state", "cameo"}
    if unknown:
        raise KnowledgeError(f"{where}: unknown top-level keys {sorted(unknown)}")
    for name, spec in (data.get("event_types") or {}).items():
        if not isinstance(spec, dict):
            raise KnowledgeError(f"{where}: event type {name}: expected a mapping")
        merged = into["event_types"].setdefault(str(name), {})
        modes = {**(merged.get("modes") or {}), **(spec.get("modes") or {})}
        merged.update(spec, modes=modes)
    for key in ("contexts", "sectors", "non_state"):
        into[key].update(data.get(key) or {})
    for code, spec in (data.get("cameo") or {}).items():
        if not isinstance(spec, dict) or not _CODE.match(str(code)):
            raise KnowledgeError(f"{where}: cameo entry {code!r}: expected a code and a mapping")
        into["cameo_extra"][str(code)] = spec


def _build_ontology(raw: dict[str, Any], cameo: dict[str, CameoCode]) -> Ontology:
    for code, spec in raw["cameo_extra"].items():
        where = f"ontology cameo {code}"
        value = _number(spec.get("goldstein"), where)
        cameo[code] = CameoCode(
            code,
            str(spec.get("name", "")),
            value,
            _quad_for_root(code),
            spec.get("plover_type") or None,
            spec.get("plover_mode") or None,
            tuple(spec.get("plover_contexts") or ()),
        )
    types: dict[str, EventType] = {}
    for name, spec in raw["event_types"].items():
        where = f"event type {name}"
        if not _TYPE_NAME.match(name):
            raise KnowledgeError(f"{where}: names are upper-case letters and '_'")
        modes: dict[str, Mode] = {}
        for mode_name, mode in (spec.get("modes") or {}).items():
            mode_where = f"{where} mode {mode_name}"
            if not isinstance(mode, dict) or str(mode.get("cameo")) not in cameo:
                raise KnowledgeError(f"{mode_where}: needs a known CAMEO code under 'cameo'")
            value = _number(mode.get("intensity", cameo[str(mode["cameo"])].goldstein), mode_where)
            modes[str(mode_name)] = Mode(str(mode_name), str(mode["cameo"]), value, str(mode.get("description", "")))
        code = str(spec.get("cameo"))
        if code not in cameo:
            raise KnowledgeError(f"{where}: unknown CAMEO code {code!r}")
        intensity = _number(spec.get("intensity", cameo[code].goldstein), where)
        types[name] = EventType(name, str(spec.get("description", "")), code, intensity, modes)
    contexts = {
        str(name): Context(
            str(name),
            str((spec or {}).get("description", "")),
            frozenset(str(c).lower() for c in (spec or {}).get("cues") or ()),
        )
        for name, spec in raw["contexts"].items()
    }
    for entry in cameo.values():
        where = f"cameo.tsv code {entry.code}"
        if entry.plover_type and entry.plover_type not in types:
            raise KnowledgeError(f"{where}: unknown event type {entry.plover_type!r}")
        if entry.plover_mode and entry.plover_mode not in types[str(entry.plover_type)].modes:
            raise KnowledgeError(f"{where}: {entry.plover_type} has no mode {entry.plover_mode!r}")
        for ctx in entry.plover_contexts:
            if ctx not in contexts:
                raise KnowledgeError(f"{where}: unknown context {ctx!r}")
    sectors = {str(k): str(v) for k, v in raw["sectors"].items()}
    non_state = {str(k): str(v) for k, v in raw["non_state"].items()}
    return Ontology(str(raw["version"]), types, contexts, sectors, non_state, cameo)


@cache
def _load_ontology(extra: tuple[Path, ...]) -> Ontology:
    raw: dict[str, Any] = {key: {} for key in _RAW_KEYS}
    raw["version"] = _read_yaml(ONTOLOGY_DIR / "plover.yaml").get("version", "")
    for path in (ONTOLOGY_DIR / "plover.yaml", *extra):
        _merge_ontology(_read_yaml(path), str(path), raw)
    return _build_ontology(raw, _read_cameo(ONTOLOGY_DIR / "cameo.tsv", "cameo.tsv"))


def load_ontology(extra_paths: Iterable[str | Path] = ()) -> Ontology:
    """PLOVER + CAMEO, with ``extra_paths`` and ``$TIDINGS_ONTOLOGY_PATH`` merged over it."""
    extra = tuple(Path(p) for p in extra_paths) + _env_paths(ONTOLOGY_ENV, (".yaml", ".yml"))
    return _load_ontology(extra)


class Lexicon:
    """Trigger lemmas, looked up by lemma and part of speech."""

    def __init__(self, triggers: Iterable[Trigger]) -> None:
        self.triggers = tuple(triggers)
        by_lemma: dict[str, list[Trigger]] = {}
        for trigger in self.triggers:
            by_lemma.setdefault(trigger.lemma, []).append(trigger)
        # most specific first: more requirements, then an exact part of speech, then file order
        self._by_lemma = {
            lemma: sorted(rows, key=lambda t: (-len(t.requires), t.pos == "ANY")) for lemma, rows in by_lemma.items()
        }
        self.lemmas = frozenset(self._by_lemma)

    def __len__(self) -> int:
        return len(self.triggers)

    def __iter__(self) -> Iterator[Trigger]:
        return iter(self.triggers)

    def candidates(self, lemma: str, pos: str) -> list[Trigger]:
        """Rows for ``lemma`` usable with ``pos`` (spaCy tag, or "ANY"), most specific first."""
        pos = _POS_ALIASES.get(pos, pos)
        rows = self._by_lemma.get(lemma.lower(), ())
        return [t for t in rows if pos == "ANY" or t.pos in ("ANY", pos)]

    def match(self, token: Token) -> Trigger | None:
        """The first candidate whose ``requires`` the token satisfies, or None.

        Proper nouns inside named entities ("Popular Mobilization Forces") never match."""
        if token.pos_ == "PROPN" and token.ent_type_:
            return None
        for trigger in self.candidates(token.lemma_, token.pos_):
            if trigger.matches(token):
                return None if trigger.is_statement else trigger
        return None


def _parse_requires(text: str, where: str) -> tuple[Requirement, ...]:
    requirements = []
    for part in text.split():
        dep, sep, lemmas = part.partition(":")
        names = frozenset(x for x in lemmas.lower().split("|") if x)
        if not sep or not dep or not names:
            raise KnowledgeError(f"{where}: bad requirement {part!r}; write DEP:lemma1|lemma2")
        requirements.append(Requirement(dep, names))
    return tuple(requirements)


def _read_lexicon(path: Path, name: str, ontology: Ontology) -> list[Trigger]:
    rows: list[Trigger] = []
    seen: dict[tuple[str, str, frozenset[str]], str] = {}
    for where, cols in _table(path, name, LEXICON_HEADER, 5):
        lemma, pos, type_, mode, code, requires, note = cols
        if not lemma or lemma != lemma.lower() or " " in lemma:
            raise KnowledgeError(f"{where}: lemma {lemma!r} must be one lower-case token")
        if pos not in POS_TAGS:
            raise KnowledgeError(f"{where}: pos {pos!r} is not one of {sorted(POS_TAGS)}")
        event_type = ontology.event_types.get(type_)
        if event_type is None and type_ != STATEMENT:
            raise KnowledgeError(f"{where}: unknown event type {type_!r} (or {STATEMENT!r}: a statement)")
        mode_name = None if mode in ("", ".", "-") else mode
        if type_ == STATEMENT and (mode_name is not None or not code.startswith("01")):
            raise KnowledgeError(f"{where}: a statement row ({STATEMENT!r}) has no mode and a CAMEO 01 code")
        if event_type is not None and mode_name is not None and mode_name not in event_type.modes:
            raise KnowledgeError(f"{where}: unknown mode {mode_name!r} for {type_}")
        if code not in ontology.cameo:
            raise KnowledgeError(f"{where}: unknown CAMEO code {code!r}")
        reqs = _parse_requires(requires, where)
        trigger = Trigger(lemma, pos, type_, mode_name, code, reqs, note, where)
        if trigger.key in seen:
            first = seen[trigger.key]
            raise KnowledgeError(f"{where}: duplicate entry for {lemma!r} {pos} (first at {first})")
        seen[trigger.key] = where
        rows.append(trigger)
    return rows


@cache
def _load_lexicon(extra: tuple[Path, ...], ontology_extra: tuple[Path, ...]) -> Lexicon:
    ontology = _load_ontology(ontology_extra)
    merged: dict[tuple[str, str, frozenset[str]], Trigger] = {}
    for path, name in ((LEXICON_DIR / "events.tsv", "events.tsv"), *((p, str(p)) for p in extra)):
        for trigger in _read_lexicon(path, name, ontology):
            merged.pop(trigger.key, None)  # a later row replaces an earlier one with the same key
            merged[trigger.key] = trigger
    return Lexicon(merged.values())


def load_lexicon(extra_paths: Iterable[str | Path] = (), ontology_paths: Iterable[str | Path] = ()) -> Lexicon:
    """``events.tsv`` plus ``extra_paths`` and ``$TIDINGS_LEXICON_PATH``, validated against the
    ontology with ``ontology_paths`` (and ``$TIDINGS_ONTOLOGY_PATH``) merged in."""
    extra = tuple(Path(p) for p in extra_paths) + _env_paths(LEXICON_ENV, (".tsv",))
    ontology_extra = tuple(Path(p) for p in ontology_paths) + _env_paths(ONTOLOGY_ENV, (".yaml", ".yml"))
    return _load_lexicon(extra, ontology_extra)
