"""Average the weights of several checkpoints of one run (e.g. the last epochs),
which usually smooths out the noise of the last updates.

  python3 average.py --out runs/en-de/avg.pt runs/en-de/epoch5.pt runs/en-de/epoch6.pt
The result has the fields export.py reads (model, cfg, args, epoch, metrics).
"""
import argparse

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ckpts", nargs="+")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    cks = [torch.load(p) for p in a.ckpts]
    avg = {k: sum(ck["model"][k].float() for ck in cks) / len(cks) for k in cks[0]["model"]}
    last = cks[-1]
    torch.save({"model": avg, "cfg": last["cfg"], "args": last["args"], "epoch": last["epoch"],
                "metrics": {"averaged": a.ckpts}}, a.out)
    print(f"averaged {len(cks)} checkpoints into {a.out}")


if __name__ == "__main__":
    main()
