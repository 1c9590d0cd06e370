"""How benchmarks/data/words_ko.tsv was made (by hand, once; not run by `make bench`).

The seed draws proposal titles, bodies and keywords from real Korean words with a Zipf-like
frequency, so a search for a common word matches many rows and a rare word few. The words and
their frequencies come from the `wordfreq` package (its Korean list ships inside the wheel; no
network at run time). It is not a project dependency; use a throwaway environment:

    python3 -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq
    /tmp/wf/bin/python benchmarks/make_words.py > benchmarks/data/words_ko.tsv

Kept: the most frequent words that are Hangul only and two syllables or longer, in rank order,
with wordfreq's frequency (occurrences per billion words). `wordfreq.zipf_frequency` needs MeCab
for Korean, so the frequency is read from `get_frequency_dict`, which needs no tokenizer.
"""

import re
import sys

HANGUL_WORD = re.compile(r"[가-힣]{2,}")
KEEP = 5000


def main() -> None:
    import wordfreq

    frequencies = wordfreq.get_frequency_dict("ko")
    words = [w for w in wordfreq.top_n_list("ko", 40000) if HANGUL_WORD.fullmatch(w)][:KEEP]
    out = sys.stdout
    out.write("# word\trank\tper_billion (wordfreq 3.x, Korean; see benchmarks/make_words.py)\n")
    for rank, word in enumerate(words, start=1):
        out.write(f"{word}\t{rank}\t{round(frequencies[word] * 1e9)}\n")


if __name__ == "__main__":
    main()
