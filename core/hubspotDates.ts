/**
 * HubSpot dates ("ISO 8601 or UNIX timestamp in milliseconds") to QuickBooks dates (YYYY-MM-DD).
 * A HubSpot datetime is an instant; which calendar day it falls on depends on the time zone, so the
 * caller states the zone of the books (default UTC, where HubSpot date properties sit at midnight).
 */
import { SyncFailure, syncError } from './errors';

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const EPOCH_MILLISECONDS = /^-?\d{1,15}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function invalidDate(label: string, value: string, why: string): SyncFailure {
	return new SyncFailure(
		syncError('validation', `${label} "${value}" is not a date: ${why}.`, { field: label, value }, `Correct ${label} in HubSpot.`),
	);
}

function isRealDay(year: number, month: number, day: number): boolean {
	const probe = new Date(Date.UTC(year, month - 1, day));
	return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** The calendar day (YYYY-MM-DD) of a HubSpot date or datetime in `timeZone`; undefined when unset. */
export function toQboDate(value: string | null | undefined, timeZone = 'UTC', label = 'date'): string | undefined {
	if (value === null || value === undefined || value.trim() === '') return undefined;
	const text = value.trim();
	const dateOnly = DATE_ONLY.exec(text);
	if (dateOnly) {
		if (!isRealDay(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]))) throw invalidDate(label, text, 'no such day');
		return text;
	}
	let instant: number;
	if (EPOCH_MILLISECONDS.test(text)) instant = Number(text);
	else if (ISO_DATETIME.test(text)) instant = Date.parse(text);
	else throw invalidDate(label, text, 'expected YYYY-MM-DD, an ISO 8601 datetime or epoch milliseconds');
	if (!Number.isFinite(instant)) throw invalidDate(label, text, 'out of range');
	return calendarDay(instant, timeZone, label);
}

function calendarDay(instant: number, timeZone: string, label: string): string {
	let parts: Intl.DateTimeFormatPart[];
	try {
		parts = new Intl.DateTimeFormat('en-US', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
		}).formatToParts(new Date(instant));
	} catch {
		throw new SyncFailure(
			syncError('validation', `"${timeZone}" is not a time zone.`, { field: label, timeZone }, 'Use an IANA time zone such as America/New_York.'),
		);
	}
	const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value ?? '';
	return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** Last calendar day of a month, for period-end postings (2026-02 → 2026-02-28). */
export function lastDayOfMonth(year: number, month: number): string {
	const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isQboDate(value: string): boolean {
	const match = DATE_ONLY.exec(value);
	return match !== null && isRealDay(Number(match[1]), Number(match[2]), Number(match[3]));
}
