import { getDocumentOperation } from '../common/documentOperations';

export const { description, execute } = getDocumentOperation({ entity: 'Invoice', resource: 'invoice', label: 'Invoice' });
