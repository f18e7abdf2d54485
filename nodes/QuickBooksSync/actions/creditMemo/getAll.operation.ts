import { getManyDocumentsOperation } from '../common/documentOperations';

export const { description, execute } = getManyDocumentsOperation(
	{ entity: 'CreditMemo', resource: 'creditMemo', label: 'Credit Memo' },
	{ customer: true },
);
