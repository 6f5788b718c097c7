#!/usr/bin/env bash
# Measures the shipped models through the TypeScript runtime (dist/cli.js, ONNX
# Runtime), as the model card quotes them, and writes the numbers into each
# model.json's "metrics". Run from anywhere after `npm run build`:
#   bash models/train/evaluate.sh [en-de|en-lm|all]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${MULTI30K:-$root/../shared/data/multi30k}
cli="node $root/dist/cli.js"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
which=${1:-all}
for split in val test_2016_flickr; do
  for lang in en de; do zcat "$data/$split.$lang.gz" > "$tmp/$split.$lang"; done
done

merge() { # merge JSON from stdin into models/$1/model.json .metrics
  node -e '
    const fs = require("fs"); const f = process.argv[1];
    const m = JSON.parse(fs.readFileSync(f, "utf8"));
    m.metrics = { ...m.metrics, ...JSON.parse(fs.readFileSync(0, "utf8")) };
    fs.writeFileSync(f, JSON.stringify(m, null, 2) + "\n");' "$root/models/$1/model.json"
}

if [[ $which == all || $which == en-de ]]; then
  for split in val test_2016_flickr; do
    start=$(date +%s)
    $cli translate --model en-de --input "$tmp/$split.en" --output "$tmp/$split.hyp"
    secs=$(( $(date +%s) - start ))
    $cli bleu --hyp "$tmp/$split.hyp" --ref "$tmp/$split.de" --json > "$tmp/$split.bleu.json"
    echo "en-de $split: $(cat "$tmp/$split.bleu.json") (${secs}s for $(wc -l < "$tmp/$split.en") lines)"
  done
  node -e '
    const [v, t] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8")));
    const b = (x) => Math.round((x.bleu ?? x.score) * 100) / 100;
    console.log(JSON.stringify({ measuredWith: "dist/cli.js translate (greedy) + bleu, ONNX Runtime CPU",
      bleuVal: b(v), bleuTest2016: b(t), bleuSignature: "13a tokenizer, exp smoothing, cased, detokenized output" }));
  ' "$tmp/val.bleu.json" "$tmp/test_2016_flickr.bleu.json" | merge en-de
fi

if [[ $which == all || $which == en-lm ]]; then
  $cli score --model en-lm --input "$tmp/val.en" > "$tmp/score.json"
  echo "en-lm val: $(cat "$tmp/score.json")"
  node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(JSON.stringify({ measuredWith: "dist/cli.js score, ONNX Runtime CPU",
      perplexityVal: Math.round(s.perplexity * 100) / 100, bitsPerCharVal: Math.round(s.bitsPerChar * 1000) / 1000,
      tokensVal: s.tokens }));
  ' "$tmp/score.json" | merge en-lm
fi
