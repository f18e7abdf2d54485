import { getDocumentOperation } from '../common/documentOperations';

export const { description, execute } = getDocumentOperation({ entity: 'RefundReceipt', resource: 'refundReceipt', label: 'Refund Receipt' });
