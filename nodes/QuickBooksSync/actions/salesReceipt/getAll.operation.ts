import { getManyDocumentsOperation } from '../common/documentOperations';

/** QBO cannot filter sales receipts by customer (quickbooks.md §15.1b), so only number and dates are offered. */
export const { description, execute } = getManyDocumentsOperation({ entity: 'SalesReceipt', resource: 'salesReceipt', label: 'Sales Receipt' });
