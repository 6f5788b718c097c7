// Analysed ranges that follow document edits (issue #6). Pure: offsets in UTF-16 code
// units, edits as VS Code reports them (rangeOffset, rangeLength, text).
//
// - an edit entirely before the range shifts it;
// - an edit entirely after it (or an insertion exactly at its end) leaves it alone;
// - an insertion exactly at its start shifts it (the text typed before stays outside);
// - anything that touches the analysed text marks it stale: its tokens no longer
//   describe what is there, so the hover says so instead of showing wrong offsets.

export interface TrackedRange {
  start: number;
  end: number;
  stale: boolean;
}

export interface TextEdit {
  /** Offset of the replaced text in the document before this edit. */
  offset: number;
  /** Length of the replaced text. */
  length: number;
  /** Inserted text. */
  text: string;
}

export function applyEdit(r: TrackedRange, e: TextEdit): TrackedRange {
  if (r.stale) return r;
  const editEnd = e.offset + e.length;
  const delta = e.text.length - e.length;
  if (editEnd < r.start || (editEnd === r.start && (e.length > 0 || e.text.length > 0))) {
    // Entirely before (a deletion ending at the start, or an insertion at the start, too).
    return { start: r.start + delta, end: r.end + delta, stale: false };
  }
  if (e.offset >= r.end) return r; // after, or an insertion at the very end
  if (e.length === 0 && e.text.length === 0) return r;
  return { ...r, stale: true };
}

/**
 * Applies the changes of one document change event in order. VS Code lists the changes
 * of one event so that applying them one after another is valid (each offset refers to
 * the document as left by the previous ones), which is what this does.
 */
export function applyEdits(r: TrackedRange, edits: readonly TextEdit[]): TrackedRange {
  let cur = r;
  for (const e of edits) cur = applyEdit(cur, e);
  return cur;
}

/** True when the document text at the range still equals the analysed text. */
export function rangeHolds(docText: string, r: TrackedRange, expected: string): boolean {
  return !r.stale && r.end - r.start === expected.length && docText.slice(r.start, r.end) === expected;
}
