import { HubSpotActions, type AdjustmentInput, type LineItemInput } from './actions';
import { add, currencyExponent, decimal, formatMoney, multiply, percentOf, toMinorUnit, type Decimal } from './money';
import type { HubSpotStore } from './store';

/** Options of the deterministic data generator. Ratios are probabilities per invoice. */
export interface SeedOptions {
	invoices: number;
	/** PRNG seed: the same seed on an empty store gives the same records, ids included. */
	seed?: number;
	/** Currencies to draw invoices from (uniformly); USD only by default. */
	currencies?: string[];
	/** Creation time of the first invoice (epoch ms); 2025-01-01T00:00Z by default. */
	startAt?: number;
	/** Time between two invoices' creation; 15 minutes by default. */
	spacingMs?: number;
	/** Share of invoices that bring a new contact (and often a new company) instead of reusing one; 0.3. */
	newContactRatio?: number;
	paidRatio?: number;
	draftRatio?: number;
	voidedRatio?: number;
	/** Share of open invoices that have a partial payment. */
	partialPaymentRatio?: number;
	discountRatio?: number;
	feeRatio?: number;
	taxRatio?: number;
	dealRatio?: number;
	/** Share of line items with a line-level discount percentage. */
	lineDiscountRatio?: number;
	/** Payments without an invoice (SALES_CHECKOUT / QUOTE), as a share of the invoice count. */
	standalonePaymentRatio?: number;
	/** Share of payments recorded by the QuickBooks integration (hs_processor_type quickbooks, hubspot.md §8.4). */
	quickbooksRatio?: number;
	/** Share of paid invoices whose payment is later refunded (half in full, half in part). */
	refundRatio?: number;
}

export interface SeedSummary {
	seed: number;
	invoices: number;
	byStatus: Record<'draft' | 'open' | 'paid' | 'voided', number>;
	lineItems: number;
	contacts: number;
	companies: number;
	deals: number;
	discounts: number;
	fees: number;
	taxes: number;
	payments: number;
	standalonePayments: number;
	refunds: number;
	invoiceIds: string[];
	paymentIds: string[];
}

const DEFAULTS = {
	seed: 1,
	startAt: Date.UTC(2025, 0, 1),
	spacingMs: 15 * 60_000,
	newContactRatio: 0.3,
	paidRatio: 0.45,
	draftRatio: 0.02,
	voidedRatio: 0.02,
	partialPaymentRatio: 0.1,
	discountRatio: 0.25,
	feeRatio: 0.15,
	taxRatio: 0.3,
	dealRatio: 0.3,
	lineDiscountRatio: 0.05,
	standalonePaymentRatio: 0.1,
	quickbooksRatio: 0.05,
	refundRatio: 0.03,
};

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Frances', 'Dennis', 'Radia', 'Tim', 'Sophie', 'Linus', 'Hedy', 'John'];
const LAST_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Dijkstra', 'Liskov', 'Knuth', 'Hamilton', 'Thompson', 'Allen', 'Ritchie', 'Perlman', 'Berners-Lee', 'Wilson', 'Torvalds', 'Lamarr', "O'Neil"];
const COMPANY_WORDS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Aperture', 'Wonka', 'Gringotts'];
const COMPANY_SUFFIXES = ['Inc.', 'LLC', 'GmbH', 'Ltd', '& Co.', 'Group'];
// Catalog prices in USD cents.
const PRODUCTS: Array<{ name: string; sku: string; cents: number }> = [
	{ name: 'Consulting hour', sku: 'SRV-CONSULT', cents: 15_000 },
	{ name: 'Onboarding package', sku: 'SRV-ONBOARD', cents: 120_000 },
	{ name: 'Annual license', sku: 'LIC-ANNUAL', cents: 249_900 },
	{ name: 'Monthly license', sku: 'LIC-MONTH', cents: 24_999 },
	{ name: 'Support plan', sku: 'SUP-STD', cents: 9_950 },
	{ name: 'Premium support', sku: 'SUP-PREM', cents: 29_900 },
	{ name: 'Training seat', sku: 'TRN-SEAT', cents: 45_000 },
	{ name: 'Hardware kit', sku: 'HW-KIT', cents: 78_995 },
	{ name: 'Replacement part', sku: 'HW-PART', cents: 2_499 },
	{ name: 'Shipping & handling', sku: 'SHIP-STD', cents: 1_999 },
	{ name: 'Custom integration', sku: 'SRV-INTEG', cents: 350_000 },
	{ name: 'Data migration', sku: 'SRV-MIGRATE', cents: 87_500 },
];
// Rough USD conversion (numerator / 1000) per currency, enough for plausible amounts.
const USD_RATE_PER_MILLE: Record<string, number> = { USD: 1000, EUR: 920, GBP: 790, CAD: 1360, AUD: 1520, JPY: 151_000, KWD: 308, CHF: 880, SEK: 10_500 };

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A USD amount in cents, converted and written in the currency's minor unit ("20.00", "3020", "6.160"). */
function priceIn(currency: string, usdCents: number): string {
	const perMille = USD_RATE_PER_MILLE[currency] ?? 1000;
	const exponent = currencyExponent(currency);
	// usdCents × rate / 1000 in the currency's cents, then moved to its own minor unit, all in integers.
	const minor = Math.round((usdCents * perMille * 10 ** exponent) / 100_000);
	return formatMoney({ units: BigInt(minor), scale: exponent }, currency);
}

/**
 * Fills a store with N invoices and everything around them, deterministically: about three line items each,
 * contacts and companies of which ~30 % are new, discounts (fixed or percent), fees, taxes, statuses open/paid
 * (a few draft/voided), payments with hs_fees_amount and hs_platform_fee for paid ones (a few by the QuickBooks
 * integration), partial payments, refunds, and payments without an invoice (SALES_CHECKOUT / QUOTE).
 * Seeded records are visible to search at once: they are history, not fresh writes.
 */
export function seedHubSpot(target: HubSpotStore | { store: HubSpotStore }, options: SeedOptions): SeedSummary {
	const store = 'store' in target ? target.store : target;
	if (!Number.isInteger(options.invoices) || options.invoices < 0) throw new Error(`seed: invoices must be a non-negative integer, got ${String(options.invoices)}`);
	const settings = { ...DEFAULTS, ...stripUndefined(options), invoices: options.invoices };
	const currencies = options.currencies?.length ? options.currencies : ['USD'];
	const random = prng(settings.seed);
	const chance = (ratio: number) => random() < ratio;
	const pickOne = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const actions = new HubSpotActions(store);
	const savedLag = store.index.lagMs;
	store.index.lagMs = 0;

	const summary: SeedSummary = {
		seed: settings.seed,
		invoices: 0,
		byStatus: { draft: 0, open: 0, paid: 0, voided: 0 },
		lineItems: 0,
		contacts: 0,
		companies: 0,
		deals: 0,
		discounts: 0,
		fees: 0,
		taxes: 0,
		payments: 0,
		standalonePayments: 0,
		refunds: 0,
		invoiceIds: [],
		paymentIds: [],
	};
	const contacts: Array<{ id: string; companyId?: string }> = [];
	const companies: string[] = [];
	let personCounter = 0;

	const newCompany = (at: number): string => {
		const word = pickOne(COMPANY_WORDS);
		const name = `${word} ${pickOne(COMPANY_SUFFIXES)} ${companies.length + 1}`;
		const id = actions.createObject('companies', { name, domain: `${word.toLowerCase()}${companies.length + 1}.example.com`, country: 'United States' }, { at }).id;
		companies.push(id);
		summary.companies += 1;
		return id;
	};
	const newContact = (at: number): { id: string; companyId?: string } => {
		personCounter += 1;
		const firstname = pickOne(FIRST_NAMES);
		const lastname = pickOne(LAST_NAMES);
		const companyId = companies.length === 0 || chance(0.6) ? newCompany(at) : chance(0.85) ? pickOne(companies) : undefined;
		const email = `${firstname}.${lastname}.${personCounter}@example.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, '');
		const id = actions.createObject('contacts', { firstname, lastname, email }, { at }).id;
		if (companyId) store.associate('contacts', id, 'companies', companyId, at, { derive: false });
		const contact = { id, companyId };
		contacts.push(contact);
		summary.contacts += 1;
		return contact;
	};
	const paymentFees = (amount: Decimal, currency: string, processor: string): { feesAmount: string; platformFee: string } => {
		if (processor === 'quickbooks' || processor === 'none') return { feesAmount: formatMoney(decimal(0), currency), platformFee: formatMoney(decimal(0), currency) };
		// Card processing: 2.9 % + 0.30; platform fee 0.5 % (HubSpot payments) or 0.75 % (own Stripe).
		const processing = add(percentOf(amount, decimal('2.9')), decimal(priceIn(currency, 30)));
		const platform = percentOf(amount, decimal(processor === 'byo_stripe' ? '0.75' : '0.5'));
		return { feesAmount: formatMoney(toMinorUnit(processing, currency), currency), platformFee: formatMoney(toMinorUnit(platform, currency), currency) };
	};
	const processorFor = (): 'hs_payments' | 'byo_stripe' | 'quickbooks' => (chance(settings.quickbooksRatio) ? 'quickbooks' : chance(0.15) ? 'byo_stripe' : 'hs_payments');

	for (let index = 0; index < settings.invoices; index += 1) {
		const at = settings.startAt + index * settings.spacingMs;
		const currency = pickOne(currencies);
		const contact = contacts.length === 0 || chance(settings.newContactRatio) ? newContact(at) : pickOne(contacts);

		const lineCount = 1 + Math.floor(random() * 5);
		const lineItems: LineItemInput[] = [];
		for (let line = 0; line < lineCount; line += 1) {
			const product = pickOne(PRODUCTS);
			lineItems.push({
				name: product.name,
				sku: product.sku,
				quantity: 1 + Math.floor(random() * random() * 6),
				price: priceIn(currency, product.cents),
				...(chance(settings.lineDiscountRatio) ? { discountPercentage: pickOne(['5', '10', '12.5']) } : {}),
			});
		}
		const discounts: AdjustmentInput[] = chance(settings.discountRatio)
			? [chance(0.5) ? { label: 'Loyalty discount', type: 'PERCENT', value: pickOne(['5', '10', '15', '20']) } : { label: 'Promo', type: 'FIXED', value: priceIn(currency, pickOne([500, 1000])) }]
			: [];
		const fees: AdjustmentInput[] = chance(settings.feeRatio)
			? [chance(0.5) ? { label: 'Shipping', type: 'FIXED', value: priceIn(currency, 1500) } : { label: 'Service fee', type: 'PERCENT', value: '2.5' }]
			: [];
		const taxes: AdjustmentInput[] = chance(settings.taxRatio) ? [{ label: 'Sales tax', type: 'PERCENT', value: pickOne(['5', '7.25', '8.875', '10', '20']) }] : [];

		const roll = random();
		const status =
			roll < settings.draftRatio ? 'draft' : roll < settings.draftRatio + settings.voidedRatio ? 'voided' : roll < settings.draftRatio + settings.voidedRatio + settings.paidRatio ? 'paid' : 'open';
		const openedAt = at + 5 * 60_000;
		const paidAt = openedAt + Math.floor(1 + random() * 30) * 86_400_000;
		const created = actions.createInvoice({
			currency,
			at,
			invoiceDate: at,
			dueDate: at + 30 * 86_400_000,
			...(chance(0.2) ? { purchaseOrderNumber: `PO-${10_000 + index}` } : {}),
			lineItems,
			contacts: [contact.id],
			companies: contact.companyId ? [contact.companyId] : [],
			deals: chance(settings.dealRatio) ? [{ dealname: `Deal ${index + 1}`, amount: priceIn(currency, 100_000), properties: { dealstage: 'closedwon', pipeline: 'default' } }] : [],
			discounts,
			fees,
			taxes,
			status: status === 'paid' ? 'open' : status,
			openedAt,
			closedAt: openedAt + 86_400_000,
		});
		summary.invoices += 1;
		summary.invoiceIds.push(created.id);
		summary.lineItems += created.lineItemIds.length;
		summary.deals += created.dealIds.length;
		summary.discounts += created.discountIds.length;
		summary.fees += created.feeIds.length;
		summary.taxes += created.taxIds.length;

		const invoice = store.require('invoices', created.id);
		const partial = status === 'open' && chance(settings.partialPaymentRatio);
		if (status === 'paid' || partial) {
			const balance = decimal(invoice.properties.hs_balance_due);
			const amount = partial ? toMinorUnit(percentOf(balance, decimal('40')), currency) : balance;
			const processor = processorFor();
			const payment = actions.recordPayment({
				invoiceId: created.id,
				amount: formatMoney(amount, currency),
				...paymentFees(amount, currency, processor),
				processorType: processor,
				methodType: processor === 'quickbooks' ? pickOne(['ach', 'check'] as const) : pickOne(['card', 'card', 'ach'] as const),
				at: paidAt,
			});
			summary.payments += 1;
			summary.paymentIds.push(payment.id);
			if (!partial && chance(settings.refundRatio)) {
				const full = chance(0.5);
				actions.refundPayment(payment.id, { amount: full ? undefined : formatMoney(toMinorUnit(percentOf(amount, decimal('25')), currency), currency), at: paidAt + 3 * 86_400_000 });
				summary.refunds += 1;
			}
		}
		summary.byStatus[(store.require('invoices', created.id).properties.hs_invoice_status ?? 'draft') as keyof SeedSummary['byStatus']] += 1;
	}

	// Payments without an invoice: checkout and quote payments (hubspot.md §2.3 hs_payment_source_app).
	const standalone = Math.round(settings.invoices * settings.standalonePaymentRatio);
	for (let index = 0; index < standalone; index += 1) {
		const at = settings.startAt + Math.floor(random() * Math.max(settings.invoices, 1)) * settings.spacingMs + 60_000;
		const currency = pickOne(currencies);
		const contact = contacts.length === 0 ? newContact(at) : pickOne(contacts);
		const product = pickOne(PRODUCTS);
		const amount = multiply(decimal(priceIn(currency, product.cents)), decimal(1 + Math.floor(random() * 3)));
		const processor = processorFor();
		const payment = actions.recordPayment({
			amount: formatMoney(amount, currency),
			currency,
			...paymentFees(amount, currency, processor),
			processorType: processor,
			sourceApp: chance(0.7) ? 'SALES_CHECKOUT' : 'QUOTE',
			contactIds: [contact.id],
			at,
		});
		summary.standalonePayments += 1;
		summary.paymentIds.push(payment.id);
	}

	store.index.lagMs = savedLag;
	return summary;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
	return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
