/**
 * The template workflows (templates/*.json) for the e2e tests and the demo: read them, and
 * make the choices a user makes on the canvas (accounts, items, vendor, trigger start) for the
 * QuickBooks simulator's default company (sandbox/quickbooks/README.md, DEFAULT_COMPANY).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PACKAGE_NAME, REPO_ROOT } from './n8n';

export const TEMPLATES_DIR = join(REPO_ROOT, 'templates');

export const TEMPLATE_FILES = {
	invoiceSync: 'filtered-invoice-sync.json',
	paymentSources: 'payment-source-filtering.json',
	feeExpense: 'fee-expense-entries.json',
	refunds: 'refunds.json',
	syncHealth: 'sync-health-report.json',
	twoWay: 'two-way-invoice-sync.json',
} as const;

export type TemplateKey = keyof typeof TEMPLATE_FILES;

/** A workflow in n8n's export format. */
export interface WorkflowJson {
	name: string;
	nodes: Array<{ name: string; type: string; typeVersion: number; parameters: Record<string, any>; credentials?: Record<string, { id: string | null; name: string }>; [key: string]: unknown }>;
	connections: Record<string, { main: Array<Array<{ node: string; type: string; index: number }>> }>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export function readTemplate(file: string): WorkflowJson {
	return JSON.parse(readFileSync(join(TEMPLATES_DIR, file), 'utf8')) as WorkflowJson;
}

/** Every template file, sorted. */
export function templateFiles(): string[] {
	return readdirSync(TEMPLATES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

/** A resource locator set to a QuickBooks id ("By ID" mode). */
export function byId(id: string): { __rl: true; mode: 'id'; value: string } {
	return { __rl: true, mode: 'id', value: id };
}

/** The QuickBooks simulator's default company (sandbox/quickbooks/seed.ts DEFAULT_COMPANY). */
export const SIMULATOR_COMPANY = {
	accounts: { checking: '1', undepositedFunds: '2', businessCard: '5', discountsGiven: '11', merchantFees: '13', bankCharges: '14', refundsGiven: '15' },
	items: { services: '1', shippingFee: '2', salesTaxCollected: '3', processingFee: '6' },
	vendors: { stripe: '1', hubspotPayments: '2' },
} as const;

const { accounts, items, vendors } = SIMULATOR_COMPANY;

/** Items and accounts of an invoice sync (Sync HubSpot Invoice, and Record HubSpot Payment's "sync first"). */
const INVOICE_SYNC_CHOICES = {
	defaultItem: byId(items.services),
	feeItem: byId(items.shippingFee),
	taxItem: byId(items.salesTaxCollected),
	discountAccount: byId(accounts.discountsGiven),
};

/** Per template, per node name: the parameters a user sets for the simulator's company. */
export const SIMULATOR_CHOICES: Record<TemplateKey, Record<string, Record<string, unknown>>> = {
	invoiceSync: { 'Sync to QuickBooks': INVOICE_SYNC_CHOICES },
	paymentSources: {
		'Record payment on invoice': INVOICE_SYNC_CHOICES,
		'Record sales receipt': { salesReceiptItem: byId(items.services) },
	},
	feeExpense: {
		'Record fees as expense': {
			vendor: byId(vendors.hubspotPayments),
			expenseAccount: byId(accounts.merchantFees),
			paymentAccount: byId(accounts.checking),
			paymentType: 'Cash',
			options: { platformFeeAccount: byId(accounts.bankCharges) },
		},
	},
	refunds: { 'Record refund': { refundFromAccount: byId(accounts.checking), item: byId(items.services) } },
	// Reconcile only reads; the Send Email node stays disabled until a user sets SMTP up.
	syncHealth: {},
	twoWay: { 'Sync to QuickBooks': INVOICE_SYNC_CHOICES },
};

export function templateKeyOf(file: string): TemplateKey | undefined {
	return (Object.entries(TEMPLATE_FILES) as Array<[TemplateKey, string]>).find(([, name]) => name === file)?.[0];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value) && !('__rl' in value);
}

/** `base` with `changes` merged in; nested collections (e.g. `options`) are merged, not replaced. */
function merge(base: Record<string, unknown>, changes: Record<string, unknown>): Record<string, unknown> {
	const result: Record<string, unknown> = { ...base };
	for (const [key, value] of Object.entries(changes)) {
		result[key] = isPlainObject(value) && isPlainObject(base[key]) ? merge(base[key] as Record<string, unknown>, value) : value;
	}
	return result;
}

/** A copy of the workflow with parameters set on the named nodes (each must exist). */
export function withChoices(workflow: WorkflowJson, choices: Record<string, Record<string, unknown>>): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	for (const [nodeName, parameters] of Object.entries(choices)) {
		const node = copy.nodes.find((candidate) => candidate.name === nodeName);
		if (!node) throw new Error(`${workflow.name}: no node named "${nodeName}"`);
		node.parameters = merge(node.parameters, parameters);
	}
	return copy;
}

export const TRIGGER_TYPE = `${PACKAGE_NAME}.hubspotInvoiceTrigger`;

/** The HubSpot trigger nodes of a workflow. */
export function triggerNodes(workflow: WorkflowJson): WorkflowJson['nodes'] {
	return workflow.nodes.filter((node) => node.type === TRIGGER_TYPE);
}

/** A copy whose HubSpot triggers start from a date (a backfill) instead of "now". */
export function startingFrom(workflow: WorkflowJson, start: Date | number | string): WorkflowJson {
	const startDate = new Date(start).toISOString();
	const choices = Object.fromEntries(triggerNodes(workflow).map((node) => [node.name, { options: { startFrom: 'date', startDate } }]));
	return withChoices(workflow, choices);
}

/** The template with the simulator company's choices set (what the demo and the e2e tests import). */
export function templateForSimulator(key: TemplateKey, extra: Record<string, Record<string, unknown>> = {}): WorkflowJson {
	const chosen = withChoices(readTemplate(TEMPLATE_FILES[key]), SIMULATOR_CHOICES[key]);
	return withChoices(chosen, extra);
}
