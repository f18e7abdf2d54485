/**
 * Loads n8n's own built-in nodes (package `n8n-nodes-base`) from the full n8n 2.41.1 that
 * scripts/install-n8n.sh puts in `$HSQB_CACHE/n8n-2.41.1`, so contender (c) runs n8n's real HTTP Request,
 * Schedule Trigger, Split Out, Loop Over Items, If and QuickBooks nodes in the same engine as our nodes
 * (and the conformance suite runs the QuickBooks node against the simulator).
 *
 * How: the node classes are `require`d from that install, but every `require('n8n-workflow')` (and
 * `n8n-core`, should one appear) made from inside it is resolved to this repository's copy. Both are the
 * same versions (n8n-workflow 2.41.0, n8n-core 2.41.1); with a single copy, the errors the built-in nodes
 * throw (NodeApiError, NodeOperationError) are the classes our WorkflowExecute checks with `instanceof`,
 * and there is one dependency-injection container. The nodes' other imports (lodash, @n8n/utils, ...)
 * come from the install itself. These nodes need no DI services of their own: everything they do goes
 * through the execution context that our n8n-core builds.
 */
import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import type { ICredentialDataDecryptedObject, INodeType, IVersionedNodeType } from 'n8n-workflow';

export const N8N_VERSION = '2.41.1';

/** `$HSQB_CACHE/n8n-2.41.1` (HSQB_CACHE defaults to ~/.cache/hsqb, as in .ci/node24.sh). */
export function n8nInstallDir(): string {
	const cache = process.env.HSQB_CACHE || join(homedir(), '.cache', 'hsqb');
	return join(cache, `n8n-${N8N_VERSION}`);
}

function nodesBaseDir(): string {
	return join(n8nInstallDir(), 'node_modules', 'n8n-nodes-base');
}

export const INSTALL_HINT = 'bash scripts/install-n8n.sh --no-chromium   (installs n8n 2.41.1 into $HSQB_CACHE/n8n-2.41.1)';

/** Why the built-in nodes cannot be loaded, or undefined when they can. */
export function nodesBaseUnavailableReason(): string | undefined {
	const manifest = join(nodesBaseDir(), 'package.json');
	if (!existsSync(manifest)) return `n8n ${N8N_VERSION} is not installed at ${n8nInstallDir()}; install it with: ${INSTALL_HINT}`;
	const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
	const n8nManifest = join(n8nInstallDir(), 'node_modules', 'n8n', 'package.json');
	const n8nVersion = existsSync(n8nManifest) ? (JSON.parse(readFileSync(n8nManifest, 'utf8')) as { version?: string }).version : undefined;
	if (n8nVersion !== N8N_VERSION) return `n8n ${n8nVersion ?? '?'} found at ${n8nInstallDir()}, want ${N8N_VERSION} (n8n-nodes-base ${version})`;
	return undefined;
}

/** Packages that must exist once in the process: the built-in nodes get this repository's copy. */
const SHARED_PACKAGES = ['n8n-workflow', 'n8n-core'];
let redirectInstalled = false;

function installSharedPackageRedirect(): void {
	if (redirectInstalled) return;
	redirectInstalled = true;
	const installRoot = n8nInstallDir() + sep;
	const ownCopies = new Map(SHARED_PACKAGES.map((name) => [name, require.resolve(name)]));
	const moduleInternals = Module as unknown as {
		_resolveFilename: (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string;
	};
	const resolve = moduleInternals._resolveFilename;
	moduleInternals._resolveFilename = function (request, parent, ...rest) {
		const own = ownCopies.get(request);
		if (own && parent?.filename?.startsWith(installRoot)) return own;
		return resolve.call(this, request, parent, ...rest);
	};
}

/** The built-in node classes contender (c) uses, by their n8n type name. */
const BUILT_IN_NODES: Record<string, { file: string; exportName: string }> = {
	'n8n-nodes-base.scheduleTrigger': { file: 'dist/nodes/Schedule/ScheduleTrigger.node.js', exportName: 'ScheduleTrigger' },
	'n8n-nodes-base.httpRequest': { file: 'dist/nodes/HttpRequest/HttpRequest.node.js', exportName: 'HttpRequest' },
	'n8n-nodes-base.splitOut': { file: 'dist/nodes/Transform/SplitOut/SplitOut.node.js', exportName: 'SplitOut' },
	'n8n-nodes-base.splitInBatches': { file: 'dist/nodes/SplitInBatches/SplitInBatches.node.js', exportName: 'SplitInBatches' },
	'n8n-nodes-base.if': { file: 'dist/nodes/If/If.node.js', exportName: 'If' },
	'n8n-nodes-base.quickbooks': { file: 'dist/nodes/QuickBooks/QuickBooks.node.js', exportName: 'QuickBooks' },
};

/**
 * One more built-in node class by its file under n8n-nodes-base (e.g. 'dist/nodes/QuickBooks/QuickBooks.node.js'),
 * with the same shared n8n-workflow/n8n-core as the others; throws when n8n is not installed.
 */
export function loadBuiltInNode(file: string, exportName: string): INodeType | IVersionedNodeType {
	const reason = nodesBaseUnavailableReason();
	if (reason) throw new Error(reason);
	installSharedPackageRedirect();
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(join(nodesBaseDir(), file)) as Record<string, new () => INodeType | IVersionedNodeType>;
	const NodeClass = exported[exportName];
	if (typeof NodeClass !== 'function') throw new Error(`${file} has no export ${exportName}`);
	return new NodeClass();
}

/** Instances of the built-in nodes, keyed by type name; throws when n8n is not installed. */
export function loadBuiltInNodes(): Record<string, INodeType | IVersionedNodeType> {
	const reason = nodesBaseUnavailableReason();
	if (reason) throw new Error(reason);
	installSharedPackageRedirect();
	const loaded: Record<string, INodeType | IVersionedNodeType> = {};
	for (const [typeName, { file, exportName }] of Object.entries(BUILT_IN_NODES)) loaded[typeName] = loadBuiltInNode(file, exportName);
	return loaded;
}

/** Where n8n's built-in QuickBooks node sends every call (GenericFunctions.js: the host follows the credential's environment). */
const INTUIT_HOSTS = ['https://sandbox-quickbooks.api.intuit.com', 'https://quickbooks.api.intuit.com'];

/**
 * Points the built-in QuickBooks node at a QuickBooks simulator without changing the node: its base URL is
 * hard-coded to Intuit, so an interceptor on the axios instance n8n-core's outbound HTTP sends with (the
 * default one of @n8n/backend-network) swaps Intuit's host for `target`. Everything else of the request
 * (OAuth2 signing by n8n-core, path, query, body) is the node's own. Returns the undo.
 */
export function redirectIntuitTo(target: string): () => void {
	const networkDir = dirname(require.resolve('@n8n/backend-network', { paths: [dirname(require.resolve('n8n-core'))] }));
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const axios = require(require.resolve('axios', { paths: [networkDir] })) as typeof import('axios').default;
	const id = axios.interceptors.request.use((config) => {
		const host = typeof config.url === 'string' ? INTUIT_HOSTS.find((intuit) => (config.url as string).startsWith(intuit)) : undefined;
		if (host) config.url = target + (config.url as string).slice(host.length);
		return config;
	});
	return () => axios.interceptors.request.eject(id);
}

export interface QuickBooksConnection {
	clientId: string;
	clientSecret: string;
	tokenUrl: string;
	authorizeUrl: string;
	accessToken: string;
	refreshToken: string;
	expiresIn: number;
	realmId: string;
}

/**
 * What n8n's own `quickBooksOAuth2Api` credential holds after the OAuth dance (quickbooks.md §9.1): the
 * built-in node reads the company from `oauthTokenData.callbackQueryString.realmId`, and n8n-core signs
 * and refreshes with the rest. Environment "sandbox", whose host redirectIntuitTo swaps.
 */
export function builtInQuickBooksCredential(connection: QuickBooksConnection): ICredentialDataDecryptedObject {
	return {
		clientId: connection.clientId,
		clientSecret: connection.clientSecret,
		accessTokenUrl: connection.tokenUrl,
		authUrl: connection.authorizeUrl,
		grantType: 'authorizationCode',
		authentication: 'header',
		environment: 'sandbox',
		scope: 'com.intuit.quickbooks.accounting',
		oauthTokenData: {
			access_token: connection.accessToken,
			refresh_token: connection.refreshToken,
			token_type: 'bearer',
			expires_in: connection.expiresIn,
			callbackQueryString: { realmId: connection.realmId },
		},
	};
}
