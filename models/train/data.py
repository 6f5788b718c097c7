"""Multi30k reading and length-bucketed batching."""
import gzip
import json
import os
import random
import subprocess


def read_lines(data_dir, split, lang):
    with gzip.open(os.path.join(data_dir, f"{split}.{lang}.gz"), "rt", encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def encode_with_node(tokenizer_json, lines):
    """Encode with the Node `tokenizers` package (the extension's tokenizer),
    so training ids are exactly what the extension will feed the model."""
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(
        ["node", os.path.join(here, "encode_lines.js"), tokenizer_json],
        input="\n".join(json.dumps(l) for l in lines).encode("utf-8"),
        capture_output=True, check=True,
    ).stdout
    return json.loads(out)


def bucket_batches(lengths, max_tokens, seed, shuffle=True):
    """Group example indices of similar length so padding stays small; each
    batch holds at most `max_tokens` (longest * count)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches, cur, longest = [], [], 0
    for i in order:
        longest2 = max(longest, lengths[i])
        if cur and longest2 * (len(cur) + 1) > max_tokens:
            batches.append(cur)
            cur, longest2 = [], lengths[i]
        cur.append(i)
        longest = longest2
    if cur:
        batches.append(cur)
    if shuffle:
        random.Random(seed).shuffle(batches)
    return batches
