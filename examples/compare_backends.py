"""Compare BERTopic, NMF and LDA on one corpus: coherence, diversity, stability, agreement, fit time.

Run: python examples/compare_backends.py
The sample corpus is tokenized once and every backend reuses the tokens.
"""

import warnings

import trendlab as tl
from trendlab.evaluate import compare_backends


def main() -> None:
    warnings.simplefilter("ignore")
    corpus = tl.datasets.load_sample()
    gold = tl.datasets.sample_metadata().set_index("id").loc[corpus.doc_ids, "theme"].tolist()
    table = compare_backends(corpus, ["bertopic", "nmf", "lda"], random_states=(0, 1), gold=gold)
    print(table.round(3).to_string(index=False))


if __name__ == "__main__":
    main()
