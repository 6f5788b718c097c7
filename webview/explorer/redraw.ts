// The redraw wiring shared by the explorer's canvas tabs (model, head, steps):
// at most one full redraw and one overlay redraw per animation frame, each
// skipped while the tab's panel is hidden. A hover or focus change in the
// session re-marks the token strips at once and redraws the overlay only; any
// other session change (run list, run, fetched data, colour theme) and a resize
// of the panel redraw everything.
import { frameThrottle } from './canvas';
import { session } from './session';

export interface RedrawHandlers {
  /** Everything: base canvases and overlays. */
  draw(): void;
  /** The overlays only (highlight, hover, cursor). */
  overlay(): void;
  /** Re-apply the token strips' highlight classes (synchronous). */
  mark(): void;
}

export interface Redraw {
  /**
   * The panel's clientWidth as of the last resize notification, read when layout was clean
   * anyway, so that a draw after DOM changes does not force a synchronous layout to learn it;
   * read directly while unknown (not yet observed, or hidden since). A width change always
   * brings a notification, and with it a full redraw.
   */
  width(): number;
}

let themeObserver: MutationObserver | undefined;

/**
 * Watches for VS Code's theme switches, once per webview: VS Code swaps the body class
 * (vscode-light / vscode-dark / vscode-high-contrast) and rewrites the --vscode-* variables in
 * the html/body style attribute. Each change goes through the session as 'theme' (bumping
 * session.themeVersion for colour-keyed caches); the views' own frame throttles make it one
 * full redraw per frame however many attributes change.
 */
export function watchTheme(): void {
  if (themeObserver) return;
  themeObserver = new MutationObserver(() => session.themeChanged());
  for (const node of [document.documentElement, document.body]) themeObserver.observe(node, { attributes: true, attributeFilter: ['class', 'style'] });
}

export function wireRedraw(container: HTMLElement, h: RedrawHandlers): Redraw {
  watchTheme();
  const visible = () => !container.hidden;
  const redraw = frameThrottle(() => visible() && h.draw());
  const reoverlay = frameThrottle(() => visible() && h.overlay());
  session.subscribe((why) => {
    if (why === 'hover' || why === 'focus') {
      h.mark();
      reoverlay();
    } else redraw();
  });
  let measured = 0;
  new ResizeObserver(() => {
    measured = container.clientWidth;
    redraw();
  }).observe(container);
  return { width: () => (measured > 0 && !container.hidden ? measured : container.clientWidth) };
}
