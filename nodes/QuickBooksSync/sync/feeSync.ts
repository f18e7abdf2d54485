/**
 * Record Fees as Expense: the processing and platform fees of a period's HubSpot payments as one
 * QuickBooks expense (Purchase) per currency. All input items together are the period's payments; the
 * sums are exact (core/feeExpense.ts) and every payment is checked (gross − net = processing + platform
 * fee) before its fees are booked. The expense of a period and currency is found again by its DocNumber
 * (FEES-2026-10-USD) and the marker in its memo: a second run with the same payments changes nothing, a
 * run that brings a late payment updates that expense.
 *
 * Runs for the same period and currency take turns (a lease on the expense), and the expense is always
 * the one input that holds the most payments: two runs at once with different payment sets end with the
 * larger set booked, never with one run's fees silently left out. A Purchase with the number but without
 * the marker belongs to someone else (a bookkeeper's own FEES-2026-10-USD) and is never touched.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeParameterValueType } from 'n8n-workflow';

import {
	decideFeeExpenseChange,
	formatMoney,
	zeroMoney,
	feeExpensePurchase,
	monthPeriod,
	normalizeCurrencyCode,
	propertyText,
	requestIdFor,
	shortToken,
	taggedExecutionId,
	withExecutionTag,
	summarizeFees,
	toQboDate,
	type ExcludedPayment,
	type FeeCheck,
	type FeeExpenseSettings,
	type FeePeriod,
	type FeeSummary,
	type MappedFeeExpense,
	type QboPurchaseRecord,
} from '../../../core';
import type { HubSpotPayment } from '../../../transport/hubspot';
import type { QuickBooksClient } from '../../../transport/quickbooks';
import { toNodeError } from '../nodeHelpers/errors';
import { feeExpenseFault } from './feeFault';
import { asOnlyWriter, failWith, failWithError, failureFields, readPaymentInputs, PaymentSyncSession, type SyncAction } from './paymentSync';
import { withWouldWrite, type PreviewRecorder } from './preview';
import { createOnce } from './replayedCreates';

export type PeriodChoice = 'previousMonth' | 'month' | 'dateRange';

export type FeeExpenseChoices = Omit<FeeExpenseSettings, 'homeCurrency' | 'multicurrencyEnabled'>;

export interface FeeRunSettings {
	period: FeePeriod;
	timeZone: string;
	expense: FeeExpenseChoices;
	/**
	 * Multicurrency: a QuickBooks vendor and bank account hold one currency, so fees in another currency
	 * are paid to and from that currency's vendor and account.
	 */
	perCurrency?: Record<string, Partial<Pick<FeeExpenseChoices, 'vendorRef' | 'paidFromAccountRef'>>>;
	/** Whether an expense may be lowered to fewer payments than it was booked with (e.g. a dispute lost). */
	allowFewerPayments: boolean;
}

export interface FeeOutcome extends IDataObject {
	period: { from: string; to: string; label?: string };
	currency: string;
	action: SyncAction;
	/** Payments whose fees this expense books. */
	payments: number;
	processingFees: string;
	platformFees: string;
	total: string;
	expenseId?: string;
	docNumber?: string;
	excluded: Array<{ paymentId: string; reason: string; message: string }>;
	checks: FeeCheck[];
}

// ------------------------------------------------------------------ the period

function monthOf(text: string, label: string): { year: number; month: number } {
	const match = /^(\d{4})-(\d{2})/.exec(text.trim());
	const month = match ? Number(match[2]) : 0;
	if (!match || month < 1 || month > 12) failWith('validation', `${label} "${text}" is not a month.`, 'Enter the month as YYYY-MM, e.g. 2026-10.');
	return { year: Number(match[1]), month };
}

function dayOf(value: NodeParameterValueType | object, label: string): string {
	const text = typeof value === 'string' ? value.trim() : '';
	const day = /^(\d{4}-\d{2}-\d{2})/.exec(text)?.[1];
	if (day === undefined) failWith('validation', `${label} is not a date.`, `Choose ${label.toLowerCase()} (a day such as 2026-10-01).`);
	return day;
}

/** The period the node settings name; "previous month" is the month before today in the books' time zone. */
export function readPeriod(context: IExecuteFunctions, timeZone: string, now: number): FeePeriod {
	const choice = context.getNodeParameter('period', 0, 'previousMonth') as PeriodChoice;
	if (choice === 'month') {
		const { year, month } = monthOf(String(context.getNodeParameter('month', 0, '')), 'Month');
		return monthPeriod(year, month);
	}
	if (choice === 'dateRange') {
		const from = dayOf(context.getNodeParameter('startDate', 0, ''), 'Start Date');
		const to = dayOf(context.getNodeParameter('endDate', 0, ''), 'End Date');
		if (from > to) failWith('validation', `The period starts (${from}) after it ends (${to}).`, 'Choose a Start Date on or before the End Date.');
		return { from, to };
	}
	const today = toQboDate(String(now), timeZone, 'today')!;
	const { year, month } = monthOf(today, 'Today');
	return month === 1 ? monthPeriod(year - 1, 12) : monthPeriod(year, month - 1);
}

// ------------------------------------------------------------------ finding the booked expense

/**
 * The expense already booked for the period and currency: the Purchase with its DocNumber whose memo
 * starts with its marker. One with the number but not the marker was not booked by this node (or its
 * memo was rewritten): it is never taken over, and the run stops with what to fix.
 */
async function findFeeExpense(client: QuickBooksClient, mapped: Pick<MappedFeeExpense, 'docNumber' | 'marker'>): Promise<(QboPurchaseRecord & IDataObject) | undefined> {
	const candidates = await client.query<QboPurchaseRecord & IDataObject>('Purchase', { where: [{ field: 'DocNumber', operator: '=', value: mapped.docNumber }] });
	const firstLine = (candidate: QboPurchaseRecord) => (candidate.PrivateNote ?? '').split('\n')[0].trim();
	const ours = candidates.find((candidate) => firstLine(candidate) === mapped.marker);
	if (ours !== undefined) return ours;
	const foreign = candidates[0];
	if (foreign !== undefined) {
		failWith(
			'duplicate_document_number',
			`QuickBooks expense ${foreign.Id} already has the number ${mapped.docNumber}, and its memo does not start with "${mapped.marker}": it was not booked by this node, so it is left as it is.`,
			`Give expense ${foreign.Id} another number in QuickBooks and run again. If it is this node's fee expense and someone edited its memo, put "${mapped.marker}" back as the memo's first line instead.`,
			{ docNumber: mapped.docNumber, purchaseId: foreign.Id },
		);
	}
	return undefined;
}

/** "3 payments: processing …" in the memo: how many payments the booked expense holds. */
function bookedPaymentCount(expense: QboPurchaseRecord): number | undefined {
	const match = /^(\d+) payments?:/m.exec(expense.PrivateNote ?? '');
	return match ? Number(match[1]) : undefined;
}

/** QuickBooks keeps 4000 characters of a Purchase's memo (quickbooks.md §2.3). */
const MEMO_MAX = 4000;

function paymentSetToken(paymentIds: readonly string[]): string {
	return shortToken([...paymentIds].sort().join(' '), 16);
}

/**
 * The memo's last line names the payments the expense books: their ids, or past QuickBooks' 4000
 * characters a fingerprint of them. So a later run sees which booked payment its input lacks, where a
 * count alone would let a run with as many but other payments replace fees that are booked.
 */
function withPaymentSet(note: string, paymentIds: readonly string[]): string {
	const listed = `${note}\nPayments: ${[...paymentIds].sort().join(' ')}`;
	return listed.length <= MEMO_MAX ? listed : `${note}\nPayment set ${paymentSetToken(paymentIds)}`;
}

/**
 * Payments the booked expense holds that this run's input lacks: named when the memo lists them, one
 * unnamed when only the fingerprint shows that a set of the same size differs. Expenses booked before
 * the memo named its payments tell nothing here (their count is checked on its own).
 */
function bookedPaymentsMissing(expense: QboPurchaseRecord, paymentIds: readonly string[]): { named: string[]; unnamed: boolean } {
	const note = expense.PrivateNote ?? '';
	const listed = /^Payments: (.*)$/m.exec(note)?.[1];
	if (listed !== undefined) {
		const input = new Set(paymentIds);
		return { named: listed.split(' ').filter((id) => id !== '' && !input.has(id)), unnamed: false };
	}
	const token = /^Payment set ([0-9a-f]{16})$/m.exec(note)?.[1];
	const sameSize = bookedPaymentCount(expense) === paymentIds.length;
	return { named: [], unnamed: token !== undefined && sameSize && token !== paymentSetToken(paymentIds) };
}

// ------------------------------------------------------------------ booking

interface FeeInputs {
	payments: HubSpotPayment[];
	/** Input item indexes per payment id, for pairing the summary items. */
	itemsOf: Map<string, number[]>;
	/** Items that held no usable payment (only with Continue On Fail). */
	unreadable: ExcludedPayment[];
}

async function bookCurrency(
	session: PaymentSyncSession,
	summary: FeeSummary,
	currency: string,
	settings: FeeRunSettings,
	outcome: FeeOutcome,
): Promise<FeeOutcome> {
	const { client } = session;
	if (!summary.currencies.some((totals) => totals.currency === currency)) {
		return { ...outcome, action: 'skipped', reason: `No fees in ${currency} to book for ${summary.period.from} to ${summary.period.to}.` };
	}
	const company = await session.company();
	const mapped = feeExpensePurchase(summary, currency, { ...settings.expense, ...settings.perCurrency?.[currency], ...company });
	if (!mapped.ok) failWithError(mapped.error);
	if (mapped.document !== null) mapped.document.PrivateNote = withPaymentSet(mapped.document.PrivateNote ?? '', mapped.totals.paymentIds);
	const booked = { ...outcome, docNumber: mapped.docNumber };
	const passAllPayments =
		'Pass all payments of the period (e.g. a HubSpot Payment Search for the whole month), or turn on "Allow Fewer Payments" if a payment really dropped out (a dispute lost).';

	/** Brings a booked expense to this run's payments, unless it holds more of them than this run has. */
	const bringUpToDate = async (existing: QboPurchaseRecord & IDataObject): Promise<FeeOutcome> => {
		const bookedCount = bookedPaymentCount(existing);
		if (bookedCount !== undefined && bookedCount > mapped.totals.paymentCount && !settings.allowFewerPayments) {
			failWith(
				'validation',
				`The ${currency} fee expense ${mapped.docNumber} books ${bookedCount} payments; the input holds only ${mapped.totals.paymentCount} for that period.`,
				passAllPayments,
				{ docNumber: mapped.docNumber, booked: bookedCount, input: mapped.totals.paymentCount },
			);
		}
		const missing = bookedPaymentsMissing(existing, mapped.totals.paymentIds);
		if ((missing.named.length > 0 || missing.unnamed) && !settings.allowFewerPayments) {
			const which = missing.named.length > 0 ? `HubSpot payment${missing.named.length === 1 ? '' : 's'} ${missing.named.join(', ')}` : 'a payment';
			failWith(
				'validation',
				`The ${currency} fee expense ${mapped.docNumber} books the fees of ${which} that the input does not hold for that period.`,
				passAllPayments,
				{ docNumber: mapped.docNumber, missingPaymentIds: missing.named },
			);
		}
		const change = decideFeeExpenseChange(mapped, existing);
		if (change.action === 'update') {
			// Purchases take full updates: the client merges the whole new document over the record as read.
			const fields = { ...change.document } as Partial<typeof change.document>;
			delete fields.Id;
			delete fields.SyncToken;
			// The new memo keeps the line naming the execution that created the expense.
			fields.PrivateNote = withExecutionTag(fields.PrivateNote, taggedExecutionId(existing.PrivateNote));
			const updated = await client.sparseUpdate<IDataObject>('Purchase', change.purchaseId, fields as IDataObject, { current: existing }).catch((error: unknown) => {
				throw namingPayments(error);
			});
			return { ...booked, action: 'updated', expenseId: change.purchaseId, document: updated };
		}
		return { ...booked, action: 'unchanged', expenseId: String(existing.Id), document: existing };
	};

	// A fault QuickBooks gives on the expense names a line; the error names the payments behind it.
	const namingPayments = (error: unknown) => feeExpenseFault(error, mapped.docNumber, currency, mapped.totals.paymentIds, summary.checks);
	return await asOnlyWriter(session, 'fees', mapped.docNumber, async (beforeWrite) => {
		const existing = await findFeeExpense(client, mapped);
		if (existing !== undefined) return await bringUpToDate(existing);
		const change = decideFeeExpenseChange(mapped, undefined);
		if (change.action !== 'create') return { ...booked, action: 'skipped', reason: change.action === 'skip' ? change.reason : undefined };
		const document = change.document as unknown as IDataObject;
		beforeWrite();
		const created = await createOnce<QboPurchaseRecord & IDataObject>(client, 'Purchase', session.createdHere(document), {
			// What the write means: the period's expense in this currency, whatever payments it holds.
			requestId: requestIdFor('fee-expense-create', mapped.docNumber, { marker: mapped.marker }),
			findExisting: async () => await findFeeExpense(client, mapped),
		}).catch((error: unknown) => {
			throw namingPayments(error);
		});
		// QuickBooks answered with the period's expense as another run booked it (a replay, or found after
		// a 600 or a taken number, e.g. a run in a process that shares no lease with this one): not created
		// here, and brought to this run's payments like any booked expense.
		if (decideFeeExpenseChange(mapped, created).action !== 'unchanged') return await bringUpToDate(created);
		return { ...booked, action: 'created', expenseId: String(created.Id), document: created };
	});
}

function currencyOfPayment(payment: HubSpotPayment | undefined, homeCurrency: string): string {
	const text = payment === undefined ? undefined : propertyText(payment, 'hs_currency_code');
	try {
		return normalizeCurrencyCode(text ?? homeCurrency);
	} catch {
		return normalizeCurrencyCode(homeCurrency);
	}
}

/**
 * Books the fees of the input payments for the period: one outcome per currency that has fees or
 * excluded payments, in currency order, each paired with its payments' input items.
 */
async function bookFees(session: PaymentSyncSession, inputs: FeeInputs, settings: FeeRunSettings): Promise<INodeExecutionData[]> {
	const company = await session.company();
	const summary = summarizeFees(inputs.payments, settings.period, { timeZone: settings.timeZone, homeCurrency: company.homeCurrency });
	const byId = new Map(inputs.payments.map((payment) => [payment.id, payment]));
	const currencyOf = (paymentId: string) => currencyOfPayment(byId.get(paymentId), company.homeCurrency);
	const excluded = [...inputs.unreadable, ...summary.excluded];
	const currencies = [...new Set([...summary.currencies.map((totals) => totals.currency), ...summary.checks.map((check) => check.currency), ...excluded.map((entry) => currencyOf(entry.paymentId))])].sort();

	const output: INodeExecutionData[] = [];
	for (const currency of currencies) {
		const totals = summary.currencies.find((entry) => entry.currency === currency);
		const zero = formatMoney(zeroMoney(currency));
		const outcome: FeeOutcome = {
			period: { ...summary.period },
			currency,
			action: 'skipped',
			payments: totals?.paymentCount ?? 0,
			processingFees: totals?.processingFees ?? zero,
			platformFees: totals?.platformFees ?? zero,
			total: totals?.totalFees ?? zero,
			excluded: excluded.filter((entry) => currencyOf(entry.paymentId) === currency).map(({ paymentId, reason, message }) => ({ paymentId, reason, message })),
			checks: summary.checks.filter((check) => check.currency === currency),
		};
		const paymentIds = new Set([...(totals?.paymentIds ?? []), ...outcome.checks.map((check) => check.paymentId), ...outcome.excluded.map((entry) => entry.paymentId)]);
		const itemIndexes = [...new Set([...paymentIds].flatMap((id) => inputs.itemsOf.get(id) ?? []))].sort((a, b) => a - b);
		const pairedItem = (itemIndexes.length > 0 ? itemIndexes : [0]).map((item) => ({ item }));
		try {
			output.push({ json: await withWouldWrite(session.preview, async () => await bookCurrency(session, summary, currency, settings, outcome)), pairedItem });
		} catch (error) {
			if (!session.context.continueOnFail()) throw toNodeError(session.context, error);
			const failed = { ...outcome, action: 'failed', ...failureFields(error) };
			const toErrorOutput = session.context.getNode().onError === 'continueErrorOutput';
			output.push({ json: toErrorOutput ? { error: failed } : failed, pairedItem });
		}
	}
	return output;
}

/** The payments of all input items (read from HubSpot where an item holds only an id), then the booking. */
export async function recordFeesAsExpense(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	client: QuickBooksClient,
	settings: FeeRunSettings,
	preview?: PreviewRecorder,
): Promise<INodeExecutionData[]> {
	const session = new PaymentSyncSession(context, client, undefined, preview);
	const results = await readPaymentInputs(session, items, () => []);
	const inputs: FeeInputs = { payments: [], itemsOf: new Map(), unreadable: [] };
	for (const result of results) {
		if (!result.ok) {
			// A batch sum with an unreadable item is not the period's sum: stop, unless told to go on.
			if (!context.continueOnFail()) throw toNodeError(context, result.error, result.itemIndex);
			inputs.unreadable.push({ paymentId: result.paymentId, reason: 'invalid-data', message: failureFields(result.error).message });
			continue;
		}
		const { payment, itemIndex } = result.input;
		if (!inputs.itemsOf.has(payment.id)) inputs.payments.push(payment);
		inputs.itemsOf.set(payment.id, [...(inputs.itemsOf.get(payment.id) ?? []), itemIndex]);
	}
	return await bookFees(session, inputs, settings);
}
