import { voidDocumentOperation } from '../common/documentOperations';

export const { description, execute } = voidDocumentOperation({ entity: 'SalesReceipt', resource: 'salesReceipt', label: 'Sales Receipt' });
