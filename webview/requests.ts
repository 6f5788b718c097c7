// Request/reply over postMessage: each request gets an id, the host's reply carries it back.
import type { HostToWebview, RequestMethod, WebviewToHost } from '../src/protocol';

type Reply = Extract<HostToWebview, { type: 'reply' }>;

export class Requests {
  private nextId = 1;
  private readonly pending = new Map<number, (r: Reply) => void>();

  constructor(private readonly post: (m: WebviewToHost) => void) {}

  /** Resolves with the text, rejects with the host's error message. */
  send(method: RequestMethod): Promise<{ text: string }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (r) => (r.ok ? resolve(r.result) : reject(new Error(r.error))));
      this.post({ type: 'request', id, method });
    });
  }

  /** Routes a reply to its request; false for unknown ids (late or duplicate replies). */
  resolve(reply: Reply): boolean {
    const done = this.pending.get(reply.id);
    if (!done) return false;
    this.pending.delete(reply.id);
    done(reply);
    return true;
  }
}
