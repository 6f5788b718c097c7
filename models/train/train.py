"""Train the bundled models on Multi30k (CPU is fine; a GPU is used when present).

  python3 train.py --kind seq2seq --run runs/en-de            # EN→DE translator
  python3 train.py --kind causal  --run runs/en-lm            # English continuer
  ... --resume                                                 # continue from runs/X/last.pt

Cross-entropy with label smoothing, Adam with linear warm-up then inverse-sqrt
decay, length-bucketed batches, a checkpoint every epoch, a JSONL log
(train loss, val loss, val BLEU or perplexity, wall time per epoch), fixed seed.
"""
import argparse
import json
import math
import os
import random
import time

import torch
import torch.nn.functional as F

from bleu import corpus_bleu
from data import bucket_batches, encode_with_node, read_lines
from model import CausalLM, Seq2Seq, count_params

HERE = os.path.dirname(os.path.abspath(__file__))
PAD, BOS, EOS, UNK = 0, 1, 2, 3


def args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind", choices=["seq2seq", "causal"], required=True)
    ap.add_argument("--run", required=True, help="folder for checkpoints and log")
    ap.add_argument("--tokenizer", default=os.path.join(HERE, "../en-de/tokenizer.json"))
    ap.add_argument("--data", default=os.path.join(HERE, "../../../shared/data/multi30k"))
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--d", type=int, default=256)
    ap.add_argument("--heads", type=int, default=8)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--d-ff", type=int, default=1024)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--max-tokens", type=int, default=3000)
    ap.add_argument("--lr", type=float, default=7e-4)
    ap.add_argument("--warmup", type=int, default=400)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--max-len", type=int, default=100, help="drop training pairs longer than this")
    ap.add_argument("--limit", type=int, default=0, help="use only N training lines (smoke tests)")
    ap.add_argument("--resume", action="store_true")
    return ap.parse_args()


def load_pieces(tokenizer_json):
    with open(tokenizer_json, encoding="utf-8") as f:
        vocab = json.load(f)["model"]["vocab"]
    pieces = [None] * len(vocab)
    for p, i in vocab.items():
        pieces[i] = p
    return pieces


def detok(pieces, ids):
    """Metaspace decoding, as the `tokenizers` decoder does with special tokens skipped."""
    s = "".join(pieces[i] for i in ids if i > UNK).replace("\u2581", " ")
    return s[1:] if s.startswith(" ") else s


def encoded(a, split, lang):
    cache = os.path.join(a.run, f"{split}.{lang}.ids.json")
    if os.path.exists(cache):
        with open(cache) as f:
            return json.load(f)
    ids = encode_with_node(a.tokenizer, read_lines(a.data, split, lang))
    with open(cache, "w") as f:
        json.dump(ids, f)
    return ids


def pad_to(seqs):
    T = max(len(s) for s in seqs)
    return torch.tensor([s + [PAD] * (T - len(s)) for s in seqs], dtype=torch.long)


def lr_at(step, a):
    step = max(step, 1)
    return a.lr * min(step / a.warmup, math.sqrt(a.warmup / step))


@torch.no_grad()
def greedy_seq2seq(model, srcs, max_extra=10, batch=100):
    model.eval()
    out = [None] * len(srcs)
    order = sorted(range(len(srcs)), key=lambda i: len(srcs[i]))
    for b in range(0, len(order), batch):
        idx = order[b:b + batch]
        src = pad_to([srcs[i] for i in idx])
        memory, src_bias, _ = model.encode(src)
        ys = torch.full((len(idx), 1), BOS, dtype=torch.long)
        done = torch.zeros(len(idx), dtype=torch.bool)
        for _ in range(int(src.shape[1] * 1.5) + max_extra):
            logits, _, _ = model.decode(ys, memory, src_bias, last_only=True)
            nxt = logits[:, -1].argmax(-1)
            nxt = torch.where(done, torch.full_like(nxt, PAD), nxt)
            ys = torch.cat([ys, nxt[:, None]], 1)
            done |= nxt == EOS
            if done.all():
                break
        for j, i in enumerate(idx):
            seq = ys[j, 1:].tolist()
            out[i] = seq[:seq.index(EOS)] if EOS in seq else seq
    return out


def make_examples(a):
    if a.kind == "seq2seq":
        src, tgt = encoded(a, "train", "en"), encoded(a, "train", "de")
        ex = [(s + [EOS], [BOS] + t + [EOS]) for s, t in zip(src, tgt) if 0 < len(s) <= a.max_len and 0 < len(t) <= a.max_len]
        vs, vt = encoded(a, "val", "en"), encoded(a, "val", "de")
        val = [(s + [EOS], [BOS] + t + [EOS]) for s, t in zip(vs, vt)]
    else:
        ex = [([], [BOS] + s + [EOS]) for s in encoded(a, "train", "en") if 0 < len(s) <= a.max_len]
        val = [([], [BOS] + s + [EOS]) for s in encoded(a, "val", "en")]
    if a.limit:
        ex = ex[:a.limit]
    return ex, val


def loss_on(model, a, batch, smoothing):
    tgt = pad_to([t for _, t in batch])
    tgt_in, tgt_out = tgt[:, :-1], tgt[:, 1:]
    if a.kind == "seq2seq":
        logits = model(pad_to([s for s, _ in batch]), tgt_in)
    else:
        logits = model(tgt_in)
    loss_sum = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1),
                               ignore_index=PAD, label_smoothing=smoothing, reduction="sum")
    return loss_sum, int((tgt_out != PAD).sum())


@torch.no_grad()
def evaluate(model, a, val, pieces, refs):
    model.eval()
    tot, n = 0.0, 0
    for b in range(0, len(val), 100):
        l, k = loss_on(model, a, val[b:b + 100], 0.0)
        tot, n = tot + float(l), n + k
    res = {"val_loss": tot / n, "val_ppl": math.exp(tot / n)}
    if a.kind == "seq2seq":
        hyps = [detok(pieces, h) for h in greedy_seq2seq(model, [s for s, _ in val])]
        res["val_bleu"] = corpus_bleu(hyps, refs)
        res["val_sample"] = hyps[:3]
    return res


def main():
    a = args()
    os.makedirs(a.run, exist_ok=True)
    torch.set_num_threads(a.threads)
    random.seed(a.seed)
    torch.manual_seed(a.seed)
    pieces = load_pieces(a.tokenizer)
    ex, val = make_examples(a)
    refs = read_lines(a.data, "val", "de") if a.kind == "seq2seq" else None
    Model = Seq2Seq if a.kind == "seq2seq" else CausalLM
    model = Model(len(pieces), d=a.d, h=a.heads, layers=a.layers, d_ff=a.d_ff, dropout=a.dropout, pad_id=PAD)
    opt = torch.optim.Adam(model.parameters(), lr=a.lr, betas=(0.9, 0.98), eps=1e-9)
    start_epoch, step, best = 0, 0, None
    ckpt_path = os.path.join(a.run, "last.pt")
    if a.resume and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        start_epoch, step, best = ck["epoch"], ck["step"], ck.get("best")
        torch.set_rng_state(ck["rng"])
        print(f"resumed at epoch {start_epoch}, step {step}", flush=True)
    print(f"{a.kind}: {count_params(model)} parameters, {len(ex)} training examples", flush=True)
    log = open(os.path.join(a.run, "log.jsonl"), "a")
    lengths = [len(s) + len(t) for s, t in ex] if a.kind == "seq2seq" else [len(t) for _, t in ex]
    for epoch in range(start_epoch, a.epochs):
        t0 = time.time()
        model.train()
        batches = bucket_batches([max(len(s), len(t)) for s, t in ex], a.max_tokens, a.seed + epoch)
        tot, ntok = 0.0, 0
        for bi, idx in enumerate(batches):
            for g in opt.param_groups:
                g["lr"] = lr_at(step + 1, a)
            loss_sum, k = loss_on(model, a, [ex[i] for i in idx], a.label_smoothing)
            opt.zero_grad()
            (loss_sum / k).backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            tot, ntok = tot + float(loss_sum), ntok + k
            if bi % 50 == 0:
                print(f"epoch {epoch + 1} batch {bi}/{len(batches)} loss {tot / ntok:.3f} "
                      f"{ntok / (time.time() - t0):.0f} tgt tok/s", flush=True)
        train_time = time.time() - t0
        res = evaluate(model, a, val, pieces, refs)
        rec = {"epoch": epoch + 1, "step": step, "train_loss": tot / ntok, **res,
               "train_seconds": round(train_time, 1), "wall_seconds": round(time.time() - t0, 1)}
        log.write(json.dumps(rec) + "\n")
        log.flush()
        print(json.dumps(rec), flush=True)
        metric = -res["val_bleu"] if a.kind == "seq2seq" else res["val_loss"]
        ck = {"model": model.state_dict(), "opt": opt.state_dict(), "epoch": epoch + 1, "step": step,
              "best": best, "rng": torch.get_rng_state(), "cfg": model.cfg, "args": vars(a)}
        if best is None or metric < best:
            best = ck["best"] = metric
            torch.save({"model": model.state_dict(), "cfg": model.cfg, "epoch": epoch + 1, "metrics": rec,
                        "args": vars(a)}, os.path.join(a.run, "best.pt"))
        torch.save(ck, ckpt_path + ".tmp")
        os.replace(ckpt_path + ".tmp", ckpt_path)


if __name__ == "__main__":
    main()
