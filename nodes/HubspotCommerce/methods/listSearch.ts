import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { createHubSpotClient } from '../../../transport/hubspot';

/** The invoice picker: latest changed first; the filter text searches invoice and PO numbers. */
export async function searchInvoices(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const client = await createHubSpotClient(this);
	const page = await client.search('invoices', {
		sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'DESCENDING' }],
		properties: ['hs_number', 'hs_invoice_status', 'hs_amount_billed', 'hs_currency'],
		limit: 50,
		...(filter ? { query: filter } : {}),
		...(paginationToken ? { after: paginationToken } : {}),
	});
	return {
		results: page.results.map((invoice) => {
			const { hs_number: number, hs_invoice_status: status, hs_amount_billed: amount, hs_currency: currency } = invoice.properties;
			return {
				name: `${number ?? invoice.id} · ${status ?? 'unknown'} · ${amount ?? '0'} ${currency ?? ''}`.trim(),
				value: invoice.id,
			};
		}),
		paginationToken: page.nextAfter,
	};
}
