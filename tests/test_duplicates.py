"""Near-duplicate detection: MinHash candidates, exact cosine, against brute force."""

from __future__ import annotations

import json
import random
import re

import numpy as np

from trendlab.datasets import sample_path
from trendlab.duplicates import _grams, near_duplicate_pairs


def _brute_force(texts, threshold):
    grams = [_grams(re.sub(r"\s+", " ", t)) for t in texts]
    found = {}
    for i in range(len(texts)):
        for j in range(i):
            a, b = grams[i], grams[j]
            if len(a) and len(b):
                cos = len(np.intersect1d(a, b)) / np.sqrt(len(a) * len(b))
                if cos >= threshold:
                    found[i] = (j, cos)
                    break
    return found


def _texts():
    path = sample_path()
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    rng = random.Random(0)
    out = list(texts)
    for t in texts[:40]:  # rewrites: sentences dropped or swapped, a line added
        s = re.split(r"(?<=다\.)\s*", t)
        kind = rng.random()
        if kind < 0.4 and len(s) > 4:
            s.pop(rng.randrange(len(s)))
        elif kind < 0.8 and len(s) > 3:
            i = rng.randrange(len(s) - 1)
            s[i], s[i + 1] = s[i + 1], s[i]
        else:
            s.append("저작권자 무단 전재 및 재배포 금지.")
        out.append(" ".join(s))
    rng.shuffle(out)
    return out


def test_near_duplicates_match_brute_force():
    texts = _texts()
    for threshold in (0.8, 0.9):
        got = near_duplicate_pairs(texts, threshold)
        want = _brute_force(texts, threshold)
        assert got.keys() == want.keys()
        assert {i: j for i, (j, _) in got.items()} == {i: j for i, (j, _) in want.items()}
        assert all(abs(got[i][1] - want[i][1]) < 1e-9 for i in got)
    assert len(near_duplicate_pairs(texts, 0.8)) >= 30  # the rewrites are found


def test_near_duplicates_edge_cases():
    assert near_duplicate_pairs([], 0.8) == {}
    assert near_duplicate_pairs(["한 건뿐인 기사입니다."], 0.8) == {}
    assert near_duplicate_pairs(["짧다", "짧다", "abc"], 0.8) == {}  # no 5-gram: never a near-duplicate
    same = "반도체 업황이 회복되면서 메모리 가격이 오르고 있다. " * 3
    assert near_duplicate_pairs([same, "다른 기사다. " * 5, same + " 끝."], 0.8) == {
        2: (0, near_duplicate_pairs([same, same + " 끝."], 0.8)[1][1])
    }
