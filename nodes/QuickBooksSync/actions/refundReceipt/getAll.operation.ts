import { getManyDocumentsOperation } from '../common/documentOperations';

export const { description, execute } = getManyDocumentsOperation(
	{ entity: 'RefundReceipt', resource: 'refundReceipt', label: 'Refund Receipt' },
	{ customer: true },
);
