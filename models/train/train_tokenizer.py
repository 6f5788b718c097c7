"""Train one shared BPE vocabulary over the EN and DE training captions with
sentencepiece, then convert it to a Hugging Face `tokenizer.json` so that the
Node `tokenizers` package (the extension) and this training code use the same
file. Merges are recovered from the sentencepiece vocabulary the way
transformers' SentencePieceExtractor does it (rank = id of the merged piece).

usage: python3 train_tokenizer.py --out ../en-de/tokenizer.json [--vocab 8000]
"""
import argparse
import json
import os
import tempfile

import sentencepiece as spm

from data import read_lines

SPECIALS = ["<pad>", "<s>", "</s>", "<unk>"]  # ids 0..3, fixed


def train_spm(lines, vocab_size, prefix):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(lines))
        corpus = f.name
    spm.SentencePieceTrainer.train(
        input=corpus,
        model_prefix=prefix,
        model_type="bpe",
        vocab_size=vocab_size,
        character_coverage=1.0,
        # identity: the HF side has no normalizer, so offsets map 1:1 to the text
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        split_digits=True,
        pad_id=0, bos_id=1, eos_id=2, unk_id=3,
        pad_piece="<pad>", bos_piece="<s>", eos_piece="</s>", unk_piece="<unk>",
        num_threads=2,
        seed_sentencepiece_size=200000,
    )
    os.unlink(corpus)


def to_hf_json(model_file):
    sp = spm.SentencePieceProcessor(model_file=model_file)
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    merges = []
    for piece, pid in vocab.items():
        if piece in SPECIALS:
            continue
        local = []
        for k in range(1, len(piece)):
            left, right = piece[:k], piece[k:]
            if left in vocab and right in vocab:
                local.append((left, right, pid))
        local.sort(key=lambda m: (vocab[m[0]], vocab[m[1]]))
        merges.extend(local)
    merges.sort(key=lambda m: m[2])
    metaspace = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for i, t in enumerate(SPECIALS)
        ],
        "normalizer": None,
        "pre_tokenizer": metaspace,
        "post_processor": None,
        "decoder": metaspace,
        "model": {
            "type": "BPE", "dropout": None, "unk_token": "<unk>",
            "continuing_subword_prefix": None, "end_of_word_suffix": None,
            "fuse_unk": True, "byte_fallback": False, "ignore_merges": False,
            "vocab": vocab,
            "merges": [[a, b] for a, b, _ in merges],
        },
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data/multi30k"))
    ap.add_argument("--langs", default="en,de", help="comma list of training sides to learn from")
    ap.add_argument("--vocab", type=int, default=8000)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    lines = []
    for lang in a.langs.split(","):
        lines += read_lines(a.data, "train", lang)
    with tempfile.TemporaryDirectory() as tmp:
        prefix = os.path.join(tmp, "spm")
        train_spm(lines, a.vocab, prefix)
        tok = to_hf_json(prefix + ".model")
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(tok, f, ensure_ascii=False, separators=(",", ":"))
    print(f"wrote {a.out}: {len(tok['model']['vocab'])} pieces, {len(tok['model']['merges'])} merges")


if __name__ == "__main__":
    main()
