import { getDocumentOperation } from '../common/documentOperations';

export const { description, execute } = getDocumentOperation({ entity: 'SalesReceipt', resource: 'salesReceipt', label: 'Sales Receipt' });
