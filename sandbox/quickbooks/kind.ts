/** What the service needs to know about one QBO entity: its URL segment, what it accepts and its rules. */
import type { CompanyStore, EntityName, QboRecord } from './store';

export type EntityCategory = 'name' | 'transaction' | 'company' | 'tax';

export interface WriteContext {
	store: CompanyStore;
	operation: 'create' | 'update';
	/** `include=` switches of the request (allowduplicatedocnum, void). */
	include: ReadonlySet<string>;
	/** The stored record before an update. */
	previous?: QboRecord;
	/** The request body as sent (a sparse update's merged input hides what was actually sent). */
	sent: QboRecord;
	sparse: boolean;
	/** Id the record will get (known before build so lines and links can point at it). */
	id: string;
}

export interface EntityKind {
	name: EntityName;
	/** Lowercase URL segment (quickbooks.md §1.1: resource segments are lowercase, URIs case sensitive). */
	resource: string;
	category: EntityCategory;
	/** Top-level properties a request may carry; anything else is 2010. */
	fields: ReadonlySet<string>;
	/** Properties QBO computes; a request may echo them (e.g. after a read) but they are ignored. */
	readOnly: ReadonlySet<string>;
	creatable: boolean;
	/** quickbooks.md §1.6: deletable transactions. */
	deletable: boolean;
	/** quickbooks.md §1.6: Invoice voids with operation=void, Payment and SalesReceipt with update + include=void. */
	voidWith?: 'operation' | 'include';
	/** quickbooks.md §7: PDF and send. */
	printable?: boolean;
	/** Fields a sparse update must still carry (quickbooks.md §1.5: Purchase PaymentType/AccountRef, Term Name). */
	sparseMustRepeat?: readonly string[];
	/** Validates and computes the record (without Id, SyncToken, MetaData). Throws QboFault. */
	build(ctx: WriteContext, input: QboRecord): QboRecord;
	/** Keeps derived state in step once the record was stored, changed or removed. */
	afterWrite?(store: CompanyStore, before: QboRecord | undefined, after: QboRecord | undefined): void;
	/** Refuses a delete that would break the books. */
	beforeDelete?(store: CompanyStore, record: QboRecord): void;
	/** Zeroes the amounts of a void (quickbooks.md §1.6). Returns the voided record. */
	voidRecord?(store: CompanyStore, record: QboRecord): QboRecord;
}

export function fieldSet(...groups: (readonly string[])[]): ReadonlySet<string> {
	return new Set(groups.flat());
}

/** Every entity carries these. */
export const COMMON_FIELDS = ['Id', 'SyncToken', 'MetaData', 'domain', 'sparse', 'status'] as const;
