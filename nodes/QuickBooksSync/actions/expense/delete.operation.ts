import { deleteDocumentOperation } from '../common/documentOperations';

export const { description, execute } = deleteDocumentOperation({ entity: 'Purchase', resource: 'expense', label: 'Expense' });
