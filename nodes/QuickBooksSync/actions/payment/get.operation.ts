import { getDocumentOperation } from '../common/documentOperations';

export const { description, execute } = getDocumentOperation({ entity: 'Payment', resource: 'payment', label: 'Payment' });
