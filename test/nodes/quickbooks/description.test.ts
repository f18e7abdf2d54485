/** The node description as n8n reads it: every resource/operation resolves, names are unambiguous. */
import { describe, expect, it } from '@jest/globals';
import { NodeHelpers, type INodePropertyOptions } from 'n8n-workflow';

import { resources } from '../../../nodes/QuickBooksSync/actions/resources';
import { QuickBooksSync } from '../../../nodes/QuickBooksSync/QuickBooksSync.node';

const node = new QuickBooksSync();
const combinations = Object.entries(resources).flatMap(([resource, { operations }]) => Object.keys(operations).map((operation) => [resource, operation]));

describe('QuickBooks node description', () => {
	it('is a usable-as-tool transform node on our OAuth2 credential', () => {
		expect(node.description).toMatchObject({
			name: 'quickBooksSync',
			displayName: 'QuickBooks Online (HubSpot Sync)',
			group: ['transform'],
			version: 1,
			usableAsTool: true,
			credentials: [
				{ name: 'quickBooksSyncOAuth2Api', required: true },
				{ name: 'hubspotCommerceApi', required: false },
			],
		});
		expect(Object.keys(node.methods.listSearch).length).toBeGreaterThanOrEqual(11);
	});

	it('lists exactly the operations that have an implementation', () => {
		for (const { operations, description } of Object.values(resources)) {
			const listed = (description[0].options as INodePropertyOptions[]).map((option) => option.value).sort();
			expect(listed).toEqual(Object.keys(operations).sort());
		}
		// 37 CRUD operations + Sync HubSpot Invoice, Record HubSpot Payment, Record Fees as Expense, Record HubSpot Refund,
		// Reconcile With HubSpot, Undo a sync run.
		expect(combinations).toHaveLength(43);
	});

	it.each(combinations)('%s / %s: parameters resolve and no two shown parameters share a name', (resource, operation) => {
		const values = { resource, operation };
		expect(NodeHelpers.getNodeParameters(node.description.properties, values, true, false, null, node.description)).toBeTruthy();
		const shown = node.description.properties.filter((property) => NodeHelpers.displayParameter(values, property, null, node.description)).map((property) => property.name);
		expect(new Set(shown).size).toBe(shown.length);
	});
});
