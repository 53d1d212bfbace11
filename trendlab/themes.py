"""Named themes, and the assignment of every article to one theme or to "other".

A :class:`Theme` is defined by its terms: ``core`` terms (counted three times),
``seeds`` (counted once) and ``requires``, context groups the article must also
be about (by default "ai"). :func:`assign_themes` scores every article against
every theme on the tokenizer's own tokens:

``score = weighted theme-term hits per 100 tokens``

and an article can only take a theme when

* it has at least ``min_hits`` weighted theme-term hits (one stray 반도체 or 일자리 is not enough),
* each required context group reaches ``context_density`` hits per 100 tokens (a job ad or
  an article on semiconductor process materials is not about AI), and
* its score reaches ``threshold``; or, when the article's topic maps to that theme,
  ``topic_relief * threshold``. A topic maps to a theme when its pooled terms favour the
  theme clearly (:func:`topic_themes`) and at least half of its articles are in that theme
  on their own evidence: the topic decides the doubtful cases, never the clear ones.

The best-scoring qualifying theme wins; otherwise the article is ``"other"``.
Every decision comes with its evidence: the matched terms with counts, the
context density, and the topic that supported it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import ConfigError, InputError

__all__ = ["Theme", "ThemeSet", "assign_themes", "topic_themes", "OTHER", "ASSIGNMENT_COLUMNS"]

OTHER = "other"
CORE_WEIGHT = 3.0
ASSIGNMENT_COLUMNS = [
    "doc_id",
    "source",
    "title",
    "date",
    "date_source",
    "theme",
    "theme_score",
    "topic",
    "topic_label",
    "decided_by",
    "evidence",
]
_THEME_KEYS = {"label", "label_en", "description", "core", "seeds", "requires"}
_FILE_KEYS = {"version", "context", "themes"}


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
    core : list of str, optional
        Defining terms, each hit counted three times.
    requires : list of str, default ["ai"]
        Context groups of the :class:`ThemeSet` the article must also be about.
    label_en : str, optional
        English display name.

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

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.strip():
            raise ConfigError("a theme needs a non-empty name.")
        self.seeds = _str_list(self.seeds, f"theme {self.name!r} seeds")
        self.core = _str_list(self.core, f"theme {self.name!r} core")
        self.requires = _str_list(self.requires, f"theme {self.name!r} requires")
        if not self.seeds and not self.core:
            raise ConfigError(f"theme {self.name!r} has no seeds and no core terms; give it at least one term.")
        if self.name == OTHER:
            raise ConfigError(f"{OTHER!r} is reserved for articles that fit no theme; rename the theme.")

    def terms(self) -> dict[str, float]:
        """Every term with its weight (core terms weigh :data:`CORE_WEIGHT`)."""
        out = {t: 1.0 for t in self.seeds}
        out.update({t: CORE_WEIGHT for t in self.core})
        return out


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


class ThemeSet:
    """An ordered set of themes plus the context groups they may require.

    Parameters
    ----------
    themes : list of Theme
    context : dict of str to list of str, optional
        Named term groups, such as ``{"ai": ["AI", "인공지능", ...]}``.

    Examples
    --------
    >>> ts = ThemeSet.default()
    >>> ts.names
    ['sovereign_ai', 'edge_ai_silicon', 'ai_jobs']
    """

    def __init__(self, themes: Sequence[Theme], context: dict[str, list[str]] | None = None):
        self.themes = list(themes)
        self.context = {k: _str_list(v, f"context group {k!r}") for k, v in (context or {}).items()}
        if not self.themes:
            raise ConfigError("a ThemeSet needs at least one theme.")
        names = [t.name for t in self.themes]
        if len(set(names)) != len(names):
            raise ConfigError(f"theme names repeat: {names}; each name must be unique.")
        for t in self.themes:
            missing = [r for r in t.requires if r not in self.context]
            if missing:
                raise ConfigError(
                    f"theme {t.name!r} requires context groups {missing} that are not "
                    f"defined; define them under 'context:' (have {list(self.context)})."
                )

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
        return {t.name: t.label for t in self.themes} | {OTHER: "기타 (other)"}

    # -- files -----------------------------------------------------------------
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
        if not isinstance(data, dict) or "themes" not in data:
            raise ConfigError(f"{where}: expected a mapping with a 'themes' key.")
        unknown = set(data) - _FILE_KEYS
        if unknown:
            raise ConfigError(f"{where}: unknown top-level key(s) {sorted(unknown)}; allowed: {sorted(_FILE_KEYS)}.")
        themes_raw = data["themes"]
        if not isinstance(themes_raw, dict) or not themes_raw:
            raise ConfigError(f"{where}: 'themes' must map theme names to their definitions.")
        themes = []
        for name, spec in themes_raw.items():
            if not isinstance(spec, dict):
                raise ConfigError(f"{where}: theme {name!r} must be a mapping of {sorted(_THEME_KEYS)}.")
            bad = set(spec) - _THEME_KEYS
            if bad:
                raise ConfigError(
                    f"{where}: theme {name!r} has unknown key(s) {sorted(bad)}; allowed: {sorted(_THEME_KEYS)}."
                )
            try:
                themes.append(
                    Theme(
                        name=str(name),
                        label=str(spec.get("label", name)),
                        seeds=spec.get("seeds") or [],
                        core=spec.get("core") or [],
                        description=str(spec.get("description", "")),
                        requires=spec.get("requires", ["ai"] if "ai" in (data.get("context") or {}) else []),
                        label_en=str(spec.get("label_en", "")),
                    )
                )
            except ConfigError as exc:
                raise ConfigError(f"{where}: {exc}") from None
        ctx = data.get("context") or {}
        if not isinstance(ctx, dict):
            raise ConfigError(f"{where}: 'context' must map group names to lists of terms.")
        try:
            return cls(themes, ctx)
        except ConfigError as exc:
            raise ConfigError(f"{where}: {exc}") from None

    def to_dict(self) -> dict:
        """A plain mapping in the file layout (used by model.save)."""
        return {
            "version": 1,
            "context": self.context,
            "themes": {
                t.name: {
                    "label": t.label,
                    "label_en": t.label_en,
                    "description": t.description,
                    "core": t.core,
                    "seeds": t.seeds,
                    "requires": t.requires,
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
        from .tokenize import KiwiTokenizer

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


def _parse(text: str, kind: str, where: str):
    try:
        if kind == "toml":
            import tomllib

            return tomllib.loads(text)
        import yaml

        return yaml.safe_load(text)
    except Exception as exc:  # yaml and toml raise their own types
        raise ConfigError(f"{where}: not valid {kind.upper()} ({str(exc).splitlines()[0]}).") from exc


# -- scoring --------------------------------------------------------------------------
class _Matcher:
    """Counts weighted term hits in token lists; multi-token terms match as sequences."""

    def __init__(self, terms: dict[str, float], tokenizer):
        self.single: dict[str, tuple[float, str]] = {}
        self.multi: list[tuple[tuple[str, ...], float, str]] = []
        for term, w in terms.items():
            toks = tuple(tokenizer(term))
            if not toks:
                continue
            if len(toks) == 1:
                prev = self.single.get(toks[0])
                if prev is None or prev[0] < w:
                    self.single[toks[0]] = (w, term)
            else:
                self.multi.append((toks, w, term))

    def hits(self, tokens: list[str], counts: Counter, *, parts: bool = False) -> tuple[float, Counter]:
        """Weighted hits and the matched terms. With ``parts``, a multi-word token counts
        for each of its words that is a term ("AI 반도체" is a hit for the term "AI")."""
        found: Counter = Counter()
        total = 0.0
        for tok, (w, _term) in self.single.items():
            c = counts.get(tok, 0)
            if c:
                found[tok] += c
                total += w * c
        if parts:
            for tok, c in counts.items():
                if " " in tok and tok not in self.single:
                    w = max((self.single[p][0] for p in tok.split(" ") if p in self.single), default=0.0)
                    if w:
                        found[tok] += c
                        total += w * c
        if self.multi:
            for seq, w, _term in self.multi:
                n = len(seq)
                c = sum(1 for i in range(len(tokens) - n + 1) if tuple(tokens[i : i + n]) == seq)
                if c:
                    found[" ".join(seq)] += c
                    total += w * c
        return total, found


def _matchers(themes: ThemeSet, tok) -> tuple[dict[str, _Matcher], dict[str, _Matcher]]:
    """(theme matchers, context matchers): every term tokenized once."""
    return (
        {t.name: _Matcher(t.terms(), tok) for t in themes},
        {k: _Matcher(dict.fromkeys(v, 1.0), tok) for k, v in themes.context.items()},
    )


def _per100(x: float, n: int) -> float:
    return 100.0 * x / max(n, 1)


def topic_themes(
    model,
    themes: ThemeSet,
    tokenizer=None,
    *,
    threshold: float = 1.0,
    dominance: float = 2.0,
    weight_threshold: float = 0.2,
    _built=None,
) -> pd.DataFrame:
    """Map each topic of a fitted model to a theme by its term weights against the seeds.

    With the model's tokens at hand, a topic's term weights are the term counts of all
    its articles together, scored like an article: weighted theme-term hits per 100
    tokens, the required context included; the topic maps to its best theme when that
    reaches ``threshold`` and is at least ``dominance`` times the second best. A mixed
    topic (several themes about equally) maps to "other".

    For a model loaded from disk (no tokens), the topic's top terms and their weights are
    used instead: the weight share of theme terms must reach ``weight_threshold``.

    Returns
    -------
    pandas.DataFrame
        Columns ``topic, theme, score`` and one ``score_<theme>`` column per theme.
    """
    tok = tokenizer if tokenizer is not None else model.tokenizer_
    matchers, ctx = _built if _built is not None else _matchers(themes, tok)
    tokens = getattr(model, "tokens_", None)
    members: dict[int, list[str]] = {}
    if tokens is not None:
        for toks, t in zip(tokens, model.doc_topics_["topic"]):
            members.setdefault(int(t), []).extend(toks)
    rows = []
    for _, tp in model.topics_.iterrows():
        topic = int(tp["topic"])
        row = {"topic": topic}
        if tokens is not None:
            toks = members.get(topic, [])
            counts = Counter(toks)
            dens = {k: _per100(m.hits(toks, counts, parts=True)[0], len(toks)) for k, m in ctx.items()}
            for t in themes:
                ok = all(dens[r] >= 1.0 for r in t.requires)
                row[f"score_{t.name}"] = (
                    round(_per100(matchers[t.name].hits(toks, counts)[0], len(toks)), 4) if ok else 0.0
                )
            need = threshold
        else:
            terms, weights = list(tp["terms"]), np.asarray(tp["weights"], dtype=float)
            total = float(weights.sum()) or 1.0
            for t in themes:
                s = sum(w * matchers[t.name].single.get(term, (0.0, ""))[0] for term, w in zip(terms, weights))
                row[f"score_{t.name}"] = round(s / total, 4)
            need = weight_threshold
        ranked = sorted(themes.names, key=lambda n: -row[f"score_{n}"])
        best = ranked[0]
        second = row[f"score_{ranked[1]}"] if len(ranked) > 1 else 0.0
        clear = row[f"score_{best}"] >= need and row[f"score_{best}"] >= dominance * second
        row["theme"] = best if clear and topic != -1 else OTHER
        row["score"] = row[f"score_{best}"]
        rows.append(row)
    cols = ["topic", "theme", "score"] + [f"score_{n}" for n in themes.names]
    return pd.DataFrame(rows, columns=cols)


def assign_themes(
    corpus,
    themes: ThemeSet | None = None,
    *,
    model=None,
    tokenizer=None,
    tokens: list[list[str]] | None = None,
    threshold: float = 1.0,
    min_hits: float = 4.0,
    context_density: float = 2.0,
    topic_relief: float = 0.5,
    cache=True,
) -> pd.DataFrame:
    """Assign every article to exactly one theme or to ``"other"``, with evidence.

    Parameters
    ----------
    corpus : Corpus
    themes : ThemeSet, optional
        Defaults to :meth:`ThemeSet.default`.
    model : TopicModel, optional
        A fitted model. Its tokens are reused (nothing is re-tokenized), and its topics,
        mapped to themes by :func:`topic_themes`, decide the doubtful cases.
    tokenizer : KiwiTokenizer, optional
        Used when no model is given (default ``KiwiTokenizer()``).
    tokens : list of list of str, optional
        Pre-computed tokens aligned with the corpus.
    threshold : float, default 1.0
        Weighted theme-term hits per 100 tokens an article needs on its own.
    min_hits : float, default 4.0
        Least weighted hits (a core term counts 3) before any theme is possible.
    context_density : float, default 2.0
        Hits per 100 tokens each required context group (e.g. "ai") must reach.
    topic_relief : float, default 0.5
        When the article's topic maps to a theme, the article needs only
        ``topic_relief * threshold`` for that theme.
    cache : bool or path, default True
        Token cache used when tokenizing here.

    Returns
    -------
    pandas.DataFrame
        :data:`ASSIGNMENT_COLUMNS` plus ``score_<theme>`` per theme and ``context_<group>``.
        ``evidence`` reads like ``"소버린 AI×5, AI 주권×2; ai 7.0/100 tokens; topic 2 (→ sovereign_ai)"``.

    Examples
    --------
    >>> assigned = assign_themes(corpus, ThemeSet.default())  # doctest: +SKIP
    >>> assigned[["title", "theme", "theme_score"]]           # doctest: +SKIP
    """
    from .tokenize import KiwiTokenizer

    themes = themes if themes is not None else ThemeSet.default()
    if not isinstance(themes, ThemeSet):
        raise ConfigError(f"themes must be a ThemeSet, got {type(themes).__name__}.")
    for name, v in [
        ("threshold", threshold),
        ("min_hits", min_hits),
        ("context_density", context_density),
        ("topic_relief", topic_relief),
    ]:
        if not isinstance(v, (int, float)) or v < 0:
            raise ConfigError(f"{name} must be a non-negative number, got {v!r}.")
    if len(corpus) == 0:
        raise InputError("assign_themes: the corpus is empty.")
    frame = corpus.frame
    doc_topics = None
    if model is not None:
        if not hasattr(model, "topics_"):
            raise ConfigError("model must be fitted (call model.fit(corpus) first).")
        tok = model.tokenizer_
        built = _matchers(themes, tok)
        same_corpus = list(model.doc_topics_["doc_id"]) == frame["doc_id"].tolist()
        if tokens is None and same_corpus:
            tokens = model.tokens_  # None for a model loaded from disk: tokenized below
        doc_topics = model.doc_topics_ if same_corpus else model.transform(corpus)
        tmap = topic_themes(model, themes, tok, threshold=threshold, _built=built).set_index("topic")
    else:
        tok = tokenizer if tokenizer is not None else KiwiTokenizer()
        built = _matchers(themes, tok)
        tmap = None
    if tokens is None:
        tokens = tok.tokenize_many(frame["text"].tolist(), cache=cache)
    if len(tokens) != len(frame):
        raise InputError(f"tokens has {len(tokens)} entries for {len(frame)} articles; they must align.")

    matchers, ctx = built
    # pass 1: every article on its own evidence
    per_doc = []
    for toks in tokens:
        counts = Counter(toks)
        n = len(toks)
        ctx_density = {k: _per100(m.hits(toks, counts, parts=True)[0], n) for k, m in ctx.items()}
        scores, found = {}, {}
        for t in themes:
            hits, f = matchers[t.name].hits(toks, counts)
            ok = hits >= min_hits and all(ctx_density[r] >= context_density for r in t.requires)
            scores[t.name] = _per100(hits, n) if ok else 0.0
            found[t.name] = f
        own = [nm for nm in themes.names if scores[nm] > 0 and scores[nm] >= threshold]
        per_doc.append((scores, found, ctx_density, max(own, key=lambda nm: scores[nm]) if own else OTHER))
    # topics map to a theme only when their pooled terms favour it clearly and at least
    # half of their articles are in it on their own evidence
    topic_of = [int(t) for t in doc_topics["topic"]] if doc_topics is not None else [None] * len(tokens)
    topic_theme: dict[int, str] = {}
    if tmap is not None:
        for topic in set(topic_of):
            if topic not in tmap.index or tmap.loc[topic, "theme"] == OTHER:
                continue
            th = tmap.loc[topic, "theme"]
            members = [d[3] for d, t in zip(per_doc, topic_of) if t == topic]
            if members and sum(m == th for m in members) / len(members) >= 0.5:
                topic_theme[topic] = th
    # pass 2: the topic decides the doubtful cases
    rows = []
    for i, (scores, found, ctx_density, _own) in enumerate(per_doc):
        topic = topic_of[i]
        topic_label = str(doc_topics.iloc[i].get("topic_label", "")) if doc_topics is not None else ""
        tt = topic_theme.get(topic, OTHER) if topic is not None else OTHER
        need = {name: threshold * (topic_relief if name == tt else 1.0) for name in scores}
        qualifying = [name for name in themes.names if scores[name] > 0 and scores[name] >= need[name]]
        if qualifying:
            theme = max(qualifying, key=lambda nm: scores[nm])
            decided = "topic-supported" if scores[theme] < threshold else "article"
        else:
            theme, decided = OTHER, "none"
        shown = theme if theme != OTHER else max(themes.names, key=lambda nm: scores[nm])
        terms = ", ".join(f"{w}×{c}" for w, c in found[shown].most_common(6)) or "no theme terms"
        ev = f"{terms}; " + ", ".join(f"{k} {v:.1f}/100 tokens" for k, v in ctx_density.items())
        if theme == OTHER and found[shown]:
            ev = f"closest {shown}: {ev}"
        if topic is not None:
            ev += f"; topic {topic}" + (f" (→ {tt})" if tt != OTHER else "")
        row = {
            "theme": theme,
            "theme_score": round(scores[theme], 3) if theme != OTHER else 0.0,
            "topic": topic if topic is not None else -1,
            "topic_label": topic_label,
            "decided_by": decided,
            "evidence": ev,
        }
        row.update({f"score_{k}": round(v, 3) for k, v in scores.items()})
        row.update({f"context_{k}": round(v, 3) for k, v in ctx_density.items()})
        rows.append(row)
    out = pd.concat(
        [frame[["doc_id", "source", "title", "date", "date_source"]].reset_index(drop=True), pd.DataFrame(rows)], axis=1
    )
    extra = [c for c in out.columns if c not in ASSIGNMENT_COLUMNS]
    out.attrs["themes"] = themes.to_dict()
    out.attrs["thresholds"] = {
        "threshold": threshold,
        "min_hits": min_hits,
        "context_density": context_density,
        "topic_relief": topic_relief,
    }
    return out[ASSIGNMENT_COLUMNS + extra]
