import { deleteDocumentOperation } from '../common/documentOperations';

export const { description, execute } = deleteDocumentOperation({ entity: 'SalesReceipt', resource: 'salesReceipt', label: 'Sales Receipt' });
