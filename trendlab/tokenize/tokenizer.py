"""The Korean tokenizer: :class:`KiwiTokenizer`, a picklable callable ``str -> list[str]``.

It stores only its configuration, builds its ``Kiwi`` object lazily (shared between tokenizers
with the same dictionary), and drops it when pickled, so it pickles and deep-copies (Kiwi
objects do neither) and can be passed to ``CountVectorizer(tokenizer=...)``. Its word resources
live in :mod:`.resources`, its post-processing in :mod:`.postprocess`, the fallback for
non-Korean text in :mod:`.fallback`.
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import json
import logging
import math
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from tqdm.auto import tqdm

from ..cache import TokenCache
from ..errors import ConfigError, InputError
from ..ocr import repair_ocr
from .fallback import english_stopwords, is_foreign, unicode_tokenize
from .postprocess import PostProcessor
from .resources import resolve

__all__ = ["KiwiTokenizer", "DEFAULT_POS"]

log = logging.getLogger(__name__)

DEFAULT_POS = ("NNG", "NNP", "SL")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_CHUNK = 20_000  # Kiwi works on long texts in pieces of about this many characters
#: Bumped when the token pipeline changes in a way that invalidates cached tokens
#: (2: product codes and Latin+Hangul words glued, trendlab 0.2).
_PIPELINE_VERSION = 2


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
        self._post_cache = None

    # -- configuration ---------------------------------------------------------
    def get_params(self, deep: bool = True) -> dict:
        """Constructor parameters, as scikit-learn expects."""
        return {k: getattr(self, k) for k in self._param_names()}

    def set_params(self, **params) -> KiwiTokenizer:
        for k, v in params.items():
            if k not in self._param_names():
                raise ConfigError(f"KiwiTokenizer has no parameter {k!r}; valid: {self._param_names()}")
            setattr(self, k, v)
        self._kiwi = self._state = self._post_cache = None
        return self

    @staticmethod
    def _param_names() -> list[str]:
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
        if self._state is None:
            self._validate()
            self._state = resolve(
                default_dict=self.default_dict,
                user_words=self.user_words,
                synonyms=self.synonyms,
                stopwords=self.stopwords,
                extra_stopwords=self.extra_stopwords,
            )
        return self._state

    def portable_params(self) -> dict:
        """:meth:`get_params` with file paths made absolute (text), to rebuild this tokenizer in
        another process, such as a Dask worker started elsewhere."""
        out = {}
        for k, v in self.get_params().items():
            f = _file(v) if k in FILE_PARAMS else None
            out[k] = str(f.resolve()) if f else (str(v) if isinstance(v, Path) else v)
        return out

    @property
    def fingerprint(self) -> str:
        """A hash of everything the tokens depend on: parameters, dictionaries, Kiwi version."""
        import kiwipiepy

        state = self._resolved()
        params = {k: v for k, v in self.get_params().items() if k not in {"num_workers"}}
        # a file's content is in the state: where it lies does not change the tokens
        params = {k: ("<file>" if k in FILE_PARAMS and _file(v) else v) for k, v in params.items()}
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
        new = KiwiTokenizer.__new__(KiwiTokenizer)
        new.__dict__.update(copy.deepcopy(self.__getstate__(), memo))
        return new

    # -- tokenizing --------------------------------------------------------------
    def _prepare(self, text) -> str:
        if text is None or (isinstance(text, float) and math.isnan(text)):
            return ""
        text = unicodedata.normalize("NFC", _CONTROL.sub(" ", text))
        if self.ocr_repair:
            text = repair_ocr(text)
        return text

    def _fold_latin(self, form: str) -> str:
        if self.latin_case == "keep" or not form.isascii():
            return form
        if self.latin_case == "smart" and any(ch.isdigit() for ch in form):
            return form.upper()  # a model or product code: HBM3E, LPDDR5X, GB200
        if self.latin_case == "lower" or (self.latin_case == "smart" and len(form) > 4):
            return form.lower()
        return form.upper()

    @property
    def _post(self) -> PostProcessor:
        """The post-processing of this configuration, built once."""
        if self._post_cache is None:
            state = self._resolved()
            self._post_cache = PostProcessor(
                keep=frozenset(self.pos) | ({"SN"} if self.numbers == "keep" else frozenset()),
                synonyms=state["synonyms"],
                stopwords=frozenset(state["stopwords"]),
                compounds={w.replace(" ", ""): w for w, _, _ in state["words"]},
                fold=self._fold_latin,
                english=english_stopwords(),
                lemmas=self.lemmas,
                min_len=self.min_len,
                drop_numbers=self.numbers == "drop",
            )
        return self._post_cache

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
            store = cache if isinstance(cache, TokenCache) else TokenCache(None if cache is True else cache)
            return store.get_or_compute(texts, self, progress=progress)
        return self.tokenize_uncached(texts, progress=progress)

    def tokenize_uncached(self, texts: list, *, progress: bool = False) -> list[list[str]]:
        """Tokenize texts with Kiwi, without the cache (the cache calls this for its misses).

        Texts are prepared (control characters, OCR repair, script check) inside the
        generator that feeds Kiwi, so the main thread does that work while Kiwi's worker
        threads analyse the texts before them.
        """
        results: list[list[str] | None] = [None] * len(texts)
        owners: list[int] = []
        eng = english_stopwords()

        def feed():
            for i, raw in enumerate(texts):
                text = self._prepare(raw)
                if not text.strip():
                    results[i] = []
                elif is_foreign(text, self.fallback, self.korean_threshold):
                    words = unicode_tokenize(text, min_len=max(2, self.min_len), stopwords=eng)
                    results[i] = [self._fold_latin(w) for w in words]
                else:
                    for piece in _chunks(text):
                        owners.append(i)
                        yield piece

        bar = tqdm(total=len(texts), desc="tokenize", unit="text", disable=not progress, leave=False)
        done = -1
        post = self._post
        for k, toks in enumerate(self.kiwi.tokenize(feed())):
            owner = owners[k]
            got = list(map(sys.intern, post(toks)))  # one string object per distinct token
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


#: The parameters that may name a file.
FILE_PARAMS = ("user_words", "synonyms", "stopwords", "extra_stopwords")


def _file(value) -> Path | None:
    """``value`` as a path when it names a file (a dictionary, synonym or stopword list)."""
    if isinstance(value, Path) or (isinstance(value, str) and value != "default" and "\n" not in value):
        try:
            return Path(value) if Path(value).is_file() else None
        except (OSError, ValueError):  # not a possible path
            return None
    return None
