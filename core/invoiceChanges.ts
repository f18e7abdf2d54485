/**
 * Create, update, leave alone or void: the decision behind an idempotent invoice sync. An invoice already
 * in QuickBooks (found by the written-back id, DocNumber or PrivateNote marker) is compared field by field
 * with the freshly mapped one; only changed fields go into a sparse update, and a second run with the
 * same HubSpot invoice finds nothing to change.
 */
import { Outcome, syncError } from './errors';
import { HubSpotInvoiceStatus } from './hubspotInvoice';
import { compareMoney, decimalToString, describeMoney, formatMoney, parseDecimal, parseMoney, subtractMoney, trimDecimal } from './money';
import { QboCustomField, QboInvoiceLine, QboInvoicePayload, QboInvoiceRecord } from './qboDocuments';
import { qboDocumentTotal } from './salesLines';
import { taggedExecutionId, withExecutionTag, withoutExecutionTag } from './executionTag';

/** Header fields the sync owns; anything else a bookkeeper set in QuickBooks is left alone. */
export type InvoiceField = 'CustomerRef' | 'DocNumber' | 'TxnDate' | 'DueDate' | 'BillEmail' | 'CustomerMemo' | 'PrivateNote' | 'CustomField' | 'Line';

export type QboInvoiceSparseUpdate = Partial<QboInvoicePayload> & { Id: string; SyncToken: string; sparse: true };

export type InvoiceChange =
	| { action: 'create'; document: QboInvoicePayload }
	| { action: 'update'; invoiceId: string; document: QboInvoiceSparseUpdate; changedFields: InvoiceField[] }
	| { action: 'unchanged'; invoiceId: string }
	| { action: 'void'; invoiceId: string; syncToken: string }
	| { action: 'skip'; reason: string };

export interface InvoiceChangeInput {
	/** The mapped document; may be omitted only for a HubSpot invoice that is voided. */
	mapped?: QboInvoicePayload;
	/** The QuickBooks invoice already synced for this HubSpot invoice, if any. */
	existing?: QboInvoiceRecord;
	hubspotStatus?: HubSpotInvoiceStatus;
	/** The node option "Void in QuickBooks when voided in HubSpot". */
	voidWhenVoidedInHubSpot: boolean;
	/** Currency of the documents (for the paid-amount check). */
	currency: string;
	/** Drafts are still being edited in HubSpot and are skipped unless this is true (HubSpot's own sync waits for Finalize). */
	syncDrafts?: boolean;
}

/** QuickBooks keeps a voided invoice with zero amounts and "Voided" in its PrivateNote. */
export function isVoidedQboInvoice(existing: QboInvoiceRecord): boolean {
	const zeroTotal = existing.TotalAmt === undefined || decimalsText(existing.TotalAmt) === '0';
	return zeroTotal && /\bvoided\b/i.test(existing.PrivateNote ?? '');
}

/** Amount already paid against the QuickBooks invoice: TotalAmt − Balance. */
function paidAmount(existing: QboInvoiceRecord, currency: string) {
	if (existing.TotalAmt === undefined || existing.Balance === undefined) return undefined;
	return subtractMoney(parseMoney(existing.TotalAmt, currency, 'TotalAmt', 'half-up'), parseMoney(existing.Balance, currency, 'Balance', 'half-up'));
}

export function decideInvoiceChange(input: InvoiceChangeInput): Outcome<InvoiceChange> {
	const { existing, mapped } = input;
	if (input.hubspotStatus === 'voided') {
		if (existing === undefined) return { ok: true, action: 'skip', reason: 'Voided in HubSpot and never synced to QuickBooks.' };
		if (isVoidedQboInvoice(existing)) return { ok: true, action: 'unchanged', invoiceId: existing.Id };
		if (!input.voidWhenVoidedInHubSpot) {
			return { ok: true, action: 'skip', reason: 'Voided in HubSpot; voiding in QuickBooks is turned off.' };
		}
		const paid = paidAmount(existing, input.currency);
		if (paid !== undefined && paid.minorUnits > 0n) {
			return {
				ok: false,
				error: syncError(
					'validation',
					`QuickBooks invoice ${existing.Id} has ${describeMoney(paid)} of payments applied and cannot be voided.`,
					{ invoiceId: existing.Id, paid: formatMoney(paid) },
					'Remove or void the payments applied to the QuickBooks invoice first, then run again.',
				),
			};
		}
		return { ok: true, action: 'void', invoiceId: existing.Id, syncToken: existing.SyncToken };
	}
	if (input.hubspotStatus === 'draft' && input.syncDrafts !== true) {
		return { ok: true, action: 'skip', reason: 'Draft in HubSpot: it is synced once finalized.' };
	}
	if (mapped === undefined) {
		return { ok: false, error: syncError('validation', 'No mapped QuickBooks invoice was given for a HubSpot invoice that is not voided.') };
	}
	if (existing === undefined) return { ok: true, action: 'create', document: mapped };
	if (isVoidedQboInvoice(existing)) {
		return {
			ok: false,
			error: syncError(
				'validation',
				`QuickBooks invoice ${existing.Id} is voided but the HubSpot invoice is ${input.hubspotStatus ?? 'not voided'}.`,
				{ invoiceId: existing.Id },
				'Clear the QuickBooks invoice id written back on the HubSpot invoice to sync it as a new invoice, or void it in HubSpot too.',
			),
		};
	}
	const existingCurrency = existing.CurrencyRef?.value;
	const mappedCurrency = mapped.CurrencyRef?.value;
	if (existingCurrency !== undefined && mappedCurrency !== undefined && existingCurrency !== mappedCurrency) {
		return {
			ok: false,
			error: syncError('currency_mismatch', `QuickBooks invoice ${existing.Id} is in ${existingCurrency}; the HubSpot invoice is now in ${mappedCurrency}.`, {
				invoiceId: existing.Id,
			}, 'QuickBooks cannot change an invoice\'s currency: void it and sync the HubSpot invoice as a new one.'),
		};
	}

	const changedFields = changedInvoiceFields(mapped, existing);
	if (changedFields.length === 0) return { ok: true, action: 'unchanged', invoiceId: existing.Id };

	if (changedFields.includes('Line')) {
		const paid = paidAmount(existing, input.currency);
		const newTotal = qboDocumentTotal(mapped.Line, input.currency).total;
		if (paid !== undefined && compareMoney(paid, newTotal) > 0) {
			return {
				ok: false,
				error: syncError('overpayment', `QuickBooks invoice ${existing.Id} already has ${describeMoney(paid)} paid; the changed HubSpot invoice totals ${describeMoney(newTotal)}.`, {
					invoiceId: existing.Id,
				}, 'Unapply or refund the excess payment in QuickBooks before changing the invoice.'),
			};
		}
	}
	const document: QboInvoiceSparseUpdate = { Id: existing.Id, SyncToken: existing.SyncToken, sparse: true };
	for (const field of changedFields) (document as Record<string, unknown>)[field] = mapped[field];
	// A new note keeps the line naming the execution that created the invoice.
	if (changedFields.includes('PrivateNote')) document.PrivateNote = withExecutionTag(mapped.PrivateNote, taggedExecutionId(existing.PrivateNote));
	return { ok: true, action: 'update', invoiceId: existing.Id, document, changedFields };
}

/** The header fields and lines where the mapped invoice differs from the one in QuickBooks. */
export function changedInvoiceFields(mapped: QboInvoicePayload, existing: QboInvoiceRecord): InvoiceField[] {
	const changed: InvoiceField[] = [];
	const differs = (field: InvoiceField, left: unknown, right: unknown) => {
		if (left !== undefined && left !== right) changed.push(field);
	};
	differs('CustomerRef', mapped.CustomerRef.value, existing.CustomerRef?.value);
	differs('DocNumber', mapped.DocNumber, existing.DocNumber);
	differs('TxnDate', mapped.TxnDate, existing.TxnDate);
	differs('DueDate', mapped.DueDate, existing.DueDate);
	differs('BillEmail', mapped.BillEmail?.Address.toLowerCase(), existing.BillEmail?.Address?.toLowerCase());
	differs('CustomerMemo', mapped.CustomerMemo?.value, existing.CustomerMemo?.value);
	// The execution line names who created the invoice, not what it says.
	differs('PrivateNote', mapped.PrivateNote, withoutExecutionTag(existing.PrivateNote));
	if (mapped.CustomField !== undefined && !customFieldsMatch(mapped.CustomField, existing.CustomField ?? [])) changed.push('CustomField');
	if (!linesMatch(mapped.Line, existing.Line ?? [])) changed.push('Line');
	return changed;
}

function customFieldsMatch(mapped: readonly QboCustomField[], existing: readonly Partial<QboCustomField>[]): boolean {
	return mapped.every((field) => existing.some((candidate) => String(candidate.DefinitionId) === field.DefinitionId && (candidate.StringValue ?? '') === field.StringValue));
}

function decimalsText(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'number' && typeof value !== 'string') return undefined;
	return decimalToString(trimDecimal(parseDecimal(value)));
}

function refValue(value: unknown): string | undefined {
	return typeof value === 'object' && value !== null && 'value' in value ? String((value as { value: unknown }).value) : undefined;
}

/** A line reduced to what the sync controls, in a form two sides can compare (numbers as exact decimal text). */
interface LineComparison {
	taxCode: boolean;
	serviceDate: boolean;
	discountAccount: boolean;
}

function comparableLine(line: Record<string, unknown>, compare: LineComparison): string | undefined {
	const type = line.DetailType;
	const description = typeof line.Description === 'string' ? line.Description : '';
	if (type === 'SalesItemLineDetail') {
		const detail = (line.SalesItemLineDetail ?? {}) as Record<string, unknown>;
		return JSON.stringify([
			'item',
			decimalsText(line.Amount),
			description,
			refValue(detail.ItemRef),
			decimalsText(detail.Qty),
			decimalsText(detail.UnitPrice),
			compare.taxCode ? refValue(detail.TaxCodeRef) : null,
			compare.serviceDate ? (detail.ServiceDate ?? null) : null,
		]);
	}
	if (type === 'DiscountLineDetail') {
		const detail = (line.DiscountLineDetail ?? {}) as Record<string, unknown>;
		return JSON.stringify(['discount', decimalsText(line.Amount), detail.PercentBased === true, compare.discountAccount ? refValue(detail.DiscountAccountRef) : null]);
	}
	// SubTotalLineDetail and other lines QuickBooks adds on its own are not the sync's.
	return undefined;
}

function linesMatch(mapped: readonly QboInvoiceLine[], existing: ReadonlyArray<Record<string, unknown>>): boolean {
	// Only what the sync sends is compared: QuickBooks fills in tax codes and discount accounts, and a
	// bookkeeper may add service dates in QuickBooks (HubSpot's own sync allows that too).
	const salesLines = mapped.filter((line) => line.DetailType === 'SalesItemLineDetail');
	const compare: LineComparison = {
		taxCode: salesLines.some((line) => line.SalesItemLineDetail.TaxCodeRef !== undefined),
		serviceDate: salesLines.some((line) => line.SalesItemLineDetail.ServiceDate !== undefined),
		discountAccount: mapped.some((line) => line.DetailType === 'DiscountLineDetail' && line.DiscountLineDetail.DiscountAccountRef !== undefined),
	};
	const left = mapped.map((line) => comparableLine(line as unknown as Record<string, unknown>, compare));
	const right = existing.map((line) => comparableLine(line, compare)).filter((line) => line !== undefined);
	return left.length === right.length && left.every((line, index) => line === right[index]);
}
