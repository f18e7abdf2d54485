/**
 * A bound on a promise nobody can cancel (an SDK call without an abort signal, n8n's token refresh):
 * after `timeoutMs` the caller goes on with a timeout failure, whatever the call does afterwards.
 * The timer is an AbortSignal's (no timer globals in community nodes) and holds no process open.
 */

/** The code of the error `withDeadline` rejects with. */
export const DEADLINE_CODE = 'ETIMEDOUT';

export class DeadlineExceeded extends Error {
	readonly code = DEADLINE_CODE;

	constructor(readonly timeoutMs: number) {
		super(`no answer within ${timeoutMs} ms`);
		this.name = 'DeadlineExceeded';
	}
}

export async function withDeadline<T>(pending: Promise<T>, timeoutMs: number): Promise<T> {
	const signal = AbortSignal.timeout(timeoutMs);
	let onAbort: (() => void) | undefined;
	const expired = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(new DeadlineExceeded(timeoutMs));
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([pending, expired]);
	} finally {
		if (onAbort) signal.removeEventListener('abort', onAbort);
	}
}
