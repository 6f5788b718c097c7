"""Export a trained checkpoint to ONNX (opset 14, dynamic batch and lengths),
write the manifest `model.json` and golden cases computed by PyTorch eager.

  python3 export.py --ckpt runs/en-de/best.pt --out ../en-de
  python3 export.py --ckpt runs/en-lm/best.pt --out ../en-lm
  python3 export.py --random seq2seq --out ../../test/fixtures/models/tiny-seq2seq   # fixture

Graphs (names are the manifest's contract with src/core):
  seq2seq  encoder.onnx  src_ids[B,S] i64, src_mask[B,S] i64 (1 = token, 0 = pad)
                         -> memory[B,S,d], enc_self_attn[L,B,H,S,S], cross_k[L,B,H,S,d_k], cross_v[L,B,H,S,d_k]
           decoder.onnx  input_ids[B,T_new], src_mask[B,S], past_self_k/v[L,B,H,T_past,d_k], cross_k/v
                         -> logits[B,T_new,V], present_self_k/v[L,B,H,T_past+T_new,d_k],
                            self_attn[L,B,H,T_new,T_past+T_new], cross_attn[L,B,H,T_new,S]
  causal   decoder.onnx  input_ids[B,T_new], past_k/v[L,B,H,T_past,d_k]
                         -> logits[B,T_new,V], present_k/v, self_attn[L,B,H,T_new,T_past+T_new]
One decoder graph serves both prefill (T_past = 0, T_new = prompt length) and
the KV-cache step (T_new = 1), so no weight is stored twice. P is computed
inside the graphs from the position, so there is no length table to outgrow.
Weights are stored as float16 and cast to float32 at load (halves the files);
the golden cases are computed in PyTorch from the same float16-rounded weights.
"""
import argparse
import json
import math
import os
import shutil
import subprocess

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import TensorProto, helper, numpy_helper

from model import NEG, CausalLM, Seq2Seq, count_params

HERE = os.path.dirname(os.path.abspath(__file__))
PAD, BOS, EOS, UNK = 0, 1, 2, 3
OPSET = 14


def positions_P(pos, d, n):
    """P rows for integer positions `pos` [T], interleaved sin/cos, computed in-graph."""
    two_i = torch.arange(0, d, 2, dtype=torch.float32)
    inv_freq = torch.exp(-math.log(n) * two_i / d)  # n^(-2i/d)
    angle = pos.float()[:, None] * inv_freq[None, :]
    return torch.stack([torch.sin(angle), torch.cos(angle)], dim=-1).reshape(pos.shape[0], d)


def embed(m, ids, offset):
    T = ids.shape[1]
    pos = torch.arange(T) + offset
    return m.emb.E(ids) * m.emb.scale + positions_P(pos, m.cfg["d"], m.cfg["n"])


def causal_offset_bias(T_new, T_past):
    q = torch.arange(T_new)[:, None] + T_past
    k = torch.arange(T_new + T_past)[None, :]
    return (k > q).float() * NEG  # [T_new, T_past+T_new]


def self_attend(mha, y, past_k, past_v, bias):
    Q, K_new, V_new = mha.split(mha.W_Q(y)), mha.split(mha.W_K(y)), mha.split(mha.W_V(y))
    K = torch.cat([past_k, K_new], dim=2)
    V = torch.cat([past_v, V_new], dim=2)
    out, A = mha.attend(Q, K, V, bias)
    return out, A, K, V


def logits_of(m, y):
    return torch.matmul(y, m.emb.E.weight.t()) + m.b_L


class EncoderGraph(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, src_ids, src_mask):
        m = self.m
        bias = (1.0 - src_mask.float())[:, None, None, :] * NEG
        x = embed(m, src_ids, 0)
        As = []
        for blk in m.encoder:
            x, A = blk(x, bias)
            As.append(A)
        ck = torch.stack([blk.MCA.split(blk.MCA.W_K(x)) for blk in m.decoder])
        cv = torch.stack([blk.MCA.split(blk.MCA.W_V(x)) for blk in m.decoder])
        return x, torch.stack(As), ck, cv


class Seq2SeqDecoderGraph(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, src_mask, past_self_k, past_self_v, cross_k, cross_v):
        m = self.m
        T_past = past_self_k.shape[3]
        y = embed(m, input_ids, T_past)
        self_bias = causal_offset_bias(input_ids.shape[1], T_past)
        cross_bias = (1.0 - src_mask.float())[:, None, None, :] * NEG
        Ks, Vs, A_self, A_cross = [], [], [], []
        for l, blk in enumerate(m.decoder):
            a, A, K, V = self_attend(blk.MaskedMSA, y, past_self_k[l], past_self_v[l], self_bias)
            y = blk.LN_1(a + y)
            c, C = blk.MCA.attend(blk.MCA.split(blk.MCA.W_Q(y)), cross_k[l], cross_v[l], cross_bias)
            y = blk.LN_2(c + y)
            y = blk.LN_3(blk.FFN(y) + y)
            Ks.append(K), Vs.append(V), A_self.append(A), A_cross.append(C)
        return logits_of(m, y), torch.stack(Ks), torch.stack(Vs), torch.stack(A_self), torch.stack(A_cross)


class CausalDecoderGraph(nn.Module):
    def __init__(self, m):
        super().__init__()
        self.m = m

    def forward(self, input_ids, past_k, past_v):
        m = self.m
        T_past = past_k.shape[3]
        y = embed(m, input_ids, T_past)
        bias = causal_offset_bias(input_ids.shape[1], T_past)
        Ks, Vs, As = [], [], []
        for l, blk in enumerate(m.blocks):
            a, A, K, V = self_attend(blk.MaskedMSA, y, past_k[l], past_v[l], bias)
            y = blk.LN_1(a + y)
            y = blk.LN_3(blk.FFN(y) + y)
            Ks.append(K), Vs.append(V), As.append(A)
        return logits_of(m, y), torch.stack(Ks), torch.stack(Vs), torch.stack(As)


def export_graph(module, args, path, in_names, out_names, dyn):
    torch.onnx.export(module, args, path, opset_version=OPSET, input_names=in_names, output_names=out_names,
                      dynamic_axes=dyn, do_constant_folding=False)  # folding would store Eᵀ a second time
    module.eval()  # torch.onnx.export leaves the module in training mode


def weights_to_fp16(path):
    """Store float initializers as float16 + a Cast node: half the bytes, same graph."""
    g = onnx.load(path)
    new_nodes, keep = [], []
    for init in g.graph.initializer:
        if init.data_type == TensorProto.FLOAT and np.prod(init.dims) >= 16:
            arr = numpy_helper.to_array(init).astype(np.float16)
            half = numpy_helper.from_array(arr, init.name + "_fp16")
            keep.append(half)
            new_nodes.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT,
                                              name="cast_" + init.name))
        else:
            keep.append(init)
    del g.graph.initializer[:]
    g.graph.initializer.extend(keep)
    nodes = list(g.graph.node)
    del g.graph.node[:]
    g.graph.node.extend(new_nodes + nodes)
    onnx.checker.check_model(g)
    onnx.save(g, path)


def check_no_duplicate_weights(path):
    g = onnx.load(path)
    seen = {}
    for init in g.graph.initializer:
        if np.prod(init.dims) < 1024:
            continue
        key = (tuple(init.dims), init.raw_data[:256], len(init.raw_data))
        if key in seen:
            raise SystemExit(f"{path}: initializer {init.name} duplicates {seen[key]}")
        seen[key] = init.name


def round_weights_fp16(m):
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(p.half().float())


def seq2seq_dyn():
    L = {0: "L"}
    return {
        "encoder": (["src_ids", "src_mask"], ["memory", "enc_self_attn", "cross_k", "cross_v"], {
            "src_ids": {0: "B", 1: "S"}, "src_mask": {0: "B", 1: "S"}, "memory": {0: "B", 1: "S"},
            "enc_self_attn": {1: "B", 3: "S", 4: "S"}, "cross_k": {1: "B", 3: "S"}, "cross_v": {1: "B", 3: "S"}}),
        "decoder": (["input_ids", "src_mask", "past_self_k", "past_self_v", "cross_k", "cross_v"],
                    ["logits", "present_self_k", "present_self_v", "self_attn", "cross_attn"], {
            "input_ids": {0: "B", 1: "T_new"}, "src_mask": {0: "B", 1: "S"},
            "past_self_k": {1: "B", 3: "T_past"}, "past_self_v": {1: "B", 3: "T_past"},
            "cross_k": {1: "B", 3: "S"}, "cross_v": {1: "B", 3: "S"},
            "logits": {0: "B", 1: "T_new"}, "present_self_k": {1: "B", 3: "T_total"},
            "present_self_v": {1: "B", 3: "T_total"}, "self_attn": {1: "B", 3: "T_new", 4: "T_total"},
            "cross_attn": {1: "B", 3: "T_new", 4: "S"}}),
    }


def causal_dyn():
    return {"decoder": (["input_ids", "past_k", "past_v"], ["logits", "present_k", "present_v", "self_attn"], {
        "input_ids": {0: "B", 1: "T_new"}, "past_k": {1: "B", 3: "T_past"}, "past_v": {1: "B", 3: "T_past"},
        "logits": {0: "B", 1: "T_new"}, "present_k": {1: "B", 3: "T_total"}, "present_v": {1: "B", 3: "T_total"},
        "self_attn": {1: "B", 3: "T_new", 4: "T_total"}})}


def export_model(m, kind, out):
    cfg = m.cfg
    L, H, dk = cfg["layers"], cfg["h"], cfg["d"] // cfg["h"]
    B, S, T = 2, 5, 3
    ids = torch.randint(4, cfg["vocab"], (B, S))
    mask = torch.ones(B, S, dtype=torch.long)
    graphs = {}
    if kind == "seq2seq":
        dyn = seq2seq_dyn()
        enc_in = (ids, mask)
        ck = torch.zeros(L, B, H, S, dk)
        dec_in = (torch.randint(4, cfg["vocab"], (B, T)), mask, torch.zeros(L, B, H, 2, dk), torch.zeros(L, B, H, 2, dk), ck, ck)
        for name, mod, a in [("encoder", EncoderGraph(m), enc_in), ("decoder", Seq2SeqDecoderGraph(m), dec_in)]:
            ins, outs, axes = dyn[name]
            path = os.path.join(out, f"{name}.onnx")
            export_graph(mod.eval(), a, path, ins, outs, axes)
            graphs[name] = {"file": f"{name}.onnx", "inputs": ins, "outputs": outs}
    else:
        ins, outs, axes = causal_dyn()["decoder"]
        path = os.path.join(out, "decoder.onnx")
        a = (torch.randint(4, cfg["vocab"], (B, T)), torch.zeros(L, B, H, 2, dk), torch.zeros(L, B, H, 2, dk))
        export_graph(CausalDecoderGraph(m).eval(), a, path, ins, outs, axes)
        graphs["decoder"] = {"file": "decoder.onnx", "inputs": ins, "outputs": outs}
    for gdesc in graphs.values():
        p = os.path.join(out, gdesc["file"])
        weights_to_fp16(p)
        check_no_duplicate_weights(p)
    return graphs


# ---------------------------------------------------------------- golden cases

def encode_texts(tokenizer, texts):
    out = subprocess.run(["node", os.path.join(HERE, "encode_lines.js"), tokenizer],
                         input="\n".join(json.dumps(t) for t in texts).encode(), capture_output=True, check=True)
    return json.loads(out.stdout)


def r(t, nd=6):
    return np.round(t.detach().numpy().astype(np.float64), nd).tolist()


def top_k(logits, k=5):
    lp = torch.log_softmax(logits, -1)
    v, i = lp.topk(k)
    return {"ids": i.tolist(), "logProbs": r(v)}


@torch.no_grad()
def golden_seq2seq(m, tokenizer, texts, max_new=40):
    cases = []
    for text, ids in zip(texts, encode_texts(tokenizer, texts)):
        src = torch.tensor([ids + [EOS]])
        memory, src_bias, A_enc = m.encode(src)
        ys = [BOS]
        for _ in range(max_new):
            logits, _, _ = m.decode(torch.tensor([ys]), memory, src_bias)
            ys.append(int(logits[0, -1].argmax()))
            if ys[-1] == EOS:
                break
        tgt_in = torch.tensor([ys[:-1]])
        logits, A_self, A_cross = m.decode(tgt_in, memory, src_bias)
        cases.append({
            "text": text, "srcIds": ids + [EOS], "greedyIds": ys[1:],
            "steps": [top_k(logits[0, t]) for t in range(logits.shape[1])],
            "attention": {
                "encoderSelf": r(torch.stack(A_enc)[:, 0]),
                "decoderSelf": r(torch.stack(A_self)[:, 0]),
                "cross": r(torch.stack(A_cross)[:, 0]),
            },
        })
    return cases


@torch.no_grad()
def golden_causal(m, tokenizer, texts, max_new=12):
    cases = []
    for text, ids in zip(texts, encode_texts(tokenizer, texts)):
        seq = [BOS] + ids
        n_prompt = len(seq)
        for _ in range(max_new):
            logits = m(torch.tensor([seq]))
            seq.append(int(logits[0, -1].argmax()))
            if seq[-1] == EOS:
                break
        inp = torch.tensor([seq[:-1]])
        logits, As = m(inp, return_attention=True)
        cases.append({
            "text": text, "promptIds": seq[:n_prompt], "greedyIds": seq[n_prompt:],
            "steps": [top_k(logits[0, t]) for t in range(n_prompt - 1, logits.shape[1])],
            "attention": {"self": r(torch.stack(As)[:, 0])},
        })
    return cases


GOLDEN_TEXTS = {
    "seq2seq": ["A man in an orange hat starring at something.", "Two dogs play in the snow.",
                "A little girl climbing into a wooden playhouse."],
    "causal": ["A man in a blue shirt", "Two dogs", "A little girl is"],
}


def train_command(args):
    """The exact train.py command line, from the arguments stored in the checkpoint."""
    if "kind" not in args:
        return "(random weights: " + args.get("note", "") + ")"
    parts = ["cd models/train && /usr/bin/python3 train.py"]
    for k, v in args.items():
        if k in ("resume", "tokenizer", "data") or v is False:
            continue  # --resume only continues the same run; paths are the defaults
        parts.append(f"--{k.replace('_', '-')}" + ("" if v is True else f" {v}"))
    return " ".join(parts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", help="checkpoint from train.py (best.pt)")
    ap.add_argument("--random", choices=["seq2seq", "causal"], help="tiny random-weight fixture instead")
    ap.add_argument("--tokenizer", default=os.path.join(HERE, "../en-de/tokenizer.json"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--name")
    ap.add_argument("--metrics", help="JSON file of measured metrics to put in the manifest")
    a = ap.parse_args()
    torch.manual_seed(0)
    with open(a.tokenizer, encoding="utf-8") as f:
        vocab = len(json.load(f)["model"]["vocab"])
    if a.random:
        kind, Model = a.random, (Seq2Seq if a.random == "seq2seq" else CausalLM)
        m = Model(vocab, d=8, h=2, layers=2, d_ff=16, dropout=0.0)
        with torch.no_grad():  # make attention less uniform than default init
            for p in m.parameters():
                if p.dim() == 2:
                    p.mul_(3.0)
        meta = {"epoch": 0, "metrics": {}, "args": {"note": "random weights, for tests only"}}
    else:
        ck = torch.load(a.ckpt)
        cfg = ck["cfg"]
        kind = "seq2seq" if ck["args"]["kind"] == "seq2seq" else "causal"
        Model = Seq2Seq if kind == "seq2seq" else CausalLM
        m = Model(cfg["vocab"], d=cfg["d"], h=cfg["h"], layers=cfg["layers"], d_ff=cfg["d_ff"], dropout=0.0,
                  n=cfg["n"], pad_id=cfg["pad_id"])
        m.load_state_dict(ck["model"])
        meta = ck
    m.eval()
    round_weights_fp16(m)
    os.makedirs(a.out, exist_ok=True)
    tok_dst = os.path.join(a.out, "tokenizer.json")
    if os.path.abspath(a.tokenizer) != os.path.abspath(tok_dst):
        shutil.copyfile(a.tokenizer, tok_dst)
    graphs = export_model(m, kind, a.out)
    golden = (golden_seq2seq if kind == "seq2seq" else golden_causal)(m, tok_dst, GOLDEN_TEXTS[kind])
    with open(os.path.join(a.out, "golden.json"), "w") as f:
        json.dump({"tolerance": 1e-4, "cases": golden}, f, separators=(",", ":"))
    cfg = m.cfg
    name = a.name or os.path.basename(os.path.abspath(a.out))
    metrics = meta.get("metrics", {})
    if a.metrics:
        with open(a.metrics) as f:
            metrics = {**metrics, **json.load(f)}
    manifest = {
        "schema": 1,
        "name": name,
        "displayName": {"seq2seq": "EN→DE Transformer (Multi30k)", "causal": "English continuer (Multi30k)"}[kind]
        if not a.random else f"tiny random {kind} (test fixture)",
        "kind": kind,
        "tokenizer": "tokenizer.json",
        "graphs": graphs,
        "specialTokens": {"pad": PAD, "bos": BOS, "eos": EOS, "unk": UNK},
        "layers": cfg["layers"], "heads": cfg["h"], "dModel": cfg["d"], "dFF": cfg["d_ff"], "vocabSize": cfg["vocab"],
        "maxLength": 512 if kind == "seq2seq" else 2048,
        "positionalEncoding": {"kind": "sinusoidal", "n": cfg["n"], "d": cfg["d"]},
        "normalization": "post-LN",
        "tiedEmbeddings": True,
        "parameters": count_params(m),
        "weightsStoredAs": "float16 (cast to float32 at load)",
        "training": {
            "data": "Multi30k task 1 train (29,000 EN-DE Flickr30K captions)" + (" , English side only" if kind == "causal" else ""),
            "licence": "Multi30k / Flickr30K: non-commercial research and educational use only; "
                       "this model inherits that restriction.",
            "epochs": meta.get("epoch"),
            "tokenizerCommand": "cd models/train && /usr/bin/python3 train_tokenizer.py --langs en,de --vocab 8000 "
                                "--out ../en-de/tokenizer.json",
            "command": train_command(meta.get("args", {})),
            "exportCommand": "cd models/train && /usr/bin/python3 export.py " + " ".join(
                f"--{k} {os.path.relpath(v, HERE) if k in ('ckpt', 'out') else v}"
                for k, v in [("ckpt", a.ckpt), ("random", a.random), ("out", a.out)] if v),
        },
        "metrics": {k: v for k, v in metrics.items() if k != "val_sample"},
        "golden": "golden.json",
    }
    with open(os.path.join(a.out, "model.json"), "w") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
    sizes = {fn: os.path.getsize(os.path.join(a.out, fn)) for fn in os.listdir(a.out)}
    print(json.dumps({"out": a.out, "bytes": sizes, "total_mb": round(sum(sizes.values()) / 2**20, 2)}))


if __name__ == "__main__":
    main()
