/**
 * Undo a run: whether a QuickBooks document one execution created may be taken back. It may not when
 * someone changed it since (its SyncToken moved on: QuickBooks increments it on every change,
 * quickbooks.md §1.5), or when payments it does not take back with it are applied to it (deleting an
 * invoice would leave them unapplied). Pure: the caller reads the documents and deletes.
 */

/** The documents a sync creates, in the order Undo takes them back: payments before what they pay. */
export const UNDO_ORDER = ['Payment', 'SalesReceipt', 'RefundReceipt', 'CreditMemo', 'Purchase', 'Invoice'] as const;

export type UndoEntity = (typeof UNDO_ORDER)[number];

export interface UndoCandidate {
	Id: string;
	SyncToken: string;
	DocNumber?: string;
	TotalAmt?: number | string;
	Balance?: number | string;
	LinkedTxn?: ReadonlyArray<{ TxnId?: string; TxnType?: string }>;
	MetaData?: { CreateTime?: string; LastUpdatedTime?: string };
}

export type UndoVerdict =
	| { undo: true }
	| { undo: false; category: 'changed_since' | 'payments_applied'; message: string; howToFix: string };

const NOUN: Record<UndoEntity, string> = {
	Payment: 'payment',
	SalesReceipt: 'sales receipt',
	RefundReceipt: 'refund receipt',
	CreditMemo: 'credit memo',
	Purchase: 'expense',
	Invoice: 'invoice',
};

export function undoNoun(entity: UndoEntity): string {
	return NOUN[entity];
}

function named(entity: UndoEntity, document: UndoCandidate): string {
	return `QuickBooks ${NOUN[entity]} ${document.DocNumber ? `${document.DocNumber} (ID ${document.Id})` : document.Id}`;
}

/** Amounts as QuickBooks returns them, compared as decimal text (no float arithmetic). */
function sameAmount(left: number | string | undefined, right: number | string | undefined): boolean {
	const text = (value: number | string | undefined) => {
		if (value === undefined) return undefined;
		const [whole, fraction = ''] = String(value).split('.');
		const trimmed = fraction.replace(/0+$/, '');
		return trimmed === '' ? String(Number(whole)) : `${Number(whole)}.${trimmed}`;
	};
	return text(left) === text(right);
}

/**
 * `undoneWithIt`: the ids of this execution's payments that Undo takes back too (applied to an invoice
 * of the same run, they do not stand in its way). QuickBooks may count each payment applied as a
 * change of the invoice (a SyncToken step each) or not; both readings are allowed for those payments.
 */
export function undoVerdict(entity: UndoEntity, document: UndoCandidate, undoneWithIt: ReadonlySet<string> = new Set()): UndoVerdict {
	const applied = (document.LinkedTxn ?? []).filter((link) => link.TxnType === 'Payment').map((link) => String(link.TxnId));
	const others = applied.filter((id) => !undoneWithIt.has(id));
	if ((entity === 'Invoice' || entity === 'CreditMemo') && others.length > 0) {
		return {
			undo: false,
			category: 'payments_applied',
			message: `${named(entity, document)} has payment${others.length === 1 ? '' : 's'} ${others.join(', ')} applied that this execution did not create (or that cannot be undone): taking it back would leave ${others.length === 1 ? 'that payment' : 'them'} unapplied.`,
			howToFix: 'Delete or unapply those payments in QuickBooks first (or undo the execution that recorded them), then run Undo again.',
		};
	}
	if ((entity === 'Invoice' || entity === 'CreditMemo') && applied.length === 0 && document.Balance !== undefined && document.TotalAmt !== undefined && !sameAmount(document.Balance, document.TotalAmt)) {
		return {
			undo: false,
			category: 'payments_applied',
			message: `${named(entity, document)} has ${document.TotalAmt} billed but ${document.Balance} open: money is applied to it.`,
			howToFix: 'Remove what is applied to it in QuickBooks first, then run Undo again.',
		};
	}
	const allowedSteps = entity === 'Invoice' ? applied.length : 0;
	const steps = Number(document.SyncToken);
	const created = document.MetaData?.CreateTime;
	const updated = document.MetaData?.LastUpdatedTime;
	const editedAfterCreate = allowedSteps === 0 && created !== undefined && updated !== undefined && Date.parse(updated) > Date.parse(created);
	if (!Number.isFinite(steps) || steps > allowedSteps || editedAfterCreate) {
		return {
			undo: false,
			category: 'changed_since',
			message: `${named(entity, document)} was changed after this execution created it (SyncToken ${document.SyncToken}${updated ? `, last updated ${updated}` : ''}): undoing it would throw that change away.`,
			howToFix: 'Look at the document in QuickBooks: delete it there if it should go, or leave it.',
		};
	}
	return { undo: true };
}
