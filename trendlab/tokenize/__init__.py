"""Korean tokenization on Kiwi, fit for scikit-learn and BERTopic.

:class:`KiwiTokenizer` is a callable ``str -> list[str]``. ``tokenize_many`` runs Kiwi's
threaded iterable API over many texts, keeps their order, and can read and write the on-disk
token cache (:mod:`trendlab.cache`), so a corpus is tokenized once per configuration.

What it does to a text, in order:

1. replace control characters with spaces; optionally repair OCR noise
   (:func:`trendlab.ocr.repair_ocr`);
2. send mostly non-Korean text to a Unicode word tokenizer (:mod:`.fallback`);
3. run Kiwi with the default and user dictionaries (:mod:`.resources`; multi-word entries such
   as "소버린 AI" come out as one token);
4. glue product codes and Latin+Hangul words, keep the selected parts of speech, attach noun
   suffixes and prefixes (생성+형 → 생성형), optionally add lemmas (:mod:`.postprocess`);
5. fold Latin case, map synonyms, drop stopwords, short tokens and numbers.
"""

from .fallback import unicode_tokenize
from .resources import load_word_list
from .tokenizer import DEFAULT_POS, KiwiTokenizer

__all__ = ["KiwiTokenizer", "DEFAULT_POS", "load_word_list", "unicode_tokenize"]
