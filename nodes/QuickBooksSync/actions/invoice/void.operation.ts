import { voidDocumentOperation } from '../common/documentOperations';

/** `operation=void` keeps the invoice with zero amounts (quickbooks.md §1.6); one with a payment applied cannot be voided. */
export const { description, execute } = voidDocumentOperation({ entity: 'Invoice', resource: 'invoice', label: 'Invoice' });
