import { deleteDocumentOperation } from '../common/documentOperations';

export const { description, execute } = deleteDocumentOperation({ entity: 'CreditMemo', resource: 'creditMemo', label: 'Credit Memo' });
