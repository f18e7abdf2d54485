import { deleteDocumentOperation } from '../common/documentOperations';

export const { description, execute } = deleteDocumentOperation({ entity: 'Payment', resource: 'payment', label: 'Payment' });
