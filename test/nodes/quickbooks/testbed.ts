/**
 * One QBO simulator per test file, the QuickBooks node registered in the engine harness, and a
 * credential connected to the simulator through n8n's OAuth2 flow data. `reset()` before each test
 * gives the default company back with fresh tokens.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { QuickBooksSync } from '../../../nodes/QuickBooksSync/QuickBooksSync.node';
import { pacerFor } from '../../../transport/quickbooks';
import { DEFAULT_COMPANY, startQuickBooksSimulator, type QuickBooksSimulator, type QuickBooksSimulatorOptions } from '../../../sandbox/quickbooks/simulator';
import { registerNodeType, runNode, TestCredentialsHelper, type RunResult } from '../../harness/engine';

export { DEFAULT_COMPANY };

export const NODE_TYPE = registerNodeType(new QuickBooksSync());
export const NODE_NAME = 'QuickBooks';
export const CREDENTIALS = { quickBooksSyncOAuth2Api: { id: 'qbo-1', name: 'QuickBooks sandbox' } };

/** A resource locator value as the n8n editor stores it. */
export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

export interface RunOptions {
	items?: INodeExecutionData[];
	/** Route failed items to the error output (n8n's "Continue (using error output)"). */
	continueOnFail?: boolean;
}

export class QuickBooksTestbed {
	sim!: QuickBooksSimulator;
	credentials = new TestCredentialsHelper();

	async start(options: QuickBooksSimulatorOptions = {}): Promise<void> {
		this.sim = await startQuickBooksSimulator(options);
		// A simulator without throttling needs no client-side pacing: keep the tests fast. One that throttles (asked for,
		// or the realistic profile's) gets the node's own pacing at Intuit's limits, as a real company would.
		if (!this.sim.settings.throttling) pacerFor(this.sim.url, this.sim.realmId, { perSecond: 1_000_000, perMinute: 1_000_000, batchPerMinute: 1_000_000 });
		this.connect();
	}

	async stop(): Promise<void> {
		await this.sim?.close();
	}

	/** Default company, fresh tokens, empty request log. */
	reset(): void {
		this.sim.reset();
		this.connect();
	}

	/** Stores the credential as n8n holds it after the OAuth callback (tokens plus the callback's realmId). */
	connect(tokens = this.sim.issueTokens()): void {
		this.credentials = new TestCredentialsHelper();
		this.credentials.store.quickBooksSyncOAuth2Api = {
			grantType: 'authorizationCode',
			clientId: this.sim.clientId,
			clientSecret: this.sim.clientSecret,
			accessTokenUrl: this.sim.tokenUrl,
			authentication: 'header',
			environment: 'production',
			useCustomUrls: true,
			customBaseUrl: this.sim.url,
			scope: 'com.intuit.quickbooks.accounting',
			oauthTokenData: {
				access_token: tokens.access_token,
				refresh_token: tokens.refresh_token,
				token_type: 'bearer',
				expires_in: tokens.expires_in,
				callbackQueryString: { realmId: this.sim.realmId },
			},
		};
	}

	async run(parameters: IDataObject, options: RunOptions = {}): Promise<RunResult> {
		return await runNode(
			this.credentials,
			{
				name: NODE_NAME,
				type: NODE_TYPE,
				parameters: parameters as never,
				credentials: CREDENTIALS,
				...(options.continueOnFail ? { onError: 'continueErrorOutput' as const } : {}),
			},
			options.items ?? [{ json: {} }],
		);
	}

	/** Runs and returns the JSON of the main output; fails the test with the node's error if it failed. */
	async json(parameters: IDataObject, options: RunOptions = {}): Promise<IDataObject[]> {
		const result = await this.run(parameters, options);
		const error = result.error(NODE_NAME);
		if (error) throw error;
		return result.output(NODE_NAME).map((item) => item.json);
	}

	/** Runs expecting the node to fail; returns its error. */
	async failure(parameters: IDataObject, options: RunOptions = {}): Promise<Error & { description?: string; context?: IDataObject }> {
		const result = await this.run(parameters, options);
		const error = result.error(NODE_NAME);
		if (!error) throw new Error(`Expected the node to fail, it returned ${JSON.stringify(result.output(NODE_NAME).map((item) => item.json))}`);
		return error as Error & { description?: string };
	}

	/** Calls to the QBO API (not the token endpoint) whose path matches. */
	apiCalls(path?: RegExp, method?: string) {
		return this.sim.server.calls(path, method).filter((entry) => entry.path.startsWith('/v3/'));
	}

	/**
	 * The API calls QuickBooks looked at: a call refused at the gate for an expired token (401) or throttling (429),
	 * as the realistic profile's tokens and limits do, never reached the books and is sent again.
	 */
	processedCalls(path?: RegExp, method?: string) {
		return this.apiCalls(path, method).filter((entry) => entry.status !== 401 && entry.status !== 429);
	}
}

interface JestHooks {
	beforeAll: (fn: () => Promise<void>) => void;
	afterAll: (fn: () => Promise<void>) => void;
	beforeEach: (fn: () => void) => void;
	afterEach: (fn: () => void) => void;
}

/**
 * Every call the node made in a test carried minorversion=75, and every write (create, update, void,
 * delete, send, batch) a requestid. Returns the calls that did not, for the assertion message.
 */
export function callsBreakingTheRules(testbed: QuickBooksTestbed): string[] {
	return testbed
		.apiCalls()
		.filter((call) => call.query.minorversion !== '75' || (call.method === 'POST' && !call.path.endsWith('/query') && !call.query.requestid))
		.map((call) => `${call.method} ${call.path}?${new URLSearchParams(call.query).toString()}`);
}

/** Registers the simulator's lifecycle with jest: one per file, reset before each test, the call rules checked after. */
export function useQuickBooksTestbed(hooks: JestHooks, options: QuickBooksSimulatorOptions = {}): QuickBooksTestbed {
	const testbed = new QuickBooksTestbed();
	hooks.beforeAll(async () => await testbed.start(options));
	hooks.afterAll(async () => await testbed.stop());
	hooks.beforeEach(() => testbed.reset());
	hooks.afterEach(() => {
		const broken = callsBreakingTheRules(testbed);
		if (broken.length > 0) throw new Error(`Calls without minorversion=75 or without a requestid on a write:\n${broken.join('\n')}`);
	});
	return testbed;
}

/** A one-line sales document on the default company: Services × quantity at unit price. */
export function salesLines(...lines: Array<{ item?: string; quantity?: number; unitPrice: string | number; description?: string; taxCode?: string }>) {
	return {
		line: lines.map((line) => ({
			item: byId(line.item ?? DEFAULT_COMPANY.items.services),
			quantity: line.quantity ?? 1,
			unitPrice: line.unitPrice,
			description: line.description ?? '',
			taxCode: byId(line.taxCode ?? 'NON'),
		})),
	};
}
