/**
 * A small builder for QuickBooks' query language (quickbooks.md §1.4 and §15). It only writes what
 * QBO can run: `SELECT * | COUNT(*) FROM <Entity> [WHERE a AND b ...] [ORDERBY f [ASC|DESC]]
 * [STARTPOSITION n] [MAXRESULTS n]`, on the fields QBO lists as filterable / sortable for that entity,
 * with the operators the field's type allows. String values are escaped with a backslash (§15.2), so a
 * customer named `O'Brien & Sons` is a value, never a broken query. Anything else (OR, JOIN, a field QBO
 * cannot filter on, MAXRESULTS over 1000) is refused here with a clear message instead of a 4000/4001
 * from QuickBooks.
 */
import type { QuickBooksEntity } from './entities';
import { QuickBooksError } from './errors';

export type QueryOperator = '=' | '<' | '>' | '<=' | '>=' | 'IN' | 'LIKE';
export type QueryScalar = string | number | boolean;
export type QueryValue = QueryScalar | readonly QueryScalar[];

export interface QueryCondition {
	field: string;
	operator: QueryOperator;
	value: QueryValue;
}

export interface SelectOptions {
	where?: readonly QueryCondition[];
	orderBy?: { field: string; direction?: 'ASC' | 'DESC' };
	/** 1-based (§15.2). */
	startPosition?: number;
	/** At most 1000 (§15.2). */
	maxResults?: number;
}

/** QBO's page size ceiling (quickbooks-ruby #263 quoting Intuit) and its default when none is sent. */
export const MAX_RESULTS_LIMIT = 1000;
export const DEFAULT_MAX_RESULTS = 100;

/** Field types and the operators each allows (§15.1). */
type FieldType = 'string' | 'ref' | 'boolean' | 'enum' | 'number' | 'date' | 'id' | 'email';

const OPERATORS_BY_TYPE: Readonly<Record<FieldType, readonly QueryOperator[]>> = {
	string: ['=', '<', '>', '<=', '>=', 'IN', 'LIKE'],
	ref: ['=', 'IN', 'LIKE'],
	boolean: ['=', 'IN'],
	enum: ['=', 'IN', 'LIKE'],
	number: ['=', '<', '>', '<=', '>=', 'IN'],
	date: ['=', '<', '>', '<=', '>=', 'IN'],
	id: ['=', '<', '>', '<=', '>=', 'IN'],
	// Customer.PrimaryEmailAddr: = and LIKE are what public code uses; IN is unverified (§15.1b).
	email: ['=', 'LIKE'],
};

interface EntityQuerySchema {
	filterable: Readonly<Record<string, FieldType>>;
	sortable: readonly string[];
}

/** On every entity Id is filterable and the MetaData times are filterable and sortable (§15.1b). */
const COMMON_FIELDS: Readonly<Record<string, FieldType>> = {
	Id: 'id',
	'MetaData.CreateTime': 'date',
	'MetaData.LastUpdatedTime': 'date',
};
const COMMON_SORTABLE = ['MetaData.CreateTime', 'MetaData.LastUpdatedTime'];

/** The §15.1b table: conflicting or unverified sources resolved to the narrower reading. */
const QUERY_SCHEMAS: Readonly<Record<QuickBooksEntity, EntityQuerySchema>> = {
	Customer: {
		filterable: {
			DisplayName: 'string',
			GivenName: 'string',
			MiddleName: 'string',
			FamilyName: 'string',
			CompanyName: 'string',
			PrintOnCheckName: 'string',
			FullyQualifiedName: 'string',
			PrimaryEmailAddr: 'email',
			Active: 'boolean',
			Balance: 'number',
		},
		sortable: ['Id', 'DisplayName', 'CompanyName', 'PrintOnCheckName', 'FullyQualifiedName', 'Balance', 'Active', 'GivenName', 'MiddleName', 'FamilyName'],
	},
	Vendor: {
		filterable: {
			DisplayName: 'string',
			GivenName: 'string',
			MiddleName: 'string',
			FamilyName: 'string',
			CompanyName: 'string',
			PrintOnCheckName: 'string',
			Active: 'boolean',
		},
		sortable: ['Id', 'DisplayName', 'GivenName', 'MiddleName', 'FamilyName', 'CompanyName', 'PrintOnCheckName'],
	},
	Item: {
		filterable: { Name: 'string', Type: 'enum', Active: 'boolean', Sku: 'string', Description: 'string' },
		sortable: ['Id', 'Name', 'Type', 'UnitPrice', 'ParentRef'],
	},
	Account: {
		filterable: {
			Name: 'string',
			SubAccount: 'boolean',
			ParentRef: 'ref',
			Description: 'string',
			AccountType: 'enum',
			AccountSubType: 'enum',
			Classification: 'enum',
			FullyQualifiedName: 'string',
			CurrentBalance: 'number',
			CurrentBalanceWithSubAccounts: 'number',
			Active: 'boolean',
		},
		sortable: ['Name', 'SubAccount', 'ParentRef', 'Description', 'AccountType', 'AccountSubType', 'Classification', 'CurrentBalance', 'CurrentBalanceWithSubAccounts'],
	},
	Invoice: {
		filterable: {
			DocNumber: 'string',
			TxnDate: 'date',
			CustomerRef: 'ref',
			DueDate: 'date',
			Balance: 'number',
			SalesTermRef: 'ref',
			ProjectRef: 'ref',
		},
		sortable: ['Id', 'DocNumber', 'TxnDate', 'DueDate', 'Balance'],
	},
	Payment: {
		filterable: { TxnDate: 'date', CustomerRef: 'ref', TotalAmt: 'number', ProjectRef: 'ref' },
		sortable: ['Id', 'TotalAmt'],
	},
	Purchase: {
		filterable: { DocNumber: 'string', TxnDate: 'date', PaymentType: 'enum', TotalAmt: 'number' },
		sortable: ['Id', 'DocNumber', 'TxnDate', 'PaymentType'],
	},
	SalesReceipt: {
		filterable: { DocNumber: 'string', TxnDate: 'date' },
		sortable: ['Id', 'DocNumber', 'TxnDate'],
	},
	CreditMemo: {
		filterable: {
			DocNumber: 'string',
			TxnDate: 'date',
			CustomerRef: 'ref',
			TotalAmt: 'number',
			Balance: 'number',
			ProjectRef: 'ref',
		},
		sortable: ['DocNumber', 'TxnDate', 'CustomerRef', 'TotalAmt', 'Balance'],
	},
	RefundReceipt: {
		filterable: { DocNumber: 'string', TxnDate: 'date', CustomerRef: 'ref' },
		sortable: ['DocNumber', 'TxnDate'],
	},
	TaxCode: { filterable: { Name: 'string', Active: 'boolean', Hidden: 'boolean' }, sortable: ['Name'] },
	Term: { filterable: { Name: 'string', Active: 'boolean' }, sortable: ['Id'] },
	PaymentMethod: { filterable: { Name: 'string' }, sortable: ['Id', 'Name'] },
	CompanyInfo: { filterable: {}, sortable: [] },
	Preferences: { filterable: {}, sortable: [] },
};

/** A query QBO cannot run; thrown before anything is sent, as a validation failure of the item. */
export class QueryBuildError extends QuickBooksError {
	constructor(message: string) {
		super({ category: 'validation', message, howToFix: 'Change the filter so QuickBooks can run it.' }, 'fix-and-rerun');
		this.name = 'QueryBuildError';
	}
}

function fieldTypeOf(entity: QuickBooksEntity, field: string): FieldType | undefined {
	return COMMON_FIELDS[field] ?? QUERY_SCHEMAS[entity].filterable[field];
}

function filterableFieldList(entity: QuickBooksEntity): string {
	return [...Object.keys(COMMON_FIELDS), ...Object.keys(QUERY_SCHEMAS[entity].filterable)].join(', ');
}

/** `O'Brien & Sons` → `'O\'Brien & Sons'`: backslash escapes (Intuit "Deep dive into data queries"). */
export function quoteQueryString(value: string): string {
	return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function renderScalar(value: QueryScalar, type: FieldType, field: string): string {
	if (type === 'boolean') {
		if (typeof value === 'boolean') return String(value);
		if (value === 'true' || value === 'false') return value;
		throw new QueryBuildError(`${field} takes true or false, not ${JSON.stringify(value)}.`);
	}
	if (type === 'number') {
		const text = typeof value === 'number' ? String(value) : String(value).trim();
		if (!/^-?\d+(\.\d+)?$/.test(text)) throw new QueryBuildError(`${field} takes a number, not ${JSON.stringify(value)}.`);
		return text;
	}
	if (typeof value === 'boolean') throw new QueryBuildError(`${field} takes text, not ${value}.`);
	const text = String(value);
	if (type === 'date' && !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
		throw new QueryBuildError(`${field} takes a date such as 2026-10-01, not ${JSON.stringify(value)}.`);
	}
	return quoteQueryString(text);
}

function renderCondition(entity: QuickBooksEntity, condition: QueryCondition): string {
	const { field, operator, value } = condition;
	const type = fieldTypeOf(entity, field);
	if (type === undefined) {
		throw new QueryBuildError(
			`QuickBooks cannot filter ${entity} by ${field}. Filterable fields: ${filterableFieldList(entity)}.`,
		);
	}
	if (!OPERATORS_BY_TYPE[type].includes(operator)) {
		throw new QueryBuildError(
			`QuickBooks does not allow ${operator} on ${entity}.${field}; use ${OPERATORS_BY_TYPE[type].join(', ')}.`,
		);
	}
	if (operator === 'IN') {
		const values = Array.isArray(value) ? value : [value as QueryScalar];
		if (values.length === 0) throw new QueryBuildError(`IN on ${field} needs at least one value.`);
		return `${field} IN (${values.map((entry) => renderScalar(entry, type, field)).join(', ')})`;
	}
	if (Array.isArray(value)) throw new QueryBuildError(`${operator} on ${field} takes one value; use IN for a list.`);
	if (operator === 'LIKE' && typeof value !== 'string') throw new QueryBuildError(`LIKE on ${field} takes text.`);
	return `${field} ${operator} ${renderScalar(value as QueryScalar, type, field)}`;
}

function renderTail(entity: QuickBooksEntity, options: SelectOptions): string {
	let tail = '';
	if (options.orderBy) {
		const { field, direction } = options.orderBy;
		if (!QUERY_SCHEMAS[entity].sortable.includes(field) && !COMMON_SORTABLE.includes(field)) {
			throw new QueryBuildError(`QuickBooks cannot sort ${entity} by ${field}.`);
		}
		tail += ` ORDERBY ${field}${direction ? ` ${direction}` : ''}`;
	}
	if (options.startPosition !== undefined) {
		if (!Number.isInteger(options.startPosition) || options.startPosition < 1) {
			throw new QueryBuildError('STARTPOSITION is 1-based: use a whole number from 1.');
		}
		tail += ` STARTPOSITION ${options.startPosition}`;
	}
	if (options.maxResults !== undefined) {
		if (!Number.isInteger(options.maxResults) || options.maxResults < 1 || options.maxResults > MAX_RESULTS_LIMIT) {
			throw new QueryBuildError(`MAXRESULTS must be a whole number from 1 to ${MAX_RESULTS_LIMIT}.`);
		}
		tail += ` MAXRESULTS ${options.maxResults}`;
	}
	return tail;
}

function renderWhere(entity: QuickBooksEntity, where: readonly QueryCondition[] | undefined): string {
	if (!where || where.length === 0) return '';
	return ` WHERE ${where.map((condition) => renderCondition(entity, condition)).join(' AND ')}`;
}

export function buildSelect(entity: QuickBooksEntity, options: SelectOptions = {}): string {
	return `SELECT * FROM ${entity}${renderWhere(entity, options.where)}${renderTail(entity, options)}`;
}

export function buildCount(entity: QuickBooksEntity, where?: readonly QueryCondition[]): string {
	return `SELECT COUNT(*) FROM ${entity}${renderWhere(entity, where)}`;
}

// ---- Reading a WHERE clause a user typed ----

type Token =
	| { kind: 'word'; text: string }
	| { kind: 'string'; text: string }
	| { kind: 'number'; text: string }
	| { kind: 'symbol'; text: string };

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let index = 0;
	while (index < text.length) {
		const char = text[index];
		if (/\s/.test(char)) {
			index += 1;
		} else if (char === "'") {
			let value = '';
			index += 1;
			for (;;) {
				if (index >= text.length) throw new QueryBuildError('A quoted value is not closed; escape quotes inside values as \\\'.');
				const next = text[index];
				if (next === '\\' && index + 1 < text.length) {
					value += text[index + 1];
					index += 2;
				} else if (next === "'") {
					index += 1;
					break;
				} else {
					value += next;
					index += 1;
				}
			}
			tokens.push({ kind: 'string', text: value });
		} else if (/[<>=]/.test(char)) {
			const two = text.slice(index, index + 2);
			const symbol = two === '<=' || two === '>=' ? two : char;
			if (two === '<>' || two === '!=') throw new QueryBuildError('QuickBooks queries have no "not equal" operator.');
			tokens.push({ kind: 'symbol', text: symbol });
			index += symbol.length;
		} else if (char === '(' || char === ')' || char === ',') {
			tokens.push({ kind: 'symbol', text: char });
			index += 1;
		} else if (/[-\d]/.test(char)) {
			const match = /^-?\d+(\.\d+)?/.exec(text.slice(index));
			if (!match) throw new QueryBuildError(`Unexpected "${char}" in the WHERE clause.`);
			tokens.push({ kind: 'number', text: match[0] });
			index += match[0].length;
		} else if (/[A-Za-z_]/.test(char)) {
			const match = /^[A-Za-z_][\w.]*/.exec(text.slice(index))!;
			tokens.push({ kind: 'word', text: match[0] });
			index += match[0].length;
		} else {
			throw new QueryBuildError(`Unexpected "${char}" in the WHERE clause.`);
		}
	}
	return tokens;
}

function literalOf(token: Token | undefined, field: string): QueryScalar {
	if (!token) throw new QueryBuildError(`A value is missing after ${field}.`);
	if (token.kind === 'string' || token.kind === 'number') return token.text;
	if (token.kind === 'word' && /^(true|false)$/i.test(token.text)) return token.text.toLowerCase() === 'true';
	throw new QueryBuildError(`Expected a value after ${field}, found "${token.text}". Quote text values: 'like this'.`);
}

function refusePagingKeyword(token: Token): void {
	const upper = token.text.toUpperCase();
	if (token.kind === 'word' && ['ORDERBY', 'ORDER', 'STARTPOSITION', 'MAXRESULTS'].includes(upper)) {
		throw new QueryBuildError(`Leave ${upper} out of the WHERE clause: sorting and paging are set by the node's options.`);
	}
}

/**
 * Reads a WHERE clause typed by a user ("TxnDate >= '2026-01-01' AND CustomerRef = '58'") into
 * conditions, so it is checked against the entity's filterable fields and re-rendered with proper
 * escaping. A leading "WHERE" is accepted; OR, ORDERBY, STARTPOSITION and MAXRESULTS are refused
 * because QBO has no OR and paging is the node's job.
 */
export function parseWhereClause(entity: QuickBooksEntity, clause: string): QueryCondition[] {
	const tokens = tokenize(clause.trim());
	if (tokens[0]?.kind === 'word' && tokens[0].text.toUpperCase() === 'WHERE') tokens.shift();
	const conditions: QueryCondition[] = [];
	let index = 0;
	while (index < tokens.length) {
		const fieldToken = tokens[index];
		refusePagingKeyword(fieldToken);
		if (fieldToken.kind !== 'word') throw new QueryBuildError(`Expected a field name, found "${fieldToken.text}".`);
		const field = fieldToken.text;
		const operatorToken = tokens[index + 1];
		if (!operatorToken) throw new QueryBuildError(`An operator is missing after ${field}.`);
		const operatorText = operatorToken.text.toUpperCase();
		if (!['=', '<', '>', '<=', '>=', 'IN', 'LIKE'].includes(operatorText)) {
			throw new QueryBuildError(`"${operatorToken.text}" is not an operator QuickBooks supports (=, <, >, <=, >=, IN, LIKE).`);
		}
		const operator = operatorText as QueryOperator;
		index += 2;
		if (operator === 'IN') {
			if (tokens[index]?.text !== '(') throw new QueryBuildError(`IN needs a list in parentheses after ${field}.`);
			index += 1;
			const values: QueryScalar[] = [];
			for (;;) {
				values.push(literalOf(tokens[index], field));
				index += 1;
				const separator = tokens[index];
				index += 1;
				if (separator?.text === ')') break;
				if (separator?.text !== ',') throw new QueryBuildError(`The IN list after ${field} is not closed with ")".`);
			}
			conditions.push({ field, operator, value: values });
		} else {
			conditions.push({ field, operator, value: literalOf(tokens[index], field) });
			index += 1;
		}
		const joiner = tokens[index];
		if (!joiner) break;
		refusePagingKeyword(joiner);
		if (joiner.kind === 'word' && joiner.text.toUpperCase() === 'OR') {
			throw new QueryBuildError('QuickBooks queries cannot use OR: run one query per alternative.');
		}
		if (joiner.kind !== 'word' || joiner.text.toUpperCase() !== 'AND') {
			throw new QueryBuildError(`Expected AND between conditions, found "${joiner.text}".`);
		}
		index += 1;
		if (index >= tokens.length) throw new QueryBuildError('The WHERE clause ends with AND.');
	}
	// Render once now so a bad field or operator is reported before any request.
	for (const condition of conditions) renderCondition(entity, condition);
	return conditions;
}
