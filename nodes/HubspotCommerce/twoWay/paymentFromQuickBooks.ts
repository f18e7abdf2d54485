/**
 * A QuickBooks payment in HubSpot. HubSpot's invoices guide says "Recording payments manually is not
 * possible via the API", but its payments guide allows creating a payment record "when a customer
 * completes a transaction in an external system" and to "associate completed payment records with
 * invoices to mark them as paid" (hubspot.md §1.3, §2; developers.hubspot.com/docs/api-reference/
 * latest/crm/objects/commerce-payments/guide). So each invoice a QuickBooks payment is applied to gets
 * one commerce payment (processor `quickbooks`, status `succeeded`, the applied amount), created with its
 * association to the invoice in the same request; HubSpot then lowers the balance due and marks the
 * invoice paid when nothing is left (partly paid: a balance between zero and the amount billed).
 *
 * Each one carries `QuickBooks payment <id> invoice <id>` in hs_reference_number, found again through
 * the invoice's payment associations (read at once, unlike search), so a payment is recorded once.
 * A payment the HubSpot → QuickBooks direction made ("HubSpot payment <id>") is never sent back.
 */
import { syncError } from '../../../core/errors';
import {
	hubSpotPaymentProperties,
	isDeletedDocument,
	isHubSpotBornPayment,
	isVoidedDocument,
	paymentApplications,
	type QuickBooksDocument,
} from '../../../core/quickBooksToHubSpot';
import { decimalsEqual, normalizeCurrencyCode, parseDecimal } from '../../../core/money';
import type { HubSpotClient } from '../../../transport/hubspot';
import { updateDealFromInvoice } from './deals';
import { findHubSpotInvoiceFor, ORIGIN_READ_PROPERTIES } from './lookups';
import { twoWayLeaseKey, type TwoWayResult, type TwoWaySettings } from './settings';

/** hubspot.md §2.5: payment → invoice 542. */
const PAYMENT_TO_INVOICE = 542;

export async function recordPaymentFromQuickBooks(client: HubSpotClient, payment: QuickBooksDocument, settings: TwoWaySettings): Promise<TwoWayResult[]> {
	const quickBooksId = String(payment.Id ?? '');
	if (isHubSpotBornPayment(payment)) return [{ action: 'skipped', quickBooksId, reason: 'Born in HubSpot (recorded from a HubSpot payment): never sent back.' }];
	if (isDeletedDocument(payment) || isVoidedDocument(payment)) {
		return [
			{
				action: 'reported',
				quickBooksId,
				reason: `${isDeletedDocument(payment) ? 'Deleted' : 'Voided'} in QuickBooks. HubSpot keeps the payment it recorded; delete it in HubSpot (payments recorded from QuickBooks can be deleted there) if it should go too.`,
			},
		];
	}
	const currency = normalizeCurrencyCode(payment.CurrencyRef?.value || settings.homeCurrency);
	const applications = paymentApplications(payment, currency);
	if (applications.length === 0) return [{ action: 'skipped', quickBooksId, reason: 'Not applied to any invoice in QuickBooks: nothing to show on a HubSpot invoice.' }];
	const results: TwoWayResult[] = [];
	for (const application of applications) {
		const key = twoWayLeaseKey(client.basePath, 'payment', `${quickBooksId}:${application.quickBooksInvoiceId}`);
		results.push(await settings.leases.withLease(key, async () => await recordOne(client, payment, application, currency, settings)));
	}
	return results;
}

async function recordOne(
	client: HubSpotClient,
	payment: QuickBooksDocument,
	application: ReturnType<typeof paymentApplications>[number],
	currency: string,
	settings: TwoWaySettings,
): Promise<TwoWayResult> {
	const quickBooksId = String(payment.Id);
	const invoice = await findHubSpotInvoiceFor(client, application.quickBooksInvoiceId);
	if (!invoice) {
		return {
			action: 'failed',
			quickBooksId,
			error: syncError(
				'not_found',
				`The QuickBooks invoice ${application.quickBooksInvoiceId} that payment ${quickBooksId} pays is not in HubSpot.`,
				{ quickBooksInvoiceId: application.quickBooksInvoiceId },
				'Sync the QuickBooks invoice to HubSpot first (Sync Invoice), then run this payment again.',
			),
		};
	}
	const invoiceCurrency = normalizeCurrencyCode(invoice.properties.hs_currency ?? currency);
	if (invoiceCurrency !== currency) {
		return {
			action: 'failed',
			quickBooksId,
			hubspotInvoiceId: invoice.id,
			error: syncError('currency_mismatch', `QuickBooks payment ${quickBooksId} is in ${currency}; the HubSpot invoice ${invoice.id} is in ${invoiceCurrency}.`, { hubspotInvoiceId: invoice.id }),
		};
	}
	const properties = hubSpotPaymentProperties(payment, application, currency);
	const links = await client.readAssociations('invoices', 'commerce_payments', [invoice.id]);
	const payments = await client.batchRead('commerce_payments', links.get(invoice.id) ?? [], { properties: ['hs_reference_number', 'hs_initial_amount'] });
	const recorded = payments.find((candidate) => candidate.properties.hs_reference_number === application.reference);
	let action: TwoWayResult['action'];
	let paymentId: string;
	if (recorded) {
		paymentId = recorded.id;
		if (decimalsEqual(parseDecimal(recorded.properties.hs_initial_amount ?? '0'), parseDecimal(application.amount))) {
			action = 'unchanged';
		} else {
			await client.updateRecord('commerce_payments', recorded.id, { hs_initial_amount: application.amount });
			action = 'updated';
		}
	} else {
		// Never resent blindly (transport): after a lost answer the next run finds it through the association.
		paymentId = (await client.createRecord('commerce_payments', properties, [{ toId: invoice.id, typeId: PAYMENT_TO_INVOICE }])).id;
		action = 'created';
	}
	const after = await client.getRecord('invoices', invoice.id, { properties: ORIGIN_READ_PROPERTIES });
	const figures = {
		amountBilled: after.properties.hs_amount_billed ?? undefined,
		balanceDue: after.properties.hs_balance_due ?? undefined,
		status: after.properties.hs_invoice_status ?? undefined,
	};
	let dealId: string | undefined;
	if (settings.updateDealProperties) {
		dealId = (await client.readAssociations('invoices', 'deals', [invoice.id])).get(invoice.id)?.[0];
		if (dealId) await updateDealFromInvoice(client, dealId, payment, { ...figures, invoiceDate: after.properties.hs_invoice_date ?? undefined, dueDate: after.properties.hs_due_date ?? undefined });
	}
	return { action, quickBooksId, hubspotInvoiceId: invoice.id, hubspotPaymentIds: [paymentId], ...figures, ...(dealId ? { dealId } : {}), paymentState: paidState(figures) };
}

/** HubSpot has no "partially paid" status (hubspot.md §1.4): it shows as open with a balance below the amount billed. */
function paidState(figures: { amountBilled?: string; balanceDue?: string; status?: string }): 'paid' | 'partially paid' | 'unpaid' {
	if (figures.status === 'paid') return 'paid';
	if (figures.balanceDue !== undefined && figures.amountBilled !== undefined && !decimalsEqual(parseDecimal(figures.balanceDue), parseDecimal(figures.amountBilled))) return 'partially paid';
	return 'unpaid';
}
