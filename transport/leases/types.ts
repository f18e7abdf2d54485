/**
 * One writer per source record at a time (DESIGN.md "Exactly once, by meaning"). A lease is held while
 * a sync looks up what QuickBooks already has for a HubSpot record and writes the rest; a second
 * execution (or a second queue-mode worker) wanting the same record waits until the first one is done,
 * then finds its documents instead of writing them again.
 */

export interface Lease {
	/** Grows with every grant of this key: a later holder always has a larger fence. */
	readonly fence: number;
	/** False once the lease expired or was taken over (a Redis lease whose renewal failed). */
	stillHeld(): boolean;
}

export interface SourceLeases {
	/** Runs `work` holding the lease on `key`; released when `work` settles, whatever the outcome. */
	withLease<T>(key: string, work: (lease: Lease) => Promise<T>): Promise<T>;
	/**
	 * Runs `work` holding the leases on all `keys` at once (granted all together or not at all, so two
	 * executions over overlapping sets can never each hold half and wait for the other). The leases
	 * come back in the order of `keys`; duplicate keys share one lease.
	 */
	withLeases<T>(keys: readonly string[], work: (leases: Lease[]) => Promise<T>): Promise<T>;
}

export interface RedisOptions {
	host: string;
	port: number;
	username?: string;
	password?: string;
	db?: number;
	tls?: boolean;
}

export interface LeaseOptions {
	/** Share leases through this Redis (queue mode: main and workers see the same leases). */
	redis?: RedisOptions;
	/** How long a lease lives without renewal; renewed every third of it while the work runs. */
	ttlMs?: number;
	/** How long to wait for a lease another writer holds before giving up. */
	waitMs?: number;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;
/** Long enough for another execution to finish a chunk of 300 invoices at the paced rate. */
export const DEFAULT_LEASE_WAIT_MS = 300_000;

export type SourceKind = 'invoice' | 'payment' | 'refund' | 'fees' | 'undo';

/** `hsqb:lease:<realmId>:<kind>:<hubspotId>`: one key per QuickBooks company and source record. */
export function leaseKey(realmId: string, kind: SourceKind, hubspotId: string): string {
	return `hsqb:lease:${realmId}:${kind}:${hubspotId}`;
}

/** Another writer kept the lease longer than the caller was willing to wait. */
export class LeaseUnavailableError extends Error {
	constructor(
		readonly keys: readonly string[],
		readonly waitedMs: number,
	) {
		super(`Another execution is writing ${keys.length === 1 ? 'this record' : `${keys.length} of these records`} to QuickBooks (waited ${Math.round(waitedMs / 1000)} s for it to finish)`);
		this.name = 'LeaseUnavailableError';
	}
}

/** The lease store itself could not be reached (Redis down, wrong password). */
export class LeaseStoreError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'LeaseStoreError';
	}
}

export function uniqueKeys(keys: readonly string[]): string[] {
	return [...new Set(keys)].sort();
}
