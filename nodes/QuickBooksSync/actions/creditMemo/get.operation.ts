import { getDocumentOperation } from '../common/documentOperations';

export const { description, execute } = getDocumentOperation({ entity: 'CreditMemo', resource: 'creditMemo', label: 'Credit Memo' });
