"""Korean tokenization on Kiwi, fit for scikit-learn and BERTopic.

:class:`KiwiTokenizer` is a callable ``str -> list[str]``. It stores only its
configuration, builds its ``Kiwi`` object lazily, and drops it when pickled, so
it pickles and deep-copies (Kiwi objects do neither) and can be passed to
``CountVectorizer(tokenizer=...)``. ``tokenize_many`` runs Kiwi's threaded
iterable API over many texts, keeps their order, and can read and write the
on-disk token cache (:mod:`trendlab.cache`), so a corpus is tokenized once per
configuration.

What it does to a text, in order:

1. replace control characters with spaces; optionally repair OCR noise
   (:func:`trendlab.ocr.repair_ocr`);
2. send mostly non-Korean text to a Unicode word tokenizer (``fallback``);
3. run Kiwi with the default and user dictionaries (multi-word entries such as
   "소버린 AI" come out as one token);
4. keep the selected parts of speech, attach noun suffixes and prefixes
   (생성+형 → 생성형), optionally add verb and adjective lemmas;
5. fold Latin case, map synonyms, drop stopwords, short tokens and numbers.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from .errors import ConfigError, InputError

__all__ = ["KiwiTokenizer", "DEFAULT_POS", "load_word_list", "unicode_tokenize"]

log = logging.getLogger(__name__)

DEFAULT_POS = ("NNG", "NNP", "SL")
_NOUNS = {"NNG", "NNP", "NNB", "NR", "SL", "SH", "XR"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_NUMBER = re.compile(r"^[\d.,%]+$")
_CHUNK = 20_000  # Kiwi works on long texts in pieces of about this many characters


def _data_path(name: str):
    return resources.files("trendlab") / "data" / name


def load_word_list(source) -> list[str]:
    """Words from a file (one per line, ``#`` starts a comment) or from a list.

    ``source`` may be a :class:`~pathlib.Path`, a string path ending in ``.txt`` or
    ``.tsv``, or an iterable of words.
    """
    if source is None:
        return []
    if isinstance(source, str) and Path(source).suffix in {".txt", ".tsv"}:
        source = Path(source)
    if isinstance(source, str):
        raise ConfigError(f"expected a list of words or a .txt/.tsv path, got the string {source!r}.")
    if hasattr(source, "read_text"):  # a Path or an importlib.resources file
        if isinstance(source, Path) and not source.exists():
            raise ConfigError(f"word list file {source} does not exist; check the path.")
        lines = source.read_text(encoding="utf-8").splitlines()
        return [w for w in (ln.split("#", 1)[0].strip() for ln in lines) if w]
    return [str(w).strip() for w in source if str(w).strip()]


def _read_tsv(resource) -> list[list[str]]:
    rows = []
    for ln in resource.read_text(encoding="utf-8").splitlines():
        ln = ln.split("#", 1)[0].rstrip()
        if ln.strip():
            rows.append([c.strip() for c in ln.split("\t")])
    return rows


def unicode_tokenize(text: str, *, min_len: int = 2, stopwords: frozenset[str] = frozenset()) -> list[str]:
    """Script-aware fallback tokenizer for text that is mostly not Korean.

    Words of scripts written with spaces are split on word boundaries and
    lower-cased; Han, Kana and Thai runs, written without spaces, become
    overlapping character bigrams.

    >>> unicode_tokenize("The NPU market grows; 人工智能芯片")
    ['the', 'npu', 'market', 'grows', '人工', '工智', '智能', '能芯', '芯片']
    """
    out = []
    for word in re.findall(r"\w+", text):
        if word.isdigit():
            continue
        runs = re.findall(
            r"[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f]+|[^\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f]+", word
        )
        for run in runs:
            if re.match(r"[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f]", run):
                out.extend(run[i : i + 2] for i in range(max(1, len(run) - 1)))
            else:
                w = run.lower()
                if len(w) >= min_len and w not in stopwords and not w.isdigit():
                    out.append(w)
    return out


class KiwiTokenizer:
    """Korean morphological tokenizer for news text, built on kiwipiepy.

    Parameters
    ----------
    pos : sequence of str, default ("NNG", "NNP", "SL")
        Kiwi part-of-speech tags to keep: common and proper nouns and foreign words.
    lemmas : bool, default False
        Also keep verb and adjective lemmas (VV, VA) as ``"쓰다"``-style forms.
    min_len : int, default 1
        Shortest token kept, in characters. One-syllable Korean nouns (칩, 팀) matter,
        so the default keeps them and relies on the stopword list for noise.
    latin_case : {"smart", "lower", "upper", "keep"}, default "smart"
        Case folding for Latin-script tokens. ``"smart"`` upper-cases tokens of at most
        four letters (AI, NPU, HBM, Ai → AI) and lower-cases longer ones (Nvidia → nvidia).
    numbers : {"drop", "keep"}, default "drop"
        Keep number tokens (SN) or not.
    user_words : list or path, optional
        Extra dictionary entries: ``"word"``, ``("word", "TAG")``, ``("word", "TAG", score)``,
        or a file with one ``word<TAB>tag<TAB>score`` per line. Multi-word entries
        ("인공지능 반도체") become one token.
    default_dict : bool, default True
        Load trendlab's domain dictionary (``data/user_dict.tsv``).
    synonyms : dict, path, "default" or None, default "default"
        Map of variant → canonical form, applied to tokens and to the words inside
        multi-word tokens. ``"default"`` loads ``data/synonyms.tsv`` (인공지능 → AI, 에지 → 엣지...).
    stopwords : "default", list, path or None, default "default"
        ``"default"`` is Kiwi's list plus trendlab's Korean-news list; a list or path
        replaces the news list (Kiwi's list stays); None disables stopwords.
    extra_stopwords : list or path, optional
        Words added to the stopwords.
    ocr_repair : bool, default True
        Repair "AI" garbled to "시" by OCR, from context (:mod:`trendlab.ocr`). It only acts
        on documents that show the confusion in an unambiguous context.
    fallback : {"auto", "kiwi", "unicode"}, default "auto"
        ``"auto"`` sends texts whose letters are less than ``korean_threshold`` Hangul to
        :func:`unicode_tokenize`; ``"kiwi"`` never does; ``"unicode"`` always does.
    korean_threshold : float, default 0.2
    num_workers : int or None, default None
        Kiwi worker threads; None uses every core (``os.cpu_count()``).
    model_type : str or None
        Passed to ``Kiwi(model_type=...)``; None is Kiwi's default.

    Examples
    --------
    >>> tok = KiwiTokenizer()
    >>> tok("소버린 AI와 인공지능 반도체, 생성형 AI가 온디바이스 NPU를 바꾼다")
    ['소버린 AI', 'AI 반도체', '생성형 AI', '온디바이스', 'NPU']
    """

    def __init__(
        self,
        pos: Sequence[str] = DEFAULT_POS,
        *,
        lemmas: bool = False,
        min_len: int = 1,
        latin_case: str = "smart",
        numbers: str = "drop",
        user_words=None,
        default_dict: bool = True,
        synonyms="default",
        stopwords="default",
        extra_stopwords=None,
        ocr_repair: bool = True,
        fallback: str = "auto",
        korean_threshold: float = 0.2,
        num_workers: int | None = None,
        model_type: str | None = None,
    ):
        self.pos = tuple(pos)
        self.lemmas = lemmas
        self.min_len = min_len
        self.latin_case = latin_case
        self.numbers = numbers
        self.user_words = user_words
        self.default_dict = default_dict
        self.synonyms = synonyms
        self.stopwords = stopwords
        self.extra_stopwords = extra_stopwords
        self.ocr_repair = ocr_repair
        self.fallback = fallback
        self.korean_threshold = korean_threshold
        self.num_workers = num_workers
        self.model_type = model_type
        self._kiwi = None
        self._state = None
        self._stop_cache = None
        self._comp_cache = None

    # -- configuration ---------------------------------------------------------
    def get_params(self, deep: bool = True) -> dict:
        """Constructor parameters, as scikit-learn expects."""
        return {k: getattr(self, k) for k in self._param_names()}

    def set_params(self, **params) -> KiwiTokenizer:
        for k, v in params.items():
            if k not in self._param_names():
                raise ConfigError(f"KiwiTokenizer has no parameter {k!r}; valid: {self._param_names()}")
            setattr(self, k, v)
        self._kiwi = self._state = self._stop_cache = self._comp_cache = None
        return self

    @staticmethod
    def _param_names() -> list[str]:
        import inspect

        return [p for p in inspect.signature(KiwiTokenizer.__init__).parameters if p != "self"]

    def __repr__(self) -> str:
        changed = {
            k: v for k, v in self.get_params().items() if v != KiwiTokenizer.__init__.__kwdefaults__.get(k, DEFAULT_POS)
        }
        return "KiwiTokenizer(" + ", ".join(f"{k}={v!r}" for k, v in changed.items()) + ")"

    def _validate(self) -> None:
        bad = [t for t in self.pos if not re.fullmatch(r"[A-Z]{2,3}(-I|-R)?", t)]
        if bad or not self.pos:
            raise ConfigError(f"pos must be Kiwi tags such as ('NNG', 'NNP', 'SL'); got {self.pos!r}.")
        if self.latin_case not in {"smart", "lower", "upper", "keep"}:
            raise ConfigError(f"latin_case must be 'smart', 'lower', 'upper' or 'keep'; got {self.latin_case!r}.")
        if self.numbers not in {"drop", "keep"}:
            raise ConfigError(f"numbers must be 'drop' or 'keep'; got {self.numbers!r}.")
        if self.fallback not in {"auto", "kiwi", "unicode"}:
            raise ConfigError(f"fallback must be 'auto', 'kiwi' or 'unicode'; got {self.fallback!r}.")
        if not isinstance(self.min_len, int) or self.min_len < 1:
            raise ConfigError(f"min_len must be a positive integer; got {self.min_len!r}.")
        if self.num_workers is not None and (not isinstance(self.num_workers, int) or self.num_workers < 0):
            raise ConfigError(f"num_workers must be None or a non-negative integer; got {self.num_workers!r}.")

    def _resolved(self) -> dict:
        """The configuration with every file read: what the tokens depend on."""
        if self._state is not None:
            return self._state
        self._validate()
        words: list[tuple[str, str, float]] = []
        if self.default_dict:
            words += [
                (r[0], r[1] if len(r) > 1 else "NNP", float(r[2]) if len(r) > 2 else 0.0)
                for r in _read_tsv(_data_path("user_dict.tsv"))
            ]
        words += self._user_entries()
        syn: dict[str, str] = {}
        if self.synonyms == "default":
            syn = {r[0]: r[1] for r in _read_tsv(_data_path("synonyms.tsv")) if len(r) >= 2}
        elif isinstance(self.synonyms, dict):
            syn = {str(k): str(v) for k, v in self.synonyms.items()}
        elif isinstance(self.synonyms, (str, Path)):
            p = Path(self.synonyms)
            if not p.exists():
                raise ConfigError(f"synonyms file {p} does not exist; check the path.")
            syn = {r[0]: r[1] for r in _read_tsv(p) if len(r) >= 2}
        elif self.synonyms is not None:
            raise ConfigError("synonyms must be 'default', a dict, a .tsv path or None.")
        stop: set[str] = set()
        if self.stopwords is not None:
            from kiwipiepy.utils import Stopwords

            stop |= {form for form, _ in Stopwords().stopwords}
            stop |= set(
                load_word_list(_data_path("stopwords_ko_news.txt"))
                if self.stopwords == "default"
                else load_word_list(self.stopwords)
            )
        stop |= set(load_word_list(self.extra_stopwords))
        self._state = {"words": words, "synonyms": syn, "stopwords": sorted(stop)}
        return self._state

    def _user_entries(self) -> list[tuple[str, str, float]]:
        src = self.user_words
        if src is None:
            return []
        if isinstance(src, (str, Path)):
            p = Path(src)
            if not p.exists():
                raise ConfigError(f"user_words file {p} does not exist; check the path.")
            rows = _read_tsv(p)
        else:
            rows = [[w] if isinstance(w, str) else list(w) for w in src]
        out = []
        for i, r in enumerate(rows, start=1):
            try:
                out.append((str(r[0]), str(r[1]) if len(r) > 1 else "NNP", float(r[2]) if len(r) > 2 else 0.0))
            except (ValueError, IndexError) as exc:
                raise ConfigError(f"user_words entry {i} ({r!r}) is not word[, tag[, score]].") from exc
        return out

    @property
    def fingerprint(self) -> str:
        """A hash of everything the tokens depend on: parameters, dictionaries, Kiwi version."""
        import kiwipiepy

        state = self._resolved()
        params = {k: v for k, v in self.get_params().items() if k not in {"num_workers"}}
        params = {k: (str(v) if isinstance(v, Path) else v) for k, v in params.items()}
        blob = json.dumps(
            [params, state, kiwipiepy.__version__, _PIPELINE_VERSION], sort_keys=True, ensure_ascii=False, default=str
        )
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]

    # -- Kiwi ------------------------------------------------------------------
    @property
    def kiwi(self):
        """The underlying ``kiwipiepy.Kiwi``, built on first use."""
        if self._kiwi is None:
            state = self._resolved()
            workers = self.num_workers if self.num_workers is not None else (os.cpu_count() or 1)
            key = (workers, self.model_type, tuple(state["words"]))
            if key not in _KIWI_POOL:
                _KIWI_POOL[key] = _build_kiwi(workers, self.model_type, state["words"])
                while len(_KIWI_POOL) > 4:  # each Kiwi holds its model (~100 MB)
                    _KIWI_POOL.pop(next(iter(_KIWI_POOL)))
            self._kiwi = _KIWI_POOL[key]
        return self._kiwi

    def __getstate__(self):
        d = self.__dict__.copy()
        d["_kiwi"] = None
        return d

    def __setstate__(self, d):
        self.__dict__.update(d)

    def __deepcopy__(self, memo):
        import copy

        new = KiwiTokenizer.__new__(KiwiTokenizer)
        new.__dict__.update(copy.deepcopy(self.__getstate__(), memo))
        return new

    # -- tokenizing --------------------------------------------------------------
    def _prepare(self, text) -> str:
        if text is None or (isinstance(text, float) and math.isnan(text)):
            return ""
        text = unicodedata.normalize("NFC", _CONTROL.sub(" ", text))
        if self.ocr_repair:
            from .ocr import repair_ocr

            text = repair_ocr(text)
        return text

    def _is_foreign(self, text: str) -> bool:
        if self.fallback == "unicode":
            return True
        if self.fallback == "kiwi":
            return False
        sample = text[:1000]
        hangul = len(_HANGUL.findall(sample))
        if hangul > 0.5 * len(sample):  # the common case, decided without counting letters
            return False
        letters = len(_LETTER.findall(sample))
        return letters > 0 and hangul / letters < self.korean_threshold

    def _fold_latin(self, form: str) -> str:
        if self.latin_case == "keep" or not form.isascii():
            return form
        if self.latin_case == "smart" and any(ch.isdigit() for ch in form):
            return form.upper()  # a model or product code: HBM3E, LPDDR5X, GB200
        if self.latin_case == "lower" or (self.latin_case == "smart" and len(form) > 4):
            return form.lower()
        return form.upper()

    def _post(self, tokens) -> list[str]:
        """Kiwi tokens of one text -> kept strings (hot loop: attributes read once, locals only)."""
        state = self._resolved()
        syn, stop, compounds = state["synonyms"], self._stopset, self._compounds
        keep = self._keep_tags
        lemmas, fold, eng = self.lemmas, self._fold_latin, _english_stop()
        out: list[str] = []
        prev_i, prev_end, prev_noun = -1, -1, False  # last kept noun: index in out, end offset, is noun
        prefix, prefix_end = None, -1
        for t in tokens:
            tag = t.tag
            if "-" in tag:  # irregular conjugation marks: VV-R, VA-I
                tag = tag.split("-", 1)[0]
            if tag not in keep:
                if tag == "XSN":
                    form = t.form
                    if form == "들":  # plural suffix: 기업들 -> 기업
                        continue
                    start = t.start
                    if prev_i >= 0 and prev_noun and prev_end == start:
                        out[prev_i] += form  # 생성 + 형 -> 생성형
                        prev_end = start + t.len
                        continue
                elif tag == "XPN":
                    prefix, prefix_end = t.form, t.start + t.len
                    continue
                elif lemmas and tag in ("VV", "VA"):
                    out.append(t.form + "다")
                    prev_i = -1
                    continue
                else:
                    prev_i = -1
                    prefix = None
                    continue
            form, start = t.form, t.start
            if prefix is not None and prefix_end == start:
                form = prefix + form
            prefix = None
            if tag == "SL":
                if form.lower() in eng and not (form.isupper() and len(form) <= 3):
                    prev_i = -1  # an English function word ("the", "of"), not an acronym such as IT
                    continue
                form = fold(form)
            elif " " in form:
                form = fold(form) if form.isascii() else " ".join(fold(w) for w in form.split(" "))
            if prev_i >= 0 and prev_end == start:
                joined = compounds.get(out[prev_i] + form)
                if joined:  # 인공 + 지능 -> 인공지능, when the dictionary knows the compound
                    out[prev_i] = joined
                    prev_end = start + t.len
                    continue
            out.append(form)
            prev_i, prev_end, prev_noun = len(out) - 1, start + t.len, tag in _NOUNS
        result = []
        min_len, drop_numbers = self.min_len, self.numbers == "drop"
        for form in out:
            form = syn.get(form, form)
            if " " in form:
                form = " ".join(syn.get(w, w) for w in form.split(" "))
                form = syn.get(form, form)
            if (
                len(form) < min_len
                or form in stop
                or (drop_numbers and _NUMBER.match(form))
                or (len(form) == 1 and form.isascii() and form.isalpha())  # lone Latin letters
            ):
                continue
            result.append(form)
        return result

    @property
    def _keep_tags(self) -> frozenset[str]:
        return frozenset(self.pos) | ({"SN"} if self.numbers == "keep" else frozenset())

    @property
    def _compounds(self) -> dict[str, str]:
        """Dictionary words without spaces -> their dictionary form."""
        if getattr(self, "_comp_cache", None) is None:
            self._comp_cache = {w.replace(" ", ""): w for w, _, _ in self._resolved()["words"]}
        return self._comp_cache

    @property
    def _stopset(self) -> frozenset[str]:
        if self._stop_cache is None:
            self._stop_cache = frozenset(self._resolved()["stopwords"])
        return self._stop_cache

    def __call__(self, text) -> list[str]:
        """Tokenize one text."""
        return self.tokenize_many([text])[0]

    def tokenize_many(self, texts: Iterable, *, cache=None, progress: bool = False) -> list[list[str]]:
        """Tokenize many texts with Kiwi's worker threads, keeping their order.

        Parameters
        ----------
        texts : iterable of str
            ``None`` gives ``[]``; other non-strings raise :class:`~trendlab.errors.InputError`
            naming their position.
        cache : None, True, path or TokenCache
            Read and write the on-disk token cache (``True`` uses the default location,
            ``$TRENDLAB_CACHE_DIR`` or ``~/.cache/trendlab``). Cached texts are not re-tokenized.
        progress : bool, default False
            Show a tqdm progress bar.

        Returns
        -------
        list of list of str
        """
        texts = list(texts)
        self._resolved()  # configuration errors surface here, whatever the texts are
        for i, t in enumerate(texts):
            if t is not None and not isinstance(t, str) and not (isinstance(t, float) and math.isnan(t)):
                raise InputError(
                    f"text {i}: KiwiTokenizer expects str, got {type(t).__name__} ({t!r:.40}); "
                    "convert the column to text first."
                )
        if cache is not None and cache is not False:
            from .cache import TokenCache

            store = cache if isinstance(cache, TokenCache) else TokenCache(None if cache is True else cache)
            return store.get_or_compute(texts, self, progress=progress)
        return self._run(texts, progress=progress)

    def _run(self, texts: list, *, progress: bool = False) -> list[list[str]]:
        """Tokenize texts (the cache calls this for its misses).

        Texts are prepared (control characters, OCR repair, script check) inside the
        generator that feeds Kiwi, so the main thread does that work while Kiwi's worker
        threads analyse the texts before them.
        """
        results: list[list[str] | None] = [None] * len(texts)
        owners: list[int] = []
        eng = _english_stop()

        def feed():
            for i, raw in enumerate(texts):
                text = self._prepare(raw)
                if not text.strip():
                    results[i] = []
                elif self._is_foreign(text):
                    words = unicode_tokenize(text, min_len=max(2, self.min_len), stopwords=eng)
                    results[i] = [self._fold_latin(w) for w in words]
                else:
                    for piece in _chunks(text):
                        owners.append(i)
                        yield piece

        from tqdm.auto import tqdm

        bar = tqdm(total=len(texts), desc="tokenize", unit="text", disable=not progress, leave=False)
        done = -1
        for k, toks in enumerate(self.kiwi.tokenize(feed())):
            owner = owners[k]
            got = self._post(_glue(toks))
            if results[owner] is None:
                results[owner] = got
            else:
                results[owner].extend(got)
            if owner != done:
                bar.update(owner - done)
                done = owner
        bar.update(len(texts) - 1 - done)
        bar.close()
        return [r if r is not None else [] for r in results]


class _Glued(NamedTuple):
    """A token made of several adjacent Kiwi tokens (same fields as kiwipiepy's Token)."""

    form: str
    tag: str
    start: int
    len: int


def _glue(tokens):
    """Rejoin what Kiwi splits inside one written word, by shape, never per word.

    * A run of Latin letters and digits written without a space that starts with a
      letter is one model or product name: HBM3E, LPDDR5X, GB200, H100 (Kiwi gives
      HBM + 3 + E, and the digits were dropped, so HBM3E and HBM looked the same).
    * A single capital Latin letter written onto a Hangul noun forms one word with it:
      D램 (Kiwi gives D + 램, and the lone letter was dropped, leaving "램").
    """
    run: list = []  # adjacent SL/SN tokens, the first of them SL

    def flush():
        if len(run) == 1:
            yield run[0]
        elif run:
            first, last = run[0], run[-1]
            yield _Glued("".join(t.form for t in run), "SL", first.start, last.start + last.len - first.start)
        run.clear()

    for t in tokens:
        tag = t.tag
        adjacent = bool(run) and run[-1].start + run[-1].len == t.start
        if tag == "SL" or (tag == "SN" and adjacent):
            if not adjacent:
                yield from flush()
            run.append(t)
            continue
        if (
            adjacent
            and len(run) == 1
            and tag in ("NNG", "NNP")
            and len(run[0].form) == 1
            and run[0].form.isupper()
            and _HANGUL.match(t.form)
        ):
            yield _Glued(run[0].form + t.form, "NNP", run[0].start, t.start + t.len - run[0].start)
            run.clear()
            continue
        yield from flush()
        yield t
    yield from flush()


#: Kiwi objects shared by tokenizers with the same workers, model and dictionary:
#: building one takes seconds, and analysis does not change it.
_KIWI_POOL: dict[tuple, object] = {}


def _build_kiwi(workers: int, model_type: str | None, words):
    from kiwipiepy import Kiwi

    kw = {"num_workers": workers}
    if model_type:
        kw["model_type"] = model_type
    kiwi = Kiwi(**kw)
    for word, tag, score in words:
        try:
            kiwi.add_user_word(word, tag, score)
        except (ValueError, RuntimeError) as exc:
            raise ConfigError(f"Kiwi rejected user word {word!r} with tag {tag!r}: {exc}") from exc
    return kiwi


@functools.lru_cache(maxsize=1)
def _english_stop() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def _chunks(text: str, size: int = _CHUNK) -> list[str]:
    """Split very long texts at line or space boundaries so Kiwi's threads share the work."""
    if len(text) <= size:
        return [text]
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut != -1 else end
        out.append(text[start:end])
        start = end
    return out


#: Bumped when the token pipeline changes in a way that invalidates cached tokens.
_PIPELINE_VERSION = 1
