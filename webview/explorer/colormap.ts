// Perceptually uniform colour maps as 256-entry RGB lookup tables, and the
// value → LUT index scales (linear, log) used by every heat map.
//
// viridis: the 256 sRGB colours of matplotlib's viridis (van der Walt & Smith,
// CC0), as listed in d3-scale-chromatic (ISC, © Mike Bostock).
// cividis: Nuñez, Anderton & Renslow (2018), colour-vision-deficiency friendly;
// the polynomial fit used by d3-scale-chromatic.

export type ColormapName = 'viridis' | 'cividis';
export type ScaleMode = 'linear' | 'log';

const VIRIDIS_HEX =
  '44015444025645045745055946075a46085c460a5d460b5e470d60470e61471063471164471365481467481668481769' +
  '48186a481a6c481b6d481c6e481d6f481f70482071482173482374482475482576482677482878482979472a7a472c7a' +
  '472d7b472e7c472f7d46307e46327e46337f463480453581453781453882443983443a83443b84433d84433e85423f85' +
  '4240864241864142874144874045884046883f47883f48893e49893e4a893e4c8a3d4d8a3d4e8a3c4f8a3c508b3b518b' +
  '3b528b3a538b3a548c39558c39568c38588c38598c375a8c375b8d365c8d365d8d355e8d355f8d34608d34618d33628d' +
  '33638d32648e32658e31668e31678e31688e30698e306a8e2f6b8e2f6c8e2e6d8e2e6e8e2e6f8e2d708e2d718e2c718e' +
  '2c728e2c738e2b748e2b758e2a768e2a778e2a788e29798e297a8e297b8e287c8e287d8e277e8e277f8e27808e26818e' +
  '26828e26828e25838e25848e25858e24868e24878e23888e23898e238a8d228b8d228c8d228d8d218e8d218f8d21908d' +
  '21918c20928c20928c20938c1f948c1f958b1f968b1f978b1f988b1f998a1f9a8a1e9b8a1e9c891e9d891f9e891f9f88' +
  '1fa0881fa1881fa1871fa28720a38620a48621a58521a68522a78522a88423a98324aa8325ab8225ac8226ad8127ad81' +
  '28ae8029af7f2ab07f2cb17e2db27d2eb37c2fb47c31b57b32b67a34b67935b77937b87838b9773aba763bbb753dbc74' +
  '3fbc7340bd7242be7144bf7046c06f48c16e4ac16d4cc26c4ec36b50c46a52c56954c56856c66758c7655ac8645cc863' +
  '5ec96260ca6063cb5f65cb5e67cc5c69cd5b6ccd5a6ece5870cf5773d05675d05477d1537ad1517cd2507fd34e81d34d' +
  '84d44b86d54989d5488bd6468ed64590d74393d74195d84098d83e9bd93c9dd93ba0da39a2da37a5db36a8db34aadc32' +
  'addc30b0dd2fb2dd2db5de2bb8de29bade28bddf26c0df25c2df23c5e021c8e020cae11fcde11dd0e11cd2e21bd5e21a' +
  'd8e219dae319dde318dfe318e2e418e5e419e7e419eae51aece51befe51cf1e51df4e61ef6e620f8e621fbe723fde725';

/** A colour map: 256 RGB triples, index 0 = low, 255 = high. */
export interface Lut {
  name: ColormapName;
  rgb: Uint8Array; // length 768
  /** The same colours packed as little-endian 0xAABBGGRR for Uint32 ImageData writes. */
  abgr: Uint32Array;
}

function pack(rgb: Uint8Array): Uint32Array {
  const out = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    out[i] = (0xff << 24) | (rgb[3 * i + 2] << 16) | (rgb[3 * i + 1] << 8) | rgb[3 * i];
    out[i] >>>= 0;
  }
  return out;
}

function viridisRgb(): Uint8Array {
  const rgb = new Uint8Array(768);
  // hex digit value from its char code ('0'-'9', 'a'-'f')
  const nib = (k: number) => {
    const ch = VIRIDIS_HEX.charCodeAt(k);
    return ch <= 57 ? ch - 48 : ch - 87;
  };
  for (let j = 0; j < 768; j++) rgb[j] = (nib(2 * j) << 4) | nib(2 * j + 1);
  return rgb;
}

function clamp255(x: number): number {
  return Math.max(0, Math.min(255, Math.round(x)));
}

function cividisRgb(): Uint8Array {
  const rgb = new Uint8Array(768);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    rgb[3 * i] = clamp255(-4.54 - t * (35.34 - t * (2381.73 - t * (6402.7 - t * (7024.72 - t * 2710.57)))));
    rgb[3 * i + 1] = clamp255(32.49 + t * (170.73 + t * (52.82 - t * (131.46 - t * (176.58 - t * 67.37)))));
    rgb[3 * i + 2] = clamp255(81.24 + t * (442.36 - t * (2482.43 - t * (6167.24 - t * (6614.94 - t * 2475.67)))));
  }
  return rgb;
}

const cache = new Map<ColormapName, Lut>();

export function getLut(name: ColormapName = 'viridis'): Lut {
  let lut = cache.get(name);
  if (!lut) {
    const rgb = name === 'cividis' ? cividisRgb() : viridisRgb();
    lut = { name, rgb, abgr: pack(rgb) };
    cache.set(name, lut);
  }
  return lut;
}

export function lutCss(lut: Lut, index: number): string {
  const i = Math.max(0, Math.min(255, index | 0));
  return `rgb(${lut.rgb[3 * i]}, ${lut.rgb[3 * i + 1]}, ${lut.rgb[3 * i + 2]})`;
}

/** Relative luminance (WCAG) of a LUT entry, to pick a readable text colour on top of it. */
export function lutLuminance(lut: Lut, index: number): number {
  const i = Math.max(0, Math.min(255, index | 0));
  const ch = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * ch(lut.rgb[3 * i]) + 0.7152 * ch(lut.rgb[3 * i + 1]) + 0.0722 * ch(lut.rgb[3 * i + 2]);
}

/**
 * Maps a value to a LUT index 0..255.
 * linear: [min, max] → [0, 255].
 * log: log10 over [max(min, floor), max]; values at or below the floor → 0.
 * Attention probabilities use min = 0, max = 1 (or the view's max) and, for log,
 * floor = 1e-4 by default so that 1e-4 … 1 spans the whole map (four decades).
 */
export interface Scale {
  mode: ScaleMode;
  min: number;
  max: number;
  floor: number;
  index(v: number): number;
  /** Inverse: the value at a LUT position t ∈ [0, 1] (for legends). */
  valueAt(t: number): number;
}

export function makeScale(mode: ScaleMode, min = 0, max = 1, floor = 1e-4): Scale {
  if (mode === 'log') {
    const lo = Math.log10(Math.max(min, floor));
    const hi = Math.log10(Math.max(max, floor * 10));
    const k = 255 / Math.max(hi - lo, 1e-12);
    return {
      mode, min, max, floor,
      index(v: number) {
        if (!(v > 0)) return 0;
        const i = (Math.log10(v) - lo) * k;
        return i <= 0 ? 0 : i >= 255 ? 255 : i | 0;
      },
      valueAt(t: number) {
        return Math.pow(10, lo + t * (hi - lo));
      },
    };
  }
  const span = max - min;
  const k = span > 0 ? 255 / span : 0;
  return {
    mode, min, max, floor,
    index(v: number) {
      const i = (v - min) * k;
      return i <= 0 || i !== i ? 0 : i >= 255 ? 255 : i | 0;
    },
    valueAt(t: number) {
      return min + t * span;
    },
  };
}
