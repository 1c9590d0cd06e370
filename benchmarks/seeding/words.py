"""Korean text for the seed: words drawn from benchmarks/data/words_ko.tsv with the frequency
the list gives them (Zipf-like: the commonest words are in most proposals, the rarest in a
handful), by a seeded random generator, so every run writes the same text."""

import random
from functools import cached_property
from itertools import accumulate
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "words_ko.tsv"
# The two searches the benchmark times: a common noun (문제, "problem", rank ~55) and the
# rarest word of the list.
COMMON_QUERY = "문제"
TABLE_BITS = 20
ENDINGS = ("합니다.", "입니다.", "하겠습니다.", "필요합니다.", "있습니다.")


def load_words() -> list[tuple[str, int]]:
    rows = []
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, _rank, weight = line.split("\t")
            rows.append((word, int(weight)))
    return rows


class Text:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        rows = load_words()
        self.words = [w for w, _ in rows]
        # A lookup table in which each word fills slots in proportion to its frequency: one
        # random index per word drawn (the rarest word still gets dozens of slots).
        cumulative = list(accumulate(weight for _, weight in rows))
        total, slots = cumulative[-1], 1 << TABLE_BITS
        bounds = [round(c * slots / total) for c in cumulative]
        self.table = [w for w, lo, hi in zip(self.words, [0, *bounds], bounds, strict=False) for _ in range(hi - lo)]

    @cached_property
    def rare_query(self) -> str:
        return self.words[-1]

    def pick(self, k: int) -> list[str]:
        table, bits = self.table, self.rng.getrandbits
        return [table[bits(TABLE_BITS)] for _ in range(k)]

    def title(self) -> str:
        return " ".join(self.pick(self.rng.randint(3, 6))) + " 개선"

    def paragraph(self, words: tuple[int, int] = (25, 55)) -> str:
        """Sentences of five to ten words, each closed by a polite ending."""
        picked = self.pick(self.rng.randint(*words))
        rng, out, start = self.rng, [], 0
        while start < len(picked):
            end = start + rng.randint(5, 10)
            out.append(" ".join(picked[start:end]) + " " + ENDINGS[end % len(ENDINGS)])
            start = end
        return " ".join(out)

    def sentence_or_empty(self, wanted: bool) -> str:
        return self.paragraph((5, 10)) if wanted else ""

    def keywords(self) -> str:
        return ", ".join(dict.fromkeys(self.pick(3)))
