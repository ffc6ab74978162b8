#!/usr/bin/env node
// tests/browser/check.js - opens trygg's HTML reports the way a visitor does, in headless
// Chromium (Debian's /usr/bin/chromium, driven by puppeteer-core), and reports per file:
//   requests FILE N     requests that left the file (anything but file: and data:), blocked
//   axe FILE N          axe-core violations at WCAG 2.1 AA (wcag2a wcag2aa wcag21a wcag21aa)
//   console FILE N      messages the page logged (errors in the page)
// with one "#" line per finding under it, and takes screenshots on request.
//
// usage: node check.js [--chromium PATH] [--screenshot PNG] [--print-pdf PDF] FILE.html...
//   --screenshot writes a full-page screenshot of the first file (1280 px wide) and
//   PNG-narrow.png of it at 390 px (a phone); --print-pdf prints the first file as the
//   browser would (A4, print CSS). Exit 0 when it ran (the caller judges the counts), 2 when
//   the browser could not be started.
'use strict';

const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

function parseArgs(argv) {
	const o = { chromium: null, screenshot: null, printPdf: null, files: [] };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--chromium') o.chromium = argv[++i];
		else if (a === '--screenshot') o.screenshot = argv[++i];
		else if (a === '--print-pdf') o.printPdf = argv[++i];
		else o.files.push(a);
	}
	if (!o.chromium) {
		for (const c of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
			if (fs.existsSync(c)) {
				o.chromium = c;
				break;
			}
		}
	}
	return o;
}

async function checkFile(browser, file, opts, first) {
	const page = await browser.newPage();
	page.setDefaultTimeout(180000); // see the launch timeout below
	await page.setViewport({ width: 1280, height: 900 });
	const external = [];
	const logged = [];
	await page.setRequestInterception(true);
	page.on('request', (req) => {
		const u = req.url();
		if (u.startsWith('file:') || u.startsWith('data:')) {
			req.continue();
		} else {
			external.push(u);
			req.abort();
		}
	});
	page.on('console', (m) => logged.push(`${m.type()}: ${m.text()}`));
	page.on('pageerror', (e) => logged.push(`pageerror: ${e.message}`));
	const url = 'file://' + path.resolve(file);
	await page.goto(url, { waitUntil: 'load' });
	// What the page shows without any script of its own; axe is added only for the check.
	const scripts = await page.evaluate(() => document.scripts.length);
	console.log(`scripts ${file} ${scripts}`);
	console.log(`requests ${file} ${external.length}`);
	for (const u of external) console.log(`#   ${u}`);

	if (first && opts.screenshot) {
		await page.screenshot({ path: opts.screenshot, fullPage: true });
		await page.setViewport({ width: 390, height: 844 });
		await page.screenshot({ path: opts.screenshot.replace(/\.png$/, '') + '-narrow.png', fullPage: true });
		await page.setViewport({ width: 1280, height: 900 });
	}
	if (first && opts.printPdf) {
		await page.pdf({ path: opts.printPdf, preferCSSPageSize: true, printBackground: true });
	}

	await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
	const r = await page.evaluate(async (tags) => {
		// eslint-disable-next-line no-undef
		return await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations', 'incomplete'] });
	}, TAGS);
	let n = 0;
	for (const v of r.violations) n += v.nodes.length;
	console.log(`axe ${file} ${n}`);
	for (const v of r.violations) {
		console.log(`#   ${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s)`);
		for (const nd of v.nodes.slice(0, 3)) console.log(`#     ${nd.target.join(' ')}: ${nd.failureSummary.replace(/\s+/g, ' ')}`);
	}
	console.log(`axe-rules ${file} passed=${r.passes.length} incomplete=${r.incomplete.length} inapplicable=${r.inapplicable.length}`);
	// what axe could not decide alone (for a person to look at; not a failure)
	for (const v of r.incomplete) console.log(`#   needs review: ${v.id} — ${v.nodes.length} element(s): ${v.nodes.slice(0, 2).map((nd) => nd.target.join(' ')).join(', ')}`);
	console.log(`console ${file} ${logged.length}`);
	for (const l of logged) console.log(`#   ${l}`);
	await page.close();
}

async function main() {
	const opts = parseArgs(process.argv.slice(2));
	if (!opts.chromium) {
		console.log('nobrowser: no chromium found (apt-get install chromium)');
		process.exit(2);
	}
	let browser;
	try {
		browser = await puppeteer.launch({
			executablePath: opts.chromium,
			headless: true,
			// root in a container has no user namespaces for the sandbox
			args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
			// a shared 2-core machine under load took over 30 s (puppeteer's default) to
			// start chromium; a slow start is not a failure of the page
			timeout: 180000,
			protocolTimeout: 600000,
		});
	} catch (e) {
		console.log(`nobrowser: ${opts.chromium} did not start: ${e.message.split('\n')[0]}`);
		process.exit(2);
	}
	try {
		let first = true;
		for (const f of opts.files) {
			await checkFile(browser, f, opts, first);
			first = false;
		}
	} finally {
		await browser.close();
	}
}

main().catch((e) => {
	console.log(`error: ${e.stack || e}`);
	process.exit(1);
});
