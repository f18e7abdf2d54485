/**
 * QBO's two error shapes (quickbooks.md §5.1 and §5.2) and the codes the simulator answers with (§5.3).
 * A rule in the simulator throws a QboFault; the HTTP layer turns it into the JSON body.
 */
import type { SimClock } from './clock';

export interface FaultError {
	Message: string;
	Detail: string;
	code: string;
	element: string;
}

export type FaultType = 'ValidationFault' | 'SystemFault' | 'AuthenticationFault' | 'AuthorizationFault';

/** A service fault (capitalised `Fault.Error[]`, quickbooks.md §5.1). */
export class QboFault extends Error {
	constructor(
		readonly errors: FaultError[],
		readonly type: FaultType = 'ValidationFault',
		readonly status = 400,
	) {
		super(errors.map((error) => `${error.code} ${error.Message}: ${error.Detail}`).join('; '));
	}

	body(clock: SimClock): { Fault: { Error: FaultError[]; type: FaultType }; time: string } {
		return { Fault: { Error: this.errors, type: this.type }, time: clock.responseTime() };
	}

	/** The shape a batch item carries (quickbooks.md §3: per-item Fault, no time). */
	itemFault(): { Error: FaultError[]; type: FaultType } {
		return { Error: this.errors, type: this.type };
	}
}

export function fault(code: number, message: string, detail: string, element = ''): QboFault {
	return new QboFault([{ Message: message, Detail: detail, code: String(code), element }]);
}

// quickbooks.md §5.3: the codes below, with Intuit's messages.

export const unsupportedOperation = (detail: string): QboFault =>
	fault(500, 'Unsupported Operation', `Operation ${detail} is not supported.`);

export const duplicateRequestId = (requestId: string): QboFault =>
	fault(
		600,
		'Duplicate Request ID',
		`The request ID you're trying to use already exists. Our system detected the duplicate. requestid=${requestId}`,
	);

const INACTIVE_HINT =
	"Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.";

export const objectNotFound = (what: string, element = ''): QboFault =>
	fault(610, 'Object Not Found', `Object Not Found : ${INACTIVE_HINT} (${what})`, element);

export const txnCannotBeLinked = (detail: string, element = ''): QboFault =>
	fault(620, 'Txn ID Cannot Be Linked', `TxnId cannot be linked: ${detail}`, element);

export const batchTooLarge = (size: number, limit: number): QboFault =>
	fault(1040, 'Batch size exceeds allowed limit', `Batch size ${size} exceeds the allowed limit of ${limit} BatchItemRequest items.`);

export const unsupportedProperty = (property: string, element = property): QboFault =>
	fault(2010, 'Request has invalid or unsupported property', `Property Name:${property} specified is unsupported or invalid`, element);

export const requiredParamMissing = (element: string): QboFault =>
	fault(2020, 'Required param missing, need to supply the required value for the API', `Required parameter ${element} is missing in the request`, element);

export const invalidString = (element: string, value: string): QboFault =>
	fault(2040, 'Invalid String', `Element contains invalid characters: ${element}=${value}`, element);

export const invalidStringLength = (element: string, max: number, length: number): QboFault =>
	fault(2050, 'String length is either shorter or longer than supported by specification', `Min:0, Max:${max} supported. Supplied length:${length}`, element);

export const invalidDate = (element: string, value: unknown): QboFault =>
	fault(2070, 'Invalid Date', `Date value must be a valid date (yyyy-MM-dd). Supplied value:${String(value)}`, element);

export const invalidDecimalFormat = (element: string, value: unknown): QboFault =>
	fault(2100, 'Invalid Decimal Format', `Supplied value:${JSON.stringify(value)}`, element);

export const invalidDecimal = (element: string, detail: string): QboFault =>
	fault(2110, 'Invalid Decimal', detail, element);

export const invalidRequestIdFormat = (detail: string): QboFault =>
	fault(2130, 'Invalid Request Id Format', detail, 'requestid');

export const invalidAmount = (element: string, detail: string): QboFault =>
	fault(2140, 'Invalid Amount', detail, element);

export const invalidEnumeration = (element: string, value: unknown, allowed: readonly string[]): QboFault =>
	fault(2170, 'Invalid Enumeration', `Invalid value ${JSON.stringify(value)} for ${element}. Allowed: ${allowed.join(', ')}`, element);

export const invalidEmail = (element: string, value: unknown): QboFault =>
	fault(2210, 'Invalid Email Address Format', `Supplied value:${String(value)}`, element);

export const invalidCurrency = (element: string, value: unknown): QboFault =>
	fault(2220, 'Invalid Currency Type', `Supplied value:${String(value)}`, element);

export const invalidBoolean = (element: string, value: unknown): QboFault =>
	fault(2230, 'Invalid Boolean', `Supplied value:${String(value)}`, element);

export const missingLines = (): QboFault => fault(2250, 'Missing lines', 'You must enter at least one split line.', 'Line');

export const negativeAmount = (element: string, value: string): QboFault =>
	fault(2290, 'Negative Amount', `Negative amounts aren't supported on transaction lines. Supplied value:${value}`, element);

export const invalidReference = (element: string, entity: string, id: unknown): QboFault =>
	fault(2500, 'Invalid Reference Id', `Invalid Reference Id : ${entity} assigned to this transaction has been deleted or does not exist. Id=${String(id)}`, element);

export const invalidCustomField = (detail: string): QboFault => fault(3000, 'Invalid Custom Field', detail, 'CustomField');

export const queryParseError = (detail: string): QboFault =>
	fault(4000, 'Error parsing query', `QueryParserError: ${detail}`);

export const queryValidationError = (detail: string): QboFault => fault(4001, 'Invalid query', `QueryValidationError: ${detail}`);

export const staleObject = (entity: string, id: string, current: string, supplied: unknown): QboFault =>
	fault(
		5010,
		'Stale Object Error',
		`Stale Object Error : You and another user were working on ${entity} ${id} at the same time. The other user finished before you did, so your work was not saved. Current SyncToken=${current}, supplied SyncToken=${String(supplied)}`,
	);

export const featureNotSupported = (detail: string): QboFault => fault(5030, 'Feature Not Supported', detail);

export const businessValidation = (detail: string, element = ''): QboFault =>
	fault(6000, 'A business validation error has occurred while processing your request', `Business Validation Error: ${detail}`, element);

export const accountTypeMissing = (): QboFault =>
	fault(6010, 'Invalid Account.AccountType && Account.SubType', 'You must specify either an AccountType or an AccountSubType.', 'AccountType');

export const amountCalculationIncorrect = (element: string, supplied: string, expected: string): QboFault =>
	fault(6070, 'Amount calculation incorrect in the request', `Amount is not equal to UnitPrice * Qty. Supplied value:${supplied}, UnitPrice * Qty:${expected}`, element);

export const noNameProvided = (): QboFault =>
	fault(6080, 'No Name Provided', 'Fill out values for at least one of the following: Title, GivenName, MiddleName, FamilyName, DisplayName, Suffix.');

export const discountLineIncomplete = (): QboFault =>
	fault(6090, 'Discount Line missing required info', 'A discount amount or percent is required.', 'Line.DiscountLineDetail');

export const invalidLineTaxCode = (value: unknown): QboFault =>
	fault(6100, 'Invalid Line TaxCode in the request', `Invalid TaxCode. For US, specify TAX or NON. Supplied value:${String(value)}`, 'Line.SalesItemLineDetail.TaxCodeRef');

export const duplicateDocNumber = (docNumber: string, txnType: string, txnId: string): QboFault =>
	fault(
		6140,
		'Duplicate Document Number Error',
		`Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=${docNumber} is assigned to TxnType=${txnType} with TxnId=${txnId}`,
		'DocNumber',
	);

export const txnTaxDetailNotAllowed = (): QboFault =>
	fault(6170, 'Invalid TxnTaxDetail', 'TxnTaxDetail is not allowed when GlobalTaxCalculation is NotApplicable.', 'TxnTaxDetail');

export const duplicateName = (existingId: string): QboFault =>
	fault(6240, 'Duplicate Name Exists Error', `The name supplied already exists. : Id=${existingId}`);

export const emailRequired = (): QboFault =>
	fault(6420, 'Email address is required', 'An email address is required: set BillEmail.Address or pass sendTo.', 'BillEmail');

export const invalidAccountType = (element: string, detail: string): QboFault =>
	fault(6430, 'Invalid account type used', `Invalid account type: ${detail}`, element);

/**
 * The gateway's shape for 401/403/429 (quickbooks.md §5.2): lowercase `fault.error[]`, the
 * "message=…; errorCode=…; statusCode=…" message, a numeric time, and the SDK wrapper fields.
 */
export function gatewayFaultBody(
	status: number,
	code: string,
	name: string,
	detail: string,
	type: 'AUTHENTICATION' | 'SERVICE',
	clock: SimClock,
): Record<string, unknown> {
	return {
		warnings: null,
		intuitObject: null,
		fault: {
			error: [
				{
					message: `message=${name}; errorCode=${code.padStart(6, '0')}; statusCode=${status}`,
					detail,
					code,
					element: null,
				},
			],
			type,
		},
		report: null,
		queryResponse: null,
		batchItemResponse: [],
		attachableResponse: [],
		syncErrorResponse: null,
		requestId: null,
		time: clock.now(),
		status: null,
		cdcresponse: [],
	};
}
