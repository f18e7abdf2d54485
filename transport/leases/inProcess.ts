/**
 * Leases in this process's memory: enough when every execution runs in one n8n process (regular mode).
 * The table lives on `globalThis`, so every execution, and every copy of this module n8n may load,
 * sees the same leases.
 */
import { LeaseUnavailableError, uniqueKeys, type Lease, type SourceLeases } from './types';

interface LeaseTable {
	held: Set<string>;
	fences: Map<string, number>;
	/** Woken whenever a lease is released. */
	waiters: Set<() => void>;
}

const TABLE = Symbol.for('n8n-nodes-hubspot-quickbooks.leases');

function table(): LeaseTable {
	const global = globalThis as unknown as Record<symbol, LeaseTable | undefined>;
	let found = global[TABLE];
	if (!found) {
		found = { held: new Set(), fences: new Map(), waiters: new Set() };
		global[TABLE] = found;
	}
	return found;
}

export class InProcessLeases implements SourceLeases {
	constructor(private readonly waitMs: number) {}

	async withLease<T>(key: string, work: (lease: Lease) => Promise<T>): Promise<T> {
		return await this.withLeases([key], async ([lease]) => await work(lease));
	}

	async withLeases<T>(keys: readonly string[], work: (leases: Lease[]) => Promise<T>): Promise<T> {
		const wanted = uniqueKeys(keys);
		const fences = await this.acquire(wanted);
		let released = false;
		const leases = new Map(wanted.map((key, index) => [key, { fence: fences[index], stillHeld: () => !released }]));
		try {
			return await work(keys.map((key) => leases.get(key) as Lease));
		} finally {
			released = true;
			this.release(wanted);
		}
	}

	private tryAcquire(keys: readonly string[]): number[] | undefined {
		const { held, fences } = table();
		if (keys.some((key) => held.has(key))) return undefined;
		return keys.map((key) => {
			held.add(key);
			const fence = (fences.get(key) ?? 0) + 1;
			fences.set(key, fence);
			return fence;
		});
	}

	private async acquire(keys: readonly string[]): Promise<number[]> {
		const started = Date.now();
		for (;;) {
			const fences = this.tryAcquire(keys);
			if (fences) return fences;
			const left = this.waitMs - (Date.now() - started);
			if (left <= 0) throw new LeaseUnavailableError(keys.filter((key) => table().held.has(key)), Date.now() - started);
			await new Promise<void>((resolve) => {
				const { waiters } = table();
				const wake = () => {
					clearTimeout(timer);
					waiters.delete(wake);
					resolve();
				};
				const timer = setTimeout(wake, left);
				waiters.add(wake);
			});
		}
	}

	private release(keys: readonly string[]): void {
		const { held, waiters } = table();
		for (const key of keys) held.delete(key);
		for (const wake of [...waiters]) wake();
	}
}
