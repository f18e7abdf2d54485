/**
 * QBO's query language (quickbooks.md §1.4 and §15): SELECT * | COUNT(*) FROM Entity [WHERE a AND b]
 * [ORDERBY f [ASC|DESC]] [STARTPOSITION n] [MAXRESULTS n]. Only the fields §15.1b lists as filterable
 * (and sortable) for each entity are accepted, with the operators §15.1 allows for their type.
 */
import { queryParseError, queryValidationError } from './faults';
import { compare as compareDecimals, parseDecimal } from './money';
import { compareIds, copy, INDEXED_FIELDS, type CompanyStore, type EntityName, type IndexedField, type QboRecord } from './store';
import { kindByName, kindByQueryName } from './entities';
import { isValidDate } from './clock';

// --- field catalog (quickbooks.md §15.1b) ---

type FieldType = 'String' | 'Ref' | 'Boolean' | 'Enum' | 'Decimal' | 'Id' | 'Date' | 'DateTime';

interface QueryField {
	name: string;
	type: FieldType;
	filterable: boolean;
	sortable: boolean;
	/** Narrower operator set where the reference only vouches for some (Customer.PrimaryEmailAddr: = and LIKE). */
	operators?: readonly string[];
	read(record: QboRecord): unknown;
}

/** quickbooks.md §15.1: operators per field type. */
const OPERATORS: Record<FieldType, readonly string[]> = {
	String: ['=', '<', '>', '<=', '>=', 'IN', 'LIKE'],
	Ref: ['=', 'IN', 'LIKE'],
	Boolean: ['=', 'IN'],
	Enum: ['=', 'IN', 'LIKE'],
	Decimal: ['=', '<', '>', '<=', '>=', 'IN'],
	Id: ['=', '<', '>', '<=', '>=', 'IN'],
	Date: ['=', '<', '>', '<=', '>=', 'IN'],
	DateTime: ['=', '<', '>', '<=', '>=', 'IN'],
};

/** F = filterable, S = sortable. */
type Flags = 'F' | 'S' | 'FS';

function field(name: string, type: FieldType, flags: Flags, extra: Partial<QueryField> = {}): QueryField {
	const path = name.split('.');
	const read = (record: QboRecord): unknown => {
		let value: unknown = record;
		for (const key of path) value = (value as QboRecord | undefined)?.[key];
		if (type === 'Ref' && value && typeof value === 'object') return (value as QboRecord).value;
		return value;
	};
	return { name, type, filterable: flags.includes('F'), sortable: flags.includes('S'), read, ...extra };
}

/** On every entity: Id is filterable, MetaData times filterable and sortable (§15.1b). */
const metaData = (): QueryField[] => [field('MetaData.CreateTime', 'DateTime', 'FS'), field('MetaData.LastUpdatedTime', 'DateTime', 'FS')];

const CATALOG: Record<EntityName, QueryField[]> = {
	Customer: [
		field('Id', 'Id', 'FS'), field('DisplayName', 'String', 'FS'), field('GivenName', 'String', 'FS'), field('MiddleName', 'String', 'FS'),
		field('FamilyName', 'String', 'FS'), field('CompanyName', 'String', 'FS'), field('PrintOnCheckName', 'String', 'FS'),
		field('FullyQualifiedName', 'String', 'FS'),
		// §15.1b: PrimaryEmailAddr is filterable (not sortable); = and LIKE are seen in public code, IN is unverified.
		field('PrimaryEmailAddr', 'String', 'F', { operators: ['=', 'LIKE'], read: (record) => record.PrimaryEmailAddr?.Address }),
		field('Active', 'Boolean', 'FS'), field('Balance', 'Decimal', 'FS'), field('BalanceWithJobs', 'Decimal', 'FS'), ...metaData(),
	],
	Vendor: [
		field('Id', 'Id', 'FS'), field('GivenName', 'String', 'FS'), field('MiddleName', 'String', 'FS'), field('FamilyName', 'String', 'FS'),
		field('DisplayName', 'String', 'FS'), field('CompanyName', 'String', 'FS'), field('PrintOnCheckName', 'String', 'FS'),
		field('Active', 'Boolean', 'F'), ...metaData(),
	],
	// Not in §15.1b; given the Vendor subset so DisplayName checks across names can be queried.
	Employee: [
		field('Id', 'Id', 'FS'), field('GivenName', 'String', 'FS'), field('FamilyName', 'String', 'FS'), field('DisplayName', 'String', 'FS'),
		field('Active', 'Boolean', 'F'), ...metaData(),
	],
	Item: [
		field('Id', 'Id', 'FS'), field('Name', 'String', 'FS'), field('Type', 'Enum', 'FS'), field('Active', 'Boolean', 'F'),
		field('Sku', 'String', 'FS'), field('Description', 'String', 'FS'), field('UnitPrice', 'Decimal', 'S'), field('ParentRef', 'Ref', 'S'),
		...metaData(),
	],
	Account: [
		field('Id', 'Id', 'F'), field('Name', 'String', 'FS'), field('SubAccount', 'Boolean', 'FS'), field('ParentRef', 'Ref', 'FS'),
		field('Description', 'String', 'FS'), field('AccountType', 'Enum', 'FS'), field('AccountSubType', 'Enum', 'FS'),
		field('Classification', 'Enum', 'FS'), field('FullyQualifiedName', 'String', 'F'), field('CurrentBalance', 'Decimal', 'FS'),
		field('CurrentBalanceWithSubAccounts', 'Decimal', 'FS'), field('Active', 'Boolean', 'F'), ...metaData(),
	],
	Invoice: [
		field('Id', 'Id', 'FS'), field('DocNumber', 'String', 'FS'), field('TxnDate', 'Date', 'FS'), field('CustomerRef', 'Ref', 'F'),
		field('DueDate', 'Date', 'FS'), field('Balance', 'Decimal', 'FS'), field('SalesTermRef', 'Ref', 'F'), field('ProjectRef', 'Ref', 'F'),
		...metaData(),
	],
	// §15.1b: TxnDate sortable per one source, not per another; the stricter reading refuses ORDERBY TxnDate.
	Payment: [
		field('Id', 'Id', 'FS'), field('TxnDate', 'Date', 'F'), field('CustomerRef', 'Ref', 'F'), field('TotalAmt', 'Decimal', 'FS'),
		field('ProjectRef', 'Ref', 'F'), ...metaData(),
	],
	Purchase: [
		field('Id', 'Id', 'FS'), field('DocNumber', 'String', 'FS'), field('TxnDate', 'Date', 'FS'), field('PaymentType', 'Enum', 'FS'),
		field('TotalAmt', 'Decimal', 'F'), ...metaData(),
	],
	SalesReceipt: [field('Id', 'Id', 'FS'), field('DocNumber', 'String', 'FS'), field('TxnDate', 'Date', 'FS'), ...metaData()],
	CreditMemo: [
		field('Id', 'Id', 'F'), field('DocNumber', 'String', 'FS'), field('TxnDate', 'Date', 'FS'), field('CustomerRef', 'Ref', 'FS'),
		field('TotalAmt', 'Decimal', 'FS'), field('Balance', 'Decimal', 'FS'), field('ProjectRef', 'Ref', 'F'), ...metaData(),
	],
	// §15.1b: RefundReceipt sort fields are unverified, so only MetaData sorts.
	RefundReceipt: [field('Id', 'Id', 'F'), field('DocNumber', 'String', 'F'), field('TxnDate', 'Date', 'F'), field('CustomerRef', 'Ref', 'F'), ...metaData()],
	TaxCode: [field('Id', 'Id', 'F'), field('Name', 'String', 'FS'), field('Active', 'Boolean', 'F'), field('Hidden', 'Boolean', 'F'), ...metaData()],
	Term: [field('Id', 'Id', 'FS'), field('Name', 'String', 'F'), field('Active', 'Boolean', 'F'), ...metaData()],
	PaymentMethod: [field('Id', 'Id', 'FS'), field('Name', 'String', 'FS'), ...metaData()],
	// §15.1b: filterability unverified; only the every-entity fields.
	CompanyInfo: [field('Id', 'Id', 'F'), ...metaData()],
	Preferences: [field('Id', 'Id', 'F'), ...metaData()],
};

/** Name lists answer active records only unless the query mentions Active (§15.2; TaxCode is the observed exception). */
const ACTIVE_BY_DEFAULT: ReadonlySet<EntityName> = new Set(['Customer', 'Vendor', 'Employee', 'Item', 'Account', 'PaymentMethod', 'Term']);

export const MAX_RESULTS_LIMIT = 1000;
export const DEFAULT_MAX_RESULTS = 100;

// --- tokenizer ---

interface Token {
	kind: 'word' | 'string' | 'number' | 'symbol';
	text: string;
	value: string;
	position: number;
}

function tokenize(query: string): Token[] {
	const tokens: Token[] = [];
	let index = 0;
	while (index < query.length) {
		const character = query[index];
		if (/\s/.test(character)) {
			index += 1;
			continue;
		}
		const start = index;
		if (character === "'") {
			// quickbooks.md §15.2: a quote inside a value is escaped with a backslash: 'O\'Brien'.
			let value = '';
			index += 1;
			let closed = false;
			while (index < query.length) {
				const next = query[index];
				if (next === '\\' && index + 1 < query.length) {
					value += query[index + 1];
					index += 2;
					continue;
				}
				if (next === "'") {
					closed = true;
					index += 1;
					break;
				}
				value += next;
				index += 1;
			}
			if (!closed) throw queryParseError(`Lexical error at line 1, column ${start + 1}. Encountered: <EOF> after : "'${value}"`);
			tokens.push({ kind: 'string', text: query.slice(start, index), value, position: start });
			continue;
		}
		if (/[A-Za-z_]/.test(character)) {
			while (index < query.length && /[A-Za-z0-9_.]/.test(query[index])) index += 1;
			const text = query.slice(start, index);
			tokens.push({ kind: 'word', text, value: text, position: start });
			continue;
		}
		if (/[-\d]/.test(character)) {
			index += 1;
			while (index < query.length && /[\d.]/.test(query[index])) index += 1;
			const text = query.slice(start, index);
			if (!/^-?\d+(\.\d+)?$/.test(text)) throw queryParseError(`Encountered "${text}" at line 1, column ${start + 1}.`);
			tokens.push({ kind: 'number', text, value: text, position: start });
			continue;
		}
		const twoCharacters = query.slice(index, index + 2);
		if (twoCharacters === '<=' || twoCharacters === '>=') {
			tokens.push({ kind: 'symbol', text: twoCharacters, value: twoCharacters, position: start });
			index += 2;
			continue;
		}
		if ('*(),=<>'.includes(character)) {
			tokens.push({ kind: 'symbol', text: character, value: character, position: start });
			index += 1;
			continue;
		}
		throw queryParseError(`Lexical error at line 1, column ${start + 1}. Encountered: "${character}"`);
	}
	return tokens;
}

// --- parser ---

type Literal = { kind: 'string' | 'number' | 'word'; value: string };

interface Condition {
	property: string;
	operator: string;
	values: Literal[];
}

export interface ParsedQuery {
	count: boolean;
	entity: string;
	conditions: Condition[];
	orderBy: { property: string; descending: boolean }[];
	startPosition?: string;
	maxResults?: string;
}

class Parser {
	private index = 0;

	constructor(private readonly tokens: Token[]) {}

	parse(): ParsedQuery {
		this.expectKeyword('SELECT');
		let count = false;
		if (this.peekSymbol('*')) {
			this.index += 1;
		} else if (this.peekKeyword('COUNT')) {
			this.index += 1;
			this.expectSymbol('(');
			this.expectSymbol('*');
			this.expectSymbol(')');
			count = true;
		} else {
			// quickbooks.md §1.4: no projections.
			this.fail();
		}
		this.expectKeyword('FROM');
		const entity = this.expectWord();
		const query: ParsedQuery = { count, entity, conditions: [], orderBy: [] };
		if (this.peekKeyword('WHERE')) {
			this.index += 1;
			query.conditions.push(this.condition());
			// quickbooks.md §1.4: AND only, no OR.
			while (this.peekKeyword('AND')) {
				this.index += 1;
				query.conditions.push(this.condition());
			}
		}
		if (this.peekKeyword('ORDERBY') || this.peekKeyword('ORDER')) {
			if (this.peekKeyword('ORDER')) {
				this.index += 1;
				this.expectKeyword('BY');
			} else {
				this.index += 1;
			}
			do {
				if (query.orderBy.length > 0) this.index += 1; // the comma
				const property = this.expectWord();
				let descending = false;
				if (this.peekKeyword('DESC') || this.peekKeyword('ASC')) {
					descending = this.peekKeyword('DESC');
					this.index += 1;
				}
				query.orderBy.push({ property, descending });
			} while (this.peekSymbol(','));
		}
		while (this.peekKeyword('STARTPOSITION') || this.peekKeyword('MAXRESULTS')) {
			const keyword = this.tokens[this.index].text.toUpperCase();
			this.index += 1;
			const value = this.tokens[this.index];
			if (!value || value.kind !== 'number') this.fail();
			this.index += 1;
			if (keyword === 'STARTPOSITION') {
				if (query.startPosition !== undefined) this.fail(this.index - 2);
				query.startPosition = value.value;
			} else {
				if (query.maxResults !== undefined) this.fail(this.index - 2);
				query.maxResults = value.value;
			}
		}
		if (this.index < this.tokens.length) this.fail();
		return query;
	}

	private condition(): Condition {
		const property = this.expectWord();
		const token = this.tokens[this.index];
		if (!token) this.fail();
		let operator: string;
		if (token.kind === 'symbol' && ['=', '<', '>', '<=', '>='].includes(token.text)) operator = token.text;
		else if (token.kind === 'word' && ['IN', 'LIKE'].includes(token.text.toUpperCase())) operator = token.text.toUpperCase();
		else this.fail();
		this.index += 1;
		if (operator === 'IN') {
			this.expectSymbol('(');
			const values = [this.literal()];
			while (this.peekSymbol(',')) {
				this.index += 1;
				values.push(this.literal());
			}
			this.expectSymbol(')');
			return { property, operator, values };
		}
		return { property, operator, values: [this.literal()] };
	}

	private literal(): Literal {
		const token = this.tokens[this.index];
		if (!token) this.fail();
		if (token.kind === 'string' || token.kind === 'number') {
			this.index += 1;
			return { kind: token.kind, value: token.value };
		}
		if (token.kind === 'word' && ['TRUE', 'FALSE'].includes(token.text.toUpperCase())) {
			this.index += 1;
			return { kind: 'word', value: token.text.toLowerCase() };
		}
		return this.fail();
	}

	private peekKeyword(keyword: string): boolean {
		const token = this.tokens[this.index];
		return token?.kind === 'word' && token.text.toUpperCase() === keyword;
	}

	private peekSymbol(symbol: string): boolean {
		const token = this.tokens[this.index];
		return token?.kind === 'symbol' && token.text === symbol;
	}

	private expectKeyword(keyword: string): void {
		if (!this.peekKeyword(keyword)) this.fail();
		this.index += 1;
	}

	private expectSymbol(symbol: string): void {
		if (!this.peekSymbol(symbol)) this.fail();
		this.index += 1;
	}

	private expectWord(): string {
		const token = this.tokens[this.index];
		if (token?.kind !== 'word') this.fail();
		this.index += 1;
		return token.text;
	}

	private fail(at = this.index): never {
		const token = this.tokens[at];
		if (!token) throw queryParseError('Encountered "<EOF>" at end of query.');
		throw queryParseError(`Encountered " <${token.kind === 'word' ? 'IDENTIFIER' : token.kind.toUpperCase()}> "${token.text}"" at line 1, column ${token.position + 1}.`);
	}
}

export function parseQuery(text: string): ParsedQuery {
	return new Parser(tokenize(text)).parse();
}

// --- execution ---

export interface QueryResult {
	QueryResponse: QboRecord;
}

function resolveField(entity: EntityName, property: string, purpose: 'filter' | 'sort'): QueryField {
	// quickbooks.md §15.2: property names are case-insensitive in practice.
	const found = CATALOG[entity].find((candidate) => candidate.name.toLowerCase() === property.toLowerCase());
	if (!found) {
		const known = kindByName(entity)?.fields ?? new Set<string>();
		const top = property.split('.')[0];
		const isKnown = [...known].some((name) => name.toLowerCase() === top.toLowerCase());
		// quickbooks.md §15.2: a known but non-filterable property is 4001 "is not queryable"; an unknown one "not found".
		if (isKnown) throw queryValidationError(`property '${property}' is not queryable`);
		throw queryValidationError(`Property ${property} not found for Entity ${entity}`);
	}
	if (purpose === 'filter' && !found.filterable) throw queryValidationError(`property '${found.name}' is not queryable`);
	if (purpose === 'sort' && !found.sortable) throw queryValidationError(`property '${found.name}' is not sortable`);
	return found;
}

type Comparable = { kind: 'text'; value: string } | { kind: 'decimal'; value: NonNullable<ReturnType<typeof parseDecimal>> } | { kind: 'time'; value: number } | { kind: 'id'; value: string } | { kind: 'boolean'; value: boolean };

/** A literal turned into the field's type; 4001 when it cannot be. */
function literalFor(queryField: QueryField, literal: Literal): Comparable {
	const invalid = () => queryValidationError(`value '${literal.value}' is not valid for property '${queryField.name}' of type ${queryField.type}`);
	switch (queryField.type) {
		case 'Boolean':
			if (literal.value !== 'true' && literal.value !== 'false') throw invalid();
			return { kind: 'boolean', value: literal.value === 'true' };
		case 'Decimal': {
			const value = parseDecimal(literal.value);
			if (!value) throw invalid();
			return { kind: 'decimal', value };
		}
		case 'Id':
			return { kind: 'id', value: literal.value };
		case 'Date':
			if (!isValidDate(literal.value.slice(0, 10))) throw invalid();
			return { kind: 'text', value: literal.value.slice(0, 10) };
		case 'DateTime': {
			const time = Date.parse(literal.value);
			if (Number.isNaN(time)) throw invalid();
			return { kind: 'time', value: time };
		}
		default:
			if (literal.kind === 'word') throw invalid();
			return { kind: 'text', value: literal.value };
	}
}

function recordValue(queryField: QueryField, record: QboRecord): Comparable | undefined {
	const raw = queryField.read(record);
	if (raw === undefined || raw === null) return undefined;
	switch (queryField.type) {
		case 'Boolean':
			return { kind: 'boolean', value: raw === true };
		case 'Decimal': {
			const value = parseDecimal(raw);
			return value ? { kind: 'decimal', value } : undefined;
		}
		case 'Id':
			return { kind: 'id', value: String(raw) };
		case 'DateTime':
			return { kind: 'time', value: Date.parse(String(raw)) };
		default:
			return { kind: 'text', value: String(raw) };
	}
}

function compareValues(a: Comparable, b: Comparable, caseSensitive = true): number {
	if (a.kind === 'decimal' && b.kind === 'decimal') return compareDecimals(a.value, b.value);
	if (a.kind === 'time' && b.kind === 'time') return a.value - b.value;
	if (a.kind === 'id' && b.kind === 'id') return compareIds(a.value, b.value);
	if (a.kind === 'boolean' && b.kind === 'boolean') return Number(a.value) - Number(b.value);
	// quickbooks.md §15.2 leaves string case UNVERIFIED: the setting caseSensitiveNames picks the reading, and the
	// uniqueness checks (6240, 6140) follow the same one, so a look-up never misses a name a create then refuses.
	const x = caseSensitive ? String(a.value) : String(a.value).toLowerCase();
	const y = caseSensitive ? String(b.value) : String(b.value).toLowerCase();
	return x < y ? -1 : x > y ? 1 : 0;
}

/** quickbooks.md §1.4: LIKE supports only '%'. */
function likePattern(pattern: string, caseSensitive: boolean): RegExp {
	const source = pattern.split('%').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*');
	return new RegExp(`^${source}$`, caseSensitive ? '' : 'i');
}

/** Compiles a condition once: literals are converted up front, not per record. */
function predicate(queryField: QueryField, condition: Condition, caseSensitive: boolean): (record: QboRecord) => boolean {
	if (condition.operator === 'LIKE') {
		const pattern = likePattern(condition.values[0].value, caseSensitive);
		return (record) => {
			const value = recordValue(queryField, record);
			return value !== undefined && pattern.test(String(value.value));
		};
	}
	const literals = condition.values.map((literal) => literalFor(queryField, literal));
	const test = (order: number): boolean => {
		switch (condition.operator) {
			case '=':
				return order === 0;
			case '<':
				return order < 0;
			case '>':
				return order > 0;
			case '<=':
				return order <= 0;
			default:
				return order >= 0;
		}
	};
	return (record) => {
		const value = recordValue(queryField, record);
		if (value === undefined) return false;
		if (condition.operator === 'IN') return literals.some((literal) => compareValues(value, literal, caseSensitive) === 0);
		return test(compareValues(value, literals[0], caseSensitive));
	};
}

/** Records an `=` on an indexed field can only be among (the predicate still decides). */
function candidates(store: CompanyStore, entity: EntityName, filters: { queryField: QueryField; condition: Condition }[]): QboRecord[] {
	for (const { queryField, condition } of filters) {
		if (condition.operator !== '=' || condition.values[0].kind === 'word') continue;
		const value = condition.values[0].value;
		if (queryField.name === 'Id') {
			const record = store.find(entity, value);
			return record ? [record] : [];
		}
		if ((INDEXED_FIELDS as readonly string[]).includes(queryField.name)) {
			return store
				.idsByKey(entity, queryField.name as IndexedField, value)
				.map((id) => store.find(entity, id)!)
				.sort((a, b) => compareIds(String(a.Id), String(b.Id)));
		}
	}
	return store.all(entity);
}

function positiveInteger(text: string | undefined, name: string, fallback: number): number {
	if (text === undefined) return fallback;
	if (!/^\d+$/.test(text)) throw queryValidationError(`value ${text} for ${name} must be a positive whole number`);
	const value = Number(text);
	if (value < 1) throw queryValidationError(`value ${text} for ${name} must be at least 1`);
	return value;
}

export function runQuery(store: CompanyStore, text: string): QueryResult {
	if (typeof text !== 'string' || text.trim() === '') throw queryParseError('Encountered "<EOF>": the query is empty.');
	const query = parseQuery(text);
	// quickbooks.md §15.2: entity names are accepted in any case.
	const kind = kindByQueryName(query.entity);
	if (!kind) throw queryValidationError(`Entity '${query.entity}' is not a supported entity`);
	const entity = kind.name;
	const filters = query.conditions.map((condition) => {
		const queryField = resolveField(entity, condition.property, 'filter');
		const allowed = queryField.operators ?? OPERATORS[queryField.type];
		if (!allowed.includes(condition.operator)) {
			throw queryValidationError(`operator '${condition.operator}' is not supported for property '${queryField.name}' of type ${queryField.type}`);
		}
		return { queryField, condition, test: predicate(queryField, condition, store.settings.caseSensitiveNames) };
	});
	const sorts = query.orderBy.map((order) => ({ queryField: resolveField(entity, order.property, 'sort'), descending: order.descending }));
	const startPosition = positiveInteger(query.startPosition, 'STARTPOSITION', 1);
	const maxResults = positiveInteger(query.maxResults, 'MAXRESULTS', DEFAULT_MAX_RESULTS);
	// quickbooks.md §15.2: MAXRESULTS above 1000 is refused with this message.
	if (maxResults > MAX_RESULTS_LIMIT) throw queryValidationError(`value ${maxResults} is too large. Max allowed value is ${MAX_RESULTS_LIMIT}`);

	const mentionsActive = filters.some(({ queryField }) => queryField.name === 'Active');
	const activeOnly = ACTIVE_BY_DEFAULT.has(entity) && !mentionsActive;
	let records = candidates(store, entity, filters).filter(
		(record) => (!activeOnly || record.Active !== false) && filters.every(({ test }) => test(record)),
	);

	if (query.count) return { QueryResponse: { totalCount: records.length } };

	if (sorts.length > 0) {
		records = [...records].sort((a, b) => {
			for (const { queryField, descending } of sorts) {
				const x = recordValue(queryField, a);
				const y = recordValue(queryField, b);
				let order = x === undefined ? (y === undefined ? 0 : -1) : y === undefined ? 1 : compareValues(x, y);
				if (descending) order = -order;
				if (order !== 0) return order;
			}
			return compareIds(String(a.Id), String(b.Id));
		});
	}
	const page = records.slice(startPosition - 1, startPosition - 1 + maxResults);
	// An empty result is a QueryResponse without the entity key (quickbooks.md §1.4 "only properties with values").
	if (page.length === 0) return { QueryResponse: {} };
	return { QueryResponse: { [entity]: page.map(copy), startPosition, maxResults: page.length } };
}
