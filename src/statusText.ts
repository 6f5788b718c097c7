// Text and tooltip of the status bar item (pure, unit-tested).
export interface ModelStatusView {
  model?: string;
  provider?: string;
  fallbackReason?: string;
  loading?: boolean;
}

export function statusText(s: ModelStatusView): { text: string; tooltip: string } {
  if (!s.model) return { text: '$(eye) Attention Lens', tooltip: 'Attention Lens: no model loaded yet. Click to select a model.' };
  if (s.loading) return { text: `$(loading~spin) ${s.model}`, tooltip: `Loading ${s.model}…` };
  const provider = s.provider ?? 'not loaded';
  const lines = [`Attention Lens: ${s.model} on ${provider}`];
  if (s.fallbackReason) lines.push('', `Fell back to ${provider}:`, ...s.fallbackReason.split('; ').map((r) => `• ${r}`));
  lines.push('', 'Click to select a model.');
  return { text: `$(eye) ${s.model} · ${provider}${s.fallbackReason ? ' $(warning)' : ''}`, tooltip: lines.join('\n') };
}
