/**
 * Record HubSpot Payment: each received HubSpot payment becomes one QuickBooks document, once.
 * - with an invoice: a Payment applied to the synced QuickBooks invoice (found by the invoice's
 *   qbo_invoice_id, its number, or the marker in PrivateNote; optionally synced first);
 * - without one (payment link, quote, checkout, subscription): a Sales Receipt;
 * - processor QuickBooks: skipped, the payment came from QuickBooks; not received: skipped.
 * Exactly once: one execution at a time records a given HubSpot payment (a lease on it, shared by every
 * execution of the process, or of every queue-mode worker through Redis); holding it, the QuickBooks
 * payments already applied to the invoice (or the day's sales receipts) are searched for the payment's
 * marker before anything is created. The create's requestid says what it means (HubSpot payment 77
 * applied to invoice 145), and after a lost answer the same look-up runs before anything is sent again.
 *
 * The helpers every payment-based operation needs (reading the input payments, the company's settings,
 * the payer as a QuickBooks customer, per-item outcomes) live here too; feeSync.ts and refundSync.ts use them.
 */
import { NodeApiError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';

import {
	SKIPPED_FROM_QUICKBOOKS,
	SyncFailure,
	chooseCustomer,
	classifyPayment,
	customerLookupKeys,
	customerPayload,
	hubspotInvoiceIdFromPrivateNote,
	mapHubSpotPaymentToQuickBooks,
	mapPaymentToSalesReceipt,
	paymentCurrencyOrHome,
	paymentMarker,
	paymentRefNum,
	propertyText,
	requestIdFor,
	syncError,
	toQboDate,
	type HubSpotInvoice as CoreHubSpotInvoice,
	type HubSpotPayment as CoreHubSpotPayment,
	type HubSpotRecord,
	type QboCustomerCandidate,
	type QboRef,
	type SyncError,
	type SyncErrorCategory,
	withExecutionTag,
} from '../../../core';
import {
	createHubSpotClient,
	type HubSpotClient,
	type HubSpotObject,
	type HubSpotPayment,
	type PaymentInclude,
} from '../../../transport/hubspot';
import { isQuickBooksError, type QueryCondition, type QuickBooksClient, type QuickBooksRecord } from '../../../transport/quickbooks';
import { leaseKey, sourceLeases, type SourceKind, type SourceLeases } from '../../../transport/leases';
import { summarizeFailure, toNodeError } from '../nodeHelpers/errors';
import { customerLocator, locatorValue, paymentMethodLocator, taxCodeLocator } from '../nodeHelpers/locators';
import { executionIdOf } from './execution';
import { readCompanyFacts, type CompanyFacts } from './company';
import { findSyncedInvoices } from './existingInvoices';
import { hubSpotFailure } from './hubspotInvoices';
import { leaseFailure } from './leaseFailure';
import { queryIn } from './queryLists';
import type { PreviewRecorder } from './preview';
import { createOnce } from './replayedCreates';

// ------------------------------------------------------------------ outcomes

export type SyncAction = 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';

export interface PaymentOutcome extends IDataObject {
	action: SyncAction;
	hubspotPaymentId: string;
	documentType?: string;
	document?: IDataObject;
	reason?: string;
	category?: string;
	message?: string;
	howToFix?: string;
}

/** Stops the work on one item with a category and a fix; becomes a `failed` outcome (or the node's error). */
export function failWith(category: SyncErrorCategory, message: string, howToFix?: string, details?: Record<string, unknown>): never {
	throw new SyncFailure(syncError(category, message, details, howToFix));
}

export function failWithError(error: SyncError): never {
	throw new SyncFailure(error);
}

/** The category, message and fix of any failure, as the outcome carries them. */
export function failureFields(error: unknown): { category: string; message: string; howToFix: string } {
	// A NodeApiError here is a HubSpot call's (QuickBooks failures are QuickBooksErrors): categorized by its status, as the invoice sync does.
	const summary = error instanceof NodeApiError ? hubSpotFailure(error, 'read from HubSpot') : summarizeFailure(error);
	return { category: summary.category, message: summary.message, howToFix: summary.howToFix };
}

/**
 * The item for a failure. It stops the node unless "Continue On Fail" is set. Then it is the outcome with
 * action `failed`, its category and fix on the regular output; with "Continue (using error output)" the
 * same outcome travels under `error`, the shape n8n routes to the error output.
 */
export function failedItem(context: IExecuteFunctions, itemIndex: number, json: IDataObject, error: unknown): INodeExecutionData {
	if (!context.continueOnFail()) throw toNodeError(context, error, itemIndex);
	const outcome: IDataObject = { ...json, action: 'failed', ...failureFields(error) };
	const toErrorOutput = context.getNode().onError === 'continueErrorOutput';
	return { json: toErrorOutput ? { error: outcome } : outcome, pairedItem: { item: itemIndex } };
}

// ------------------------------------------------------------------ the company

export interface CompanySettings {
	homeCurrency: string;
	multicurrencyEnabled: boolean;
}

/**
 * What one execution learns once about QuickBooks and HubSpot: the company's currencies and country
 * (company.ts), and the HubSpot client (only created when something must be read from HubSpot).
 */
export class PaymentSyncSession {
	private factsRead?: Promise<CompanyFacts>;
	private countryRead?: Promise<CompanyFacts>;
	private hubspotClient?: Promise<HubSpotClient>;

	readonly client: QuickBooksClient;
	readonly leases: SourceLeases;

	/**
	 * `leases`: one writer per HubSpot record, in this process or across queue-mode workers (transport/leases).
	 * `preview`: a dry run; its clients record writes instead of sending them, and it holds no leases.
	 */
	constructor(
		readonly context: IExecuteFunctions,
		client: QuickBooksClient,
		leases: SourceLeases = sourceLeases(),
		readonly preview?: PreviewRecorder,
	) {
		this.client = preview ? preview.quickBooks(client) : client;
		this.leases = preview ? preview.leases : leases;
	}

	async company(): Promise<CompanySettings> {
		this.factsRead ??= readCompanyFacts(this.client, false);
		const { homeCurrency, multicurrencyEnabled } = await this.factsRead;
		return { homeCurrency, multicurrencyEnabled };
	}

	/** Whether QuickBooks takes our document numbers (SalesFormsPrefs.CustomTxnNumbers), else it numbers documents itself. */
	async customTxnNumbers(): Promise<boolean> {
		this.factsRead ??= readCompanyFacts(this.client, false);
		return (await this.factsRead).customTxnNumbers;
	}

	/** US companies take TAX or NON on every sales line (quickbooks.md §10.2). */
	async usesUsSalesTaxCodes(): Promise<boolean> {
		this.countryRead ??= readCompanyFacts(this.client, true);
		return (await this.countryRead).isUS;
	}

	/** The document as this execution creates it: its PrivateNote names the execution, for Undo. */
	createdHere<T extends object>(document: T): IDataObject {
		const note = (document as IDataObject).PrivateNote;
		return { ...(document as IDataObject), PrivateNote: withExecutionTag(typeof note === 'string' ? note : undefined, executionIdOf(this.context)) };
	}

	async hubspot(): Promise<HubSpotClient> {
		this.hubspotClient ??= createHubSpotClient(this.context).then((client) => (this.preview ? this.preview.hubSpot(client) : client)).catch((error: Error) =>
			failWith(
				'validation',
				`The HubSpot payment data must be read from HubSpot, but the node has no usable HubSpot credential (${error.message}).`,
				'Add a HubSpot credential to this QuickBooks node, or pass payments with their relations from the HubSpot trigger or Commerce node.',
			),
		);
		return await this.hubspotClient;
	}
}

/**
 * Runs `work` as the only writer of one HubSpot record (DESIGN.md "Exactly once, by meaning"): another
 * execution or worker recording the same record waits, then finds what this one wrote. `work` calls
 * `beforeWrite` right before it writes: a lease that expired meanwhile (its Redis renewal failed) stops
 * the write instead of racing the next holder.
 */
export async function asOnlyWriter<T>(session: PaymentSyncSession, kind: SourceKind, sourceId: string, work: (beforeWrite: () => void) => Promise<T>): Promise<T> {
	const held = await session.leases
		.withLease(leaseKey(session.client.realmId, kind, sourceId), async (lease) =>
			await work(() => {
				if (!lease.stillHeld()) {
					failWith('stale', `The hold on HubSpot ${kind} ${sourceId} expired before it was written to QuickBooks.`, 'Run the item again; nothing was written for it.');
				}
			}),
		)
		.then(
			(value) => ({ value }),
			(error: unknown) => ({ error }),
		);
	if ('value' in held) return held.value;
	const failure = leaseFailure(held.error);
	if (failure !== undefined) failWithError(failure);
	throw held.error;
}

/** The books' time zone: the option, else UTC (as the invoice sync). */
export function timeZoneOf(context: IExecuteFunctions, itemIndex: number): string {
	const option = String((context.getNodeParameter('options', itemIndex, {}) as IDataObject).timeZone ?? '').trim();
	return option !== '' ? option : 'UTC';
}

// ------------------------------------------------------------------ parameters the payment operations share

/** Where the payment comes from: the input item (HubSpot trigger, Commerce node) or an id to read. */
export const paymentSourceProperties: INodeProperties[] = [
	{
		displayName: 'HubSpot Payment',
		name: 'paymentSource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'From Input Item',
				value: 'inputItem',
				description: 'The payment the HubSpot trigger or the HubSpot Commerce node output; relations it lacks are read from HubSpot',
			},
			{ name: 'By ID', value: 'paymentId', description: 'Read the payment from HubSpot (needs the HubSpot credential)' },
		],
		default: 'inputItem',
	},
	{
		displayName: 'Payment ID',
		name: 'paymentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 123456789',
		description: 'The ID of the HubSpot commerce payment',
		displayOptions: { show: { paymentSource: ['paymentId'] } },
	},
];

export const customerOptionField: INodeProperties = customerLocator({
	name: 'customer',
	displayName: 'Customer',
	description: "Use this QuickBooks customer instead of the payer's (matched by email, then name, or created)",
});

export const paymentMethodsOption: INodeProperties = {
	displayName: 'Payment Methods',
	name: 'paymentMethods',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add mapping',
	default: {},
	description: "QuickBooks payment method for each HubSpot payment method type (hs_payment_method_type); unmapped types leave the method empty",
	options: [
		{
			displayName: 'Mapping',
			name: 'mapping',
			values: [
				{
					displayName: 'HubSpot Method',
					name: 'hubspotMethod',
					type: 'options',
					options: [
						{ name: 'ACH', value: 'ach' },
						{ name: 'BACS', value: 'bacs' },
						{ name: 'Card', value: 'card' },
						{ name: 'Cash', value: 'cash' },
						{ name: 'Check', value: 'check' },
						{ name: 'Other', value: 'other' },
						{ name: 'PADs', value: 'pads' },
						{ name: 'SEPA', value: 'sepa' },
						{ name: 'Wire Transfer', value: 'wire_transfer' },
					],
					default: 'card',
				},
				paymentMethodLocator({ name: 'paymentMethod', displayName: 'QuickBooks Payment Method' }),
			],
		},
	],
};

export const taxCodeOptionField: INodeProperties = taxCodeLocator({
	name: 'taxCode',
	displayName: 'Tax Code',
	description: 'Tax code of the document line. Empty: NON for US companies (no sales tax added to money already received).',
});

export const timeZoneOption: INodeProperties = {
	displayName: 'Time Zone',
	name: 'timeZone',
	type: 'string',
	default: '',
	placeholder: 'e.g. America/New_York',
	description: "The books' time zone (IANA name): which calendar day a HubSpot date-time falls on. Empty: UTC, as the invoice sync.",
};

// ------------------------------------------------------------------ the input payments

/** The refund the HubSpot trigger saw (event "payment refunded"): this refund and the running total after it. */
export interface RefundEvent {
	amount?: string;
	totalRefunded?: string;
	fullyRefunded?: boolean;
}

export interface PaymentInput {
	itemIndex: number;
	payment: HubSpotPayment;
	refund?: RefundEvent;
	/** When the trigger saw the event (ISO). */
	occurredAt?: string;
}

export type PaymentInputResult = { ok: true; input: PaymentInput } | { ok: false; itemIndex: number; paymentId: string; error: unknown };

const RELATION_KEYS: Readonly<Record<PaymentInclude, readonly string[]>> = {
	invoice: ['invoice', 'invoices'],
	contacts: ['contacts'],
	companies: ['companies'],
	lineItems: ['lineItems'],
};

function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hubSpotObject(value: unknown): HubSpotObject | undefined {
	if (!isRecord(value) || (typeof value.id !== 'string' && typeof value.id !== 'number')) return undefined;
	return { id: String(value.id), properties: isRecord(value.properties) ? (value.properties as HubSpotObject['properties']) : {} };
}

function hubSpotObjects(value: unknown): HubSpotObject[] {
	return Array.isArray(value) ? value.map(hubSpotObject).filter((record): record is HubSpotObject => record !== undefined) : [];
}

/** The payment an item holds (HubSpot trigger or Commerce node shape), or just its id when it holds no properties. */
function paymentOfItem(json: IDataObject, itemIndex: number): { id: string; payment?: HubSpotPayment; refund?: RefundEvent; occurredAt?: string } {
	if (typeof json.objectType === 'string' && json.objectType !== 'payment') {
		failWith('validation', `Item ${itemIndex} is a HubSpot ${json.objectType}, not a payment.`, 'Pass HubSpot payments: the HubSpot trigger on payment events, or the HubSpot Commerce node\'s Payment Get or Search.');
	}
	const id = typeof json.id === 'string' || typeof json.id === 'number' ? String(json.id).trim() : '';
	if (id === '') {
		failWith('validation', `Item ${itemIndex} holds no HubSpot payment (no "id").`, 'Pass HubSpot payments, or choose "By ID" and map the payment ID.');
	}
	const refund = isRecord(json.refund) ? (json.refund as RefundEvent) : undefined;
	const occurredAt = typeof json.occurredAt === 'string' ? json.occurredAt : undefined;
	if (!isRecord(json.properties)) return { id, refund, occurredAt };
	const payment: HubSpotPayment = { id, properties: json.properties as HubSpotPayment['properties'] };
	if ('invoice' in json) payment.invoice = hubSpotObject(json.invoice) ?? null;
	if ('invoices' in json) payment.invoices = hubSpotObjects(json.invoices);
	if ('contacts' in json) payment.contacts = hubSpotObjects(json.contacts);
	if ('companies' in json) payment.companies = hubSpotObjects(json.companies);
	if ('lineItems' in json) payment.lineItems = hubSpotObjects(json.lineItems);
	return { id, payment, refund, occurredAt };
}

function missingRelations(payment: HubSpotPayment, wanted: readonly PaymentInclude[]): PaymentInclude[] {
	return wanted.filter((include) => !RELATION_KEYS[include].some((key) => key in payment));
}

/**
 * The payments of all input items: taken from the items (HubSpot trigger or Commerce node output) or read
 * by id, with the relations `relationsFor` asks for read from HubSpot in batches where the item lacks them.
 */
export async function readPaymentInputs(
	session: PaymentSyncSession,
	items: INodeExecutionData[],
	relationsFor: (payment: HubSpotPayment, itemIndex: number) => readonly PaymentInclude[],
): Promise<PaymentInputResult[]> {
	const { context } = session;
	const results: PaymentInputResult[] = [];
	const toRead = new Map<string, Array<{ itemIndex: number; refund?: RefundEvent; occurredAt?: string }>>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let paymentId = '';
		try {
			const source = context.getNodeParameter('paymentSource', itemIndex, 'inputItem') as string;
			const read =
				source === 'paymentId'
					? { id: String(context.getNodeParameter('paymentId', itemIndex, '') ?? '').trim() }
					: paymentOfItem(items[itemIndex].json, itemIndex);
			paymentId = read.id;
			if (!/^\d+$/.test(read.id)) failWith('validation', `"${read.id}" is not a HubSpot payment ID.`, 'Use the number at the end of the payment record\'s URL.');
			if ('payment' in read && read.payment !== undefined) {
				results.push({ ok: true, input: { itemIndex, payment: read.payment, refund: read.refund, occurredAt: read.occurredAt } });
			} else {
				const entry = { itemIndex, ...('refund' in read ? { refund: read.refund, occurredAt: read.occurredAt } : {}) };
				toRead.set(read.id, [...(toRead.get(read.id) ?? []), entry]);
			}
		} catch (error) {
			results.push({ ok: false, itemIndex, paymentId, error });
		}
	}

	if (toRead.size > 0) {
		const ids = [...toRead.keys()];
		let read: Map<string, HubSpotPayment> | undefined;
		let readError: unknown;
		try {
			const hubspot = await session.hubspot();
			read = new Map((await hubspot.readPayments(ids)).map((payment) => [payment.id, payment]));
		} catch (error) {
			readError = error;
		}
		for (const [id, entries] of toRead) {
			for (const entry of entries) {
				const payment = read?.get(id);
				if (payment === undefined) {
					const error = readError ?? new SyncFailure(syncError('not_found', `HubSpot payment ${id} was not found.`, { paymentId: id }, 'Check the payment ID; archived payments cannot be recorded.'));
					results.push({ ok: false, itemIndex: entry.itemIndex, paymentId: id, error });
				} else {
					// Each item gets its own copy: relations are attached per record below.
					results.push({ ok: true, input: { ...entry, payment: { id: payment.id, properties: { ...payment.properties } } } });
				}
			}
		}
	}

	await attachMissingRelations(session, results, relationsFor);
	return results.sort((a, b) => itemIndexOf(a) - itemIndexOf(b));
}

function itemIndexOf(result: PaymentInputResult): number {
	return result.ok ? result.input.itemIndex : result.itemIndex;
}

/** Reads the relations items lack, one batch per combination of missing relations. */
async function attachMissingRelations(
	session: PaymentSyncSession,
	results: PaymentInputResult[],
	relationsFor: (payment: HubSpotPayment, itemIndex: number) => readonly PaymentInclude[],
): Promise<void> {
	const groups = new Map<string, { include: PaymentInclude[]; positions: number[] }>();
	results.forEach((result, position) => {
		if (!result.ok) return;
		const missing = missingRelations(result.input.payment, relationsFor(result.input.payment, result.input.itemIndex));
		if (missing.length === 0) return;
		const key = missing.join(',');
		const group = groups.get(key) ?? { include: missing, positions: [] };
		group.positions.push(position);
		groups.set(key, group);
	});
	for (const { include, positions } of groups.values()) {
		const payments = positions.map((position) => (results[position] as { ok: true; input: PaymentInput }).input.payment);
		try {
			const hubspot = await session.hubspot();
			await hubspot.attachPaymentIncludes(payments, include);
		} catch (error) {
			for (const position of positions) {
				const { input } = results[position] as { ok: true; input: PaymentInput };
				results[position] = { ok: false, itemIndex: input.itemIndex, paymentId: input.payment.id, error };
			}
		}
	}
}

/** The HubSpot invoices the payment is associated with (542), as far as they are known. */
export function paymentInvoices(payment: HubSpotPayment): HubSpotObject[] {
	if (payment.invoices !== undefined && payment.invoices.length > 0) return payment.invoices;
	return payment.invoice ? [payment.invoice] : [];
}

/** The payment as the sync core reads it. Invoice ids only when the relation was read (else the core reads the properties). */
export function corePayment(payment: HubSpotPayment): CoreHubSpotPayment {
	const known = 'invoice' in payment || 'invoices' in payment;
	return { id: payment.id, properties: payment.properties, ...(known ? { invoiceIds: paymentInvoices(payment).map((invoice) => invoice.id) } : {}) };
}

// ------------------------------------------------------------------ QuickBooks look-ups

export interface QboInvoiceRecord extends QuickBooksRecord {
	Balance?: number;
	TotalAmt?: number;
	DocNumber?: string;
	PrivateNote?: string;
	CustomerRef?: { value: string; name?: string };
	CurrencyRef?: { value: string };
	LinkedTxn?: Array<{ TxnId: string; TxnType: string }>;
}

function shiftDay(day: string, days: number): string {
	const date = new Date(`${day}T00:00:00Z`);
	date.setUTCDate(date.getUTCDate() + days);
	return date.toISOString().slice(0, 10);
}

/** HubSpot invoice numbers longer than QuickBooks' 21 characters were kept at the start or at the end (the sync's DocNumber rule). */
function docNumberCandidates(hsNumber: string | undefined): Array<string | undefined> {
	if (hsNumber === undefined) return [undefined];
	return hsNumber.length <= 21 ? [hsNumber] : [...new Set([hsNumber.slice(0, 21), hsNumber.slice(-21)])];
}

/**
 * The QuickBooks invoice a HubSpot invoice was synced to, found as the invoice sync finds it
 * (existingInvoices.ts): by the id written back (qbo_invoice_id), then by DocNumber = hs_number with this
 * invoice's marker in PrivateNote; else by the marker among the invoices dated around hs_invoice_date
 * (an invoice synced without its number). A number taken by another document is reported as that conflict.
 */
export async function findSyncedInvoice(client: QuickBooksClient, hubspotInvoice: HubSpotObject, timeZone: string): Promise<QboInvoiceRecord | undefined> {
	const writtenBackId = propertyText(hubspotInvoice, 'qbo_invoice_id');
	const queries = docNumberCandidates(propertyText(hubspotInvoice, 'hs_number')).map((docNumber) => ({
		hubspotInvoiceId: hubspotInvoice.id,
		...(writtenBackId !== undefined ? { writtenBackId } : {}),
		...(docNumber !== undefined ? { docNumber } : {}),
	}));
	const answers = await findSyncedInvoices(client, queries);
	const found = answers.find((answer) => answer.existing !== undefined)?.existing;
	if (found !== undefined) return found as unknown as QboInvoiceRecord;

	const day = toQboDate(propertyText(hubspotInvoice, 'hs_invoice_date'), timeZone, 'hs_invoice_date');
	if (day !== undefined) {
		// The sync may have used another time zone for the day: one day either side.
		const around = await client.query<QboInvoiceRecord>('Invoice', {
			where: [
				{ field: 'TxnDate', operator: '>=', value: shiftDay(day, -1) },
				{ field: 'TxnDate', operator: '<=', value: shiftDay(day, 1) },
			],
		});
		const marked = around.find((invoice) => hubspotInvoiceIdFromPrivateNote(invoice.PrivateNote) === hubspotInvoice.id);
		if (marked !== undefined) return marked;
	}
	const conflict = answers.find((answer) => answer.conflict !== undefined)?.conflict;
	if (conflict !== undefined) failWithError(conflict);
	return undefined;
}

/** Whether a QuickBooks document records this HubSpot payment: its marker, or its reference when no marker is left. */
export function recordsHubSpotPayment(document: IDataObject, paymentId: string): boolean {
	const note = typeof document.PrivateNote === 'string' ? document.PrivateNote : '';
	const marker = new RegExp(`${paymentMarker(paymentId).replace(/ /g, '\\s')}(?!\\d)`);
	if (marker.test(note)) return true;
	return !/HubSpot payment \d/.test(note) && document.PaymentRefNum === paymentRefNum(paymentId);
}

async function findPaymentAppliedTo(client: QuickBooksClient, invoice: QboInvoiceRecord, paymentId: string): Promise<IDataObject | undefined> {
	const paymentIds = (invoice.LinkedTxn ?? []).filter((link) => link.TxnType === 'Payment').map((link) => link.TxnId);
	if (paymentIds.length === 0) return undefined;
	const payments = await queryIn<IDataObject>(client, 'Payment', 'Id', paymentIds);
	return payments.find((payment) => recordsHubSpotPayment(payment, paymentId));
}

/** Documents of one customer and day that record this payment (the look-up after a lost or duplicate create). */
async function findRecordedOn(client: QuickBooksClient, entity: 'Payment' | 'SalesReceipt', paymentId: string, day: string | undefined, customerId?: string): Promise<IDataObject | undefined> {
	if (day === undefined) return undefined;
	const where: QueryCondition[] = [{ field: 'TxnDate', operator: '=', value: day }];
	if (customerId !== undefined) where.push({ field: 'CustomerRef', operator: '=', value: customerId });
	const documents = await client.query<IDataObject>(entity, { where });
	return documents.find((document) => recordsHubSpotPayment(document, paymentId));
}

// ------------------------------------------------------------------ the payer as a QuickBooks customer

/**
 * The QuickBooks customer of a payment without an invoice: matched by the payer's email, then by name
 * (company, else contact), created when none matches. The same rules as the invoice sync
 * (core/customerMatching.ts), applied to the payment's contacts and companies.
 */
export async function payerCustomer(session: PaymentSyncSession, payment: HubSpotPayment): Promise<QboRef> {
	const company = await session.company();
	const currency = paymentCurrencyOrHome(payment, company);
	const email = propertyText(payment, 'hs_customer_email')?.toLowerCase();
	const contacts: HubSpotRecord[] = [...(payment.contacts ?? [])];
	if (contacts.length === 0 && email !== undefined) contacts.push({ id: `payer-${payment.id}`, properties: { email } });
	// The payer seen as the invoice the customer rules read: whom it bills, in which currency.
	const billing: CoreHubSpotInvoice = {
		id: payment.id,
		properties: { hs_currency: currency, ...(email !== undefined ? { hs_invoice_latest_contact_email: email } : {}) },
		lineItems: [],
		contacts,
		companies: payment.companies ?? [],
	};
	const lookup = customerLookupKeys(billing, { ...company, collisionStrategy: 'distinct-name' });
	if (!lookup.ok) {
		failWith(
			'customer_not_found',
			`HubSpot payment ${payment.id} has no contact, company or customer email to find its QuickBooks customer by.`,
			'Associate a contact with the payment in HubSpot, or choose a Customer in the node options.',
			{ paymentId: payment.id },
		);
	}
	const { keys } = lookup;
	const { client } = session;
	for (const displayName of [keys.displayName, ...keys.fallbackDisplayNames]) {
		const candidates: QboCustomerCandidate[] = [];
		if (keys.email !== undefined) candidates.push(...(await client.query<QboCustomerCandidate>('Customer', { where: [{ field: 'PrimaryEmailAddr', operator: '=', value: keys.email }], limit: 100 })));
		candidates.push(...(await client.query<QboCustomerCandidate>('Customer', { where: [{ field: 'DisplayName', operator: '=', value: displayName }], limit: 100 })));
		const choice = chooseCustomer(candidates, { ...keys, displayName }, company.homeCurrency);
		if (choice.kind === 'matched') return choice.customerRef;
		const payload = customerPayload(billing, displayName, company) as unknown as IDataObject;
		const created = await client
			.create<QuickBooksRecord & { DisplayName?: string }>('Customer', payload, { requestId: requestIdFor('customer-create', `payment-payer-${displayName}`, payload) })
			.then(
				(record) => ({ record }),
				(error: unknown) => ({ error }),
			);
		if ('record' in created) return { value: created.record.Id, ...(created.record.DisplayName ? { name: created.record.DisplayName } : {}) };
		// The name belongs to another customer, vendor or employee: the next distinct name.
		if (!isQuickBooksError(created.error) || created.error.category !== 'duplicate_display_name') throw created.error;
	}
	return failWith('duplicate_display_name', `Every name tried for the payer of HubSpot payment ${payment.id} is taken in QuickBooks (${keys.displayName}).`, undefined, { paymentId: payment.id });
}

/** The customer override from the node's options, when set. */
export function customerOption(context: IExecuteFunctions, itemIndex: number): QboRef | undefined {
	const id = locatorValue((context.getNodeParameter('options', itemIndex, {}) as IDataObject).customer);
	return id === undefined ? undefined : { value: id };
}

/** The node's "Payment Methods" mapping: HubSpot hs_payment_method_type → QuickBooks payment method. */
export function paymentMethodRefs(context: IExecuteFunctions, itemIndex: number): Record<string, QboRef> {
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const mappings = ((options.paymentMethods as IDataObject | undefined)?.mapping as IDataObject[] | undefined) ?? [];
	const refs: Record<string, QboRef> = {};
	for (const mapping of mappings) {
		const method = String(mapping.hubspotMethod ?? '').trim().toLowerCase();
		const id = locatorValue(mapping.paymentMethod);
		if (method !== '' && id !== undefined) refs[method] = { value: id };
	}
	return refs;
}

export function taxCodeOption(context: IExecuteFunctions, itemIndex: number): QboRef | undefined {
	const id = locatorValue((context.getNodeParameter('options', itemIndex, {}) as IDataObject).taxCode);
	return id === undefined ? undefined : { value: id };
}

// ------------------------------------------------------------------ recording one payment

/** Syncs the HubSpot invoice to QuickBooks and answers the synced invoice; the operation supplies it. */
export type SyncInvoiceFirst = (hubspotInvoiceId: string, itemIndex: number) => Promise<QboInvoiceRecord | undefined>;

export interface RecordPaymentOptions {
	depositAccountRef?: QboRef;
	salesReceiptItemRef?: QboRef;
	customerRef?: QboRef;
	paymentMethodRefs: Record<string, QboRef>;
	lineTaxCodeRef?: QboRef;
	timeZone: string;
	/** Set when "Sync Invoice First If Needed" is on. */
	syncInvoiceFirst?: SyncInvoiceFirst;
}

async function hubspotInvoiceOf(session: PaymentSyncSession, payment: HubSpotPayment): Promise<HubSpotObject> {
	const [invoice] = paymentInvoices(payment);
	if (invoice === undefined) {
		failWith('not_found', `HubSpot payment ${payment.id} belongs to an invoice, but no invoice is associated with it in HubSpot.`, 'Associate the payment with its invoice in HubSpot, then run the item again.', { paymentId: payment.id });
	}
	if (invoice.properties.hs_number !== undefined || invoice.properties.qbo_invoice_id !== undefined) return invoice;
	// The item named the invoice without its properties: read them.
	const hubspot = await session.hubspot();
	const [read] = await hubspot.readInvoices([invoice.id]);
	return read ?? invoice;
}

async function recordInvoicePayment(session: PaymentSyncSession, input: PaymentInput, options: RecordPaymentOptions): Promise<PaymentOutcome> {
	const { client } = session;
	const { payment } = input;
	const hubspotInvoice = await hubspotInvoiceOf(session, payment);
	// Holding the payment, the invoice is read as it is now: its links show a payment another execution just recorded, its balance what is still open.
	return await asOnlyWriter(session, 'payment', payment.id, async (beforeWrite) => {
		let invoice = await findSyncedInvoice(client, hubspotInvoice, options.timeZone);
		let invoiceSynced = false;
		if (invoice === undefined && options.syncInvoiceFirst !== undefined) {
			invoice = await options.syncInvoiceFirst(hubspotInvoice.id, input.itemIndex);
			invoiceSynced = invoice !== undefined;
		}
		const label = propertyText(hubspotInvoice, 'hs_number') ?? hubspotInvoice.id;
		if (invoice === undefined) {
			failWith(
				'not_found',
				`HubSpot invoice ${label} (${hubspotInvoice.id}), paid by HubSpot payment ${payment.id}, is not in QuickBooks yet.`,
				'Sync the invoice first ("Sync HubSpot Invoice"), or turn on "Sync Invoice First If Needed".',
				{ paymentId: payment.id, invoiceId: hubspotInvoice.id },
			);
		}
		const invoiceId = invoice.Id;
		const base = { hubspotPaymentId: payment.id, hubspotInvoiceId: hubspotInvoice.id, quickbooksInvoiceId: invoiceId, documentType: 'Payment', ...(invoiceSynced ? { invoiceSynced } : {}) };

		const existing = await findPaymentAppliedTo(client, invoice, payment.id);
		if (existing !== undefined) return { action: 'unchanged', ...base, document: existing, reason: 'Already recorded in QuickBooks.' };

		const customerRef = invoice.CustomerRef;
		if (customerRef === undefined) failWith('customer_not_found', `QuickBooks invoice ${invoiceId} has no customer.`);
		const company = await session.company();
		const mapped = mapHubSpotPaymentToQuickBooks(corePayment(payment), {
			...company,
			customerRef: { value: customerRef.value },
			depositAccountRef: options.depositAccountRef,
			paymentMethodRefs: options.paymentMethodRefs,
			timeZone: options.timeZone,
			invoice: { Id: invoiceId, Balance: invoice.Balance ?? 0, ...(invoice.CurrencyRef ? { CurrencyRef: invoice.CurrencyRef } : {}) },
		});
		if (!mapped.ok) failWithError(mapped.error);
		const document = mapped.document as unknown as IDataObject;
		beforeWrite();
		const created = await createOnce<IDataObject>(client, 'Payment', session.createdHere(document), {
			// What the write means: this HubSpot payment applied to this invoice (not the bytes, which options may change).
			requestId: requestIdFor('payment-create', payment.id, { appliedTo: invoiceId }),
			// After a lost answer: the invoice's payments as they are now (the date may be missing), then the day's.
			findExisting: async () =>
				(await findPaymentAppliedTo(client, await client.get<QboInvoiceRecord>('Invoice', invoiceId), payment.id)) ??
				(await findRecordedOn(client, 'Payment', payment.id, mapped.document.TxnDate, customerRef.value)),
		});
		return { action: 'created', ...base, amount: mapped.amount, currency: mapped.currency, document: created };
	});
}

async function recordSalesReceipt(session: PaymentSyncSession, input: PaymentInput, options: RecordPaymentOptions): Promise<PaymentOutcome> {
	const { client } = session;
	const { payment } = input;
	const base = { hubspotPaymentId: payment.id, documentType: 'SalesReceipt' };
	if (options.salesReceiptItemRef === undefined) {
		failWith('validation', `HubSpot payment ${payment.id} has no invoice, so it becomes a sales receipt, which needs an item.`, 'Choose "Item For Payments Without Invoice" in the node.', { paymentId: payment.id });
	}
	const itemRef = options.salesReceiptItemRef;
	const day = toQboDate(propertyText(payment, 'hs_initiated_date'), options.timeZone, 'hs_initiated_date');
	return await asOnlyWriter(session, 'payment', payment.id, async (beforeWrite) => {
		const existing = await findRecordedOn(client, 'SalesReceipt', payment.id, day);
		if (existing !== undefined) return { action: 'unchanged', ...base, document: existing, reason: 'Already recorded in QuickBooks.' };

		const company = await session.company();
		const customerRef = options.customerRef ?? (await payerCustomer(session, payment));
		const mapped = mapPaymentToSalesReceipt(corePayment(payment), {
			...company,
			customerRef,
			itemRef,
			depositAccountRef: options.depositAccountRef,
			paymentMethodRefs: options.paymentMethodRefs,
			timeZone: options.timeZone,
			usTaxCodeNon: options.lineTaxCodeRef === undefined && (await session.usesUsSalesTaxCodes()),
			lineTaxCodeRef: options.lineTaxCodeRef,
			lineItemNames: (payment.lineItems ?? []).map((lineItem) => propertyText(lineItem, 'name')).filter((name): name is string => name !== undefined),
		});
		if (!mapped.ok) failWithError(mapped.error);
		const document = mapped.document as unknown as IDataObject;
		beforeWrite();
		const created = await createOnce<IDataObject>(client, 'SalesReceipt', session.createdHere(document), {
			requestId: requestIdFor('sales-receipt-create', payment.id, { received: true }),
			findExisting: async () => await findRecordedOn(client, 'SalesReceipt', payment.id, mapped.document.TxnDate),
		});
		return { action: 'created', ...base, amount: mapped.amount, currency: mapped.currency, document: created };
	});
}

/** Records one HubSpot payment as its route decides. Throws (SyncFailure, QuickBooksError) when it cannot. */
export async function recordHubSpotPayment(session: PaymentSyncSession, input: PaymentInput, options: RecordPaymentOptions): Promise<PaymentOutcome> {
	const { payment } = input;
	const route = classifyPayment(corePayment(payment));
	if (route === 'skip-quickbooks-origin') return { action: 'skipped', hubspotPaymentId: payment.id, reason: SKIPPED_FROM_QUICKBOOKS };
	if (route === 'not-succeeded') {
		const status = propertyText(payment, 'hs_latest_status') ?? 'unknown';
		return { action: 'skipped', hubspotPaymentId: payment.id, reason: `not received: HubSpot status is ${status}` };
	}
	return route === 'invoice' ? await recordInvoicePayment(session, input, options) : await recordSalesReceipt(session, input, options);
}

/** The relations a payment needs to be recorded: its invoice, and for a payer without an invoice, contacts and companies. */
export function paymentRelations(payment: HubSpotPayment, customerGiven: boolean): PaymentInclude[] {
	const route = classifyPayment(corePayment(payment));
	if (route === 'skip-quickbooks-origin' || route === 'not-succeeded') return [];
	return customerGiven ? ['invoice'] : ['invoice', 'contacts', 'companies'];
}

/** Runs `record` for every input payment, one after the other (QuickBooks applies payments to balances in order). */
export async function recordEach(
	session: PaymentSyncSession,
	inputs: PaymentInputResult[],
	record: (input: PaymentInput) => Promise<IDataObject>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (const result of inputs) {
		if (!result.ok) {
			output.push(failedItem(session.context, result.itemIndex, { hubspotPaymentId: result.paymentId }, result.error));
			continue;
		}
		try {
			const json = await record(result.input);
			output.push({ json, pairedItem: { item: result.input.itemIndex } });
		} catch (error) {
			output.push(failedItem(session.context, result.input.itemIndex, { hubspotPaymentId: result.input.payment.id }, error));
		}
	}
	return output;
}
