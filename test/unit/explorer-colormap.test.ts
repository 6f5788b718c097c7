import { describe, expect, it } from 'vitest';
import { getLut, lutLuminance, makeScale } from '../../webview/explorer/colormap';

describe('colour maps', () => {
  it('viridis has 256 entries from dark purple to yellow', () => {
    const lut = getLut('viridis');
    expect(lut.rgb.length).toBe(768);
    expect(Array.from(lut.rgb.slice(0, 3))).toEqual([0x44, 0x01, 0x54]);
    expect(Array.from(lut.rgb.slice(765))).toEqual([0xfd, 0xe7, 0x25]);
    // packed little-endian ABGR for Uint32 ImageData writes
    expect(lut.abgr[0]).toBe(0xff540144);
  });

  it.each(['viridis', 'cividis'] as const)('%s luminance increases monotonically (perceptually ordered)', (name) => {
    const lut = getLut(name);
    let prev = -1;
    for (let i = 0; i < 256; i += 8) {
      const l = lutLuminance(lut, i);
      expect(l).toBeGreaterThan(prev);
      prev = l;
    }
    // enough contrast between ends to read on light, dark and high-contrast backgrounds
    expect((lutLuminance(lut, 255) + 0.05) / (lutLuminance(lut, 0) + 0.05)).toBeGreaterThan(7);
  });
});

describe('scales', () => {
  it('linear maps [min, max] onto 0..255 and clamps', () => {
    const s = makeScale('linear', 0, 1);
    expect(s.index(0)).toBe(0);
    expect(s.index(1)).toBe(255);
    expect(s.index(0.5)).toBe(127);
    expect(s.index(-1)).toBe(0);
    expect(s.index(2)).toBe(255);
    expect(s.index(NaN)).toBe(0);
    expect(s.valueAt(0.5)).toBeCloseTo(0.5);
  });

  it('log spans four decades by default and sends 0 to the bottom', () => {
    const s = makeScale('log', 0, 1);
    expect(s.index(1)).toBe(255);
    expect(s.index(1e-4)).toBe(0);
    expect(s.index(0)).toBe(0);
    expect(s.index(1e-2)).toBe(127);
    expect(s.valueAt(0)).toBeCloseTo(1e-4);
    expect(s.valueAt(1)).toBeCloseTo(1);
  });

  it('a degenerate linear range paints everything low', () => {
    const s = makeScale('linear', 0.3, 0.3);
    expect(s.index(0.3)).toBe(0);
  });
});
