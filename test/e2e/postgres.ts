/**
 * A throw-away PostgreSQL cluster for n8n's queue mode (n8n refuses SQLite there): Debian's
 * postgresql package (scripts/install-postgres.sh), a fresh cluster made with initdb in a temp folder,
 * started with pg_ctl on a free port of 127.0.0.1, trust authentication, removed again on stop().
 *
 * PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user (created by
 * the Debian package) and every server command runs as that user through runuser.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './n8n';

export interface RunningPostgres {
	host: string;
	port: number;
	user: string;
	database: string;
	dataDir: string;
	/** n8n's settings for this database (DB_TYPE=postgresdb and DB_POSTGRESDB_*). */
	n8nEnv: Record<string, string>;
	stop(): Promise<void>;
}

const INSTALL = 'bash scripts/install-postgres.sh';

/** The newest /usr/lib/postgresql/<version>/bin that has initdb (Debian's layout). */
export function postgresBinDir(): string {
	const root = '/usr/lib/postgresql';
	const versions = existsSync(root) ? readdirSync(root).filter((version) => existsSync(join(root, version, 'bin', 'initdb'))) : [];
	if (!versions.length) throw new Error(`PostgreSQL is not installed (no ${root}/<version>/bin/initdb). Run: ${INSTALL}`);
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
	return join(root, newest, 'bin');
}

/** Who runs the cluster: this user, or `postgres` when this is root. */
function clusterOwner(): { name: string; uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const found = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	const group = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
	if (found.status !== 0 || group.status !== 0) {
		throw new Error(`PostgreSQL does not run as root and there is no "postgres" user to run it. Run: ${INSTALL}`);
	}
	return { name: 'postgres', uid: Number(found.stdout.trim()), gid: Number(group.stdout.trim()) };
}

function run(binDir: string, owner: ReturnType<typeof clusterOwner>, command: string, args: string[]): string {
	const binary = join(binDir, command);
	const [file, fileArgs] = owner ? ['runuser', ['-u', owner.name, '--', binary, ...args]] : [binary, args];
	const result = spawnSync(file, fileArgs, { encoding: 'utf8', cwd: '/', env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}${result.stderr}`);
	return result.stdout;
}

/** Starts a fresh cluster with one database (`n8n`) owned by the superuser `hsqb`. */
export async function startPostgres(options: { name?: string } = {}): Promise<RunningPostgres> {
	const binDir = postgresBinDir();
	const owner = clusterOwner();
	const dataDir = mkdtempSync(join(tmpdir(), `hsqb-postgres-${(options.name ?? 'queue').replace(/[^a-z0-9-]/gi, '-')}-`));
	if (owner) chownSync(dataDir, owner.uid, owner.gid);
	const port = await freePort();
	const user = 'hsqb';
	const database = 'n8n';
	const removeData = () => rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
	try {
		run(binDir, owner, 'initdb', ['-D', join(dataDir, 'data'), '-U', user, '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
		// A throw-away cluster: no durability wanted, so no fsync (faster on a shared CI machine).
		const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dataDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
		run(binDir, owner, 'pg_ctl', ['-D', join(dataDir, 'data'), '-l', join(dataDir, 'server.log'), '-o', serverOptions, '-w', '-t', '60', 'start']);
	} catch (error) {
		removeData();
		throw error;
	}
	const stop = async () => {
		try {
			run(binDir, owner, 'pg_ctl', ['-D', join(dataDir, 'data'), '-m', 'fast', '-w', '-t', '30', 'stop']);
		} catch {
			// already stopped
		}
		removeData();
	};
	try {
		run(binDir, owner, 'createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', user, database]);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		host: '127.0.0.1',
		port,
		user,
		database,
		dataDir,
		n8nEnv: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: user,
			DB_POSTGRESDB_PASSWORD: '',
		},
		stop,
	};
}

