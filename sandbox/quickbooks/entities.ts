/** The entity kinds by name and by URL segment. */
import { companyInfoKind, preferencesKind } from './companyEntities';
import type { EntityKind } from './kind';
import { accountKind, itemKind, paymentMethodKind, taxCodeKind, termKind } from './lists';
import { customerKind, employeeKind, vendorKind } from './names';
import { paymentKind } from './payment';
import { purchaseKind } from './purchase';
import { creditMemoKind, invoiceKind, refundReceiptKind, salesReceiptKind } from './salesForms';
import type { EntityName } from './store';

export const ENTITY_KINDS: readonly EntityKind[] = [
	customerKind, vendorKind, employeeKind, itemKind, accountKind, paymentMethodKind, termKind, taxCodeKind,
	invoiceKind, paymentKind, purchaseKind, salesReceiptKind, creditMemoKind, refundReceiptKind,
	companyInfoKind, preferencesKind,
];

const BY_NAME = new Map<string, EntityKind>(ENTITY_KINDS.map((kind) => [kind.name, kind]));
const BY_RESOURCE = new Map<string, EntityKind>(ENTITY_KINDS.map((kind) => [kind.resource, kind]));

export function kindByName(name: string): EntityKind | undefined {
	return BY_NAME.get(name);
}

const BY_QUERY_NAME = new Map<string, EntityKind>(ENTITY_KINDS.map((kind) => [kind.name.toLowerCase(), kind]));

/**
 * The entity named in a query (`SELECT * FROM customer`). quickbooks.md §15.2 (corrected): real QBO accepts
 * entity names in any case; n8n's QuickBooks node and node-quickbooks send them lowercase.
 */
export function kindByQueryName(name: string): EntityKind | undefined {
	return BY_QUERY_NAME.get(name.toLowerCase());
}

export function kindOf(name: EntityName): EntityKind {
	return BY_NAME.get(name)!;
}

/** quickbooks.md §1.1: resource segments are lowercase and URIs are case sensitive, so "Invoice" is no resource. */
export function kindByResource(segment: string): EntityKind | undefined {
	return BY_RESOURCE.get(segment);
}
