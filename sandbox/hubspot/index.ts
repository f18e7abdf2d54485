/** The HubSpot CRM simulator: start it, seed it, drive it. See README.md in this folder. */
export { startHubSpotSimulator, type HubSpotSimulator, type HubSpotSimulatorOptions, type RecordSnapshot } from './simulator';
export { seedHubSpot, type SeedOptions, type SeedSummary } from './seed';
export { HubSpotStore, type CrmObject, type HistoryEntry, type InvoiceTotals } from './store';
export type { CreateInvoiceInput, CreatedInvoice, InvoiceStatus, RecordPaymentInput, RefundInput, LineItemInput, AdjustmentInput } from './actions';
export { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './ratelimit';
export { OBJECT_TYPES, associationTypeId, type ObjectTypeName } from './schema';
