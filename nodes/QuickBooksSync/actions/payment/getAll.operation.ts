import { getManyDocumentsOperation } from '../common/documentOperations';

export const { description, execute } = getManyDocumentsOperation(
	{ entity: 'Payment', resource: 'payment', label: 'Payment' },
	{ customer: true, docNumber: false },
);
