/**
 * Repair after a reconciliation, through the sync's own application layer so a repair writes exactly
 * what a sync would (same markers, same requestids, same look-ups first):
 * - invoices missing in QuickBooks, with an amount or void status that differs, or failing: the invoice
 *   sync (invoiceSync.ts) runs for them, creating or updating their QuickBooks invoice;
 * - a fee expense whose total differs: Record Fees as Expense (feeSync.ts) runs for the period's payments
 *   with the vendor and accounts the booked expense already names;
 * - only when asked: QuickBooks documents that carry our marker but have no HubSpot record, and the
 *   extra copies of a duplicated document, are voided (deleted where QuickBooks has no void).
 * A document without our marker is never touched: the reconciliation never offers one for voiding.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';

import type { QboRef, QboReconcileEntity, ReconcileEntry } from '../../../core';
import type { HubSpotClient } from '../../../transport/hubspot';
import { capabilitiesOf, type QuickBooksClient } from '../../../transport/quickbooks';
import { recordFeesAsExpense, type FeeRunSettings } from './feeSync';
import { runInvoiceSync, type InvoiceSyncSettings } from './invoiceSync';
import { failureFields, paymentRelations, PaymentSyncSession, readPaymentInputs, recordHubSpotPayment } from './paymentSync';
import { recordHubSpotRefund } from './refundSync';
import type { ReconcileReading } from './reconcile';

export interface RepairSettings {
	invoiceSync: InvoiceSyncSettings;
	/** Void (or delete) documents with our marker and no HubSpot record, and the extra copies of duplicates. */
	voidOrphans: boolean;
	timeZone: string;
	/** For payments missing in QuickBooks, as Record HubSpot Payment takes them. */
	salesReceiptItemRef?: QboRef;
	depositAccountRef?: QboRef;
	/** For refunds missing in QuickBooks (or short of HubSpot's refunded total): a refund receipt on this item. */
	refundItemRef?: QboRef;
	refundFromAccountRef?: QboRef;
}

export interface RepairAction {
	action: 'synced' | 'voided' | 'deleted' | 'fees-booked' | 'failed' | 'left';
	kind: string;
	hubspotKey?: string;
	quickbooks?: string;
	detail?: string;
}

const INVOICE_CLASSES = new Set(['missing_in_quickbooks', 'amount_differs', 'status_differs', 'failing']);

/** The copies of a duplicated record to take away: all but the one written back to HubSpot, else all but the oldest. */
function extraCopies(entry: ReconcileEntry): ReconcileEntry['quickbooks'] {
	const live = entry.quickbooks.filter((document) => !document.voided);
	const kept = live.find((document) => document.id === entry.hubspot?.writtenBackId) ?? live[0];
	return live.filter((document) => document !== kept);
}

async function voidOrDelete(qb: QuickBooksClient, entity: QboReconcileEntity, id: string, current: IDataObject | undefined): Promise<'voided' | 'deleted'> {
	const options = current !== undefined && typeof current.SyncToken === 'string' ? { current: current as IDataObject & { Id: string; SyncToken: string } } : {};
	if (capabilitiesOf(entity).voidStyle !== undefined) {
		await qb.void(entity, id, options);
		return 'voided';
	}
	await qb.delete(entity, id, options);
	return 'deleted';
}

function feeSettingsFrom(purchase: IDataObject, reading: ReconcileReading, timeZone: string): FeeRunSettings | undefined {
	const lines = (purchase.Line as IDataObject[] | undefined) ?? [];
	const accountOf = (line: IDataObject | undefined) => ((line?.AccountBasedExpenseLineDetail as IDataObject | undefined)?.AccountRef as { value: string } | undefined);
	const processing = accountOf(lines[0]);
	const paidFrom = purchase.AccountRef as { value: string } | undefined;
	if (processing === undefined || paidFrom === undefined) return undefined;
	const platform = accountOf(lines[1]);
	const vendor = purchase.EntityRef as { value: string } | undefined;
	return {
		period: reading.period,
		timeZone,
		expense: {
			paymentType: (purchase.PaymentType as FeeRunSettings['expense']['paymentType']) ?? 'Cash',
			paidFromAccountRef: { value: paidFrom.value },
			processingFeeAccountRef: { value: processing.value },
			...(platform !== undefined ? { platformFeeAccountRef: { value: platform.value } } : {}),
			...(vendor !== undefined ? { vendorRef: { value: vendor.value } } : {}),
		},
		allowFewerPayments: false,
	};
}

/** The HubSpot refunds Repair books: none in QuickBooks, or fewer than HubSpot's refunded total (never more: no refund is taken back). */
function refundsToBook(reading: ReconcileReading, settings: RepairSettings): Set<string> {
	if (settings.refundItemRef === undefined) return new Set();
	const short = reading.entries.filter((entry) => entry.kind === 'refund' && (entry.class === 'missing_in_quickbooks' || (entry.class === 'amount_differs' && !entry.difference!.startsWith('-'))));
	return new Set(short.map((entry) => entry.hubspot!.key));
}

/**
 * Payments missing in QuickBooks through Record HubSpot Payment (after the invoices, so theirs exist),
 * then refunds short in QuickBooks through Record HubSpot Refund (after the payments they refund).
 */
async function recordMissingPayments(context: IExecuteFunctions, qb: QuickBooksClient, reading: ReconcileReading, settings: RepairSettings): Promise<RepairAction[]> {
	const missing = new Set(reading.entries.filter((entry) => entry.kind === 'payment' && entry.class === 'missing_in_quickbooks').map((entry) => entry.hubspot!.key));
	const refunds = refundsToBook(reading, settings);
	if (missing.size === 0 && refunds.size === 0) return [];
	const session = new PaymentSyncSession(context, qb);
	const items = reading.paymentsRead.filter((payment) => missing.has(payment.id) || refunds.has(payment.id)).map((payment) => ({ json: { id: payment.id, properties: payment.properties } as IDataObject }));
	const inputs = await readPaymentInputs(session, items, (payment) => paymentRelations(payment, false));
	const actions: RepairAction[] = [];
	const attempt = async (kind: 'payment' | 'refund', paymentId: string, record: () => Promise<IDataObject>) => {
		try {
			const outcome = await record();
			const document = outcome.document as IDataObject | undefined;
			actions.push({ action: 'synced', kind, hubspotKey: paymentId, ...(document?.Id !== undefined ? { quickbooks: String(document.Id) } : {}), detail: String(outcome.action) });
		} catch (error) {
			const { category, message } = failureFields(error);
			actions.push({ action: 'failed', kind, hubspotKey: paymentId, detail: `${category}: ${message}` });
		}
	};
	for (const kind of ['payment', 'refund'] as const) {
		for (const input of inputs) {
			const paymentId = input.ok ? input.input.payment.id : input.paymentId;
			if (!(kind === 'payment' ? missing : refunds).has(paymentId)) continue;
			await attempt(kind, paymentId, async () => {
				if (!input.ok) throw input.error;
				if (kind === 'payment') {
					return await recordHubSpotPayment(session, input.input, { salesReceiptItemRef: settings.salesReceiptItemRef, depositAccountRef: settings.depositAccountRef, paymentMethodRefs: {}, timeZone: settings.timeZone });
				}
				return await recordHubSpotRefund(session, input.input, {
					documentType: 'RefundReceipt',
					itemRef: settings.refundItemRef,
					refundFromAccountRef: settings.refundFromAccountRef,
					paymentMethodRefs: {},
					timeZone: settings.timeZone,
				});
			});
		}
	}
	return actions;
}

export async function repairDrift(
	context: IExecuteFunctions,
	deps: { qb: QuickBooksClient; hubspot: HubSpotClient; node: INode },
	reading: ReconcileReading,
	settings: RepairSettings,
): Promise<RepairAction[]> {
	const actions: RepairAction[] = [];

	const invoiceEntries = reading.entries.filter((entry) => entry.kind === 'invoice' && entry.hubspot !== undefined && INVOICE_CLASSES.has(entry.class));
	// Of the status differences only "voided in HubSpot, open in QuickBooks" is the invoice sync's to fix (it voids,
	// when its settings say so); a balance is a payment's, and a void in QuickBooks cannot be undone.
	const toSync = invoiceEntries.filter((entry) => entry.class !== 'status_differs' || entry.hubspot!.voided === true);
	if (toSync.length > 0) {
		const results = await runInvoiceSync(deps, toSync.map((entry) => ({ id: entry.hubspot!.key })), settings.invoiceSync);
		toSync.forEach((entry, index) => {
			const result = results[index];
			const failed = result === undefined || result.action === 'failed';
			actions.push({
				action: failed ? 'failed' : 'synced',
				kind: 'invoice',
				hubspotKey: entry.hubspot!.key,
				...(result?.qboInvoice?.Id !== undefined ? { quickbooks: `Invoice ${String(result.qboInvoice.Id)}` } : {}),
				detail: failed ? `${result?.category ?? 'unknown'}: ${result?.message ?? 'no outcome'}` : result.action,
			});
		});
	}
	// A balance that differs is a payment not recorded (or recorded twice): the payments below, not the invoice sync.
	for (const entry of invoiceEntries.filter((candidate) => !toSync.includes(candidate))) {
		const voidedInQuickBooks = entry.quickbooks.length > 0 && entry.quickbooks.every((document) => document.voided);
		const advice = voidedInQuickBooks ? 'A void in QuickBooks cannot be undone: void the invoice in HubSpot too, or clear its qbo_invoice_id to sync it anew.' : 'Its payments are recorded below when they are missing.';
		actions.push({ action: 'left', kind: entry.kind, hubspotKey: entry.hubspot!.key, detail: `${entry.detail ?? ''} ${advice}`.trim() });
	}
	// What Repair does not change: refunds it does not book, and payments that are in QuickBooks but differ.
	const booked = refundsToBook(reading, settings);
	const leftAlone = (entry: ReconcileEntry) =>
		(entry.kind === 'refund' && entry.class !== 'matched' && entry.hubspot !== undefined && !booked.has(entry.hubspot.key)) ||
		(entry.kind === 'payment' && ['amount_differs', 'status_differs', 'failing'].includes(entry.class));
	for (const entry of reading.entries.filter(leftAlone)) {
		const advice =
			entry.kind === 'refund'
				? 'Choose the Refund Item (and account) under Repair, or run Record HubSpot Refund; a refund booked beyond HubSpot\'s total is never taken back.'
				: 'Check the payment in QuickBooks: Repair changes no recorded payment.';
		actions.push({ action: 'left', kind: entry.kind, hubspotKey: entry.hubspot?.key, detail: `${entry.detail ?? ''} ${advice}`.trim() });
	}

	actions.push(...(await recordMissingPayments(context, deps.qb, reading, settings)));

	for (const entry of reading.entries.filter((candidate) => candidate.kind === 'fees' && candidate.class === 'amount_differs')) {
		const [document] = entry.quickbooks;
		const purchase = reading.documentsRead.get(`Purchase:${document.id}`);
		const feeSettings = purchase === undefined ? undefined : feeSettingsFrom(purchase, reading, settings.timeZone);
		if (feeSettings === undefined) {
			actions.push({ action: 'left', kind: 'fees', hubspotKey: entry.hubspot?.key, quickbooks: `Purchase ${document.id}`, detail: 'Run Record Fees as Expense for the period.' });
			continue;
		}
		const payments = reading.paymentsRead.filter((payment) => (payment.properties.hs_currency_code ?? '').toUpperCase() === entry.currency || payment.properties.hs_currency_code == null);
		const [outcome] = await recordFeesAsExpense(context, payments.map((payment) => ({ json: { id: payment.id, properties: payment.properties } as IDataObject })), deps.qb, feeSettings);
		actions.push({ action: 'fees-booked', kind: 'fees', hubspotKey: entry.currency, quickbooks: `Purchase ${document.id}`, detail: String(outcome?.json.action ?? '') });
	}

	if (settings.voidOrphans) {
		const targets = [
			...reading.entries.filter((entry) => entry.class === 'only_in_quickbooks_ours').flatMap((entry) => entry.quickbooks.map((document) => ({ entry, document }))),
			...reading.entries.filter((entry) => entry.class === 'duplicated').flatMap((entry) => extraCopies(entry).map((document) => ({ entry, document }))),
		];
		for (const { entry, document } of targets) {
			try {
				const done = await voidOrDelete(deps.qb, document.entity, document.id, reading.documentsRead.get(`${document.entity}:${document.id}`));
				actions.push({ action: done, kind: entry.kind, hubspotKey: entry.hubspot?.key, quickbooks: `${document.entity} ${document.id}` });
			} catch (error) {
				actions.push({ action: 'failed', kind: entry.kind, hubspotKey: entry.hubspot?.key, quickbooks: `${document.entity} ${document.id}`, detail: error instanceof Error ? error.message : String(error) });
			}
		}
	}
	return actions;
}
