import { voidDocumentOperation } from '../common/documentOperations';

export const { description, execute } = voidDocumentOperation({ entity: 'Payment', resource: 'payment', label: 'Payment' });
