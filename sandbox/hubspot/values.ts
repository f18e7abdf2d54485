import { parseDecimal } from './money';
import type { PropertyDefinition } from './schema';
import type { PropertyValueProblem } from './errors';

/** Epoch ms of a datetime value as HubSpot accepts it: "ISO 8601 or UNIX timestamp in milliseconds" (hubspot.md §1.4). */
export function epochOf(value: string | number): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	const text = value.trim();
	if (/^-?\d+$/.test(text)) return Number(text);
	if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
	const parsed = Date.parse(text);
	return Number.isNaN(parsed) ? undefined : parsed;
}

export function isoOf(epochMs: number): string {
	return new Date(epochMs).toISOString();
}

const DAY_MS = 86_400_000;

export type NormalizedValue = { value: string } | { problem: PropertyValueProblem };

/**
 * Checks one incoming property value against its definition and returns the stored form.
 * '' means "clear the value" (HubSpot clears a property written with an empty string or null).
 */
export function normalizeValue(definition: PropertyDefinition, raw: unknown): NormalizedValue {
	const name = definition.name;
	if (raw === null || raw === undefined || raw === '') return { value: '' };
	if (typeof raw === 'object') {
		return { problem: { name, code: 'INVALID_VALUE', message: `${JSON.stringify(raw)} is not a valid value for property "${name}"` } };
	}
	const text = String(raw);
	switch (definition.type) {
		case 'number': {
			if (!parseDecimal(text)) return { problem: { name, code: 'INVALID_DECIMAL', message: `${text} was not a valid number.` } };
			return { value: text.trim() };
		}
		case 'datetime': {
			const epoch = epochOf(text);
			if (epoch === undefined) return { problem: { name, code: 'INVALID_DATE', message: `${text} was not a valid date or datetime.` } };
			return { value: isoOf(epoch) };
		}
		case 'date': {
			// Date properties take midnight UTC (as epoch ms) or a calendar date; other instants are refused.
			const epoch = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? Date.parse(`${text.trim()}T00:00:00Z`) : epochOf(text);
			if (epoch === undefined || Number.isNaN(epoch) || epoch % DAY_MS !== 0) {
				return { problem: { name, code: 'INVALID_DATE', message: `${text} is not a valid date; dates must be at midnight UTC.` } };
			}
			return { value: isoOf(epoch).slice(0, 10) };
		}
		case 'bool': {
			const lower = text.toLowerCase();
			if (lower !== 'true' && lower !== 'false') return { problem: { name, code: 'INVALID_BOOLEAN', message: `${text} was not a valid boolean (true or false).` } };
			return { value: lower };
		}
		case 'enumeration': {
			// Enumeration values are exact, case included (hubspot.md §4.1: case-sensitive).
			const allowed = new Set(definition.options.map((option) => option.value));
			const parts = definition.fieldType === 'checkbox' ? text.split(';') : [text];
			const wrong = parts.find((part) => !allowed.has(part));
			if (wrong !== undefined) {
				return {
					problem: {
						name,
						code: 'INVALID_OPTION',
						message: `${wrong} was not one of the allowed options: [${[...allowed].join(', ')}]`,
					},
				};
			}
			return { value: text };
		}
		default:
			return { value: text };
	}
}
