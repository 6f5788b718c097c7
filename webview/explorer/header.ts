// The top of every explorer tab: run picker, PNG / JSON export, and the two
// token strips. Each tab mounts its own (cheap) instance.
import { session } from './session';
import { tokenStrip, type Strip } from './strip';
import { button, select } from './ui';
import { canvasesToPng } from './canvas';

export interface Header {
  el: HTMLElement;
  strips: HTMLElement;
  render(): void;
  mark(): void;
}

export function header(tab: string, canvases: () => HTMLCanvasElement[], pngName: () => string): Header {
  const el = document.createElement('div');
  el.className = 'xp-header';
  const picker = select<string>('Run', (id) => session.selectRun(id), `${tab}-run`);
  const info = document.createElement('span');
  info.className = 'xp-info';
  const png = button('PNG', () => {
    void canvasesToPng(canvases()).then(
      (data) => session.savePng(pngName(), data),
      (e: unknown) => console.warn(`[attention-lens] PNG export failed: ${String(e)}`),
    );
  }, { id: `${tab}-png`, title: 'Save the current view as PNG', secondary: true });
  const json = button('JSON', () => session.exportJson(), { id: `${tab}-json`, title: 'Save the run as JSON', secondary: true });
  const bar = document.createElement('div');
  bar.className = 'xp-bar';
  bar.append(picker.el, info, png, json);
  const input = tokenStrip('source', 'Input');
  const output = tokenStrip('output', 'Output');
  const strips = document.createElement('div');
  strips.className = 'xp-strips';
  strips.append(input.el, output.el);
  el.append(bar);
  const empty = document.createElement('p');
  empty.className = 'xp-empty';
  empty.textContent = 'No run yet. Select text in an editor and run “Attention Lens: Translate Selection” or “Continue Selection”.';
  el.append(empty);
  let shown = '';
  const all: Strip[] = [input, output];
  return {
    el,
    strips,
    render() {
      const run = session.run;
      empty.hidden = !!run;
      bar.hidden = !run;
      strips.hidden = !run;
      if (!run) return;
      const runs = session.runs.length ? session.runs : [{ id: run.id, model: run.model, label: run.id }];
      picker.set(runs.map((r) => ({ value: r.id, label: r.label })), run.id);
      info.textContent = `${run.model} · L=${run.layers} H=${run.heads} d=${run.dModel} · ${run.sourceTokens.length}→${run.outputTokens.length} tokens`;
      if (shown !== run.id) {
        shown = run.id;
        input.render(run.sourceTokens);
        output.render(run.outputTokens);
      }
      for (const s of all) s.mark();
    },
    mark() {
      for (const s of all) s.mark();
    },
  };
}

export const KIND_NAMES: Record<string, string> = {
  encoderSelf: 'Encoder self-attention',
  decoderSelf: 'Decoder masked self-attention',
  cross: 'Cross-attention (decoder → encoder)',
  self: 'Causal self-attention',
};
