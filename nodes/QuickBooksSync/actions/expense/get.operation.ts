import { getDocumentOperation } from '../common/documentOperations';

export const { description, execute } = getDocumentOperation({ entity: 'Purchase', resource: 'expense', label: 'Expense' });
