// n8n's community-node lint config (from @n8n/node-cli), without the n8n Cloud rules:
// this package is an unverified, self-hosted community package with one runtime dependency
// (@hubspot/api-client, chosen in DESIGN.md). Rules switched off are listed in the README.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{
		ignores: ['dist/**', 'node_modules/**', 'test-artifacts/**', 'bench/results/**', '**/*.js', '**/*.mjs'],
	},
	{
		files: ['**/*.ts'],
		rules: {
			// A leading underscore marks a value left out on purpose (e.g. a rest-destructured field).
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
			],
		},
	},
	{
		files: ['package.json'],
		rules: {
			// The HubSpot transport is built on @hubspot/api-client (DESIGN.md, "Decisions").
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		// Tests, simulators, scripts and benchmarks are not shipped: they may log and use Node globals.
		files: ['test/**/*.ts', 'sandbox/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts'],
		rules: {
			'no-console': 'off',
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-non-null-assertion': 'off',
			'@n8n/community-nodes/node-usable-as-tool': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			// Test and demo tooling starts processes (n8n, simulators) and holds sandbox secrets on purpose.
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
		},
	},
	{
		// The sync core knows nothing of n8n (DESIGN.md, layer 4): it throws plain errors that the
		// operations wrap into NodeApiError / NodeOperationError with the item index.
		files: ['core/**/*.ts'],
		rules: {
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
];
