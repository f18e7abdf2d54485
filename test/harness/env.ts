// Runs before n8n-core loads in every jest worker: n8n-core's InstanceSettings writes its config
// under N8N_USER_FOLDER, so each worker gets a private temporary folder and a fixed key.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'hsqb-n8n-'));
process.env.N8N_ENCRYPTION_KEY ??= 'hsqb-test-encryption-key';
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
process.env.TZ = 'UTC';
