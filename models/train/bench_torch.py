"""PyTorch-eager side of the speed benchmark (issue: benchmarks, p1): greedy
translation, batch 1, with the training code's model on the shipped weights
(float16-rounded like the ONNX export), full-prefix recompute as train.py's
decoder does. Prints one JSON object; the Node benchmark compares times.

  python3 bench_torch.py --model ../en-de --ids ids.json [--threads N] [--repeat 3]
ids.json: [[source ids incl. </s>], ...] (the Node side tokenizes, so both
decode exactly the same inputs). Also measures this machine's float32 matmul
rate (GFLOP/s) for the compute-bound limit.
"""
import argparse
import json
import os
import statistics
import time

import torch

from export import round_weights_fp16
from model import Seq2Seq

BOS, EOS = 1, 2


def load(model_dir, ckpt=None):
    man = json.load(open(os.path.join(model_dir, "model.json")))
    m = Seq2Seq(man["vocabSize"], d=man["dModel"], h=man["heads"], layers=man["layers"], d_ff=man["dFF"],
                dropout=0.0, n=man["positionalEncoding"]["n"])
    if ckpt:
        m.load_state_dict(torch.load(ckpt)["model"])
    else:  # rebuild the weights from the ONNX initializers
        import onnx
        from onnx import numpy_helper
        state, found = m.state_dict(), set()
        for f in ("encoder.onnx", "decoder.onnx"):
            for init in onnx.load(os.path.join(model_dir, f)).graph.initializer:
                name = init.name[:-5] if init.name.endswith("_fp16") else init.name
                name = name[2:] if name.startswith("m.") else name
                if name in state:
                    state[name] = torch.from_numpy(numpy_helper.to_array(init).astype("float32").copy())
                    found.add(name)
        missing = set(dict(m.named_parameters())) - found
        assert not missing, f"weights not found in the ONNX files: {sorted(missing)[:5]}"
        m.load_state_dict(state)
    round_weights_fp16(m)
    return m.eval()


@torch.no_grad()
def greedy(m, src_ids, max_extra=50):
    src = torch.tensor([src_ids])
    memory, bias, _ = m.encode(src)
    ys = [BOS]
    for _ in range(len(src_ids) + max_extra):
        logits, _, _ = m.decode(torch.tensor([ys]), memory, bias)
        ys.append(int(logits[0, -1].argmax()))
        if ys[-1] == EOS:
            break
    return ys[1:]


def matmul_gflops(n=512, reps=20):
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    t = time.perf_counter()
    for _ in range(reps):
        a @ b
    return 2 * n ** 3 * reps / (time.perf_counter() - t) / 1e9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--ckpt")
    ap.add_argument("--ids", required=True)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    m = load(a.model, a.ckpt)
    srcs = json.load(open(a.ids))
    greedy(m, srcs[0])  # warm-up
    times, outs = [], None
    for _ in range(a.repeat):
        t = time.perf_counter()
        outs = [greedy(m, s) for s in srcs]
        times.append(time.perf_counter() - t)
    print(json.dumps({"seconds_median": statistics.median(times), "seconds": times, "sentences": len(srcs),
                      "output_tokens": sum(len(o) for o in outs), "threads": a.threads,
                      "matmul_gflops": matmul_gflops(), "outputs": outs}))


if __name__ == "__main__":
    main()
