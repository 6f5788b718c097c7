#!/usr/bin/env bash
# Installs what the training/export code needs (Debian packages; run as root).
# libopenblas0-openmp matters: without it torch's matmuls run ~30x slower.
set -euo pipefail
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  python3-torch python3-numpy python3-onnx python3-sentencepiece libopenblas0-openmp
