/**
 * What a sync reports when it cannot hold a HubSpot record's lease (transport/leases): another
 * execution kept it past the wait, or the lease store (n8n's queue Redis) did not answer. Nothing was
 * written for the record either way, so running it again is safe.
 */
import { syncError, type SyncError } from '../../../core';
import { LeaseStoreError, LeaseUnavailableError } from '../../../transport/leases';

/** The failure for a lease error; undefined for any other error. */
export function leaseFailure(error: unknown): SyncError | undefined {
	if (error instanceof LeaseUnavailableError) {
		return syncError('stale', `${error.message}.`, undefined, 'Run this item again once the other execution has finished; nothing was written for it.');
	}
	if (error instanceof LeaseStoreError) {
		return syncError('unknown', `${error.message}.`, undefined, "Check that n8n's queue Redis (QUEUE_BULL_REDIS_*) or HSQB_LEASE_REDIS_URL is reachable, then run the item again; nothing was written for it.");
	}
	return undefined;
}
