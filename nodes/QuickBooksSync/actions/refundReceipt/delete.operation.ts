import { deleteDocumentOperation } from '../common/documentOperations';

export const { description, execute } = deleteDocumentOperation({ entity: 'RefundReceipt', resource: 'refundReceipt', label: 'Refund Receipt' });
