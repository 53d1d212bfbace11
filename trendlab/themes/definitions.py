"""Theme definitions: what a theme is about, and what it is not.

A :class:`Theme` names a concept and says how to recognise it in an article:

* ``core`` terms define it (each hit counts :data:`CORE_WEIGHT` times) and ``seeds`` relate to it
  (counted once);
* ``requires`` names context groups the article must also be about: edge AI silicon is about AI
  *and* about devices, so a data-centre GPU story with every chip word in it still fails;
* ``near_misses`` names groups of terms that count *against* the theme: an article about HBM
  prices or export controls that mentions "AI 칩" is a near miss, not a theme article.

Groups are defined once in the :class:`ThemeSet` (``context`` and ``near_misses``) and shared by
themes. Files use the layout of ``data/themes.yaml``; the file format is versioned:

* ``version: 1`` (trendlab 0.1): ``context`` and per-theme ``core``, ``seeds``, ``requires``. Still
  loads: it is a version 2 file without near-miss groups.
* ``version: 2``: adds top-level ``near_misses`` groups and per-theme ``near_misses`` lists.

Any other version is refused with a message saying what to change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from ..errors import ConfigError
from ..labels import OTHER, OTHER_LABEL
from ..tokenize import KiwiTokenizer

__all__ = ["Theme", "ThemeSet", "OTHER", "CORE_WEIGHT", "FORMAT_VERSION", "as_theme_set"]

CORE_WEIGHT = 3.0
FORMAT_VERSION = 2
_SUPPORTED_VERSIONS = (1, 2)
_THEME_KEYS = {"label", "label_en", "description", "core", "seeds", "requires", "near_misses"}
_FILE_KEYS = {"version", "context", "near_misses", "themes"}


def _str_list(value, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ConfigError(f"{what} must be a list of strings, got {value!r}.")
    out = []
    for v in value:
        if not isinstance(v, str) or not v.strip():
            raise ConfigError(f"{what} must hold non-empty strings; found {v!r}.")
        out.append(v.strip())
    return out


@dataclass
class Theme:
    """One named theme.

    Parameters
    ----------
    name : str
        Identifier used in tables and the CLI (``sovereign_ai``).
    label : str
        Display name.
    seeds : list of str
        Related terms, each hit counted once.
    description : str, optional
        What belongs to the theme, and what does not, in a sentence or two.
    core : list of str, optional
        Defining terms, each hit counted :data:`CORE_WEIGHT` times.
    requires : list of str, or dict of str to float, default ["ai"]
        Context groups of the :class:`ThemeSet` the article must also be about. A mapping gives
        each group its own least density (position-weighted hits per 100 tokens), for example
        ``{"ai": 2.0, "work": 1.0}``; a list uses ``assign_themes``' ``context_density``.
    label_en : str, optional
        English display name.
    near_misses : list of str, optional
        Near-miss groups of the :class:`ThemeSet` whose terms count against this theme.

    Examples
    --------
    >>> Theme("ev_battery", "전기차 배터리", seeds=["배터리", "전기차", "양극재"], requires=[]).name
    'ev_battery'
    """

    name: str
    label: str
    seeds: list[str]
    description: str = ""
    core: list[str] = field(default_factory=list)
    requires: list[str] = field(default_factory=lambda: ["ai"])
    label_en: str = ""
    near_misses: list[str] = field(default_factory=list)
    context_min: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise ConfigError("a theme needs a non-empty name.")
        if isinstance(self.requires, dict):
            for k, v in self.requires.items():
                if isinstance(v, bool) or not isinstance(v, (int, float)) or v < 0:
                    raise ConfigError(
                        f"theme {self.name!r} requires {k!r}: the density must be a number >= 0, got {v!r}."
                    )
            self.context_min = {str(k): float(v) for k, v in self.requires.items()} | self.context_min
            self.requires = list(self.requires)
        self.seeds = _str_list(self.seeds, f"theme {self.name!r} seeds")
        self.core = _str_list(self.core, f"theme {self.name!r} core")
        self.requires = _str_list(self.requires, f"theme {self.name!r} requires")
        self.near_misses = _str_list(self.near_misses, f"theme {self.name!r} near_misses")
        if not self.seeds and not self.core:
            raise ConfigError(f"theme {self.name!r} has no seeds and no core terms; give it at least one term.")
        if self.name == OTHER:
            raise ConfigError(f"{OTHER!r} is reserved for articles that fit no theme; rename the theme.")

    def terms(self) -> dict[str, float]:
        """Every term with its weight (core terms weigh :data:`CORE_WEIGHT`)."""
        out = dict.fromkeys(self.seeds, 1.0)
        out.update(dict.fromkeys(self.core, CORE_WEIGHT))
        return out


class ThemeSet:
    """An ordered set of themes plus the term groups they refer to.

    Parameters
    ----------
    themes : list of Theme
    context : dict of str to list of str, optional
        Named groups an article must also be about, such as ``{"ai": ["AI", "인공지능", ...]}``.
    near_misses : dict of str to list of str, optional
        Named groups that count against the themes that list them, such as
        ``{"memory": ["HBM", "D램", ...]}``.

    Examples
    --------
    >>> ts = ThemeSet.default()
    >>> ts.names
    ['sovereign_ai', 'edge_ai_silicon', 'ai_jobs']
    """

    def __init__(
        self,
        themes: Sequence[Theme],
        context: dict[str, list[str]] | None = None,
        near_misses: dict[str, list[str]] | None = None,
    ):
        self.themes = list(themes)
        self.context = {k: _str_list(v, f"context group {k!r}") for k, v in (context or {}).items()}
        self.near_misses = {k: _str_list(v, f"near-miss group {k!r}") for k, v in (near_misses or {}).items()}
        if not self.themes:
            raise ConfigError("a ThemeSet needs at least one theme.")
        names = [t.name for t in self.themes]
        if len(set(names)) != len(names):
            raise ConfigError(f"theme names repeat: {names}; each name must be unique.")
        for t in self.themes:
            _check_refs(t.name, "requires context groups", t.requires, self.context, "context")
            _check_refs(t.name, "lists near-miss groups", t.near_misses, self.near_misses, "near_misses")

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.themes]

    def __iter__(self):
        return iter(self.themes)

    def __len__(self) -> int:
        return len(self.themes)

    def __getitem__(self, name: str) -> Theme:
        for t in self.themes:
            if t.name == name:
                return t
        raise KeyError(name)

    def __repr__(self) -> str:
        return f"ThemeSet({self.names})"

    def context_terms(self, tokenizer) -> set[str]:
        """The context groups' terms as the tokenizer spells them (e.g. {"AI", "딥러닝", ...})."""
        return {w for terms in self.context.values() for t in terms for w in tokenizer(t)}

    def labels(self) -> dict[str, str]:
        return {t.name: t.label for t in self.themes} | {OTHER: OTHER_LABEL}

    @classmethod
    def default(cls) -> ThemeSet:
        """The shipped themes: sovereign_ai, edge_ai_silicon, ai_jobs (``data/themes.yaml``)."""
        res = resources.files("trendlab") / "data" / "themes.yaml"
        return cls._from_mapping(_parse(res.read_text(encoding="utf-8"), "yaml", "default themes"), "default themes")

    @classmethod
    def from_file(cls, path: str | Path) -> ThemeSet:
        """Load themes from a YAML or TOML file with the layout of ``data/themes.yaml``.

        Raises :class:`~trendlab.errors.ConfigError` naming the file and the key at fault.
        """
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"{path}: themes file not found; check the path.")
        kind = "toml" if path.suffix.lower() == ".toml" else "yaml"
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError) as exc:
            raise ConfigError(f"{path}: cannot read the themes file ({exc}); save it as UTF-8.") from exc
        return cls._from_mapping(_parse(text, kind, str(path)), str(path))

    @classmethod
    def _from_mapping(cls, data, where: str) -> ThemeSet:
        _check_layout(data, where)
        themes = [_theme_from_spec(name, spec, data, where) for name, spec in data["themes"].items()]
        groups = {}
        for key in ("context", "near_misses"):
            groups[key] = data.get(key) or {}
            if not isinstance(groups[key], dict):
                raise ConfigError(f"{where}: '{key}' must map group names to lists of terms.")
        try:
            return cls(themes, groups["context"], groups["near_misses"])
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None

    def to_dict(self) -> dict:
        """A plain mapping in the file layout, current version (used by model.save)."""
        return {
            "version": FORMAT_VERSION,
            "context": self.context,
            "near_misses": self.near_misses,
            "themes": {
                t.name: {
                    "label": t.label,
                    "label_en": t.label_en,
                    "description": t.description,
                    "core": t.core,
                    "seeds": t.seeds,
                    "requires": {r: t.context_min[r] for r in t.requires} if t.context_min else t.requires,
                    "near_misses": t.near_misses,
                }
                for t in self.themes
            },
        }

    @classmethod
    def from_dict(cls, data: dict) -> ThemeSet:
        return cls._from_mapping(data, "theme set")

    # -- seed expansion ----------------------------------------------------------
    def expand(self, tokenizer=None, *, top_n: int = 5, min_score: float = 0.6) -> pd.DataFrame:
        """Propose related terms for each theme from Kiwi's CoNg embedding, for review.

        Offline: uses ``Kiwi.most_similar_morphemes`` of the model shipped with kiwipiepy.
        Nothing is added to the themes; the table is for a person to read.

        Returns
        -------
        pandas.DataFrame
            Columns ``theme, seed, proposal, tag, similarity``.
        """
        tok = tokenizer if tokenizer is not None else KiwiTokenizer()
        kiwi = tok.kiwi
        rows = []
        for t in self.themes:
            known = {w for term in t.terms() for w in tok(term)}
            for seed in t.terms():
                if " " in seed or not any("\uac00" <= ch <= "\ud7a3" for ch in seed):
                    continue
                try:
                    sims = kiwi.most_similar_morphemes(seed, top_n * 3)
                except Exception:  # noqa: BLE001 - not every form is a known morpheme
                    continue
                k = 0
                for s in sims:
                    if s.form in known or s.score < min_score or not s.tag.startswith("NN"):
                        continue
                    rows.append(
                        {
                            "theme": t.name,
                            "seed": seed,
                            "proposal": s.form,
                            "tag": s.tag,
                            "similarity": round(float(s.score), 4),
                        }
                    )
                    k += 1
                    if k >= top_n:
                        break
        df = pd.DataFrame(rows, columns=["theme", "seed", "proposal", "tag", "similarity"])
        return df.drop_duplicates(["theme", "proposal"]).reset_index(drop=True)


def _check_refs(theme: str, verb: str, refs: list[str], groups: dict, key: str) -> None:
    missing = [r for r in refs if r not in groups]
    if missing:
        raise ConfigError(
            f"theme {theme!r} {verb} {missing} that are not defined; define them under '{key}:' (have {list(groups)})."
        )


def _check_layout(data, where: str) -> None:
    if not isinstance(data, dict) or "themes" not in data:
        raise ConfigError(f"{where}: expected a mapping with a 'themes' key.")
    version = data.get("version", 1)
    if version not in _SUPPORTED_VERSIONS or isinstance(version, bool):
        raise ConfigError(
            f"{where}: themes file version {version!r} is not supported; this trendlab reads versions "
            f"{list(_SUPPORTED_VERSIONS)}. Write 'version: {FORMAT_VERSION}' (see docs/themes.md) "
            "or upgrade trendlab."
        )
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown top-level key(s) {sorted(unknown)}; allowed: {sorted(_FILE_KEYS)}.")
    if version == 1 and "near_misses" in data:
        raise ConfigError(f"{where}: 'near_misses' needs 'version: 2'; change the version line.")
    if not isinstance(data["themes"], dict) or not data["themes"]:
        raise ConfigError(f"{where}: 'themes' must map theme names to their definitions.")


def _theme_from_spec(name, spec, data: dict, where: str) -> Theme:
    if not isinstance(spec, dict):
        raise ConfigError(f"{where}: theme {name!r} must be a mapping of {sorted(_THEME_KEYS)}.")
    bad = set(spec) - _THEME_KEYS
    if bad:
        raise ConfigError(f"{where}: theme {name!r} has unknown key(s) {sorted(bad)}; allowed: {sorted(_THEME_KEYS)}.")
    if data.get("version", 1) == 1 and "near_misses" in spec:
        raise ConfigError(f"{where}: theme {name!r} uses 'near_misses', which needs 'version: 2'.")
    default_requires = ["ai"] if "ai" in (data.get("context") or {}) else []
    try:
        return Theme(
            name=str(name),
            label=str(spec.get("label", name)),
            seeds=spec.get("seeds") or [],
            core=spec.get("core") or [],
            description=str(spec.get("description", "")),
            requires=spec.get("requires", default_requires),
            label_en=str(spec.get("label_en", "")),
            near_misses=spec.get("near_misses") or [],
        )
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _parse(text: str, kind: str, where: str):
    try:
        if kind == "toml":
            import tomllib

            return tomllib.loads(text)
        import yaml

        return yaml.safe_load(text)
    except Exception as exc:  # yaml and toml raise their own types
        raise ConfigError(f"{where}: not valid {kind.upper()} ({str(exc).splitlines()[0]}).") from exc


def as_theme_set(themes) -> ThemeSet:
    """The one place the default is chosen: None gives :meth:`ThemeSet.default`, a path is read
    with :meth:`ThemeSet.from_file`, a ThemeSet is returned as it is."""
    if themes is None:
        return ThemeSet.default()
    if isinstance(themes, ThemeSet):
        return themes
    if isinstance(themes, (str, Path)):
        return ThemeSet.from_file(themes)
    raise ConfigError(f"themes must be a ThemeSet, a path to a themes file or None, got {type(themes).__name__}.")


def themes_fingerprint(themes: ThemeSet) -> str:
    """A short hash of a theme set's full definition: a model's definition features mean what
    they meant at training only with the same definitions."""
    blob = json.dumps(themes.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(blob.encode("utf-8")).hexdigest()[:16]
