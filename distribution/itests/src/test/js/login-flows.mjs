#!/usr/bin/env node
// Login flows through Gatehouse's real login pages in a real browser (Debian's Chromium through
// playwright-core): every login starts at the authorization endpoint (code flow with PKCE S256),
// goes through the pages and ends at the application's redirect URI, whose code is redeemed at the
// token endpoint; the ID token's acr/amr are reported.
//
//   node login-flows.mjs SCENARIO [SCENARIO...]      (or GH_SCENARIOS=a,b)
//
// Scenarios: totp, email-otp, passkey, passkey-added, passkey-primary-button, passkey-retry, backup-codes, alternatives, lockout
// (see `scenarios` below).
// Prints one JSON line per scenario on stdout: {"scenario":..,"ok":true|false,"details"|"error":..}
// and exits 1 when any scenario failed (2 for a usage or environment error). Diagnostics go to stderr.
// Every response of the server is watched: a 5xx or a stack trace in a page fails the scenario.
//
// Environment:
//   GH_ISSUER              the server as http://127.0.0.1:PORT (token endpoint, management API)
//   GH_BROWSER_BASE        the server as the browser sees it, http://localhost:PORT (its public base URL:
//                          WebAuthn needs a secure context and a domain as relying party id)
//   GH_OTHER_ORIGIN_BASE   the same server under another origin (http://127.0.0.1:PORT), for the passkey
//                          that must not work there
//   GH_TOKEN_ENDPOINT      token endpoint (default GH_ISSUER/oauth2/token)
//   GH_CLIENT_ID           public client (PKCE, token_endpoint_auth_method none) whose login flow the
//                          scenario expects; redirect_uri http://127.0.0.1:GH_CALLBACK_PORT/cb
//   GH_PASSWORDLESS_CLIENT_ID   passkey: a client with the flow [{"options":["passkey","password"]}]
//   GH_CALLBACK_PORT       port of the local callback server
//   GH_USERNAME, GH_PASSWORD   the end-user; GH_EMAIL their address (email-otp, alternatives)
//   GH_MAIL_URL            GET ?to=ADDRESS answers the one-time code of the newest email to ADDRESS (the
//                          Java test reads it from GreenMail)
//   GH_USER_ID, GH_ADMIN_AUTHORIZATION   lockout: the user's id and the administrator's Authorization header
//   GH_CHROMIUM            browser executable (default /usr/bin/chromium; never downloaded)
//   GH_TIMEOUT_MS          per-scenario budget (default 120000); every single wait is bounded too
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';

const env = process.env;
const TIMEOUT = Number(env.GH_TIMEOUT_MS || 120000);
const STEP = Math.min(15000, TIMEOUT);
const CHROMIUM = env.GH_CHROMIUM || '/usr/bin/chromium';
const log = (...a) => console.error('[login-flows]', ...a);
/** What a leaked Java stack trace looks like in a page (as OidcFixture.STACK_TRACE). */
const STACK_TRACE = /\bat [a-z][\w$]*(\.[\w$]+)+\([\w$]+\.java:\d+\)|Exception:|\.java:\d+/;

class Fail extends Error {}
const check = (cond, msg) => { if (!cond) throw new Fail(msg); };
const required = (name) => { if (!env[name]) throw new Fail(`environment variable ${name} is required`); return env[name]; };
const b64url = (buf) => Buffer.from(buf).toString('base64url');
const sha256 = (data) => crypto.createHash('sha256').update(data).digest();

const withTimeout = (promise, ms, what) => {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Fail(`timed out after ${ms} ms: ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
};

// ---- the local callback server (redirect_uri) ------------------------------------------------------

function callbackServer(port) {
  const waiters = [];
  const received = [];
  const server = http.createServer((req, res) => {
    received.push(new URL(req.url, `http://127.0.0.1:${port}`));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><title>callback</title><p id="callback">received</p>');
    for (const w of waiters.splice(0)) w.check();
  });
  return {
    listen: () => new Promise((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', resolve); }),
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
    redirect: `http://127.0.0.1:${port}/cb`,
    /** The next request to pathname after `since` earlier requests. */
    next(pathname, since) {
      return new Promise((resolve) => {
        const w = {
          check() {
            const hit = received.slice(since).find((u) => u.pathname === pathname);
            if (hit) resolve(hit); else waiters.push(w);
          },
        };
        w.check();
      });
    },
    count: () => received.length,
  };
}

let cb;
async function callbacks() {
  if (!cb) {
    cb = callbackServer(Number(required('GH_CALLBACK_PORT')));
    await cb.listen();
  }
  return cb;
}

// ---- the browser -------------------------------------------------------------------------------------

let browser;
async function getBrowser() {
  if (!browser) {
    check(fs.existsSync(CHROMIUM), `no browser at ${CHROMIUM} (apt-get install chromium); nothing is ever downloaded`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: STEP,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
  }
  return browser;
}

const serverPort = () => new URL(required('GH_BROWSER_BASE')).port;
/** Every session of a scenario, so that its problems can be collected at the end. */
let sessions = [];

/**
 * A browser context of its own (its own cookies: no SSO session) with one page, at `base`. Every
 * response of the server is recorded; a 5xx, or a stack trace in a page, is a problem.
 */
async function session(base) {
  const context = await (await getBrowser()).newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(STEP);
  const s = { context, page, base, problems: [], consoleErrors: [], pending: [] };
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.port !== serverPort()) return;
    const what = `${r.status()} ${r.request().method()} ${url.origin}${url.pathname}`;
    if (r.status() >= 500) s.problems.push(what);
    if (r.status() >= 400) log(`answered ${what}`);
    if (r.request().resourceType() === 'document' && (r.status() < 300 || r.status() >= 400)) {
      s.pending.push(r.text().then((text) => {
        if (STACK_TRACE.test(text)) s.problems.push(`a stack trace in ${what}: ${text.match(STACK_TRACE)[0]}`);
      }, () => {}));
    }
  });
  page.on('console', (m) => { if (m.type() === 'error') s.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => s.consoleErrors.push(`page error: ${e.message}`));
  sessions.push(s);
  return s;
}

async function summary(s) {
  const problems = s.consoleErrors.length ? ` browser console: ${JSON.stringify(s.consoleErrors.slice(-5))}` : '';
  try {
    const text = (await s.page.locator('body').innerText({ timeout: 2000 })).replace(/\s+/g, ' ').slice(0, 600);
    return `${s.page.url()} [${text}]${problems}`;
  } catch {
    return s.page.url() + problems;
  }
}

const shown = (s, sel) => s.page.locator(sel).filter({ visible: true }).first();
const isShown = async (s, sel) => (await s.page.locator(sel).filter({ visible: true }).count()) > 0;
const isThere = async (s, sel) => (await s.page.locator(sel).count()) > 0;

async function expectShown(s, sel, what) {
  const ok = await shown(s, sel).waitFor({ state: 'visible', timeout: STEP }).then(() => true, () => false);
  if (!ok) throw new Fail(`${what}: no ${sel} on ${await summary(s)}`);
}

async function textOf(s, sel) {
  return (await s.page.locator(sel).first().innerText({ timeout: STEP })).replace(/\s+/g, ' ').trim();
}

/** Clicks and waits for the page that follows (after redirects); returns its response. */
async function clickAndWait(s, sel, what) {
  const [response] = await Promise.all([
    s.page.waitForNavigation({ timeout: STEP, waitUntil: 'domcontentloaded' }).catch(() => null),
    shown(s, sel).click({ timeout: STEP }),
  ]);
  if (!response) throw new Fail(`${what}: no new page within ${STEP} ms after clicking ${sel} on ${await summary(s)}`);
  return response;
}

/** Runs fn (which makes the page submit itself) and waits for the page that follows. */
async function submitAndWait(s, fn, what) {
  const [response] = await Promise.all([
    s.page.waitForNavigation({ timeout: STEP, waitUntil: 'domcontentloaded' }).catch(() => null),
    fn(),
  ]);
  if (!response) throw new Fail(`${what}: no new page within ${STEP} ms on ${await summary(s)}`);
  return response;
}

/** The prompt text of a login page. */
const promptOf = (s) => textOf(s, '#prompt');

/** A page that must show the form again with an error (HTTP 200): returns the error text. */
async function expectError(s, response, what) {
  check(response.status() === 200, `${what}: HTTP ${response.status()} on ${await summary(s)}`);
  await expectShown(s, '#error', what);
  check(await isThere(s, '#login-form'), `${what}: the form is not shown again on ${await summary(s)}`);
  return textOf(s, '#error');
}

// ---- the authorization request and the token endpoint ---------------------------------------------

/** Sends the browser to the authorization endpoint (code, PKCE S256, state, nonce); returns what the redemption needs. */
async function authorize(s, { clientId = required('GH_CLIENT_ID'), base = s.base, loginOrigin, scope = 'openid profile', extra = {} } = {}) {
  const callback = await callbacks();
  const verifier = b64url(crypto.randomBytes(32));
  const state = b64url(crypto.randomBytes(16));
  const nonce = b64url(crypto.randomBytes(16));
  const url = new URL('/oauth2/authorize', base);
  url.search = new URLSearchParams({
    client_id: clientId, response_type: 'code', redirect_uri: callback.redirect, scope, state, nonce,
    code_challenge: b64url(sha256(verifier)), code_challenge_method: 'S256', ...extra,
  }).toString();
  const arrived = callback.next('/cb', callback.count());
  const response = await s.page.goto(url.href, { timeout: STEP, waitUntil: 'domcontentloaded' }).catch((e) => e);
  if (response instanceof Error) throw new Fail(`navigating to ${url.href}: ${response.message}`);
  check(response && response.status() === 200, `${url.href} answered ${response?.status()}: ${await summary(s)}`);
  check(new URL(s.page.url()).pathname === '/login', `the authorization request did not lead to the login page: ${await summary(s)}`);
  const at = new URL(s.page.url());
  if (loginOrigin && at.origin !== loginOrigin) {
    // the authorization endpoint sends the browser to the login page at the public base URL: the same page at another origin
    const moved = await s.page.goto(`${loginOrigin}${at.pathname}${at.search}`, { timeout: STEP, waitUntil: 'domcontentloaded' }).catch((e) => e);
    if (moved instanceof Error) throw new Fail(`opening the login page at ${loginOrigin}: ${moved.message}`);
    check(moved && moved.status() === 200, `the login page at ${loginOrigin} answered ${moved?.status()}: ${await summary(s)}`);
  }
  return { clientId, verifier, state, nonce, arrived, callback };
}

/** Waits for the redirect to the application, redeems the code; returns the ID token's sub, acr, amr. */
async function finish(s, flow, what) {
  const landed = await withTimeout(flow.arrived, STEP, `${what}: the redirect to the application, on ${await summary(s)}`);
  check(landed.searchParams.get('state') === flow.state, `${what}: the redirect lost the state: ${landed}`);
  const code = landed.searchParams.get('code');
  check(code, `${what}: no code in the redirect: ${landed.search}`);
  const tokenEndpoint = env.GH_TOKEN_ENDPOINT || `${required('GH_ISSUER')}/oauth2/token`;
  const r = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: flow.callback.redirect, client_id: flow.clientId, code_verifier: flow.verifier,
    }),
    signal: AbortSignal.timeout(STEP),
  });
  const text = await r.text();
  check(r.status === 200, `${what}: the token endpoint answered ${r.status}: ${text.slice(0, 500)}`);
  const tokens = JSON.parse(text);
  check(tokens.id_token, `${what}: no ID token: ${text.slice(0, 300)}`);
  const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url'));
  check(claims.nonce === flow.nonce, `${what}: ID token nonce ${claims.nonce}`);
  check([].concat(claims.aud).includes(flow.clientId), `${what}: ID token aud ${claims.aud}`);
  log(`${what}: logged in as ${claims.sub}, acr ${claims.acr}, amr ${JSON.stringify(claims.amr)}`);
  // the access token is kept out of the scenario's printed details
  const result = { sub: claims.sub, acr: claims.acr, amr: claims.amr };
  Object.defineProperty(result, 'accessToken', { value: tokens.access_token, enumerable: false });
  return result;
}

// ---- the steps ---------------------------------------------------------------------------------------

async function password(s, username = required('GH_USERNAME'), secret = required('GH_PASSWORD')) {
  await expectShown(s, '#username', 'the password step');
  await shown(s, '#username').fill(username);
  await shown(s, '#password').fill(secret);
  return clickAndWait(s, '#submit', 'submitting the password');
}

/** The TOTP code of the real oathtool for a base32 key, `offset` 30-second steps from now. */
function oathtool(key, offset = 0) {
  const at = Math.floor(Date.now() / 1000) + 30 * offset;
  const code = execFileSync('oathtool', ['--totp', '-b', '-N', `@${at}`, key], { timeout: 10000, encoding: 'utf8' }).trim();
  check(/^\d{6}$/.test(code), `oathtool said ${code}`);
  return code;
}

const wrong = (code) => (code === '000000' ? '111111' : '000000');

async function enterCode(s, code, what) {
  await expectShown(s, '#code', what);
  await shown(s, '#code').fill(code);
  return clickAndWait(s, '#submit', what);
}

/** The one-time code of the newest email to `to`, read from GreenMail by the Java test. */
async function mailCode(to) {
  const r = await fetch(`${required('GH_MAIL_URL')}?to=${encodeURIComponent(to)}`, { signal: AbortSignal.timeout(25000) });
  const text = (await r.text()).trim();
  check(r.status === 200, `no one-time code by email for ${to}: ${text}`);
  return text;
}

// ---- passkeys: Chromium's virtual authenticator (CDP WebAuthn domain) --------------------------------

async function virtualAuthenticator(s) {
  const cdp = await s.context.newCDPSession(s.page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

async function webauthnOptions(s, field = 'credential') {
  return JSON.parse(await s.page.locator(`script#${field}-options`).textContent({ timeout: STEP }));
}

/**
 * An assertion made here with a passkey's private key (as the virtual authenticator exports it) for
 * the challenge and relying party id on the page, as if from `origin`: a browser never makes one
 * for a foreign origin, so this is the only way to show the server such an answer.
 */
function assertionFor(credential, options, origin, signCount) {
  const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin, crossOrigin: false }));
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(signCount);
  const authenticatorData = Buffer.concat([sha256(options.rpId), Buffer.from([0x05]), counter]); // UP | UV
  const key = crypto.createPrivateKey({ key: Buffer.from(credential.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  const signature = crypto.sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), { key, dsaEncoding: 'der' });
  const id = b64url(Buffer.from(credential.credentialId, 'base64'));
  return JSON.stringify({
    id, rawId: id, type: 'public-key', authenticatorAttachment: 'platform', clientExtensionResults: {},
    response: {
      clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authenticatorData), signature: b64url(signature),
      userHandle: b64url(Buffer.from(credential.userHandle, 'base64')),
    },
  });
}

/** Puts an answer into the page's credential field and submits the form as webauthn.js does. */
async function submitCredential(s, json, what) {
  return submitAndWait(s, () => s.page.evaluate((value) => {
    document.getElementById('credential').value = value;
    const form = document.getElementById('login-form');
    const action = document.createElement('input');
    action.type = 'hidden';
    action.name = 'action';
    action.value = 'submit';
    form.appendChild(action);
    HTMLFormElement.prototype.submit.call(form); // the page's button id="submit" shadows form.submit
  }, json), what);
}

/** Logs in with the password (GH_CLIENT_ID's flow [password],[passkey]) and creates a passkey on the enrolment page. */
async function enrolPasskey(s) {
  const flow = await authorize(s);
  await password(s);
  await expectShown(s, '#credential-start', 'the passkey enrolment page');
  await clickAndWait(s, '#credential-start', 'creating the passkey');
  return finish(s, flow, 'passkey enrolment');
}

// ---- the scenarios -----------------------------------------------------------------------------------

const BASE = () => required('GH_BROWSER_BASE');

const scenarios = {
  /** Flow [password],[totp]: enrolment from the QR page with oathtool codes, then a login with a fresh code. */
  async totp() {
    const user = required('GH_USERNAME');
    const s = await session(BASE());
    const first = await authorize(s);
    await password(s, user);
    await expectShown(s, 'svg#qr_code.qr', 'the TOTP enrolment page');
    check(await isShown(s, '#enrolment'), `the enrolment page does not say it is one: ${await summary(s)}`);
    const manualKey = (await textOf(s, 'code#data-manual_key')).replace(/\s+/g, '');
    check(/^[A-Z2-7]+=*$/.test(manualKey), `the manual key is not base32: ${manualKey}`);
    const enrolWrongCodeError = await expectError(s, await enterCode(s, wrong(oathtool(manualKey)), 'a wrong code on the enrolment page'),
      'a wrong code on the enrolment page');
    check(await isShown(s, 'svg#qr_code.qr'), `the QR code is gone after a wrong code: ${await summary(s)}`);
    const keyAgain = (await textOf(s, 'code#data-manual_key')).replace(/\s+/g, '');
    check(keyAgain === manualKey, `a wrong code changed the key: ${manualKey} -> ${keyAgain}`);
    await enterCode(s, oathtool(manualKey, 0), 'the enrolment code');
    const enrol = await finish(s, first, 'TOTP enrolment');

    const s2 = await session(BASE());
    const second = await authorize(s2);
    await password(s2, user);
    await expectShown(s2, '#code', 'the TOTP step');
    check(!(await isThere(s2, '#qr_code')) && !(await isThere(s2, '#enrolment')), `an enrolled user sees the enrolment: ${await summary(s2)}`);
    const code = oathtool(manualKey, 1); // the next time step: the enrolment's code cannot be used again
    const wrongCodeError = await expectError(s2, await enterCode(s2, wrong(code), 'a wrong TOTP code'), 'a wrong TOTP code');
    await enterCode(s2, code, 'the TOTP code');
    const login = await finish(s2, second, 'TOTP login');
    return { manualKey, enrolWrongCodeError, enrol, wrongCodeError, login };
  },

  /**
   * Flow [password]: the application asks for a passkey (enrol=passkey): the user logs in with the
   * password, then creates the passkey on the enrolment page; the access token (scope
   * gatehouse:account) lists it at /api/me/credentials; the passkey then logs in alone; and the user
   * removes it again.
   */
  async 'passkey-added'() {
    const s = await session(BASE());
    const { cdp, authenticatorId } = await virtualAuthenticator(s);
    const added = await authorize(s, { scope: 'openid gatehouse:account', extra: { enrol: 'passkey' } });
    await password(s);
    await expectShown(s, '#credential-start', 'the passkey enrolment page');
    check(await isShown(s, '#enrolment'), `the passkey page is not an enrolment: ${await summary(s)}`);
    await clickAndWait(s, '#credential-start', 'creating the passkey');
    const enrol = await finish(s, added, 'passkey set up at the application\'s request');
    const { credentials: held } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    check(held.length === 1, `the authenticator holds ${held.length} credentials`);

    const api = (method, path) => fetch(`${required('GH_ISSUER')}${path}`, {
      method, headers: { authorization: `Bearer ${enrol.accessToken}`, accept: 'application/json' }, signal: AbortSignal.timeout(STEP),
    });
    const listed = await api('GET', '/api/me/credentials');
    const list = await listed.json();
    check(listed.status === 200 && list.items.length === 1 && list.items[0].type === 'passkey', `/api/me/credentials: ${JSON.stringify(list)}`);

    await s.context.clearCookies();
    const loginFlow = await authorize(s, { clientId: required('GH_PASSWORDLESS_CLIENT_ID') });
    await expectShown(s, '#credential-start', 'the passkey prompt');
    await clickAndWait(s, '#credential-start', 'logging in with the new passkey');
    const passwordless = await finish(s, loginFlow, 'passwordless login with the added passkey');

    const removed = await api('DELETE', `/api/me/credentials/${encodeURIComponent(list.items[0].id)}`);
    const after = await (await api('GET', '/api/me/credentials')).json();
    return { enrol, listedTypes: list.items.map((i) => i.type), passwordless, removedStatus: removed.status, remaining: after.items.length };
  },

  /** Flow [password],[email-otp]: the code from the email that GreenMail received. */
  async 'email-otp'() {
    const s = await session(BASE());
    const flow = await authorize(s);
    await password(s);
    await expectShown(s, '#code', 'the email code step');
    const prompt = await promptOf(s);
    await enterCode(s, await mailCode(required('GH_EMAIL')), 'the emailed code');
    return { prompt, login: await finish(s, flow, 'email one-time code') };
  },

  /**
   * Flow [password],[passkey]: the passkey is created on the enrolment page with the virtual
   * authenticator; then flow [passkey, password] logs in with it alone. The same passkey in another
   * browser, on the same login page opened at another origin (http://127.0.0.1:PORT; the
   * authorization endpoint itself sends browsers to the public base URL), is refused by the browser
   * (SecurityError in #webauthn-error), and an assertion made with its key for a foreign origin is
   * refused by the server (#error); the same assertion for the server's own origin logs in (the control).
   */
  async passkey() {
    const s = await session(BASE());
    const { cdp, authenticatorId } = await virtualAuthenticator(s);
    const enrolFlow = await authorize(s);
    await password(s);
    await expectShown(s, '#credential-start', 'the passkey enrolment page');
    check(await isShown(s, '#enrolment'), `the passkey page is not an enrolment: ${await summary(s)}`);
    const creation = await webauthnOptions(s);
    check(creation.rp?.id === new URL(BASE()).hostname, `creation options for relying party ${JSON.stringify(creation.rp)}`);
    if (await isShown(s, '#label')) await shown(s, '#label').fill('Browser IT passkey');
    await clickAndWait(s, '#credential-start', 'creating the passkey');
    const enrol = await finish(s, enrolFlow, 'passkey enrolment');
    const { credentials: created } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    const describeCredentials = (list) => JSON.stringify(list.map(({ privateKey, ...c }) => c));
    check(created.length === 1 && created[0].rpId === new URL(BASE()).hostname && created[0].isResidentCredential,
      `the authenticator holds ${describeCredentials(created)}`);
    log(`the virtual authenticator holds ${describeCredentials(created)}`);

    // passwordless: no session, the first page is the passkey prompt
    await s.context.clearCookies();
    const loginFlow = await authorize(s, { clientId: required('GH_PASSWORDLESS_CLIENT_ID') });
    await expectShown(s, '#credential-start', 'the passkey prompt');
    check(!(await isShown(s, '#username')), `the passwordless flow asks for a username: ${await summary(s)}`);
    check(await isShown(s, '#option-password'), `no alternative #option-password on ${await summary(s)}`);
    const request = await webauthnOptions(s);
    check(request.rpId === new URL(BASE()).hostname && (request.allowCredentials ?? []).length === 0,
      `passwordless request options ${JSON.stringify(request)}`);
    await clickAndWait(s, '#credential-start', 'logging in with the passkey');
    const passwordless = await finish(s, loginFlow, 'passwordless login');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    const passkey = credentials[0];

    // the same passkey in another browser at http://127.0.0.1:PORT
    const other = await session(required('GH_OTHER_ORIGIN_BASE'));
    const vo = await virtualAuthenticator(other);
    await vo.cdp.send('WebAuthn.addCredential', {
      authenticatorId: vo.authenticatorId,
      credential: {
        credentialId: passkey.credentialId, isResidentCredential: true, rpId: passkey.rpId, privateKey: passkey.privateKey,
        userHandle: passkey.userHandle, signCount: passkey.signCount,
      },
    });
    const otherOrigin = new URL(required('GH_OTHER_ORIGIN_BASE')).origin;
    const otherFlow = await authorize(other, { clientId: required('GH_PASSWORDLESS_CLIENT_ID'), loginOrigin: otherOrigin });
    await expectShown(other, '#credential-start', 'the passkey prompt at the other origin');
    check(new URL(other.page.url()).origin === otherOrigin, `the passkey prompt is not at ${otherOrigin}: ${other.page.url()}`);
    const before = otherFlow.callback.count();
    const [navigated] = await Promise.all([
      other.page.waitForNavigation({ timeout: 5000, waitUntil: 'domcontentloaded' }).catch(() => null),
      shown(other, '#credential-start').click(),
    ]);
    let browserError;
    if (navigated) {
      browserError = await expectError(other, navigated, 'the passkey at another origin');
    } else {
      await expectShown(other, '#webauthn-error', 'the passkey at another origin');
      browserError = await textOf(other, '#webauthn-error');
    }
    const options = await webauthnOptions(other);
    const foreign = await submitCredential(other, assertionFor(passkey, options, 'https://evil.example', passkey.signCount + 100),
      'an assertion for a foreign origin');
    const foreignOriginError = await expectError(other, foreign, 'an assertion for a foreign origin');
    check(otherFlow.callback.count() === before, 'a passkey answer from another origin logged in');
    // the control: the same kind of answer, made the same way, but for the server's own origin, is accepted
    const controlFlow = await authorize(other, { clientId: required('GH_PASSWORDLESS_CLIENT_ID'), loginOrigin: otherOrigin });
    await submitCredential(other, assertionFor(passkey, await webauthnOptions(other), new URL(BASE()).origin, passkey.signCount + 200),
      'an assertion for the public origin (the control)');
    const control = await finish(other, controlFlow, 'the control assertion for the public origin');
    return {
      enrolRpId: creation.rp.id, enrol, storedCredentials: created.length, passwordless,
      otherOrigin: { browserError, foreignOriginError, control },
    };
  },

  /**
   * On the passkey prompt the page's primary button ("Use a passkey", #submit) is what a user
   * presses: it must run the ceremony too, not send the form without a passkey.
   */
  async 'passkey-primary-button'() {
    const s = await session(BASE());
    await virtualAuthenticator(s);
    await enrolPasskey(s);
    await s.context.clearCookies();
    const flow = await authorize(s, { clientId: required('GH_PASSWORDLESS_CLIENT_ID') });
    await expectShown(s, '#credential-start', 'the passkey prompt');
    const button = await textOf(s, '#submit');
    await clickAndWait(s, '#submit', `pressing "${button}"`);
    if (await isShown(s, '#error')) throw new Fail(`pressing "${button}" on the passkey prompt: ${await summary(s)}`);
    return { button, login: await finish(s, flow, `passwordless login with "${button}"`) };
  },

  /** After an answer the server refused (here: Cancel), the passkey can still be used in the same login. */
  async 'passkey-retry'() {
    const s = await session(BASE());
    await virtualAuthenticator(s);
    await enrolPasskey(s);
    await s.context.clearCookies();
    const flow = await authorize(s, { clientId: required('GH_PASSWORDLESS_CLIENT_ID') });
    await expectShown(s, '#cancel', 'the passkey prompt');
    const cancelled = await expectError(s, await clickAndWait(s, '#cancel', 'cancelling the passkey'), 'cancelling the passkey');
    await expectShown(s, '#credential-start', 'the passkey prompt after cancelling');
    await clickAndWait(s, '#credential-start', 'the passkey after cancelling');
    if (await isShown(s, '#error')) throw new Fail(`the passkey after "${cancelled}": ${await summary(s)}`);
    return { cancelled, login: await finish(s, flow, 'passwordless login after cancelling') };
  },

  /** Flow [password],[backup-codes]: the enrolment page lists the codes; each works once. */
  async 'backup-codes'() {
    const s = await session(BASE());
    const enrolFlow = await authorize(s);
    await password(s);
    await expectShown(s, 'ul#data-codes', 'the backup codes enrolment page');
    const codes = (await s.page.locator('ul#data-codes li').allInnerTexts()).map((c) => c.trim());
    check(codes.length > 1 && codes.every(Boolean), `backup codes ${JSON.stringify(codes)}`);
    await expectShown(s, 'input[type=checkbox]', 'the confirmation on the backup codes page');
    await shown(s, 'input[type=checkbox]').check();
    await clickAndWait(s, '#submit', 'confirming the backup codes');
    const enrol = await finish(s, enrolFlow, 'backup codes enrolment');

    const use = await session(BASE());
    const useFlow = await authorize(use);
    await password(use);
    await enterCode(use, codes[0], 'a backup code');
    const login = await finish(use, useFlow, 'login with a backup code');

    const again = await session(BASE());
    const againFlow = await authorize(again);
    await password(again);
    const reuseError = await expectError(again, await enterCode(again, codes[0], 'the same backup code again'), 'the same backup code again');
    await enterCode(again, codes[1], 'another backup code');
    const secondCode = await finish(again, againFlow, 'login with another backup code');
    return { codes: codes.length, enrol, login, reuseError, secondCode };
  },

  /** Flow [password],[totp, email-otp] for a user with both: the TOTP prompt offers email, which the user picks. */
  async alternatives() {
    const s = await session(BASE());
    const flow = await authorize(s);
    await password(s);
    await expectShown(s, '#code', 'the second step');
    const alternatives = await s.page.locator('#alternatives button').evaluateAll((bs) => bs.map((b) => b.id));
    check(alternatives.length === 1 && alternatives[0] === 'option-email-otp', `alternatives on the TOTP page: ${JSON.stringify(alternatives)}`);
    const promptBefore = await promptOf(s);
    const switched = await clickAndWait(s, '#option-email-otp', 'switching to email');
    check(switched.status() === 200, `switching answered ${switched.status()}: ${await summary(s)}`);
    await expectShown(s, '#option-totp', 'the way back to TOTP after switching');
    const promptAfter = await promptOf(s);
    check(promptAfter !== promptBefore, `the prompt did not change: ${promptAfter}`);
    await enterCode(s, await mailCode(required('GH_EMAIL')), 'the emailed code after switching');
    return { firstOption: 'totp', promptBefore, promptAfter, login: await finish(s, flow, 'login with the alternative') };
  },

  /** Five wrong passwords stop the login and lock the account; the administrator unlocks it; the password works. */
  async lockout() {
    const user = required('GH_USERNAME');
    const s = await session(BASE());
    await authorize(s);
    const statuses = [];
    const errors = [];
    for (let i = 1; i <= 5; i++) {
      const r = await password(s, user, `wrong-password-${i}`);
      statuses.push(r.status());
      if (r.status() === 200) errors.push(await textOf(s, '#error'));
    }
    const stoppedText = await textOf(s, 'main');
    check(!(await isThere(s, '#login-form')), `the login form is still offered after five wrong passwords: ${await summary(s)}`);

    // a new login: the right password is refused while the account is locked
    const flow = await authorize(s);
    const locked = await password(s, user);
    const lockedError = await expectError(s, locked, 'the right password while locked');

    const unlock = await fetch(`${required('GH_ISSUER')}/api/users/${required('GH_USER_ID')}/lock`, {
      method: 'DELETE', headers: { authorization: required('GH_ADMIN_AUTHORIZATION') }, signal: AbortSignal.timeout(STEP),
    });
    await password(s, user);
    const login = await finish(s, flow, 'login after the unlock');
    return { statuses, errors, stoppedText, lockedError, unlockStatus: unlock.status, login };
  },
};

// ---- main ----------------------------------------------------------------------------------------------

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : (env.GH_SCENARIOS || '').split(',').filter(Boolean);
if (!wanted.length || wanted.some((s) => !scenarios[s])) {
  console.error(`usage: node login-flows.mjs SCENARIO...  (scenarios: ${Object.keys(scenarios).join(', ')})`);
  process.exit(2);
}
if (!env.GH_BROWSER_BASE || !env.GH_ISSUER) {
  console.error('GH_BROWSER_BASE and GH_ISSUER are required');
  process.exit(2);
}
let failed = 0;
for (const name of wanted) {
  const started = Date.now();
  sessions = [];
  let result;
  try {
    const details = await withTimeout(scenarios[name](), TIMEOUT, `scenario ${name}`);
    await withTimeout(Promise.allSettled(sessions.flatMap((s) => s.pending)), STEP, 'reading the pages');
    details.problems = sessions.flatMap((s) => s.problems);
    details.consoleErrors = sessions.flatMap((s) => s.consoleErrors);
    result = details.problems.length
      ? { scenario: name, ok: false, ms: Date.now() - started, error: `server errors or stack traces: ${JSON.stringify(details.problems)}`, details }
      : { scenario: name, ok: true, ms: Date.now() - started, details };
  } catch (e) {
    const error = e instanceof Fail ? e.message : `${e?.name ?? 'Error'}: ${e?.message ?? e}`;
    if (!(e instanceof Fail)) log(e?.stack ?? e);
    const problems = sessions.flatMap((s) => s.problems);
    result = { scenario: name, ok: false, ms: Date.now() - started, error: problems.length ? `${error}; server errors: ${JSON.stringify(problems)}` : error };
  }
  if (!result.ok) failed++;
  console.log(JSON.stringify(result));
  for (const s of sessions) await s.context.close().catch(() => {});
}
if (cb) await cb.close();
if (browser) await browser.close().catch(() => {});
process.exit(failed ? 1 : 0);
