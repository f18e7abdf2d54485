import { describe, expect, it } from '@jest/globals';
import { changedInvoiceFields, decideInvoiceChange, isVoidedQboInvoice } from '../../../core/invoiceChanges';
import { mapHubSpotInvoiceToQuickBooks } from '../../../core/invoiceMapping';
import type { HubSpotInvoice } from '../../../core/hubspotInvoice';
import type { QboInvoicePayload, QboInvoiceRecord } from '../../../core/qboDocuments';
import { invoice, lineItem, settingsFor } from './invoiceFactory';

function mappedDocument(target: HubSpotInvoice = invoice()): QboInvoicePayload {
	const result = mapHubSpotInvoiceToQuickBooks(target, settingsFor(target, { discountAccountRef: undefined }));
	if (!result.ok) throw new Error(result.error.message);
	return result.document;
}

/** The invoice as QuickBooks returns it after creating `document`: ids, line numbers, a subtotal line, extra fields. */
function asStoredInQuickBooks(document: QboInvoicePayload, overrides: Partial<QboInvoiceRecord> = {}): QboInvoiceRecord {
	const lines = document.Line.map((line, index) => {
		const stored = { ...line, Id: String(index + 1), LineNum: index + 1 } as Record<string, unknown>;
		if (line.DetailType === 'DiscountLineDetail') stored.DiscountLineDetail = { ...line.DiscountLineDetail, DiscountAccountRef: { value: '86', name: 'Discounts given' } };
		return stored;
	});
	return {
		...document,
		Id: '130',
		SyncToken: '3',
		Line: [...lines, { Amount: 100, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} }],
		CustomerRef: { value: document.CustomerRef.value, name: 'Acme Inc' },
		BillEmail: document.BillEmail ? { Address: document.BillEmail.Address.toUpperCase() } : undefined,
		CustomField: [{ DefinitionId: '1', Name: 'PO Number', Type: 'StringType', StringValue: 'PO-1' }, { DefinitionId: '2', Type: 'StringType' } as never],
		TotalAmt: 100,
		Balance: 100,
		...overrides,
	};
}

describe('decideInvoiceChange', () => {
	it('creates when nothing is in QuickBooks yet', () => {
		const document = mappedDocument();
		expect(decideInvoiceChange({ mapped: document, voidWhenVoidedInHubSpot: true, currency: 'USD', hubspotStatus: 'open' })).toEqual({ ok: true, action: 'create', document });
	});

	it('leaves an invoice that QuickBooks already has unchanged, whatever QuickBooks added to it', () => {
		const document = mappedDocument();
		const result = decideInvoiceChange({ mapped: document, existing: asStoredInQuickBooks(document), voidWhenVoidedInHubSpot: true, currency: 'USD' });
		expect(result).toEqual({ ok: true, action: 'unchanged', invoiceId: '130' });
	});

	it('sends only the changed header fields in a sparse update', () => {
		const before = mappedDocument();
		const after = mappedDocument(invoice({ properties: { hs_due_date: '2026-11-15T00:00:00Z', hs_comments: 'Net 45' } }));
		const result = decideInvoiceChange({ mapped: after, existing: asStoredInQuickBooks(before), voidWhenVoidedInHubSpot: true, currency: 'USD' });
		expect(result).toEqual({
			ok: true,
			action: 'update',
			invoiceId: '130',
			changedFields: ['DueDate', 'CustomerMemo'],
			document: { Id: '130', SyncToken: '3', sparse: true, DueDate: '2026-11-15', CustomerMemo: { value: 'Net 45' } },
		});
	});

	it('sends the whole line list when a line changed (QuickBooks replaces lines on update)', () => {
		const before = mappedDocument();
		const after = mappedDocument(invoice({ properties: { hs_amount_billed: '150.00' }, lineItems: [lineItem('11', { name: 'Consulting', price: '50.00', quantity: '3' })] }));
		const result = decideInvoiceChange({ mapped: after, existing: asStoredInQuickBooks(before), voidWhenVoidedInHubSpot: true, currency: 'USD' });
		expect(result.ok && result.action === 'update' && result.changedFields).toEqual(['Line']);
		expect(result.ok && result.action === 'update' && result.document.Line).toEqual(after.Line);
	});

	it('refuses a change that would leave more paid than the new total', () => {
		const before = mappedDocument();
		const after = mappedDocument(invoice({ properties: { hs_amount_billed: '50.00' }, lineItems: [lineItem('11', { name: 'Consulting', price: '50.00', quantity: '1' })] }));
		const result = decideInvoiceChange({ mapped: after, existing: asStoredInQuickBooks(before, { Balance: 20 }), voidWhenVoidedInHubSpot: true, currency: 'USD' });
		expect(result.ok).toBe(false);
		if (!result.ok) {
			expect(result.error.category).toBe('overpayment');
			expect(result.error.message).toContain('80.00 USD');
		}
	});

	it('refuses to change the currency of an existing invoice', () => {
		const document = { ...mappedDocument(), CurrencyRef: { value: 'EUR' } };
		const result = decideInvoiceChange({ mapped: document, existing: asStoredInQuickBooks(mappedDocument(), { CurrencyRef: { value: 'USD' } }), voidWhenVoidedInHubSpot: true, currency: 'EUR' });
		expect(!result.ok && result.error.category).toBe('currency_mismatch');
	});

	it('notices a changed custom field, customer, number, date, email and note', () => {
		const base = mappedDocument();
		const existing = asStoredInQuickBooks(base);
		expect(changedInvoiceFields({ ...base, CustomField: [{ DefinitionId: '1', Type: 'StringType', StringValue: 'PO-2' }] }, existing)).toEqual(['CustomField']);
		expect(changedInvoiceFields({ ...base, CustomField: [{ DefinitionId: '1', Type: 'StringType', StringValue: 'PO-1' }] }, existing)).toEqual([]);
		expect(changedInvoiceFields({ ...base, CustomerRef: { value: '59' } }, existing)).toEqual(['CustomerRef']);
		expect(changedInvoiceFields({ ...base, DocNumber: 'INV-1002', TxnDate: '2026-10-02' }, existing)).toEqual(['DocNumber', 'TxnDate']);
		expect(changedInvoiceFields({ ...base, BillEmail: { Address: 'ap@acme.com' } }, existing)).toEqual(['BillEmail']);
		expect(changedInvoiceFields({ ...base, PrivateNote: 'HubSpot invoice 5001\nlink' }, existing)).toEqual(['PrivateNote']);
	});

	it('ignores a service date a bookkeeper added in QuickBooks, but not one HubSpot changed', () => {
		const base = mappedDocument();
		const stored = asStoredInQuickBooks(base);
		const storedLines = stored.Line as Record<string, Record<string, unknown>>[];
		storedLines[0] = { ...storedLines[0], SalesItemLineDetail: { ...storedLines[0].SalesItemLineDetail, ServiceDate: '2026-10-03' } };
		expect(changedInvoiceFields(base, stored)).toEqual([]);
		const dated = mappedDocument(invoice({ lineItems: [lineItem('11', { name: 'Consulting', price: '50.00', quantity: '2', hs_recurring_billing_start_date: '2026-10-01' })] }));
		expect(changedInvoiceFields(dated, stored)).toEqual(['Line']);
	});

	it('compares amounts as numbers, not as text', () => {
		const base = mappedDocument();
		const stored = asStoredInQuickBooks(base);
		const storedLines = stored.Line as Record<string, unknown>[];
		storedLines[0] = { ...storedLines[0], Amount: '100.00' };
		expect(changedInvoiceFields(base, stored)).toEqual([]);
	});

	describe('voided in HubSpot', () => {
		const document = mappedDocument();
		it('voids the QuickBooks invoice when the option is on', () => {
			expect(decideInvoiceChange({ existing: asStoredInQuickBooks(document), hubspotStatus: 'voided', voidWhenVoidedInHubSpot: true, currency: 'USD' })).toEqual({ ok: true, action: 'void', invoiceId: '130', syncToken: '3' });
		});
		it('skips when the option is off, or when it was never synced', () => {
			expect(decideInvoiceChange({ existing: asStoredInQuickBooks(document), hubspotStatus: 'voided', voidWhenVoidedInHubSpot: false, currency: 'USD' })).toMatchObject({ ok: true, action: 'skip' });
			expect(decideInvoiceChange({ hubspotStatus: 'voided', voidWhenVoidedInHubSpot: true, currency: 'USD' })).toMatchObject({ ok: true, action: 'skip' });
		});
		it('is unchanged when QuickBooks already voided it', () => {
			const voided = asStoredInQuickBooks(document, { TotalAmt: 0, Balance: 0, PrivateNote: 'Voided\nHubSpot invoice 5001' });
			expect(isVoidedQboInvoice(voided)).toBe(true);
			expect(decideInvoiceChange({ existing: voided, hubspotStatus: 'voided', voidWhenVoidedInHubSpot: true, currency: 'USD' })).toEqual({ ok: true, action: 'unchanged', invoiceId: '130' });
		});
		it('refuses to void an invoice with payments applied', () => {
			const result = decideInvoiceChange({ existing: asStoredInQuickBooks(document, { Balance: 40 }), hubspotStatus: 'voided', voidWhenVoidedInHubSpot: true, currency: 'USD' });
			expect(!result.ok && result.error.message).toContain('60.00 USD');
		});
	});

	it('refuses to update an invoice QuickBooks has voided while HubSpot’s is open', () => {
		const document = mappedDocument();
		const voided = asStoredInQuickBooks(document, { TotalAmt: 0, Balance: 0, PrivateNote: 'Voided' });
		const result = decideInvoiceChange({ mapped: document, existing: voided, hubspotStatus: 'open', voidWhenVoidedInHubSpot: true, currency: 'USD' });
		expect(!result.ok && result.error.howToFix).toContain('Clear the QuickBooks invoice id');
	});

	it('skips drafts unless told to sync them', () => {
		const document = mappedDocument();
		expect(decideInvoiceChange({ mapped: document, hubspotStatus: 'draft', voidWhenVoidedInHubSpot: true, currency: 'USD' })).toMatchObject({ ok: true, action: 'skip' });
		expect(decideInvoiceChange({ mapped: document, hubspotStatus: 'draft', syncDrafts: true, voidWhenVoidedInHubSpot: true, currency: 'USD' })).toMatchObject({ ok: true, action: 'create' });
	});

	it('needs a mapped document unless the invoice is voided', () => {
		expect(decideInvoiceChange({ voidWhenVoidedInHubSpot: true, currency: 'USD', hubspotStatus: 'paid' }).ok).toBe(false);
	});
});
