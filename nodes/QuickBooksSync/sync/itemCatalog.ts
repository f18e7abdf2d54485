/**
 * The QuickBooks items a sync run has seen: found by SKU, then by name (both filterable with IN,
 * quickbooks.md §15.1b), a handful of queries for a whole run since invoices share products.
 */
import type { IDataObject } from 'n8n-workflow';

import type { QboRef } from '../../../core';
import type { QuickBooksClient } from '../../../transport/quickbooks';
import { normalized, queryIn } from './queryLists';

export interface ItemKeys {
	sku?: string;
	name?: string;
}

export class ItemCatalog {
	/** undefined: not looked up; null: looked up, no active item. */
	private readonly bySku = new Map<string, QboRef | null>();
	private readonly byName = new Map<string, QboRef | null>();

	constructor(private readonly qb: QuickBooksClient) {}

	add(record: IDataObject): QboRef {
		const ref: QboRef = { value: String(record.Id) };
		if (typeof record.Name === 'string') {
			ref.name = record.Name;
			this.byName.set(normalized(record.Name), ref);
		}
		if (typeof record.Sku === 'string' && record.Sku.trim() !== '' && !this.bySku.get(normalized(record.Sku))) this.bySku.set(normalized(record.Sku), ref);
		return ref;
	}

	/** SKU first, then name; undefined when neither matches an active item. */
	resolve(keys: ItemKeys): QboRef | undefined {
		return (keys.sku ? this.bySku.get(normalized(keys.sku)) : undefined) ?? (keys.name ? this.byName.get(normalized(keys.name)) : undefined) ?? undefined;
	}

	/** Looks up the SKUs not seen yet, then the names of what is still unmatched. */
	async lookUp(keysList: readonly ItemKeys[]): Promise<void> {
		const skus = new Map<string, string>();
		for (const { sku } of keysList) if (sku && !this.bySku.has(normalized(sku))) skus.set(normalized(sku), sku);
		if (skus.size > 0) {
			for (const record of await queryIn<IDataObject>(this.qb, 'Item', 'Sku', [...skus.values()])) this.add(record);
			for (const key of skus.keys()) if (!this.bySku.has(key)) this.bySku.set(key, null);
		}
		const names = new Map<string, string>();
		for (const keys of keysList) {
			if (this.resolve(keys) !== undefined || !keys.name) continue;
			if (!this.byName.has(normalized(keys.name))) names.set(normalized(keys.name), keys.name);
		}
		if (names.size > 0) {
			for (const record of await queryIn<IDataObject>(this.qb, 'Item', 'Name', [...names.values()])) this.add(record);
			for (const key of names.keys()) if (!this.byName.has(key)) this.byName.set(key, null);
		}
	}
}

/** An item name QuickBooks accepts: no ':' (it separates sub-items), at most 100 characters. */
export function itemName(keys: ItemKeys): string | undefined {
	const name = (keys.name ?? keys.sku)?.replace(/:/g, '-').replace(/\s+/g, ' ').trim();
	if (name === undefined || name === '') return undefined;
	return name.length <= 100 ? name : name.slice(0, 100);
}
