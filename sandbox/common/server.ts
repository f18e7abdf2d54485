import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a route handler sees: the parsed request. */
export interface SimRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: http.IncomingHttpHeaders;
	/** JSON body when the request sent JSON, the urlencoded form as an object for forms, else the raw text. */
	body: unknown;
	rawBody: string;
}

/** What a route handler returns. `body` is sent as JSON unless it is a Buffer or `contentType` says otherwise. */
export interface SimResponse {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
	contentType?: string;
}

export type RouteHandler = (
	req: SimRequest,
	params: Record<string, string>,
) => SimResponse | Promise<SimResponse>;

interface Route {
	method: string;
	pattern: RegExp;
	keys: string[];
	handler: RouteHandler;
}

/** A tiny router: `/crm/v3/objects/:objectType/:id` style patterns, matched in the order added. */
export class Router {
	private readonly routes: Route[] = [];

	add(method: string, path: string, handler: RouteHandler): this {
		const keys: string[] = [];
		const source = path
			.split('/')
			.map((segment) => {
				if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
				keys.push(segment.slice(1));
				return '([^/]+)';
			})
			.join('/');
		this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}$`, 'i'), keys, handler });
		return this;
	}

	match(method: string, path: string): { handler: RouteHandler; params: Record<string, string> } | undefined {
		for (const route of this.routes) {
			if (route.method !== method.toUpperCase()) continue;
			const found = route.pattern.exec(path);
			if (!found) continue;
			const params: Record<string, string> = {};
			route.keys.forEach((key, index) => (params[key] = decodeURIComponent(found[index + 1])));
			return { handler: route.handler, params };
		}
		return undefined;
	}
}

/** One line of the request log, kept so tests can assert the exact calls a node made. */
export interface RequestLogEntry {
	seq: number;
	at: number;
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	status: number;
	/** 'reset' when a fault closed the connection instead of answering; 'hung' when a fault never answered. */
	outcome: 'answered' | 'reset' | 'hung';
}

/**
 * A fault the next matching calls get instead of (or on top of) normal handling.
 * - `status` (+ `body`, `headers`): answer this instead of running the handler.
 * - `resetAfterCommit`: run the handler (the write is committed), then destroy the socket unanswered.
 * - `statusAfterCommit` (+ `body`): run the handler (the write is committed), then answer this status
 *   instead, as a gateway does when its upstream finished after the gateway gave up (502/504).
 * - `latencyMs`: delay the answer.
 * - `hang`: never answer (the connection stays open until the client gives up or the server closes);
 *   'before' does not run the handler, 'after-commit' runs it (the write is committed) and stays silent.
 */
export interface FaultRule {
	method?: string;
	/** Regular expression source matched against the path. */
	path: string;
	count: number;
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	resetAfterCommit?: boolean;
	statusAfterCommit?: number;
	latencyMs?: number;
	hang?: 'before' | 'after-commit';
}

export interface SimServerOptions {
	/** Added latency for every call, chosen uniformly in [min, max] ms (0 by default). */
	latencyMs?: [number, number];
	/** Control routes under /__sandbox/ (reset, seed, state, ...), besides the built-in log and faults. */
	control?: Router;
	/** Headers added to every answer, injected faults included (e.g. QBO's intuit_tid); an answer's own headers win. */
	responseHeaders?: () => Record<string, string>;
	/** The answer for a path no route matches, in the simulated API's own error shape (default: a plain 404). */
	notFound?: (req: SimRequest) => SimResponse;
}

/** The HTTP shell both simulators share: routing, request log, fault injection, latency, control endpoints. */
export class SimServer {
	readonly requestLog: RequestLogEntry[] = [];
	faults: FaultRule[] = [];
	latencyMs: [number, number];
	url = '';
	private server?: http.Server;
	private seq = 0;
	private readonly sockets = new Set<import('node:net').Socket>();

	constructor(
		readonly name: string,
		private readonly router: Router,
		private readonly options: SimServerOptions = {},
	) {
		this.latencyMs = options.latencyMs ?? [0, 0];
	}

	injectFault(rule: FaultRule): void {
		this.faults.push({ ...rule });
	}

	clearLog(): void {
		this.requestLog.length = 0;
	}

	/** Calls in the log whose path matches, optionally of one method. */
	calls(pathPattern?: RegExp, method?: string): RequestLogEntry[] {
		return this.requestLog.filter(
			(entry) => (!pathPattern || pathPattern.test(entry.path)) && (!method || entry.method === method.toUpperCase()),
		);
	}

	async start(port = 0, host = '127.0.0.1'): Promise<string> {
		this.server = http.createServer((req, res) => void this.handle(req, res));
		this.server.keepAliveTimeout = 1000;
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
		const address = this.server.address() as AddressInfo;
		this.url = `http://${host}:${address.port}`;
		return this.url;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	private takeFault(method: string, path: string): FaultRule | undefined {
		const index = this.faults.findIndex(
			(rule) => rule.count > 0 && (!rule.method || rule.method.toUpperCase() === method) && new RegExp(rule.path).test(path),
		);
		if (index < 0) return undefined;
		const rule = this.faults[index];
		rule.count -= 1;
		if (rule.count <= 0) this.faults.splice(index, 1);
		return rule;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks).toString('utf8');
		const parsedUrl = new URL(req.url ?? '/', 'http://sandbox');
		const method = (req.method ?? 'GET').toUpperCase();
		const path = parsedUrl.pathname;
		const request: SimRequest = {
			method,
			path,
			query: parsedUrl.searchParams,
			headers: req.headers,
			body: parseBody(rawBody, req.headers['content-type']),
			rawBody,
		};

		if (path.startsWith('/__sandbox/')) {
			const response = await this.handleControl(request);
			return this.reply(res, response);
		}

		const entry: RequestLogEntry = {
			seq: ++this.seq,
			at: Date.now(),
			method,
			path,
			query: Object.fromEntries(parsedUrl.searchParams),
			body: request.body,
			status: 0,
			outcome: 'answered',
		};
		this.requestLog.push(entry);

		const fault = this.takeFault(method, path);
		const [min, max] = this.latencyMs;
		const delay = (fault?.latencyMs ?? 0) + (max > 0 ? min + Math.random() * (max - min) : 0);
		if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

		if (fault?.hang === 'before') {
			entry.outcome = 'hung';
			return;
		}
		if (fault?.status) {
			entry.status = fault.status;
			return this.reply(res, { status: fault.status, body: fault.body ?? {}, headers: fault.headers });
		}

		let response: SimResponse;
		const route = this.router.match(method, path);
		try {
			response = route
				? await route.handler(request, route.params)
				: (this.options.notFound?.(request) ?? { status: 404, body: { message: `No route ${method} ${path}` } });
		} catch (error) {
			response = { status: 500, body: { message: `Simulator error: ${(error as Error).message}` } };
		}
		entry.status = response.status;
		if (fault?.hang === 'after-commit') {
			entry.outcome = 'hung';
			return;
		}
		if (fault?.statusAfterCommit) {
			entry.status = fault.statusAfterCommit;
			return this.reply(res, { status: fault.statusAfterCommit, body: fault.body ?? { message: 'Gateway Timeout' } });
		}
		if (fault?.resetAfterCommit) {
			entry.outcome = 'reset';
			req.socket.destroy();
			return;
		}
		this.reply(res, response);
	}

	private reply(res: http.ServerResponse, response: SimResponse): void {
		const extra = this.options.responseHeaders?.();
		send(res, extra ? { ...response, headers: { ...extra, ...(response.headers ?? {}) } } : response);
	}

	private async handleControl(req: SimRequest): Promise<SimResponse> {
		const sub = req.path.slice('/__sandbox'.length);
		if (sub === '/log' && req.method === 'GET') return { status: 200, body: this.requestLog };
		if (sub === '/log' && req.method === 'DELETE') {
			this.clearLog();
			return { status: 204 };
		}
		if (sub === '/faults' && req.method === 'POST') {
			const rules = Array.isArray(req.body) ? req.body : [req.body];
			for (const rule of rules as FaultRule[]) this.injectFault(rule);
			return { status: 200, body: { faults: this.faults } };
		}
		if (sub === '/faults' && req.method === 'DELETE') {
			this.faults = [];
			return { status: 204 };
		}
		if (sub === '/latency' && req.method === 'POST') {
			const { min, max } = req.body as { min: number; max: number };
			this.latencyMs = [min, max];
			return { status: 200, body: { latencyMs: this.latencyMs } };
		}
		const route = this.options.control?.match(req.method, sub);
		if (!route) return { status: 404, body: { message: `No control route ${req.method} ${sub}` } };
		return route.handler(req, route.params);
	}
}

function parseBody(raw: string, contentType: string | undefined): unknown {
	if (!raw) return undefined;
	const type = (contentType ?? '').toLowerCase();
	if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
	if (type.includes('json') || raw.startsWith('{') || raw.startsWith('[')) {
		try {
			return JSON.parse(raw);
		} catch {
			return raw;
		}
	}
	return raw;
}

function send(res: http.ServerResponse, response: SimResponse): void {
	const headers: Record<string, string> = { ...(response.headers ?? {}) };
	let payload: Buffer | string = '';
	if (Buffer.isBuffer(response.body)) {
		payload = response.body;
		headers['content-type'] ??= response.contentType ?? 'application/octet-stream';
	} else if (typeof response.body === 'string' && response.contentType) {
		payload = response.body;
		headers['content-type'] ??= response.contentType;
	} else if (response.body !== undefined && response.status !== 204) {
		payload = JSON.stringify(response.body);
		headers['content-type'] ??= 'application/json;charset=UTF-8';
	}
	res.writeHead(response.status, headers);
	res.end(payload);
}
