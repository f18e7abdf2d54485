import { deleteDocumentOperation } from '../common/documentOperations';

export const { description, execute } = deleteDocumentOperation({ entity: 'Invoice', resource: 'invoice', label: 'Invoice' });
