#!/usr/bin/env node
// How long the web app takes to show a big board and a long list, in a real Chromium on this machine: from the start
// of the navigation to the cards (rows) being on the screen. Not a test and not part of `./mvnw verify`: run it
// against a running platform (deploy/all-in-one/run) with `npm run bench -- [options]`. See web/README.md.
//
// It seeds through the API as an admin, with the token the app itself got by signing in through the issuer's form:
// a pipeline with 5 open stages holding 100 deals each (500 cards), and 100 contacts sharing a unique last name.
import { chromium } from 'playwright-core';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    gateway: { type: 'string', default: process.env.PULSE_GATEWAY_URL ?? 'http://127.0.0.1:8080' },
    user: { type: 'string', default: 'alex' },
    password: { type: 'string' },
    runs: { type: 'string', default: '7' },
    deals: { type: 'string', default: '500' },
    contacts: { type: 'string', default: '100' },
    chromium: { type: 'string', default: process.env.PULSE_CHROMIUM ?? '/usr/bin/chromium' },
    only: { type: 'string' },
    pipeline: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (options.help) {
  console.log(`npm run bench -- [--gateway ${options.gateway}] [--user alex] [--password <user id>] [--runs 7]
                  [--deals 500] [--contacts 100] [--only board|contacts] [--chromium /usr/bin/chromium]
                  [--pipeline <id of a pipeline seeded before>]`);
  process.exit(0);
}
const gateway = options.gateway.replace(/\/$/, '');
const runs = Number(options.runs);
const stages = 5;
const dealCount = Number(options.deals);
const contactCount = Number(options.contacts);

const browser = await chromium.launch({
  executablePath: options.chromium,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
try {
  const session = await signIn(browser, options.user, options.password ?? options.user);
  const results = [];
  if (options.only !== 'contacts') {
    const pipeline = options.pipeline ?? await seedBoard(session);
    results.push(...await measure(browser, session, `board, ${dealCount} cards: first cards of every column`,
      `/deals?pipeline=${pipeline}`, boardShown(stages)));
    results.push(...await measure(browser, session, `board, ${dealCount} cards: all cards loaded (columns scrolled)`,
      `/deals?pipeline=${pipeline}`, allCards(dealCount)));
  }
  if (options.only !== 'board') {
    const lastName = await seedContacts(session);
    results.push(...await measure(browser, session, `contact list, ${contactCount} rows`,
      `/contacts?q=${encodeURIComponent(lastName)}`, rows(contactCount)));
  }
  console.log(`\nChromium ${browser.version()}, ${runs} runs each, ms from navigation start (cold: new browser context; warm: same context, assets cached)`);
  console.log('scenario'.padEnd(66) + 'median'.padStart(8) + 'p90'.padStart(8) + 'min'.padStart(8) + 'max'.padStart(8));
  for (const { name, times } of results) {
    console.log(name.padEnd(66) + [percentile(times, 50), percentile(times, 90), Math.min(...times), Math.max(...times)]
      .map((ms) => String(Math.round(ms)).padStart(8)).join(''));
  }
} finally {
  await browser.close();
}

/** Signs in through the issuer's login form as the app does; returns the browser state and the app's access token. */
async function signIn(browser, user, password) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${gateway}/`);
  await page.locator('input[name=username]').fill(user);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit], input[type=submit]').first().click();
  await page.waitForSelector('main#main');
  const token = await page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith('oidc.user:')) return JSON.parse(localStorage.getItem(key)).access_token;
    }
    return undefined;
  });
  if (!token) throw new Error('signed in, but the app keeps no token in localStorage');
  const state = await context.storageState();
  await context.close();
  return { state, token };
}

async function api(session, method, path, body) {
  const response = await fetch(gateway + path, {
    method,
    headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Runs `tasks` with at most `width` at once (the services are on the same two cores as everything else). */
async function inParallel(tasks, width = 8) {
  const results = [];
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  }));
  return results;
}

async function seedBoard(session) {
  const started = Date.now();
  const pipeline = await api(session, 'POST', '/api/pipelines', {
    name: `Bench board ${new Date().toISOString()}`,
    lostReasons: ['Price'],
    stages: [
      ...Array.from({ length: stages }, (_, i) => ({ name: `Stage ${i + 1}`, probability: 10 + i * 15 })),
      { name: 'Won', kind: 'won' }, { name: 'Lost', kind: 'lost' },
    ],
  });
  const open = pipeline.stages.filter((stage) => stage.kind === 'open');
  await inParallel(Array.from({ length: dealCount }, (_, i) => () => api(session, 'POST', '/api/deals', {
    title: `Bench deal ${i + 1}`,
    pipelineId: pipeline.id,
    stageId: open[i % open.length].id,
    amount: 1000 + (i % 97) * 125.5,
    currency: i % 5 === 0 ? 'USD' : 'EUR',
    expectedCloseDate: new Date(Date.now() + (i % 60) * 86_400_000).toISOString().slice(0, 10),
  })));
  // the board's figures follow the deal events: wait until they count every deal
  for (;;) {
    const board = await api(session, 'GET', `/api/deals/board?pipelineId=${pipeline.id}`);
    if (board.stages.reduce((sum, stage) => sum + stage.count, 0) === dealCount) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(`seeded ${dealCount} deals in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return pipeline.id;
}

async function seedContacts(session) {
  const started = Date.now();
  const lastName = `Benchmark${Date.now().toString(36)}`;
  await inParallel(Array.from({ length: contactCount }, (_, i) => () => api(session, 'POST', '/api/contacts?allowDuplicate=true', {
    firstName: `Person${String(i + 1).padStart(3, '0')}`,
    lastName,
    email: `person${i + 1}.${lastName.toLowerCase()}@bench.example`,
  })));
  // search follows the writes: wait until it finds them all
  for (let cursor, found = 0; ; found = 0, cursor = undefined) {
    do {
      const page = await api(session, 'GET', `/api/contacts?q=${lastName}&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      found += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    if (found >= contactCount) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.log(`seeded ${contactCount} contacts in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return lastName;
}

/** Every column shows its count and its first cards. (Conditions run in the page: they answer its clock when they hold.) */
function boardShown(columns) {
  return {
    done: (count) => {
      const sections = document.querySelectorAll('section[data-stage-id]');
      const shown = sections.length >= count && [...sections].every((s) => s.querySelector('li[data-deal-id]'));
      return shown ? performance.now() : false;
    },
    arg: columns,
  };
}

/** Every card of the board is loaded: the page's "show more" buttons are pressed as soon as they appear. */
function allCards(total) {
  return {
    done: (count) => {
      document.querySelectorAll('section[data-stage-id] > button').forEach((button) => {
        if (!button.disabled && button.getAttribute('aria-busy') !== 'true') button.click();
      });
      return document.querySelectorAll('li[data-deal-id]').length >= count ? performance.now() : false;
    },
    arg: total,
  };
}

/** The list shows this many rows; a "load more" button is pressed as a person would. */
function rows(total) {
  return {
    done: (count) => {
      const shown = document.querySelectorAll('main table tbody tr').length;
      if (shown > 0 && shown < count) {
        const more = [...document.querySelectorAll('main button')].find((b) => /more|ещё/i.test(b.textContent ?? ''));
        if (more && !more.disabled && more.getAttribute('aria-busy') !== 'true') more.click();
      }
      return shown >= count ? performance.now() : false;
    },
    arg: total,
  };
}

async function measure(browser, session, name, path, condition) {
  const wait = async (page) => {
    await page.goto(gateway + path, { waitUntil: 'commit' });
    // each condition answers the page's clock when it holds (the app's strict CSP allows no eval of our own)
    const handle = await page.waitForFunction(condition.done, condition.arg, { polling: 'raf', timeout: 60_000 });
    return handle.jsonValue();
  };
  const cold = [];
  const warm = [];
  // one run first to warm the services' caches and the JIT, not counted
  {
    const context = await browser.newContext({ storageState: session.state });
    await wait(await context.newPage());
    await context.close();
  }
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ storageState: session.state });
    const page = await context.newPage();
    cold.push(await wait(page));
    warm.push(await wait(page));
    await context.close();
  }
  return [{ name: `${name} (cold)`, times: cold }, { name: `${name} (warm)`, times: warm }];
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
}
