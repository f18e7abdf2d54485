/** The pure sync core: HubSpot records in, QuickBooks documents (or a categorized SyncError) out. */
export * from './errors';
export * from './money';
export * from './hubspotInvoice';
export * from './hubspotDates';
export * from './qboDocuments';
export * from './billedAmount';
export * from './salesLines';
export * from './invoiceMapping';
export * from './invoiceChanges';
export * from './customerMatching';
export * from './paymentMapping';
export * from './feeExpense';
export * from './refundMapping';
export * from './idempotency';
export * from './reconcile';
export * from './executionTag';
export * from './undoRun';
