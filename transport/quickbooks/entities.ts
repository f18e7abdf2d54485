/**
 * What QuickBooks Online allows per entity (quickbooks.md §1.5–§1.6, §2, §7). The client reads this
 * table instead of branching on names, so an operation never sends what QBO would refuse.
 */

export type QuickBooksEntity =
	| 'Invoice'
	| 'Payment'
	| 'Purchase'
	| 'SalesReceipt'
	| 'CreditMemo'
	| 'RefundReceipt'
	| 'Customer'
	| 'Vendor'
	| 'Item'
	| 'Account'
	| 'TaxCode'
	| 'Term'
	| 'PaymentMethod'
	| 'CompanyInfo'
	| 'Preferences';

/**
 * How a void is sent:
 * - 'operation': `POST /invoice?operation=void` with `{Id, SyncToken}` (Invoice, §1.6);
 * - 'include': a sparse update with `include=void` (Payment, SalesReceipt, §1.6);
 * - undefined: QBO documents no void for this entity (delete it instead).
 */
export type VoidStyle = 'operation' | 'include';

export interface EntityCapabilities {
	/** The lowercase URI segment (URIs are case sensitive, §1.1). */
	path: string;
	/** Documented sparse update; the others take a full update (omitted writable fields are cleared). */
	sparseUpdate: boolean;
	/** Name-list entities cannot be deleted, only made inactive (§1.6). */
	deletable: boolean;
	voidStyle?: VoidStyle;
	pdf: boolean;
	send: boolean;
	/** Holds a DocNumber a duplicate-request look-up can search by. */
	docNumber: boolean;
}

const TRANSACTION = { deletable: true, pdf: false, send: false, docNumber: true } as const;
const NAME_LIST = { sparseUpdate: false, deletable: false, pdf: false, send: false, docNumber: false } as const;

export const ENTITY_CAPABILITIES: Readonly<Record<QuickBooksEntity, EntityCapabilities>> = {
	Invoice: { ...TRANSACTION, path: 'invoice', sparseUpdate: true, voidStyle: 'operation', pdf: true, send: true },
	Payment: { ...TRANSACTION, path: 'payment', sparseUpdate: false, voidStyle: 'include', pdf: true, send: true, docNumber: false },
	Purchase: { ...TRANSACTION, path: 'purchase', sparseUpdate: false },
	SalesReceipt: { ...TRANSACTION, path: 'salesreceipt', sparseUpdate: true, voidStyle: 'include', pdf: true, send: true },
	CreditMemo: { ...TRANSACTION, path: 'creditmemo', sparseUpdate: false, pdf: true, send: true },
	RefundReceipt: { ...TRANSACTION, path: 'refundreceipt', sparseUpdate: true, pdf: true, send: true },
	Customer: { ...NAME_LIST, path: 'customer', sparseUpdate: true },
	Vendor: { ...NAME_LIST, path: 'vendor' },
	Item: { ...NAME_LIST, path: 'item' },
	Account: { ...NAME_LIST, path: 'account' },
	TaxCode: { ...NAME_LIST, path: 'taxcode' },
	Term: { ...NAME_LIST, path: 'term' },
	PaymentMethod: { ...NAME_LIST, path: 'paymentmethod' },
	CompanyInfo: { ...NAME_LIST, path: 'companyinfo', sparseUpdate: true },
	Preferences: { ...NAME_LIST, path: 'preferences', sparseUpdate: true },
};

export function capabilitiesOf(entity: QuickBooksEntity): EntityCapabilities {
	return ENTITY_CAPABILITIES[entity];
}
