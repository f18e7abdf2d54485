/**
 * The simulator's clock: wall time plus an offset tests can advance (token expiry, throttle windows,
 * refresh-token grace) without waiting. QBO prints times in the company's zone; the sandbox company
 * sits at a fixed UTC-07:00 (Pacific daylight time, as Intuit's own samples show).
 */
const COMPANY_OFFSET_MINUTES = -7 * 60;
const OFFSET_TEXT = '-07:00';

export class SimClock {
	private offsetMs = 0;
	private frozenAt?: number;
	private limitsOnWallTime = false;

	now(): number {
		return (this.frozenAt ?? Date.now()) + this.offsetMs;
	}

	/**
	 * The time the gateway counts its request limits on (quickbooks.md §6): the clock's own, or wall time plus the
	 * advances when only the books' time is frozen.
	 */
	limitsNow(): number {
		return this.limitsOnWallTime ? Date.now() + this.offsetMs : this.now();
	}

	/**
	 * Stops wall time (only advance() moves the clock), so window tests do not depend on machine speed.
	 * `limits: 'wall time'` stops it for the books alone (MetaData, CDC and response times): Intuit's per-second and
	 * per-minute limits still pass with real time, so a client paced at those limits gets through a frozen second
	 * as it would through a real one.
	 */
	freeze(options: { limits?: 'frozen' | 'wall time' } = {}): void {
		this.frozenAt ??= Date.now();
		this.limitsOnWallTime = options.limits === 'wall time';
	}

	advance(seconds: number): void {
		this.offsetMs += seconds * 1000;
	}

	reset(): void {
		this.offsetMs = 0;
		this.frozenAt = undefined;
		this.limitsOnWallTime = false;
	}

	/** "2026-10-01T09:15:00-07:00", the MetaData form. */
	metaTime(at = this.now()): string {
		return `${shifted(at).toISOString().slice(0, 19)}${OFFSET_TEXT}`;
	}

	/** "2026-10-01T09:15:00.123-07:00", the `time` of a response. */
	responseTime(at = this.now()): string {
		return `${shifted(at).toISOString().slice(0, 23)}${OFFSET_TEXT}`;
	}

	/** The company's calendar date, the default TxnDate. */
	today(at = this.now()): string {
		return shifted(at).toISOString().slice(0, 10);
	}
}

function shifted(at: number): Date {
	return new Date(at + COMPANY_OFFSET_MINUTES * 60_000);
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as QBO accepts it (yyyy-MM-dd), checked for existence (no 2026-02-30). */
export function isValidDate(text: unknown): text is string {
	if (typeof text !== 'string') return false;
	const match = DATE_ONLY.exec(text);
	if (!match) return false;
	const date = new Date(`${text}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function addDays(date: string, days: number): string {
	const next = new Date(`${date}T00:00:00Z`);
	next.setUTCDate(next.getUTCDate() + days);
	return next.toISOString().slice(0, 10);
}
