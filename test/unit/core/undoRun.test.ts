import { describe, expect, it } from '@jest/globals';

import { changedInvoiceFields, decideInvoiceChange } from '../../../core/invoiceChanges';
import { taggedExecutionId, withExecutionTag, withoutExecutionTag } from '../../../core/executionTag';
import { undoVerdict } from '../../../core/undoRun';

describe('the execution line in PrivateNote', () => {
	it('goes after the marker, is read back, and left out of what is compared', () => {
		const note = withExecutionTag('HubSpot invoice 412\nhttps://app.hubspot.com/x', '4127');
		expect(note).toBe('HubSpot invoice 412\nhttps://app.hubspot.com/x\nn8n execution 4127');
		expect(taggedExecutionId(note)).toBe('4127');
		expect(withoutExecutionTag(note)).toBe('HubSpot invoice 412\nhttps://app.hubspot.com/x');
		expect(withExecutionTag(note, '4128')).toBe('HubSpot invoice 412\nhttps://app.hubspot.com/x\nn8n execution 4128');
	});

	it('names nothing without a usable execution id, and keeps the line whole at QuickBooks\' 4,000 characters', () => {
		expect(withExecutionTag('HubSpot payment 7', undefined)).toBe('HubSpot payment 7');
		expect(withExecutionTag('HubSpot payment 7', 'not an id!')).toBe('HubSpot payment 7');
		const long = withExecutionTag('x'.repeat(5000), 'exec-1') as string;
		expect(long).toHaveLength(4000);
		expect(taggedExecutionId(long)).toBe('exec-1');
		expect(taggedExecutionId('HubSpot invoice 412\nn8n request 0b6c')).toBeUndefined();
	});

	it('an invoice created by one execution is unchanged for the next; a new note keeps the creator', () => {
		const mapped = { CustomerRef: { value: '1' }, Line: [], PrivateNote: 'HubSpot invoice 412' };
		const existing = { Id: '9', SyncToken: '0', CustomerRef: { value: '1' }, Line: [], PrivateNote: 'HubSpot invoice 412\nn8n execution 41' };
		expect(changedInvoiceFields(mapped, existing)).toEqual([]);
		const decision = decideInvoiceChange({ mapped: { ...mapped, PrivateNote: 'HubSpot invoice 412\nhttps://link' }, existing, voidWhenVoidedInHubSpot: false, currency: 'USD' });
		expect(decision).toMatchObject({ action: 'update', document: { PrivateNote: 'HubSpot invoice 412\nhttps://link\nn8n execution 41' } });
	});
});

describe('undoVerdict', () => {
	const created = { CreateTime: '2026-12-05T10:00:00-08:00', LastUpdatedTime: '2026-12-05T10:00:00-08:00' };

	it('takes back a document as it was created', () => {
		expect(undoVerdict('Payment', { Id: '5', SyncToken: '0', MetaData: created })).toEqual({ undo: true });
	});

	it('refuses a document changed since (SyncToken or LastUpdatedTime moved on)', () => {
		expect(undoVerdict('Purchase', { Id: '5', SyncToken: '1', DocNumber: 'FEES-2026-10-USD' })).toMatchObject({ undo: false, category: 'changed_since', message: expect.stringContaining('FEES-2026-10-USD (ID 5)') });
		expect(undoVerdict('SalesReceipt', { Id: '5', SyncToken: '0', MetaData: { ...created, LastUpdatedTime: '2026-12-05T10:05:00-08:00' } })).toMatchObject({ category: 'changed_since' });
	});

	it('refuses an invoice with payments applied that are not taken back with it, naming them', () => {
		const paid = { Id: '9', SyncToken: '1', TotalAmt: 100, Balance: 60, LinkedTxn: [{ TxnId: '31', TxnType: 'Payment' }] };
		expect(undoVerdict('Invoice', paid)).toMatchObject({ undo: false, category: 'payments_applied', message: expect.stringContaining('payment 31 applied') });
		expect(undoVerdict('Invoice', paid, new Set(['31']))).toEqual({ undo: true });
		// Applied money QuickBooks does not list: refused all the same.
		expect(undoVerdict('Invoice', { Id: '9', SyncToken: '0', TotalAmt: '100.00', Balance: 60 })).toMatchObject({ category: 'payments_applied' });
		expect(undoVerdict('Invoice', { Id: '9', SyncToken: '0', TotalAmt: '100.00', Balance: 100 })).toEqual({ undo: true });
	});

	it('an invoice whose own payments are taken back may have moved on by one step per payment, no more', () => {
		const links = [{ TxnId: '31', TxnType: 'Payment' }];
		expect(undoVerdict('Invoice', { Id: '9', SyncToken: '2', TotalAmt: 100, Balance: 0, LinkedTxn: links }, new Set(['31']))).toMatchObject({ category: 'changed_since' });
	});
});
