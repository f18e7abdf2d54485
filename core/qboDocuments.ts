/**
 * The QuickBooks Online documents the sync core produces, shaped as the Accounting API (minorversion 75)
 * takes them in JSON. Amounts are JSON numbers made by `toQboNumber`, which guarantees they are exact.
 */

export interface QboRef {
	value: string;
	name?: string;
}

export interface QboVendorRef extends QboRef {
	type?: 'Vendor' | 'Customer' | 'Employee';
}

export interface QboAddress {
	Line1?: string;
	Line2?: string;
	City?: string;
	CountrySubDivisionCode?: string;
	PostalCode?: string;
	Country?: string;
}

export interface QboCustomField {
	DefinitionId: string;
	Name?: string;
	Type: 'StringType';
	StringValue: string;
}

export interface QboSalesItemLine {
	Id?: string;
	LineNum?: number;
	DetailType: 'SalesItemLineDetail';
	Amount: number;
	Description?: string;
	SalesItemLineDetail: {
		ItemRef: QboRef;
		Qty: number;
		UnitPrice: number;
		TaxCodeRef?: QboRef;
		ServiceDate?: string;
	};
}

export interface QboDiscountLine {
	Id?: string;
	LineNum?: number;
	DetailType: 'DiscountLineDetail';
	Amount: number;
	Description?: string;
	DiscountLineDetail: {
		PercentBased: boolean;
		DiscountPercent?: number;
		DiscountAccountRef?: QboRef;
	};
}

export type QboInvoiceLine = QboSalesItemLine | QboDiscountLine;

export interface QboInvoicePayload {
	CustomerRef: QboRef;
	Line: QboInvoiceLine[];
	DocNumber?: string;
	TxnDate?: string;
	DueDate?: string;
	CurrencyRef?: QboRef;
	BillEmail?: { Address: string };
	CustomerMemo?: { value: string };
	PrivateNote?: string;
	CustomField?: QboCustomField[];
	BillAddr?: QboAddress;
	ShipAddr?: QboAddress;
}

/** An invoice as QuickBooks returns it: what the change decision compares against. */
export interface QboInvoiceRecord extends Partial<Omit<QboInvoicePayload, 'Line'>> {
	Id: string;
	SyncToken: string;
	Line?: ReadonlyArray<Record<string, unknown>>;
	TotalAmt?: number;
	Balance?: number;
}

export interface QboLinkedTxn {
	TxnId: string;
	TxnType: 'Invoice' | 'CreditMemo' | 'JournalEntry' | 'Expense' | 'Check' | 'CreditCardCredit';
}

export interface QboPaymentPayload {
	CustomerRef: QboRef;
	TotalAmt: number;
	TxnDate?: string;
	CurrencyRef?: QboRef;
	PaymentRefNum?: string;
	PaymentMethodRef?: QboRef;
	DepositToAccountRef?: QboRef;
	PrivateNote?: string;
	Line: Array<{ Amount: number; LinkedTxn: QboLinkedTxn[] }>;
}

export interface QboSalesReceiptPayload {
	CustomerRef: QboRef;
	Line: QboSalesItemLine[];
	TxnDate?: string;
	DocNumber?: string;
	CurrencyRef?: QboRef;
	PaymentRefNum?: string;
	PaymentMethodRef?: QboRef;
	DepositToAccountRef?: QboRef;
	PrivateNote?: string;
	BillEmail?: { Address: string };
}

export interface QboCreditMemoPayload {
	CustomerRef: QboRef;
	Line: QboSalesItemLine[];
	TxnDate?: string;
	DocNumber?: string;
	CurrencyRef?: QboRef;
	PrivateNote?: string;
}

export interface QboRefundReceiptPayload {
	CustomerRef?: QboRef;
	DepositToAccountRef: QboRef;
	Line: QboSalesItemLine[];
	TxnDate?: string;
	DocNumber?: string;
	CurrencyRef?: QboRef;
	PaymentRefNum?: string;
	PaymentMethodRef?: QboRef;
	PrivateNote?: string;
}

export type QboPurchasePaymentType = 'Cash' | 'Check' | 'CreditCard';

export interface QboAccountExpenseLine {
	DetailType: 'AccountBasedExpenseLineDetail';
	Amount: number;
	Description?: string;
	AccountBasedExpenseLineDetail: { AccountRef: QboRef };
}

export interface QboPurchasePayload {
	PaymentType: QboPurchasePaymentType;
	AccountRef: QboRef;
	EntityRef?: QboVendorRef;
	Line: QboAccountExpenseLine[];
	TxnDate?: string;
	DocNumber?: string;
	CurrencyRef?: QboRef;
	PrivateNote?: string;
}

export interface QboCustomerPayload {
	DisplayName: string;
	CompanyName?: string;
	GivenName?: string;
	FamilyName?: string;
	PrimaryEmailAddr?: { Address: string };
	PrimaryPhone?: { FreeFormNumber: string };
	BillAddr?: QboAddress;
	ShipAddr?: QboAddress;
	CurrencyRef?: QboRef;
	Notes?: string;
}

/** QuickBooks field limits the mapping respects (Intuit API reference, via quickbooks.md §2). */
export const QBO_LIMITS = {
	docNumber: 21,
	paymentRefNum: 21,
	refundPaymentRefNum: 100,
	privateNote: 4000,
	lineDescription: 4000,
	customerMemo: 1000,
	displayName: 500,
	companyName: 100,
	personName: 100,
	customFields: 3,
	/** Amount is "10.5": ten integer digits, five decimals. UnitPrice and Qty are kept to five decimals too. */
	amountIntegerDigits: 10,
	unitPriceDecimals: 5,
	quantityDecimals: 5,
} as const;

/** Text cut to a QuickBooks field limit, with an ellipsis so the cut is visible. */
export function fitToLimit(text: string, limit: number): string {
	return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
