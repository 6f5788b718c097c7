"""The lecture's Transformer, with its symbols as names.

Encoder block (post-LN):   x̂ = LN(MSA(x) + x);   x = LN(FFN(x̂) + x̂)
Decoder block (post-LN):   ŷ = LN(MaskedMSA(y) + y);  ỹ = LN(MCA(ŷ, x) + ŷ);  y = LN(FFN(ỹ) + ỹ)
Input:   E[token] · √d + P[k]      with P[k,2i] = sin(k/n^(2i/d)), P[k,2i+1] = cos(k/n^(2i/d))
Output:  softmax(y W_L + b_L)      (W_L tied to E, so the weight is stored once)

`Seq2Seq` is the EN→DE translator; `CausalLM` is the decoder-only continuer
(masked MSA + FFN blocks, post-LN like the lecture). Every attention module can
return its probabilities A = softmax(QKᵀ/√d_k).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def sinusoidal_P(max_len, d, n=10000.0):
    k = torch.arange(max_len, dtype=torch.float32).unsqueeze(1)
    two_i = torch.arange(0, d, 2, dtype=torch.float32)
    angle = k / torch.pow(torch.tensor(n), two_i / d)
    P = torch.zeros(max_len, d)
    P[:, 0::2] = torch.sin(angle)
    P[:, 1::2] = torch.cos(angle)
    return P


class MultiHeadAttention(nn.Module):
    """softmax(Q Kᵀ / √d_k) V over h heads, Q = x W_Q, K = m W_K, V = m W_V, out · W_O."""

    def __init__(self, d, h):
        super().__init__()
        assert d % h == 0
        self.h, self.d_k = h, d // h
        self.W_Q = nn.Linear(d, d)
        self.W_K = nn.Linear(d, d)
        self.W_V = nn.Linear(d, d)
        self.W_O = nn.Linear(d, d)

    def split(self, t):  # [B,T,d] -> [B,h,T,d_k]
        B, T, _ = t.shape
        return t.view(B, T, self.h, self.d_k).transpose(1, 2)

    def attend(self, Q, K, V, bias):
        """Q [B,h,Tq,d_k], K/V [B,h,Tk,d_k], bias broadcastable to [B,h,Tq,Tk] (0 or -inf-ish)."""
        scores = Q @ K.transpose(-1, -2) / math.sqrt(self.d_k)
        if bias is not None:
            scores = scores + bias
        A = torch.softmax(scores, dim=-1)
        out = (A @ V).transpose(1, 2).reshape(Q.shape[0], Q.shape[2], self.h * self.d_k)
        return self.W_O(out), A

    def forward(self, x, m, bias):
        return self.attend(self.split(self.W_Q(x)), self.split(self.W_K(m)), self.split(self.W_V(m)), bias)


class FFN(nn.Module):
    def __init__(self, d, d_ff):
        super().__init__()
        self.W_1 = nn.Linear(d, d_ff)
        self.W_2 = nn.Linear(d_ff, d)

    def forward(self, x):
        return self.W_2(F.relu(self.W_1(x)))


class EncoderBlock(nn.Module):
    def __init__(self, d, h, d_ff, dropout):
        super().__init__()
        self.MSA, self.LN_1 = MultiHeadAttention(d, h), nn.LayerNorm(d)
        self.FFN, self.LN_2 = FFN(d, d_ff), nn.LayerNorm(d)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, bias):
        a, A = self.MSA(x, x, bias)
        x_hat = self.LN_1(self.drop(a) + x)
        return self.LN_2(self.drop(self.FFN(x_hat)) + x_hat), A


class DecoderBlock(nn.Module):
    """Masked MSA, then MCA over the encoder memory (omitted in a causal LM), then FFN."""

    def __init__(self, d, h, d_ff, dropout, cross=True):
        super().__init__()
        self.MaskedMSA, self.LN_1 = MultiHeadAttention(d, h), nn.LayerNorm(d)
        self.MCA = MultiHeadAttention(d, h) if cross else None
        self.LN_2 = nn.LayerNorm(d) if cross else None
        self.FFN, self.LN_3 = FFN(d, d_ff), nn.LayerNorm(d)
        self.drop = nn.Dropout(dropout)

    def forward(self, y, self_bias, memory=None, cross_bias=None):
        a, A_self = self.MaskedMSA(y, y, self_bias)
        y = self.LN_1(self.drop(a) + y)
        A_cross = None
        if self.MCA is not None:
            c, A_cross = self.MCA(y, memory, cross_bias)
            y = self.LN_2(self.drop(c) + y)
        return self.LN_3(self.drop(self.FFN(y)) + y), A_self, A_cross


NEG = -1e9  # additive mask value; finite so a fully-masked row never produces NaN


def causal_bias(T, device=None):
    return torch.triu(torch.full((T, T), NEG, device=device), diagonal=1)


def pad_bias(ids, pad_id):  # [B,S] -> [B,1,1,S]
    return (ids == pad_id).float().mul(NEG)[:, None, None, :]


class Embedding(nn.Module):
    """E · √d + P[k], with P the fixed sinusoidal table."""

    def __init__(self, vocab, d, max_len, n, dropout):
        super().__init__()
        self.E = nn.Embedding(vocab, d)
        nn.init.normal_(self.E.weight, 0, d ** -0.5)
        self.register_buffer("P", sinusoidal_P(max_len, d, n), persistent=False)
        self.scale = math.sqrt(d)
        self.drop = nn.Dropout(dropout)

    def forward(self, ids, offset=0):
        T = ids.shape[1]
        return self.drop(self.E(ids) * self.scale + self.P[offset:offset + T])


class Seq2Seq(nn.Module):
    def __init__(self, vocab, d=256, h=8, layers=3, d_ff=1024, dropout=0.1, max_len=512, n=10000.0, pad_id=0):
        super().__init__()
        self.cfg = dict(vocab=vocab, d=d, h=h, layers=layers, d_ff=d_ff, max_len=max_len, n=n, pad_id=pad_id)
        self.emb = Embedding(vocab, d, max_len, n, dropout)  # shared by source and target
        self.encoder = nn.ModuleList([EncoderBlock(d, h, d_ff, dropout) for _ in range(layers)])
        self.decoder = nn.ModuleList([DecoderBlock(d, h, d_ff, dropout) for _ in range(layers)])
        self.b_L = nn.Parameter(torch.zeros(vocab))
        self.pad_id = pad_id

    def W_L(self):
        return self.emb.E.weight  # tied

    def encode(self, src):
        bias = pad_bias(src, self.pad_id)
        x, As = self.emb(src), []
        for blk in self.encoder:
            x, A = blk(x, bias)
            As.append(A)
        return x, bias, As

    def decode(self, tgt_in, memory, src_bias, last_only=False):
        T = tgt_in.shape[1]
        y = self.emb(tgt_in)
        self_bias = causal_bias(T, tgt_in.device)[None, None] + pad_bias(tgt_in, self.pad_id)
        A_self, A_cross = [], []
        for blk in self.decoder:
            y, a, c = blk(y, self_bias, memory, src_bias)
            A_self.append(a)
            A_cross.append(c)
        if last_only:  # greedy decoding needs only the newest position's logits
            y = y[:, -1:]
        return F.linear(y, self.W_L(), self.b_L), A_self, A_cross

    def forward(self, src, tgt_in):
        memory, src_bias, _ = self.encode(src)
        logits, _, _ = self.decode(tgt_in, memory, src_bias)
        return logits


class CausalLM(nn.Module):
    def __init__(self, vocab, d=256, h=8, layers=4, d_ff=1024, dropout=0.1, max_len=2048, n=10000.0, pad_id=0):
        super().__init__()
        self.cfg = dict(vocab=vocab, d=d, h=h, layers=layers, d_ff=d_ff, max_len=max_len, n=n, pad_id=pad_id)
        self.emb = Embedding(vocab, d, max_len, n, dropout)
        self.blocks = nn.ModuleList([DecoderBlock(d, h, d_ff, dropout, cross=False) for _ in range(layers)])
        self.b_L = nn.Parameter(torch.zeros(vocab))
        self.pad_id = pad_id

    def W_L(self):
        return self.emb.E.weight

    def forward(self, ids, return_attention=False):
        T = ids.shape[1]
        bias = causal_bias(T, ids.device)[None, None] + pad_bias(ids, self.pad_id)
        y, As = self.emb(ids), []
        for blk in self.blocks:
            y, a, _ = blk(y, bias)
            As.append(a)
        logits = F.linear(y, self.W_L(), self.b_L)
        return (logits, As) if return_attention else logits


def count_params(model):
    return sum(p.numel() for p in model.parameters())
