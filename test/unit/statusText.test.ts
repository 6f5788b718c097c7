import { describe, expect, it } from 'vitest';
import { statusText } from '../../src/statusText';

describe('status bar text', () => {
  it('model · provider, with the fallback reason in the tooltip', () => {
    expect(statusText({}).text).toMatch(/Attention Lens/);
    expect(statusText({ model: 'en-de', loading: true }).text).toMatch(/loading.*en-de/);
    const ok = statusText({ model: 'en-de', provider: 'cuda' });
    expect(ok.text).toBe('$(eye) en-de · cuda');
    expect(ok.tooltip).not.toMatch(/Fell back/);
    const fb = statusText({ model: 'en-de', provider: 'cpu', fallbackReason: 'cuda: Failed to load shared library; webgpu: no adapter' });
    expect(fb.text).toBe('$(eye) en-de · cpu $(warning)');
    expect(fb.tooltip).toMatch(/Fell back to cpu:\n• cuda: Failed to load shared library\n• webgpu: no adapter/);
  });
});
