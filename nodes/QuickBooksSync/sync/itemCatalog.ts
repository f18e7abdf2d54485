/**
 * The QuickBooks items a sync run has seen: found by SKU, then by name (both filterable with IN,
 * quickbooks.md §15.1b), a handful of queries for a whole run since invoices share products.
 *
 * Creating a missing item races with any other execution creating the same one: the loser's create
 * fails with 6240 (the name is taken, quickbooks.md §5.3 "reuse the existing record"). The name is then
 * looked up again, and the item the winner created is used, as customers do (customerDirectory.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import type { QboRef } from '../../../core';
import type { QuickBooksClient, QuickBooksError } from '../../../transport/quickbooks';
import { normalized, queryIn } from './queryLists';

/** One item create's outcome, as the bulk writer reports it. */
export type ItemCreateOutcome = { ok: true; record: IDataObject } | { ok: false; error: QuickBooksError };

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

/**
 * The outcomes of creating the items named `names`, with each "name taken" (6240) replaced by the active
 * item holding that name now, when there is one: another execution created it meanwhile. An inactive
 * item holding the name stays a failure (a default query returns active items only, §15.2).
 */
export async function settleNameCollisions(qb: QuickBooksClient, names: readonly string[], outcomes: readonly ItemCreateOutcome[]): Promise<ItemCreateOutcome[]> {
	const taken = names.filter((_name, index) => {
		const outcome = outcomes[index];
		return !outcome.ok && outcome.error.category === 'duplicate_display_name';
	});
	if (taken.length === 0) return [...outcomes];
	const active = new Map<string, IDataObject>();
	for (const record of await queryIn<IDataObject>(qb, 'Item', 'Name', taken)) {
		if (record.Active !== false && typeof record.Name === 'string') active.set(normalized(record.Name), record);
	}
	return outcomes.map((outcome, index) => {
		const winner = outcome.ok ? undefined : active.get(normalized(names[index]));
		return winner === undefined ? outcome : { ok: true, record: winner };
	});
}

/** An item name QuickBooks accepts: no ':' (it separates sub-items), at most 100 characters. */
export function itemName(keys: ItemKeys): string | undefined {
	const name = (keys.name ?? keys.sku)?.replace(/:/g, '-').replace(/\s+/g, ' ').trim();
	if (name === undefined || name === '') return undefined;
	return name.length <= 100 ? name : name.slice(0, 100);
}
