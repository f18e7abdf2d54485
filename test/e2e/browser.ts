/**
 * The n8n editor in a real browser: Debian's chromium (`/usr/bin/chromium`, apt packages
 * chromium + chromium-driver, installed by scripts/install-n8n.sh) driven by playwright-core.
 * Never `npx playwright install`: the machine has no internet for browser downloads.
 *
 * Logs in through the sign-in form, opens workflows, takes screenshots into
 * test-artifacts/screenshots/, reports what the canvas shows for each node (its icon, and whether
 * n8n marks it as an unknown / not installed node), and opens a node to read its Resource options.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

import { ARTIFACTS_DIR, type N8nInstance } from './n8n';

export const CHROMIUM_PATH = process.env.HSQB_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS_DIR = join(ARTIFACTS_DIR, 'screenshots');
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-dev-shm-usage',
];

/** The texts n8n's editor shows for a node whose type is not installed / unknown. */
export const UNKNOWN_NODE_TEXTS = [
	'Install this node',
	'This node is not currently installed',
	'is not valid as its type',
	'node is not currently installed',
	'Unknown node',
];

export interface CanvasNode {
	name: string;
	/** Node type as the canvas DOM reports it (data-node-type), when present. */
	type?: string;
	/** The node's icon is an image (svg/png from the package) rather than a fallback. */
	hasIconImage: boolean;
	/** The icon's URL, when it is an image. */
	iconSrc?: string;
	/** n8n flags the node as not installed / unknown type (`node-not-installed` badge, "?" icon). */
	unknown: boolean;
	/** The node shows n8n's issues marker (missing credentials or required parameters). */
	hasIssues: boolean;
}

export interface CanvasReport {
	screenshot: string;
	nodes: CanvasNode[];
	/** Nodes n8n shows as not installed, plus any "Install this node"-style text on the page. */
	unknownNodeWarnings: string[];
	/** How many nodes show n8n's issues marker. */
	nodeIssues: number;
}

export interface EditorSession {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	/** Opens /workflow/:id, waits for the canvas, screenshots it, and reports on its nodes. */
	openWorkflow(id: string, screenshotName: string): Promise<CanvasReport>;
	/** Double-clicks a canvas node, reads the Resource dropdown's options, screenshots, and closes the panel. */
	openNode(nodeName: string, screenshotName: string, parameterLabel?: string): Promise<{ options: string[]; screenshot: string; text: string }>;
	screenshot(name: string): Promise<string>;
	close(): Promise<void>;
}

export function chromiumAvailable(): boolean {
	return existsSync(CHROMIUM_PATH);
}

/** Launches chromium, signs in as the instance's owner through the sign-in form. */
export async function openEditor(n8n: N8nInstance, options: { width?: number; height?: number } = {}): Promise<EditorSession> {
	if (!chromiumAvailable()) throw new Error(`${CHROMIUM_PATH} is missing. Run: bash scripts/install-n8n.sh (apt-get install chromium chromium-driver)`);
	mkdirSync(SCREENSHOTS_DIR, { recursive: true });
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
	const context = await browser.newContext({ viewport: { width: options.width ?? 1440, height: options.height ?? 900 }, deviceScaleFactor: 1 });
	context.setDefaultTimeout(30_000);
	const page = await context.newPage();

	const screenshot = async (name: string) => {
		const file = join(SCREENSHOTS_DIR, `${name.replace(/[^a-z0-9._-]/gi, '-')}.png`);
		await page.screenshot({ path: file });
		return file;
	};

	try {
		await page.goto(`${n8n.url}/signin`);
		const form = page.locator('[data-test-id="auth-form"], [data-test-id="signin-form"]').first();
		await form.waitFor();
		await page.locator('[data-test-id="emailOrLdapLoginId"] input').fill(n8n.owner.email);
		await page.locator('[data-test-id="password"] input').fill(n8n.owner.password);
		await page.getByRole('button', { name: /sign in/i }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: 30_000 });
	} catch (error) {
		await screenshot('signin-failed').catch(() => undefined);
		await browser.close();
		throw error;
	}

	const dismissOverlays = async () => {
		// Onboarding / what's-new modals and toasts that may cover the canvas.
		for (const selector of ['[data-test-id="modal-close-button"]', '.el-dialog__headerbtn', '.el-notification__closeBtn']) {
			const buttons = page.locator(selector);
			const count = await buttons.count();
			for (let index = 0; index < count; index++) await buttons.nth(index).click({ timeout: 2000 }).catch(() => undefined);
		}
		await page.keyboard.press('Escape').catch(() => undefined);
	};

	const session: EditorSession = {
		browser,
		context,
		page,
		screenshot,
		async openWorkflow(id, screenshotName) {
			await page.goto(`${n8n.url}/workflow/${id}`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
			await page.waitForLoadState('networkidle').catch(() => undefined);
			await dismissOverlays();
			// Fit the whole workflow in view (keyboard shortcut "1" = zoom to fit).
			await page.locator('[data-test-id="canvas-wrapper"], .vue-flow').first().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
			await page.keyboard.press('1').catch(() => undefined);
			await page.waitForTimeout(800);
			const nodes = await page.$$eval('[data-test-id="canvas-node"]', (elements) =>
				elements.map((element) => {
					const image = element.querySelector('img');
					return {
						name: element.getAttribute('data-node-name') ?? '',
						type: element.getAttribute('data-node-type') ?? undefined,
						hasIconImage: !!image,
						iconSrc: image?.getAttribute('src') ?? undefined,
						// n8n 2.41 marks a node whose type is not installed with this badge (and a "?" icon).
						unknown: !!element.querySelector('[data-test-id="node-not-installed"]'),
						hasIssues: !!element.querySelector('[data-test-id="node-issues"]'),
					};
				}),
			);
			const bodyText = await page.locator('body').innerText();
			const unknownNodeWarnings = [
				...nodes.filter((node) => node.unknown).map((node) => `${node.name} (${node.type}): not installed`),
				...UNKNOWN_NODE_TEXTS.filter((needle) => bodyText.includes(needle)),
			];
			const nodeIssues = nodes.filter((node) => node.hasIssues).length;
			const file = await screenshot(screenshotName);
			return { screenshot: file, nodes, unknownNodeWarnings, nodeIssues };
		},
		async openNode(nodeName, screenshotName, parameterLabel = 'Resource') {
			const node = page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).first();
			await node.dblclick();
			const ndv = page.locator('[data-test-id="ndv"], [data-test-id="node-parameters"]').first();
			await ndv.waitFor({ timeout: 30_000 });
			await page.waitForTimeout(500);
			let options: string[] = [];
			const parameter = page.locator(`[data-test-id="parameter-input-${parameterLabel.toLowerCase()}"]`).first();
			if (await parameter.count()) {
				await parameter.click();
				const list = page.locator('.el-select-dropdown:visible .el-select-dropdown__item, [role="listbox"]:visible [role="option"]');
				await list.first().waitFor({ timeout: 10_000 }).catch(() => undefined);
				options = (await list.allInnerTexts()).map((text) => text.split('\n')[0].trim()).filter(Boolean);
			}
			const file = await screenshot(screenshotName);
			const text = await ndv.innerText().catch(() => '');
			await page.keyboard.press('Escape');
			await page.keyboard.press('Escape');
			return { options, screenshot: file, text };
		},
		async close() {
			await browser.close();
		},
	};
	return session;
}
