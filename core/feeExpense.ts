/**
 * Processing and platform fees of a period as one QuickBooks expense (Purchase) per currency. HubSpot
 * keeps the fees on each payment (`hs_fees_amount`: processing, `hs_platform_fee`: HubSpot's own fee);
 * nothing books them in QuickBooks, so bank deposits (net of fees) would never reconcile. Totals are exact;
 * each payment is checked (gross − net = fees) and one that does not add up is listed and left out, never
 * booked on a guess. The expense carries a DocNumber and marker per period and currency, so booking the
 * same period twice finds the first expense and updates it when a late payment arrived.
 */
import { Outcome, SyncError, isSyncFailure, syncError } from './errors';
import { HubSpotPayment, propertyText } from './hubspotInvoice';
import { isQboDate, lastDayOfMonth, toQboDate } from './hubspotDates';
import { withoutExecutionTag } from './executionTag';
import { shortToken } from './idempotency';
import {
	Decimal,
	ZERO,
	addDecimals,
	decimalToString,
	decimalsEqual,
	fitsMinorUnit,
	formatMoney,
	isNegativeDecimal,
	isZeroDecimal,
	isZeroMoney,
	moneyFromDecimal,
	moneyToQboNumber,
	normalizeCurrencyCode,
	parseDecimal,
	parseMoney,
	subtractDecimals,
	trimDecimal,
} from './money';
import { RECEIVED_PAYMENT_STATUSES } from './paymentMapping';
import { QBO_LIMITS, QboAccountExpenseLine, QboPurchasePayload, QboPurchasePaymentType, QboRef, QboVendorRef } from './qboDocuments';

/** A booking period, both ends included (YYYY-MM-DD). `label` names it in the DocNumber, e.g. 2026-10. */
export interface FeePeriod {
	from: string;
	to: string;
	label?: string;
}

export function monthPeriod(year: number, month: number): FeePeriod {
	const label = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
	return { from: `${label}-01`, to: lastDayOfMonth(year, month), label };
}

export interface FeeTotals {
	currency: string;
	processingFees: string;
	platformFees: string;
	totalFees: string;
	paymentCount: number;
	paymentIds: string[];
}

export type ExclusionReason =
	| 'outside-period'
	| 'not-received'
	| 'quickbooks-origin'
	| 'fees-do-not-reconcile'
	| 'fees-unverifiable'
	| 'negative-fee'
	| 'net-amounts-contradict'
	| 'invalid-data';

export interface ExcludedPayment {
	paymentId: string;
	reason: ExclusionReason;
	message: string;
	details?: Record<string, unknown>;
}

/** The per-payment check, printed in the output: gross − net = processing + platform fee. */
export interface FeeCheck {
	paymentId: string;
	currency: string;
	gross: string;
	net?: string;
	refunds: string;
	processingFee: string;
	platformFee: string;
	holds: boolean;
	/** Which reading of "net" made it hold: before refunds, or after refunds (HubSpot's KB definition). */
	netDefinition?: 'before-refunds' | 'after-refunds' | 'no-fees';
}

export interface FeeSummary {
	period: FeePeriod;
	currencies: FeeTotals[];
	checks: FeeCheck[];
	excluded: ExcludedPayment[];
}

export interface FeeSummaryOptions {
	/** The books' time zone: which day a payment falls on. Default UTC. */
	timeZone?: string;
	/** Currency for payments whose hs_currency_code is blank. */
	homeCurrency?: string;
}

interface PaymentFees {
	currency: string;
	processing: Decimal;
	platform: Decimal;
	check: FeeCheck;
}

function optionalDecimal(payment: HubSpotPayment, property: string): Decimal | undefined {
	const text = propertyText(payment, property);
	return text === undefined ? undefined : parseDecimal(text, `HubSpot payment ${payment.id} ${property}`);
}

function text(value: Decimal | undefined): string | undefined {
	return value === undefined ? undefined : decimalToString(trimDecimal(value));
}

/**
 * Reads and checks one payment's fees. HubSpot's KB defines net as "the total amount you collected after
 * fees and any refunds", while `hs_net_amount` sits next to `hs_net_amount_after_refunds`; so the check
 * accepts gross − net = fees, or gross − refunds − net = fees, and nothing else.
 */
function paymentFees(payment: HubSpotPayment, currency: string): PaymentFees | ExcludedPayment {
	const gross = optionalDecimal(payment, 'hs_initial_amount');
	const net = optionalDecimal(payment, 'hs_net_amount');
	const netAfterRefunds = optionalDecimal(payment, 'hs_net_amount_after_refunds');
	const refunds = optionalDecimal(payment, 'hs_refunds_amount') ?? ZERO;
	const processing = optionalDecimal(payment, 'hs_fees_amount') ?? ZERO;
	const platform = optionalDecimal(payment, 'hs_platform_fee') ?? ZERO;
	const fees = addDecimals(processing, platform);
	if (gross === undefined) {
		return { paymentId: payment.id, reason: 'invalid-data', message: `HubSpot payment ${payment.id} has no amount (hs_initial_amount).` };
	}
	if (isNegativeDecimal(processing) || isNegativeDecimal(platform)) {
		// A negative fee would book a negative Purchase line: a refund of fees is not this expense's to guess.
		return {
			paymentId: payment.id,
			reason: 'negative-fee',
			message: `HubSpot payment ${payment.id} has a negative fee (processing ${text(processing)}, platform ${text(platform)} ${currency}); it is not booked.`,
			details: { processingFee: text(processing), platformFee: text(platform), currency },
		};
	}
	if (!fitsMinorUnit(processing, currency) || !fitsMinorUnit(platform, currency)) {
		return {
			paymentId: payment.id,
			reason: 'invalid-data',
			message: `HubSpot payment ${payment.id} has fees with more decimal places than ${currency} allows (${text(processing)}, ${text(platform)}); they are not rounded on a guess.`,
		};
	}
	const check: FeeCheck = {
		paymentId: payment.id,
		currency,
		gross: decimalToString(trimDecimal(gross)),
		refunds: decimalToString(trimDecimal(refunds)),
		processingFee: decimalToString(trimDecimal(processing)),
		platformFee: decimalToString(trimDecimal(platform)),
		holds: false,
	};
	const netText = text(net) ?? text(netAfterRefunds);
	if (netText !== undefined) check.net = netText;
	const grossLessFees = subtractDecimals(gross, fees);
	const afterRefunds = subtractDecimals(grossLessFees, refunds);
	// Every net figure HubSpot gives must agree: one that contradicts the other leaves the fees unproven.
	const netHolds = net !== undefined && (decimalsEqual(net, grossLessFees) || decimalsEqual(net, afterRefunds));
	const netAfterRefundsHolds = netAfterRefunds !== undefined && decimalsEqual(netAfterRefunds, afterRefunds);
	if (net !== undefined && netAfterRefunds !== undefined && netHolds !== netAfterRefundsHolds) {
		return {
			paymentId: payment.id,
			reason: 'net-amounts-contradict',
			message: `HubSpot payment ${payment.id}: hs_net_amount ${text(net)} and hs_net_amount_after_refunds ${text(netAfterRefunds)} contradict each other (gross ${text(gross)} − refunds ${text(refunds)} − fees ${text(fees)} = ${text(afterRefunds)}); its fees are not booked.`,
			details: { ...check, netAfterRefunds: text(netAfterRefunds) },
		};
	}
	if (netHolds && (netAfterRefunds === undefined || netAfterRefundsHolds)) {
		check.holds = true;
		check.netDefinition = decimalsEqual(net as Decimal, grossLessFees) ? 'before-refunds' : 'after-refunds';
	} else if (net === undefined && netAfterRefundsHolds) {
		check.holds = true;
		check.netDefinition = 'after-refunds';
	} else if (net === undefined && netAfterRefunds === undefined && isZeroDecimal(fees)) {
		check.holds = true;
		check.netDefinition = 'no-fees';
	}
	return { currency, processing, platform, check };
}

/** Sums the fees of the received HubSpot payments whose payment date lies in the period, per currency. */
export function summarizeFees(payments: readonly HubSpotPayment[], period: FeePeriod, options: FeeSummaryOptions = {}): FeeSummary {
	if (!isQboDate(period.from) || !isQboDate(period.to) || period.from > period.to) {
		throw new RangeError(`summarizeFees: period ${period.from}..${period.to} is not a pair of ordered YYYY-MM-DD dates`);
	}
	const timeZone = options.timeZone ?? 'UTC';
	const excluded: ExcludedPayment[] = [];
	const checks: FeeCheck[] = [];
	const totals = new Map<string, { processing: Decimal; platform: Decimal; paymentIds: string[] }>();

	for (const payment of payments) {
		try {
			if (propertyText(payment, 'hs_processor_type')?.toLowerCase() === 'quickbooks') {
				excluded.push({ paymentId: payment.id, reason: 'quickbooks-origin', message: `HubSpot payment ${payment.id} came from QuickBooks; its fees are booked there.` });
				continue;
			}
			const status = propertyText(payment, 'hs_latest_status')?.toLowerCase();
			if (status === undefined || !RECEIVED_PAYMENT_STATUSES.includes(status)) {
				excluded.push({ paymentId: payment.id, reason: 'not-received', message: `HubSpot payment ${payment.id} has status ${status ?? 'unknown'}.` });
				continue;
			}
			const day = toQboDate(propertyText(payment, 'hs_initiated_date'), timeZone, `HubSpot payment ${payment.id} hs_initiated_date`);
			if (day === undefined || day < period.from || day > period.to) {
				excluded.push({ paymentId: payment.id, reason: 'outside-period', message: `HubSpot payment ${payment.id} is dated ${day ?? 'nowhere'}, outside ${period.from}..${period.to}.` });
				continue;
			}
			const currencyText = propertyText(payment, 'hs_currency_code') ?? options.homeCurrency;
			if (currencyText === undefined) {
				excluded.push({ paymentId: payment.id, reason: 'invalid-data', message: `HubSpot payment ${payment.id} has no currency (hs_currency_code).` });
				continue;
			}
			const fees = paymentFees(payment, normalizeCurrencyCode(currencyText));
			if (!('check' in fees)) {
				excluded.push(fees);
				continue;
			}
			checks.push(fees.check);
			if (!fees.check.holds) {
				const missingNet = fees.check.net === undefined;
				excluded.push({
					paymentId: payment.id,
					reason: missingNet ? 'fees-unverifiable' : 'fees-do-not-reconcile',
					message: missingNet
						? `HubSpot payment ${payment.id} has fees but no net amount, so gross − net = fees cannot be checked.`
						: `HubSpot payment ${payment.id}: gross ${fees.check.gross} − net ${fees.check.net} is not processing ${fees.check.processingFee} + platform ${fees.check.platformFee} (refunds ${fees.check.refunds}).`,
					details: { ...fees.check },
				});
				continue;
			}
			const running = totals.get(fees.currency) ?? { processing: ZERO, platform: ZERO, paymentIds: [] };
			running.processing = addDecimals(running.processing, fees.processing);
			running.platform = addDecimals(running.platform, fees.platform);
			running.paymentIds.push(payment.id);
			totals.set(fees.currency, running);
		} catch (thrown) {
			if (!isSyncFailure(thrown)) throw thrown;
			excluded.push({ paymentId: payment.id, reason: 'invalid-data', message: thrown.syncError.message, details: thrown.syncError.details });
		}
	}

	const currencies = [...totals.entries()]
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([currency, sums]) => {
			const processing = moneyFromDecimal(sums.processing, currency);
			const platform = moneyFromDecimal(sums.platform, currency);
			return {
				currency,
				processingFees: formatMoney(processing),
				platformFees: formatMoney(platform),
				totalFees: formatMoney({ currency, minorUnits: processing.minorUnits + platform.minorUnits }),
				paymentCount: sums.paymentIds.length,
				paymentIds: [...sums.paymentIds].sort(),
			};
		});
	return { period: { ...period }, currencies, checks, excluded };
}

// ---- The expense ----

export interface FeeExpenseSettings {
	paymentType: QboPurchasePaymentType;
	/** The account the fees were paid from (the processor's clearing or bank account, or a credit card). */
	paidFromAccountRef: QboRef;
	/** The processor as a QuickBooks vendor, e.g. Stripe or HubSpot Payments. */
	vendorRef?: QboRef;
	processingFeeAccountRef: QboRef;
	/** Defaults to the processing-fee account. */
	platformFeeAccountRef?: QboRef;
	homeCurrency: string;
	multicurrencyEnabled: boolean;
}

export interface MappedFeeExpense {
	/** null when the period has no fees in this currency: nothing to book. */
	document: QboPurchasePayload | null;
	docNumber: string;
	marker: string;
	totals: FeeTotals;
}

/** A period's name: its label, or YYYY-MM when it is exactly one calendar month. */
function periodLabel(period: FeePeriod): string | undefined {
	if (period.label !== undefined) return period.label;
	const month = monthPeriod(Number(period.from.slice(0, 4)), Number(period.from.slice(5, 7)));
	return month.from === period.from && month.to === period.to ? month.label : undefined;
}

/** `FEES-2026-10-USD`; other periods, or names that do not fit 21 characters, get a short hash of their dates. */
export function feeExpenseDocNumber(period: FeePeriod, currency: string): string {
	const label = periodLabel(period);
	const plain = label === undefined ? undefined : `FEES-${label}-${currency}`;
	return plain !== undefined && plain.length <= QBO_LIMITS.docNumber ? plain : `FEES-${shortToken(`${period.from}..${period.to}`, 8)}-${currency}`;
}

/** The stable first line of the expense's PrivateNote: finds the expense of a period and currency again. */
export function feeExpenseMarker(period: FeePeriod, currency: string): string {
	return `HubSpot fees ${period.from} to ${period.to} ${currency}`;
}

function noFeesFor(currency: string): FeeTotals {
	const zero = formatMoney({ currency, minorUnits: 0n });
	return { currency, processingFees: zero, platformFees: zero, totalFees: zero, paymentCount: 0, paymentIds: [] };
}

export function feeExpensePurchase(summary: FeeSummary, currency: string, settings: FeeExpenseSettings): Outcome<MappedFeeExpense> {
	const code = normalizeCurrencyCode(currency);
	const totals = summary.currencies.find((entry) => entry.currency === code) ?? noFeesFor(code);
	const docNumber = feeExpenseDocNumber(summary.period, code);
	const marker = feeExpenseMarker(summary.period, code);
	if (!settings.multicurrencyEnabled && code !== normalizeCurrencyCode(settings.homeCurrency)) {
		const error: SyncError = syncError('currency_mismatch', `Fees in ${code} cannot be booked: the QuickBooks company works only in ${normalizeCurrencyCode(settings.homeCurrency)}.`, { currency: code }, `Turn on multicurrency in QuickBooks to book ${code} fees.`);
		return { ok: false, error };
	}
	const processing = parseMoney(totals.processingFees, code, 'processing fees');
	const platform = parseMoney(totals.platformFees, code, 'platform fees');
	const { from, to } = summary.period;
	const count = `${totals.paymentCount} payment${totals.paymentCount === 1 ? '' : 's'}`;
	const lines: QboAccountExpenseLine[] = [];
	const expenseLine = (amount: typeof processing, account: QboRef, what: string): QboAccountExpenseLine => ({
		DetailType: 'AccountBasedExpenseLineDetail',
		Amount: moneyToQboNumber(amount, what),
		Description: `${what}, ${count}, ${from} to ${to}`,
		AccountBasedExpenseLineDetail: { AccountRef: { ...account } },
	});
	if (!isZeroMoney(processing)) lines.push(expenseLine(processing, settings.processingFeeAccountRef, 'HubSpot payment processing fees'));
	if (!isZeroMoney(platform)) lines.push(expenseLine(platform, settings.platformFeeAccountRef ?? settings.processingFeeAccountRef, 'HubSpot platform fees'));
	if (lines.length === 0) return { ok: true, document: null, docNumber, marker, totals };

	const document: QboPurchasePayload = {
		PaymentType: settings.paymentType,
		AccountRef: { ...settings.paidFromAccountRef },
		Line: lines,
		TxnDate: to,
		DocNumber: docNumber,
		PrivateNote: `${marker}\n${count}: processing ${totals.processingFees}, platform ${totals.platformFees}, total ${totals.totalFees} ${code}`,
	};
	if (settings.vendorRef !== undefined) document.EntityRef = { ...settings.vendorRef, type: 'Vendor' } as QboVendorRef;
	if (settings.multicurrencyEnabled) document.CurrencyRef = { value: code };
	return { ok: true, document, docNumber, marker, totals };
}

/** The Purchase as QuickBooks returns it. */
export interface QboPurchaseRecord extends Partial<Omit<QboPurchasePayload, 'Line'>> {
	Id: string;
	SyncToken: string;
	Line?: ReadonlyArray<Record<string, unknown>>;
}

export type FeeExpenseChange =
	| { action: 'create'; document: QboPurchasePayload }
	| { action: 'update'; purchaseId: string; document: QboPurchasePayload & { Id: string; SyncToken: string } }
	| { action: 'unchanged'; purchaseId: string }
	| { action: 'skip'; reason: string };

function amountText(value: unknown, currency: string): string | undefined {
	if (typeof value !== 'number' && typeof value !== 'string') return undefined;
	return formatMoney(parseMoney(value, currency, 'Amount', 'half-up'));
}

function expenseLinesKey(lines: ReadonlyArray<Record<string, unknown>>, currency: string): string {
	return JSON.stringify(
		lines
			.filter((line) => line.DetailType === 'AccountBasedExpenseLineDetail')
			.map((line) => {
				const detail = (line.AccountBasedExpenseLineDetail ?? {}) as { AccountRef?: { value?: unknown } };
				return [amountText(line.Amount, currency), String(detail.AccountRef?.value ?? ''), line.Description ?? ''];
			}),
	);
}

/**
 * Create, update or leave alone the period's expense. Purchases take only full updates, so an update
 * sends the whole mapped document with the existing Id and SyncToken.
 */
export function decideFeeExpenseChange(mapped: MappedFeeExpense, existing: QboPurchaseRecord | undefined): FeeExpenseChange {
	const { document } = mapped;
	if (document === null) {
		return existing === undefined
			? { action: 'skip', reason: `No fees in ${mapped.totals.currency} for the period.` }
			: { action: 'unchanged', purchaseId: existing.Id };
	}
	if (existing === undefined) return { action: 'create', document };
	const currency = mapped.totals.currency;
	const same =
		existing.TxnDate === document.TxnDate &&
		existing.PaymentType === document.PaymentType &&
		existing.AccountRef?.value === document.AccountRef.value &&
		(document.EntityRef === undefined || existing.EntityRef?.value === document.EntityRef.value) &&
		withoutExecutionTag(existing.PrivateNote) === document.PrivateNote &&
		expenseLinesKey(existing.Line ?? [], currency) === expenseLinesKey(document.Line as unknown as Record<string, unknown>[], currency);
	if (same) return { action: 'unchanged', purchaseId: existing.Id };
	return { action: 'update', purchaseId: existing.Id, document: { ...document, Id: existing.Id, SyncToken: existing.SyncToken } };
}
