import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The Verifier Token of an Intuit app's webhooks (quickbooks.md §8.2: one per app, shown on the
 * developer portal's Webhooks page). The QuickBooks Trigger checks every delivery's
 * `intuit-signature` with it (§8.4) before reading anything in the delivery. It is a secret: never
 * echoed in outputs, errors or logs.
 */
// Intuit has no endpoint that checks a verifier token: the trigger checks each delivery's signature with it.
// eslint-disable-next-line @n8n/community-nodes/credential-test-required
export class QuickBooksWebhookApi implements ICredentialType {
	name = 'quickBooksWebhookApi';

	displayName = 'QuickBooks Online Webhook API';

	icon: Icon = { light: 'file:../icons/quickbooks.svg', dark: 'file:../icons/quickbooks.dark.svg' };

	documentationUrl = 'https://developer.intuit.com/app/developer/qbo/docs/develop/webhooks';

	properties: INodeProperties[] = [
		{
			displayName: 'Verifier Token',
			name: 'verifierToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"Your Intuit app's webhook Verifier Token (developer portal > your app > Webhooks). Every delivery's intuit-signature header is checked with it; deliveries that do not match are refused.",
		},
	];
}
