/**
 * Which n8n execution created a QuickBooks document: a line `n8n execution <id>` at the end of the
 * document's PrivateNote, written once, on create. Undo finds one execution's documents by it. The line
 * is not part of what the sync compares or keys a write by: the markers before it still find the
 * document, and a later run from another execution sees nothing to change.
 */

const TAG_PREFIX = 'n8n execution ';
const TAG_LINE = /(?:^|\n)n8n execution ([A-Za-z0-9_.:-]{1,64})[ \t]*$/;

/** The tag line for an execution id; empty when there is no usable id (then nothing is tagged). */
export function executionTagLine(executionId: string | undefined): string {
	const id = String(executionId ?? '').trim();
	return /^[A-Za-z0-9_.:-]{1,64}$/.test(id) ? `${TAG_PREFIX}${id}` : '';
}

/** The execution id a PrivateNote names, if any. */
export function taggedExecutionId(note: string | undefined): string | undefined {
	return note === undefined ? undefined : TAG_LINE.exec(note)?.[1];
}

/** The note without its execution line: what the sync compares. */
export function withoutExecutionTag(note: string | undefined): string | undefined {
	if (note === undefined) return undefined;
	return note.replace(TAG_LINE, '');
}

/**
 * The note with the execution line at its end (replacing any earlier one), within QuickBooks' 4,000
 * characters: the note is cut, never the tag, so Undo can always find the document.
 */
export function withExecutionTag(note: string | undefined, executionId: string | undefined, limit = 4000): string | undefined {
	const line = executionTagLine(executionId);
	const base = withoutExecutionTag(note) ?? '';
	if (line === '') return note;
	const room = limit - line.length - 1;
	const kept = base.length <= room ? base : `${base.slice(0, Math.max(0, room - 1))}…`;
	return kept === '' ? line : `${kept}\n${line}`;
}
