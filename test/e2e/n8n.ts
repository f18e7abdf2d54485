/**
 * A real n8n for end-to-end tests and the demo (2.41.1 by default; HSQB_N8N_VERSION=1.123.81 for the
 * 1.x line, see the supported versions in the README): packs this repository, installs the tarball
 * into `<N8N_USER_FOLDER>/.n8n/nodes` the way a user would (npm install in the nodes folder), starts
 * `n8n start` on free ports in a fresh user folder, sets up the owner account and logs in over
 * n8n's REST API, and talks to it through the same routes the editor uses.
 *
 * n8n is installed outside the repository by scripts/install-n8n.sh into `$HSQB_CACHE/n8n-<version>`,
 * which records the Node it built n8n's native addons for; n8n is started with that Node.
 * Everything n8n prints goes to test-artifacts/logs/<name>.log.
 *
 * Routes and commands verified against n8n 2.41.1 (dist sources and a running instance):
 * - GET  /healthz/readiness                  200 once migrated and fully started (plain /healthz is up earlier)
 * - POST /rest/owner/setup                   {email, firstName, lastName, password}; sets the n8n-auth cookie
 * - POST /rest/login                         {emailOrLdapLoginId, password}; sets the n8n-auth cookie
 * - POST /rest/credentials                   {name, type, data}
 * - POST /rest/credentials/test              {credentials: {id, name, type, data}} -> {status: 'OK'|'Error', message}
 * - POST /rest/workflows                     {name, nodes, connections, settings, ...} (credentials resolved by name)
 * - GET  /rest/workflows/:id                 -> {versionId, active, activeVersionId, ...}
 * - POST /rest/workflows/:id/activate        {versionId} (2.x "publish"; asynchronous through the publication
 *                                            outbox: the triggers are registered, and polling triggers poll once, after it returns)
 * - GET  /rest/workflows/:id/publication-status -> {status: in_progress|published|partial|failed|not_published, triggers}
 * - POST /rest/workflows/:id/deactivate      {}
 * - GET  /rest/executions?filter={"workflowId":id}&limit=100 -> {results, count, ...}
 * - GET  /rest/executions/:id                -> execution with `data` as a flatted string
 * - GET  /types/nodes.json, /types/credentials.json (cookie): the types the editor sees
 * - CLI: export:nodes --output=FILE, import:credentials --input=FILE (plain `data` is encrypted),
 *        import:workflow --input=FILE, publish:workflow --id=ID (takes effect on the next start)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The n8n line the tests run on: HSQB_N8N_VERSION, else 2.41.1. */
export const N8N_VERSION = process.env.HSQB_N8N_VERSION || '2.41.1';
export const N8N_MAJOR = Number(N8N_VERSION.split('.')[0]);
export const PACKAGE_NAME = 'n8n-nodes-hubspot-quickbooks';
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts');

export const DEFAULT_OWNER = {
	email: 'owner@example.com',
	firstName: 'Demo',
	lastName: 'Owner',
	password: 'Demo-Password-1',
} as const;

export type Owner = { email: string; firstName: string; lastName: string; password: string };

/** `$HSQB_CACHE/n8n-<version>`, where scripts/install-n8n.sh installs n8n. */
export function n8nHome(): string {
	const cache = process.env.HSQB_CACHE || join(homedir(), '.cache', 'hsqb');
	return join(cache, `n8n-${N8N_VERSION}`);
}

/** The n8n CLI entry point inside the cached install. */
export function n8nBin(): string {
	return join(n8nHome(), 'node_modules', 'n8n', 'bin', 'n8n');
}

/**
 * The Node binary n8n runs on: HSQB_N8N_NODE if set, else the one scripts/install-n8n.sh built n8n's
 * native addons for (recorded in `.hsqb-node`; Node 24 for n8n 2.x), else this process's own Node.
 */
export function n8nNode(): string {
	if (process.env.HSQB_N8N_NODE) return process.env.HSQB_N8N_NODE;
	const recorded = join(n8nHome(), '.hsqb-node');
	if (existsSync(recorded)) return readFileSync(recorded, 'utf8').trim();
	return process.execPath;
}

let n8nNodeVersionSeen: string | undefined;
/** The version of the Node n8n runs on ("20.20.2"), or '' when that Node is missing. */
export function n8nNodeVersion(): string {
	n8nNodeVersionSeen ??= spawnSync(n8nNode(), ['--version'], { encoding: 'utf8' }).stdout?.trim().replace(/^v/, '') ?? '';
	return n8nNodeVersionSeen;
}

/** Throws a message that says what to run when n8n or its Node is missing. */
export function assertN8nInstalled(): void {
	const install = `bash scripts/install-n8n.sh --version=${N8N_VERSION}`;
	const pkg = join(n8nHome(), 'node_modules', 'n8n', 'package.json');
	if (!existsSync(pkg)) throw new Error(`n8n is not installed at ${n8nHome()}. Run: ${install}`);
	const version = JSON.parse(readFileSync(pkg, 'utf8')).version;
	if (version !== N8N_VERSION) throw new Error(`Expected n8n ${N8N_VERSION} at ${n8nHome()}, found ${version}. Run: ${install}`);
	const nodeVersion = n8nNodeVersion();
	const needed = N8N_MAJOR >= 2 ? 22 : 20;
	if (!(Number(nodeVersion.split('.')[0]) >= needed)) {
		throw new Error(`n8n ${N8N_VERSION} needs Node >= ${needed}; ${n8nNode()} is Node ${nodeVersion || 'missing'}. Run: ${install}`);
	}
}

/** The `n8n.nodes` / `n8n.credentials` lists of our package.json. */
export function packageManifest(): { name: string; version: string; nodes: string[]; credentials: string[] } {
	const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
	return { name: pkg.name, version: pkg.version, nodes: pkg.n8n?.nodes ?? [], credentials: pkg.n8n?.credentials ?? [] };
}

/**
 * `npm pack` of the built repository (run `npm run build` first) into test-artifacts/pack/.
 * Returns the tarball path. Checks that every file the n8n block lists is in the tarball.
 */
export function packPackage(destination = join(ARTIFACTS_DIR, 'pack')): string {
	const manifest = packageManifest();
	const missing = [...manifest.nodes, ...manifest.credentials].filter((file) => !existsSync(join(REPO_ROOT, file)));
	if (missing.length) {
		throw new Error(`package.json's n8n block lists files that are not built: ${missing.join(', ')}. Run: npm run build`);
	}
	mkdirSync(destination, { recursive: true });
	const result = spawnSync('npm', ['pack', '--json', '--pack-destination', destination], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		env: cleanEnv(),
	});
	if (result.status !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
	const [packed] = JSON.parse(result.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
	const inTarball = new Set(packed.files.map((file) => file.path));
	const notPacked = [...manifest.nodes, ...manifest.credentials].filter((file) => !inTarball.has(file));
	if (notPacked.length) throw new Error(`npm pack left out files n8n needs: ${notPacked.join(', ')} (check "files" in package.json)`);
	return join(destination, packed.filename);
}

/**
 * Installs a package tarball into `<userFolder>/.n8n/nodes` as the n8n docs' manual install does
 * (`npm install <pkg>` in that folder, which holds a package.json). Peer dependencies are not
 * installed (n8n resolves n8n-workflow from its own install, and its in-app installer strips them
 * too); no scripts, no audit. Uses the npm cache only, falling back to the registry if needed.
 */
export function installPackage(tarball: string, userFolder: string): string {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const manifest = join(nodesDir, 'package.json');
	if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	const flags = ['--ignore-scripts', '--no-audit', '--no-fund', '--legacy-peer-deps', '--omit=dev', '--loglevel=error'];
	let result = spawnSync('npm', ['install', tarball, '--offline', ...flags], { cwd: nodesDir, encoding: 'utf8', env: cleanEnv() });
	if (result.status !== 0) {
		result = spawnSync('npm', ['install', tarball, '--prefer-offline', ...flags], { cwd: nodesDir, encoding: 'utf8', env: cleanEnv() });
	}
	if (result.status !== 0) throw new Error(`npm install ${tarball} in ${nodesDir} failed:\n${result.stdout}\n${result.stderr}`);
	return nodesDir;
}

/** A free TCP port on 127.0.0.1 (closed again before returning). */
export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

/** Whether a TCP port on 127.0.0.1 can be listened on now. */
export async function portIsFree(port: number): Promise<boolean> {
	return await new Promise((done) => {
		const server = createServer();
		server.once('error', () => done(false));
		server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
	});
}

/**
 * process.env without what jest and the in-process harness set for n8n-core (NODE_ENV=test makes n8n
 * refuse to load nodes) and without the settings npm hands to `npm start`/`npm test` children
 * (npm_config_*: this repository's .npmrc is not n8n's).
 */
function cleanEnv(): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|JEST_|NODE_ENV$|NODE_OPTIONS$|NODE_PATH$|npm_config_|NPM_CONFIG_|npm_package_|npm_lifecycle_|INIT_CWD$)/.test(key)) continue;
		env[key] = value;
	}
	return env;
}

/** The environment n8n runs with: quiet, offline, local-only, on the given folder and ports. */
export function n8nEnv(userFolder: string, port: number, brokerPort: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	return {
		...cleanEnv(),
		NODE_ENV: 'production',
		TZ: 'UTC',
		GENERIC_TIMEZONE: 'UTC',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_ENCRYPTION_KEY: 'hsqb-e2e-encryption-key',
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// mcp-registry fetches api.n8n.io at start-up (no internet here); n8n 1.x has no such module and refuses unknown names.
		...(N8N_MAJOR >= 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		// n8n 1.123's default "vm" expression engine needs isolated-vm 6, which loads on Node >= 22 only;
		// on Node 20 n8n 1.x runs with its legacy engine (what a Node 20 self-hoster has to set too).
		...(N8N_MAJOR < 2 && Number(n8nNodeVersion().split('.')[0]) < 22 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		// Set explicitly so start-up does not print deprecation notices about changing defaults.
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(256 * 1024 * 1024),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '1000',
		// Publication (activation) runs through an outbox polled every 15 s and a reconciler every
		// 10 s by default; shorter intervals make activation and restarts settle quickly in tests.
		N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '1000',
		N8N_WORKFLOW_PUBLICATION_RECONCILE_INTERVAL_SECONDS: '2',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		...extra,
	};
}

export interface CredentialSeed {
	/** Fixed id (CLI import); generated by n8n when created over REST. */
	id?: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

/** Credential data for our HubSpot credential pointed at a local API (the simulator). */
export function hubspotCredential(baseUrl: string, accessToken = 'sim-token', name = 'HubSpot account'): CredentialSeed {
	return { name, type: 'hubspotCommerceApi', data: { accessToken, useCustomBaseUrl: true, baseUrl } };
}

/** Credential data for our QuickBooks OAuth2 credential, already connected, pointed at a local API. */
export function quickBooksCredential(options: {
	baseUrl: string;
	tokenUrl?: string;
	realmId: string;
	accessToken?: string;
	refreshToken?: string;
	clientId?: string;
	clientSecret?: string;
	name?: string;
}): CredentialSeed {
	return {
		name: options.name ?? 'QuickBooks Online account',
		type: 'quickBooksSyncOAuth2Api',
		data: {
			clientId: options.clientId ?? 'sim-client-id',
			clientSecret: options.clientSecret ?? 'sim-client-secret',
			environment: 'sandbox',
			useCustomUrls: true,
			customBaseUrl: options.baseUrl,
			customTokenUrl: options.tokenUrl ?? `${options.baseUrl.replace(/\/$/, '')}/oauth2/v1/tokens/bearer`,
			oauthTokenData: {
				access_token: options.accessToken ?? 'sim-access-token',
				refresh_token: options.refreshToken ?? 'sim-refresh-token',
				token_type: 'bearer',
				expires_in: 3600,
				x_refresh_token_expires_in: 8726400,
				callbackQueryString: { realmId: options.realmId },
			},
		},
	};
}

export interface StartOptions {
	/** Names the log file (test-artifacts/logs/<name>.log) and the temporary user folder. */
	name: string;
	/** Tarball to install into .n8n/nodes: default packs the repository; false installs nothing. */
	tarball?: string | false;
	/** Reuse an existing user folder (as left by a previous start with keepUserFolder). */
	userFolder?: string;
	/** Imported with `n8n import:credentials` (plain data, encrypted by n8n) before n8n starts. */
	credentials?: CredentialSeed[];
	/** Extra environment for n8n. */
	env?: Record<string, string>;
	owner?: Owner;
	/** n8n port; default a free one. */
	port?: number;
	/** Keep the user folder after stop() (also when HSQB_E2E_KEEP=1). */
	keepUserFolder?: boolean;
	startTimeoutMs?: number;
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished?: boolean;
	startedAt: string;
	stoppedAt?: string;
	[key: string]: unknown;
}

export interface WorkflowRef {
	id: string;
	name: string;
	versionId: string;
	active: boolean;
	[key: string]: unknown;
}

/** n8n 2.41's publication outcome of a workflow (per trigger node). */
export interface PublicationStatus {
	status: 'not_published' | 'in_progress' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export interface N8nInstance {
	url: string;
	userFolder: string;
	logFile: string;
	owner: Owner;
	/** The `n8n-auth=...` cookie header value of the owner session. */
	cookie: string;
	/** REST call under /rest with the owner cookie; returns the response's `data`; throws on HTTP errors. */
	rest<T = any>(method: string, path: string, body?: unknown): Promise<T>;
	/** Any path (e.g. /types/nodes.json) with the cookie; no throwing. */
	request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
	/** Creates a workflow from export JSON (id, active, pinData-free copy); returns id and versionId. */
	importWorkflow(workflow: Record<string, any>): Promise<WorkflowRef>;
	getWorkflow(id: string): Promise<WorkflowRef & { nodes: any[]; connections: any }>;
	/** Saves changed nodes/settings of a workflow (PATCH with the current versionId). */
	updateWorkflow(id: string, changes: Record<string, unknown>): Promise<WorkflowRef>;
	/**
	 * Publishes (activates) the current version and waits until n8n has registered its triggers
	 * (n8n polls each polling trigger once right away). Throws when a trigger failed to activate,
	 * with n8n's error message, unless throwOnFailure is false.
	 */
	activate(id: string, options?: { timeoutMs?: number; throwOnFailure?: boolean }): Promise<WorkflowRef & { publication: PublicationStatus }>;
	/** Unpublishes and waits until the triggers are removed. */
	deactivate(id: string, options?: { timeoutMs?: number }): Promise<WorkflowRef & { publication: PublicationStatus }>;
	/** GET /rest/workflows/:id/publication-status */
	publicationStatus(id: string): Promise<PublicationStatus>;
	/** Waits until n8n has (tried to) activate the workflow's triggers, e.g. after restart() for a CLI publish:workflow. */
	waitUntilPublished(id: string, timeoutMs?: number): Promise<PublicationStatus>;
	/** Executions of a workflow, newest first. */
	executions(workflowId: string): Promise<ExecutionSummary[]>;
	/** One execution with `data` parsed (IRunExecutionData). */
	execution(id: string): Promise<ExecutionSummary & { data: any; workflowData: any }>;
	/** Waits until the workflow has at least `count` finished executions (not running/new/waiting). */
	waitForExecutions(workflowId: string, count?: number, timeoutMs?: number): Promise<ExecutionSummary[]>;
	/** Creates a credential over REST; returns it with its id. */
	createCredential(seed: CredentialSeed): Promise<{ id: string; name: string; type: string }>;
	/** Runs n8n's credential test (the editor's "Retry"/save test) on a stored credential. */
	testCredential(credential: { id: string; name?: string; type: string; data?: Record<string, unknown> }): Promise<CredentialTestResult>;
	/** Lists credentials visible to the owner. */
	credentials(): Promise<Array<{ id: string; name: string; type: string }>>;
	/** Runs an n8n CLI command with this instance's environment (e.g. ['export:nodes', '--output=x']; ['execute', '--id=ID'] runs a workflow from its Manual Trigger while n8n runs). */
	cli(args: string[]): Promise<CliResult>;
	/** Stops and starts n8n again on the same folder and port (for CLI changes such as publish:workflow). */
	restart(): Promise<void>;
	stop(): Promise<void>;
	/** The n8n log so far. */
	log(): string;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Runs the n8n CLI with an environment; resolves with its output (also appended to the log file). */
export async function runN8nCli(args: string[], env: NodeJS.ProcessEnv, logFile?: string, cwd?: string): Promise<CliResult> {
	return await new Promise((done, reject) => {
		const child = spawn(n8nNode(), [n8nBin(), ...args], { env, cwd: cwd ?? env.N8N_USER_FOLDER, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => {
			if (logFile) writeFileSync(logFile, `\n$ n8n ${args.join(' ')} (exit ${code})\n${stdout}${stderr}`, { flag: 'a' });
			done({ code, stdout, stderr });
		});
	});
}

/** Parses n8n's `flatted` execution data with the flatted copy that ships with n8n. */
function parseFlatted(text: string): unknown {
	const requireFromN8n = createRequire(join(n8nHome(), 'node_modules', 'n8n', 'package.json'));
	const flatted = requireFromN8n('flatted') as { parse(text: string): unknown };
	return flatted.parse(text);
}

function cookieFrom(response: Response): string | undefined {
	for (const header of response.headers.getSetCookie()) {
		const [pair] = header.split(';');
		if (pair.startsWith('n8n-auth=')) return pair;
	}
	return undefined;
}

/** test-artifacts/logs/<name>.log, started afresh with a header line. */
function newLogFile(name: string): string {
	const logsDir = join(ARTIFACTS_DIR, 'logs');
	mkdirSync(logsDir, { recursive: true });
	const logFile = join(logsDir, `${name}.log`);
	writeFileSync(logFile, `# n8n ${N8N_VERSION} for ${name}, ${new Date().toISOString()}\n`);
	return logFile;
}

/** A fresh temporary n8n user folder. */
function newUserFolder(name: string): string {
	return mkdtempSync(join(tmpdir(), `hsqb-e2e-${name.replace(/[^a-z0-9-]/gi, '-')}-`));
}

/**
 * Ends an n8n process started `detached` (its own process group, with its task runner): SIGTERM to the
 * group, SIGKILL after 15 s, and SIGKILL to whatever of the group is left.
 */
async function stopProcessGroup(proc: ChildProcess | undefined, exited: Promise<unknown>): Promise<void> {
	if (!proc || proc.pid === undefined) return;
	const group = -proc.pid;
	const leaderRunning = proc.exitCode === null && proc.signalCode === null;
	try {
		process.kill(group, leaderRunning ? 'SIGTERM' : 'SIGKILL');
	} catch {
		return;
	}
	if (!leaderRunning) return;
	let timer: NodeJS.Timeout | undefined;
	const timedOut = await Promise.race([
		exited.then(() => false),
		new Promise<boolean>((done) => (timer = setTimeout(() => done(true), 15_000))),
	]);
	clearTimeout(timer);
	if (timedOut) {
		try {
			process.kill(group, 'SIGKILL');
		} catch {
			// already gone
		}
		await exited;
	}
	// The task runner is in the same group; make sure nothing of it lingers.
	try {
		process.kill(group, 'SIGKILL');
	} catch {
		// group is empty
	}
}

/** Starts a real n8n with our packed package installed; see StartOptions. */
export async function startN8n(options: StartOptions): Promise<N8nInstance> {
	assertN8nInstalled();
	const owner = options.owner ?? { ...DEFAULT_OWNER };
	const logFile = newLogFile(options.name);
	const userFolder = options.userFolder ?? newUserFolder(options.name);
	const timings: string[] = [];
	let mark = Date.now();
	const lap = (label: string) => {
		timings.push(`${label} ${((Date.now() - mark) / 1000).toFixed(1)}s`);
		mark = Date.now();
	};

	if (options.tarball !== false) {
		const tarball = options.tarball ?? packPackage();
		lap('pack');
		installPackage(tarball, userFolder);
		lap('install');
	}

	const port = options.port ?? (await freePort());
	let brokerPort = await freePort();
	while (brokerPort === port) brokerPort = await freePort();
	let env = n8nEnv(userFolder, port, brokerPort, options.env);
	const url = `http://127.0.0.1:${port}`;

	/** Plain data of the credentials this harness created, by id (n8n's REST redacts it on read). */
	const seeded = new Map<string, CredentialSeed>();
	if (options.credentials?.length) {
		const file = join(userFolder, 'seed-credentials.json');
		const seeds = options.credentials.map((seed, index) => ({ ...seed, id: seed.id ?? `hsqbSeedCred${index}` }));
		for (const seed of seeds) seeded.set(seed.id, seed);
		writeFileSync(file, JSON.stringify(seeds, null, 2));
		const result = await runN8nCli(['import:credentials', `--input=${file}`], env, logFile);
		rmSync(file, { force: true });
		if (result.code !== 0 || !/Successfully imported/.test(result.stdout + result.stderr)) {
			throw new Error(`n8n import:credentials failed (see ${logFile}):\n${result.stdout}${result.stderr}`);
		}
		lap('import:credentials');
	}

	let child: ChildProcess | undefined;
	let exited: Promise<number | null> = Promise.resolve(null);

	const launch = async () => {
		const fd = openSync(logFile, 'a');
		const proc = spawn(n8nNode(), [n8nBin(), 'start'], {
			env,
			cwd: userFolder,
			detached: true, // own process group, so stop() ends the task runner too
			stdio: ['ignore', fd, fd],
		});
		closeSync(fd);
		child = proc;
		exited = new Promise((done) => proc.on('exit', (code) => done(code)));
		let gone = false;
		void exited.then(() => (gone = true));
		const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
		while (Date.now() < deadline) {
			if (gone) throw new Error(`n8n exited during start-up; log ${logFile}:\n${tail(logFile)}`);
			try {
				// n8n 1.x answers readiness once migrated, before its REST routes exist: wait for both.
				const response = await fetch(`${url}/healthz/readiness`);
				if (response.status === 200 && (await fetch(`${url}/rest/settings`)).status === 200) return;
			} catch {
				// not listening yet
			}
			await sleep(250);
		}
		throw new Error(`n8n was not ready within ${options.startTimeoutMs ?? 180_000} ms; log ${logFile}:\n${tail(logFile)}`);
	};

	const stopProcess = async () => {
		const proc = child;
		child = undefined;
		await stopProcessGroup(proc, exited);
	};

	try {
		await launch();
	} catch (error) {
		await stopProcess();
		throw error;
	}
	lap('start');

	let cookie = '';
	const request = async (method: string, path: string, body?: unknown) => {
		const response = await fetch(`${url}${path}`, {
			method,
			headers: {
				...(cookie ? { cookie } : {}),
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				accept: 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const fresh = cookieFrom(response);
		if (fresh) cookie = fresh;
		const text = await response.text();
		let parsed: any = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// not JSON
		}
		return { status: response.status, body: parsed };
	};
	const rest = async <T = any>(method: string, path: string, body?: unknown): Promise<T> => {
		const { status, body: payload } = await request(method, `/rest${path}`, body);
		if (status >= 400) {
			const message = typeof payload === 'object' && payload ? (payload.message ?? JSON.stringify(payload)) : String(payload);
			const error = new Error(`${method} /rest${path} -> HTTP ${status}: ${message}`) as Error & { status: number; body: unknown };
			error.status = status;
			error.body = payload;
			throw error;
		}
		return (payload && typeof payload === 'object' && 'data' in payload ? payload.data : payload) as T;
	};

	const signIn = async () => {
		cookie = '';
		const settings = await rest('GET', '/settings');
		if (settings?.userManagement?.showSetupOnFirstLoad) {
			await rest('POST', '/owner/setup', owner);
		}
		await rest('POST', '/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		if (!cookie) throw new Error('n8n did not set the n8n-auth cookie on login');
	};
	try {
		await signIn();
	} catch (error) {
		await stopProcess();
		throw error;
	}
	lap('owner+login');
	writeFileSync(logFile, `\n# hsqb timings: ${timings.join(', ')}\n`, { flag: 'a' });

	const getWorkflow = async (id: string) => await rest('GET', `/workflows/${id}`);
	/**
	 * n8n 1.x has no publication outbox: activate answers once the triggers are registered (or with
	 * the activation error), and the workflow's `active` flag is its whole publication state.
	 */
	const publicationStatus = async (id: string): Promise<PublicationStatus> => {
		if (N8N_MAJOR >= 2) return await rest('GET', `/workflows/${id}/publication-status`);
		const workflow = await getWorkflow(id);
		return { status: workflow.active ? 'published' : 'not_published', liveVersionId: workflow.active ? workflow.versionId : null, pendingVersionId: null, triggers: [] };
	};
	const activateOnN8n1 = async (id: string, versionId: string): Promise<{ activated: WorkflowRef; publication: PublicationStatus }> => {
		try {
			const activated = await rest('POST', `/workflows/${id}/activate`, { versionId });
			return { activated, publication: await publicationStatus(id) };
		} catch (error) {
			const failed: PublicationStatus = { status: 'failed', liveVersionId: null, pendingVersionId: null, triggers: [{ nodeId: '', status: 'error', errorMessage: (error as Error).message }] };
			return { activated: await getWorkflow(id), publication: failed };
		}
	};
	/** n8n 2.41 publishes through an outbox: activate/deactivate return before the triggers are (de)registered. */
	const waitForPublication = async (id: string, settled: (status: PublicationStatus) => boolean, timeoutMs = 60_000) => {
		const deadline = Date.now() + timeoutMs;
		let status = await publicationStatus(id);
		while (!settled(status)) {
			if (Date.now() > deadline) throw new Error(`Workflow ${id}: publication still "${status.status}" after ${timeoutMs} ms`);
			await sleep(200);
			status = await publicationStatus(id);
		}
		return status;
	};
	const isFinished = (execution: ExecutionSummary) => !['new', 'running', 'waiting', 'unknown'].includes(execution.status);
	const executions = async (workflowId: string): Promise<ExecutionSummary[]> => {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const page = await rest('GET', `/executions?filter=${filter}&limit=100`);
		return (page?.results ?? []) as ExecutionSummary[];
	};

	const instance: N8nInstance = {
		url,
		userFolder,
		logFile,
		owner,
		get cookie() {
			return cookie;
		},
		rest,
		request,
		async importWorkflow(workflow) {
			// Export files carry ids, state and tags of another instance; n8n assigns its own.
			const body: Record<string, unknown> = { settings: { executionOrder: 'v1' }, ...workflow };
			for (const key of ['id', 'active', 'pinData', 'tags', 'versionId', 'shared', 'activeVersionId']) delete body[key];
			// n8n 1.x stores `active` as given and refuses a workflow without it; its REST create keeps a
			// credential reference without id as it is, so link them by name here, as its editor's import does.
			if (N8N_MAJOR < 2) {
				body.active = false;
				const byName = new Map(((await rest('GET', '/credentials')) as Array<{ id: string; name: string; type: string }>).map((credential) => [`${credential.type}:${credential.name}`, credential.id]));
				body.nodes = ((body.nodes ?? []) as Array<Record<string, any>>).map((node) => ({
					...node,
					...(node.credentials && {
						credentials: Object.fromEntries(Object.entries<any>(node.credentials).map(([type, reference]) => [type, { ...reference, id: reference?.id ?? byName.get(`${type}:${reference?.name}`) ?? null }])),
					}),
				}));
			}
			return (await rest('POST', '/workflows', body)) as WorkflowRef;
		},
		getWorkflow,
		async updateWorkflow(id, changes) {
			const current = await getWorkflow(id);
			return await rest('PATCH', `/workflows/${id}`, { versionId: current.versionId, ...changes });
		},
		async activate(id, activateOptions = {}) {
			const current = await getWorkflow(id);
			let activated: WorkflowRef;
			let publication: PublicationStatus;
			if (N8N_MAJOR >= 2) {
				activated = await rest('POST', `/workflows/${id}/activate`, { versionId: current.versionId });
				publication = await waitForPublication(id, (status) => status.status !== 'in_progress' && (status.liveVersionId === current.versionId || ['failed', 'partial'].includes(status.status)), activateOptions.timeoutMs);
			} else {
				({ activated, publication } = await activateOnN8n1(id, current.versionId));
			}
			if (publication.status !== 'published' && activateOptions.throwOnFailure !== false) {
				const reasons = publication.triggers.filter((trigger) => trigger.status !== 'activated').map((trigger) => `${trigger.nodeId}: ${trigger.errorMessage ?? trigger.status}`);
				throw new Error(`Publishing workflow ${id} ended "${publication.status}": ${reasons.join('; ') || 'no trigger activated'}`);
			}
			return { ...activated, publication };
		},
		async deactivate(id, deactivateOptions = {}) {
			const deactivated = await rest('POST', `/workflows/${id}/deactivate`, {});
			const publication = await waitForPublication(id, (status) => status.status === 'not_published', deactivateOptions.timeoutMs);
			return { ...deactivated, publication };
		},
		publicationStatus,
		async waitUntilPublished(id, timeoutMs) {
			return await waitForPublication(id, (status) => ['published', 'partial', 'failed'].includes(status.status), timeoutMs);
		},
		executions,
		async execution(id) {
			const execution = await rest('GET', `/executions/${id}`);
			if (typeof execution?.data === 'string') execution.data = parseFlatted(execution.data);
			return execution;
		},
		async waitForExecutions(workflowId, count = 1, timeoutMs = 60_000) {
			const deadline = Date.now() + timeoutMs;
			let last: ExecutionSummary[] = [];
			while (Date.now() < deadline) {
				last = await executions(workflowId);
				if (last.filter(isFinished).length >= count) return last;
				await sleep(500);
			}
			throw new Error(`Workflow ${workflowId}: ${last.filter(isFinished).length} of ${count} executions finished within ${timeoutMs} ms`);
		},
		async createCredential(seed) {
			const created = await rest('POST', '/credentials', { name: seed.name, type: seed.type, data: seed.data });
			seeded.set(created.id, seed);
			return created;
		},
		async testCredential(credential) {
			let { data, name } = credential;
			data ??= seeded.get(credential.id)?.data;
			name ??= seeded.get(credential.id)?.name;
			if (data === undefined || name === undefined) {
				// GET ...?includeData=true answers oauthTokenData as `true` (redacted), so an OAuth2
				// credential tested this way has no token; pass `data` for those.
				const stored = await rest('GET', `/credentials/${credential.id}?includeData=true`);
				data ??= stored.data;
				name ??= stored.name;
			}
			return await rest('POST', '/credentials/test', { credentials: { id: credential.id, name, type: credential.type, data } });
		},
		async credentials() {
			return await rest('GET', '/credentials');
		},
		async cli(args) {
			// A CLI process that runs workflows (execute) starts its own task broker: give it a port of its own,
			// since the running instance holds N8N_RUNNERS_BROKER_PORT.
			let cliBrokerPort = await freePort();
			while (cliBrokerPort === port || String(cliBrokerPort) === env.N8N_RUNNERS_BROKER_PORT) cliBrokerPort = await freePort();
			return await runN8nCli(args, { ...env, N8N_RUNNERS_BROKER_PORT: String(cliBrokerPort) }, logFile);
		},
		async restart() {
			await stopProcess();
			env = { ...env };
			await launch();
			await signIn();
		},
		async stop() {
			await stopProcess();
			if (!options.keepUserFolder && process.env.HSQB_E2E_KEEP !== '1') {
				rmSync(userFolder, { recursive: true, force: true, maxRetries: 3 });
			}
		},
		log() {
			return readFileSync(logFile, 'utf8');
		},
	};
	return instance;
}

export interface WorkerOptions {
	/** Names the log file (test-artifacts/logs/<name>.log) and the temporary user folder. */
	name: string;
	/** Tarball to install into the worker's own .n8n/nodes (queue mode needs the package on every worker); false installs nothing. */
	tarball: string | false;
	/** The queue-mode environment main and every worker share (EXECUTIONS_MODE, QUEUE_BULL_REDIS_*, DB_*, N8N_ENCRYPTION_KEY). */
	env?: Record<string, string>;
	/** Jobs the worker runs at once (`n8n worker --concurrency`; n8n's default is 10). */
	concurrency?: number;
	keepUserFolder?: boolean;
	startTimeoutMs?: number;
}

/** An `n8n worker` process of queue mode. */
export interface N8nWorker {
	name: string;
	userFolder: string;
	logFile: string;
	pid: number;
	/** The worker server's readiness URL (QUEUE_HEALTH_CHECK_PORT). */
	readinessUrl: string;
	/** Ids of the executions this worker started, from its log ("Worker started execution 12 (job 5)"). */
	startedExecutions(): string[];
	/** Sends a signal to the worker's process group (SIGKILL: a crash, no clean-up) and waits until its leader is gone. */
	kill(signal: NodeJS.Signals): Promise<void>;
	stop(): Promise<void>;
}

/**
 * Starts `n8n worker` with its own user folder (the package installed there), its own task-broker and
 * worker-server ports, and the shared queue-mode environment; waits until its worker server answers
 * /healthz/readiness (connected to the database and to Redis). Start the main instance first: it
 * creates the database schema.
 */
export async function startN8nWorker(options: WorkerOptions): Promise<N8nWorker> {
	assertN8nInstalled();
	const logFile = newLogFile(options.name);
	const userFolder = newUserFolder(options.name);
	if (options.tarball !== false) installPackage(options.tarball, userFolder);
	const [port, brokerPort, healthPort] = await distinctFreePorts(3);
	const env = n8nEnv(userFolder, port, brokerPort, {
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		...options.env,
	});
	const readinessUrl = `http://127.0.0.1:${healthPort}/healthz/readiness`;
	const fd = openSync(logFile, 'a');
	const proc = spawn(n8nNode(), [n8nBin(), 'worker', `--concurrency=${options.concurrency ?? 10}`], { env, cwd: userFolder, detached: true, stdio: ['ignore', fd, fd] });
	closeSync(fd);
	const exited = new Promise<void>((done) => proc.on('exit', () => done()));
	const removeFolder = () => {
		if (!options.keepUserFolder && process.env.HSQB_E2E_KEEP !== '1') rmSync(userFolder, { recursive: true, force: true, maxRetries: 3 });
	};
	const stop = async () => {
		await stopProcessGroup(proc, exited);
		removeFolder();
	};
	const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
	for (;;) {
		if (proc.exitCode !== null || proc.signalCode !== null) {
			removeFolder();
			throw new Error(`n8n worker ${options.name} exited during start-up; log ${logFile}:\n${tail(logFile)}`);
		}
		try {
			if ((await fetch(readinessUrl)).status === 200) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`n8n worker ${options.name} was not ready within ${options.startTimeoutMs ?? 180_000} ms; log ${logFile}:\n${tail(logFile)}`);
		}
		await sleep(250);
	}
	return {
		name: options.name,
		userFolder,
		logFile,
		pid: proc.pid!,
		readinessUrl,
		startedExecutions() {
			return [...readFileSync(logFile, 'utf8').matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]);
		},
		async kill(signal) {
			try {
				process.kill(-proc.pid!, signal);
			} catch {
				return;
			}
			await exited;
		},
		stop,
	};
}

/** `count` free ports, all different. */
export async function distinctFreePorts(count: number): Promise<number[]> {
	const ports = new Set<number>();
	while (ports.size < count) ports.add(await freePort());
	return [...ports];
}

function tail(file: string, lines = 40): string {
	try {
		return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

/** Node types in `n8n export:nodes` output (a JSON array of node descriptions). */
export function readExportedNodeTypes(file: string): string[] {
	const nodes = JSON.parse(readFileSync(file, 'utf8')) as Array<{ name: string }>;
	return nodes.map((node) => node.name);
}

export interface BuiltNodeInfo {
	/** `<package>.<description.name>` */
	type: string;
	displayName: string;
	/** The newest version (what the editor adds). */
	typeVersion: number;
	/** Credential types the node declares. */
	credentials: string[];
	/** The labels the editor shows above each credential selector (displayName; n8n's default otherwise). */
	credentialLabels: Array<string | undefined>;
	/** Parameter names at the top level (e.g. resource, operation). */
	parameters: string[];
}

/** Reads a built node file of ours (dist/...node.js) the way n8n does: its class's description. */
export function builtNodeInfo(distFile: string): BuiltNodeInfo {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const loaded = require(join(REPO_ROOT, distFile)) as Record<string, new () => any>;
	const className = distFile.split('/').pop()!.replace(/\.node\.js$/, '');
	const NodeClass = loaded[className] ?? Object.values(loaded).find((value) => typeof value === 'function');
	if (!NodeClass) throw new Error(`${distFile} exports no node class`);
	const instance = new NodeClass();
	// A versioned node (IVersionedNodeType) has a base description and one description per version.
	const versioned = instance.nodeVersions && instance.currentVersion !== undefined;
	const base = instance.description;
	const description = versioned ? instance.nodeVersions[instance.currentVersion].description : base;
	const name = base?.name ?? description?.name;
	if (!name) throw new Error(`${distFile}: node class has no description.name`);
	const version = versioned ? instance.currentVersion : description.version;
	return {
		type: `${PACKAGE_NAME}.${name}`,
		displayName: base?.displayName ?? description.displayName,
		typeVersion: Array.isArray(version) ? Math.max(...version) : version,
		credentials: (description.credentials ?? []).map((credential: { name: string }) => credential.name),
		credentialLabels: (description.credentials ?? []).map((credential: { displayName?: string }) => credential.displayName),
		parameters: (description.properties ?? []).map((property: { name: string }) => property.name),
	};
}

/** n8n's node type name for a built node file of ours: `<package>.<description.name>`. */
export function nodeTypeNameOf(distFile: string): string {
	return builtNodeInfo(distFile).type;
}

/** n8n's credential type name of a built credential file of ours. */
export function credentialTypeNameOf(distFile: string): string {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const loaded = require(join(REPO_ROOT, distFile)) as Record<string, new () => { name: string }>;
	const className = distFile.split('/').pop()!.replace(/\.credentials\.js$/, '');
	const CredentialClass = loaded[className];
	if (!CredentialClass) throw new Error(`${distFile} does not export ${className}`);
	return new CredentialClass().name;
}
