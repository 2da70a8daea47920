#!/usr/bin/env node
// Conformance driver: real relying parties written by others (openid-client 6, oauth4webapi 3) and a
// real browser (Debian's Chromium through playwright-core) against an OpenID Provider.
//
//   node oidc-rp.mjs SCENARIO [SCENARIO...]      (or GH_SCENARIOS=a,b)
//
// Scenarios: discovery, code-flow, refresh-rotation, logout, consent, id-token-algs, public-client, par, device,
// client-credentials.
// Prints one JSON line per scenario on stdout: {"scenario":..,"ok":true|false,"details"|"error":..}
// and exits 1 when any scenario failed (2 for a usage or environment error). Diagnostics go to stderr.
//
// Environment:
//   GH_ISSUER                 issuer URL (required), e.g. http://127.0.0.1:9080
//   GH_CLIENT_ID, GH_CLIENT_SECRET   confidential web client (client_secret_basic): authorization_code,
//                             refresh_token; redirect_uri http://127.0.0.1:GH_CALLBACK_PORT/cb and
//                             post_logout_redirect_uri http://127.0.0.1:GH_CALLBACK_PORT/logged-out
//   GH_CALLBACK_PORT          port of the local callback server (registered in the client's redirect_uris)
//   GH_CONSENT_CLIENT_ID, GH_CONSENT_CLIENT_SECRET   like the web client (same redirect_uri) but with
//                             the consent page (skip_consent false)
//   GH_PUBLIC_CLIENT_ID       a public client (no secret, token_endpoint_auth_method none), same redirect_uri
//   GH_ALG_CLIENTS            JSON [{"alg","id","secret"}]: web clients, one per id_token_signed_response_alg
//   GH_DEVICE_CLIENT_ID, GH_DEVICE_CLIENT_SECRET   client for the device grant (default: the web client;
//                             an empty secret means a public client)
//   GH_M2M_CLIENT_ID, GH_M2M_CLIENT_SECRET, GH_M2M_SCOPE   client_credentials client
//   GH_USERNAME, GH_PASSWORD  the end-user
//   GH_SCOPE                  scope for the browser flows (default "openid profile email offline_access")
//   GH_AUTH_PARAMS            extra authorization request parameters as JSON, e.g. {"prompt":"consent"}
//   GH_EXPECT_JWT_AT=1        access tokens must be RFC 9068 JWTs (validated with oauth4webapi)
//   GH_CHROMIUM               browser executable (default /usr/bin/chromium; never downloaded)
//   GH_SEL_USERNAME, GH_SEL_PASSWORD, GH_SEL_SUBMIT, GH_SEL_ERROR, GH_SEL_APPROVE, GH_SEL_DENY, GH_SEL_USER_CODE,
//   GH_SEL_DEVICE_SUBMIT, GH_SEL_LOGOUT_CONFIRM   page selectors (defaults: Gatehouse's pages)
//   GH_TIMEOUT_MS             per-scenario budget (default 60000); every single wait is bounded too
import * as client from 'openid-client';
import * as oauth from 'oauth4webapi';
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';

const env = process.env;
const ISSUER = env.GH_ISSUER;
const TIMEOUT = Number(env.GH_TIMEOUT_MS || 60000);
const STEP = Math.min(15000, TIMEOUT);
const SCOPE = env.GH_SCOPE || 'openid profile email offline_access';
const AUTH_PARAMS = env.GH_AUTH_PARAMS ? JSON.parse(env.GH_AUTH_PARAMS) : {};
const SEL = {
  username: env.GH_SEL_USERNAME || '#username',
  password: env.GH_SEL_PASSWORD || '#password',
  submit: env.GH_SEL_SUBMIT || '#submit',
  error: env.GH_SEL_ERROR || '#error',
  approve: env.GH_SEL_APPROVE || '#approve',
  deny: env.GH_SEL_DENY || '#deny',
  userCode: env.GH_SEL_USER_CODE || '#user_code',
  deviceSubmit: env.GH_SEL_DEVICE_SUBMIT || '#submit',
  logoutConfirm: env.GH_SEL_LOGOUT_CONFIRM || '#logout',
};
const CHROMIUM = env.GH_CHROMIUM || '/usr/bin/chromium';
const log = (...a) => console.error('[oidc-rp]', ...a);

class Fail extends Error {}
const check = (cond, msg) => { if (!cond) throw new Fail(msg); };
const required = (name) => { if (!env[name]) throw new Fail(`environment variable ${name} is required`); return env[name]; };

/** Describes an error from openid-client/oauth4webapi with what the server actually answered. */
function describe(e) {
  if (e instanceof client.ResponseBodyError) {
    return `${e.status} error=${e.error} error_description=${e.error_description ?? ''} body=${JSON.stringify(e.cause)}`;
  }
  if (e instanceof client.WWWAuthenticateChallengeError) {
    return `${e.response?.status} WWW-Authenticate ${JSON.stringify(e.cause)}`;
  }
  if (e instanceof client.AuthorizationResponseError) {
    return `authorization response error=${e.error} error_description=${e.error_description ?? ''}`;
  }
  const cause = e?.cause ? ` cause=${e.cause instanceof Response ? `HTTP ${e.cause.status}` : JSON.stringify(e.cause)}` : '';
  return `${e?.name ?? 'Error'}: ${e?.message ?? e}${e?.code ? ` (${e.code})` : ''}${cause}`;
}

/** Awaits a promise that must fail with an OAuth error response (RFC 6749 5.2). */
async function expectOAuthError(promise, expected, what) {
  let result;
  try {
    result = await promise;
  } catch (e) {
    if (e instanceof client.ResponseBodyError) {
      check(e.error === expected, `${what}: expected error=${expected}, got ${describe(e)}`);
      check(e.status >= 400 && e.status < 500, `${what}: expected a 4xx status, got ${e.status}`);
      return { status: e.status, error: e.error };
    }
    if (e instanceof client.WWWAuthenticateChallengeError) {
      // a 401 with WWW-Authenticate (e.g. Basic client authentication failed): RFC 6749 5.2 puts
      // the error in the JSON body; a Bearer-style challenge may carry it too
      const errors = e.cause.map((c) => c.parameters?.error).filter(Boolean);
      let body;
      try { body = await e.response.json(); } catch { body = undefined; }
      if (body?.error) errors.push(body.error);
      check(errors.includes(expected), `${what}: expected error=${expected}, got ${describe(e)} body=${JSON.stringify(body)}`);
      return { status: e.response?.status, error: expected, challenge: e.cause.map((c) => c.scheme) };
    }
    throw new Fail(`${what}: expected error=${expected}, got ${describe(e)}`);
  }
  throw new Fail(`${what}: expected error=${expected}, but it succeeded: ${JSON.stringify(result).slice(0, 300)}`);
}

const withTimeout = (promise, ms, what) => {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Fail(`timed out after ${ms} ms: ${what}`)), ms); }),
  ]).finally(() => clearTimeout(timer));
};

// ---- the local callback server (redirect_uri, post_logout_redirect_uri) -------------------------

function callbackServer(port) {
  const waiters = [];
  const received = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, `http://127.0.0.1:${port}`);
    received.push(url);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end('<!doctype html><title>callback</title><p id="callback">received</p>');
    for (const w of waiters.splice(0)) w.check();
  });
  return {
    listen: () => new Promise((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', resolve); }),
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
    base: `http://127.0.0.1:${port}`,
    /** The next request to pathname (after `since` earlier requests). */
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

// ---- the browser ---------------------------------------------------------------------------------

let browser;
async function getBrowser() {
  if (!browser) {
    check(fs.existsSync(CHROMIUM), `no browser at ${CHROMIUM} (apt-get install chromium); nothing is ever downloaded`);
    // Playwright gives every launch a fresh, temporary user-data dir of its own (and refuses
    // --user-data-dir in args), so no profile is shared between runs.
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

/** The browser's own complaints (CSP violations, failed loads), kept per page for failure messages. */
function watch(page) {
  page._problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') page._problems.push(m.text()); });
  page.on('requestfailed', (r) => page._problems.push(`request failed: ${r.method()} ${r.url().split('?')[0]} ${r.failure()?.errorText ?? ''}`));
  page.on('pageerror', (e) => page._problems.push(`page error: ${e.message}`));
  return page;
}

async function pageSummary(page) {
  const problems = page._problems?.length ? ` browser console: ${JSON.stringify(page._problems.slice(-5))}` : '';
  try {
    const text = (await page.locator('body').innerText({ timeout: 2000 })).replace(/\s+/g, ' ').slice(0, 500);
    return `${page.url()} [${text}]${problems}`;
  } catch {
    return page.url() + problems;
  }
}

/**
 * Drives the pages of the provider from `url` until `done` settles: fills the login form, approves
 * consent or a device, confirms a user code or a logout, whatever is on screen, a bounded number of times.
 */
async function drive(page, url, done, { userCode, deny = false } = {}) {
  let finished = false;
  const settled = done.then(() => { finished = true; }, () => { finished = true; });
  const navigation = await page.goto(url, { timeout: STEP, waitUntil: 'domcontentloaded' }).catch((e) => e);
  if (navigation instanceof Error) throw new Fail(`navigating to ${url}: ${navigation.message}`);
  if (navigation && navigation.status() >= 500) throw new Fail(`${url} answered ${navigation.status()}: ${await pageSummary(page)}`);
  const shown = (sel) => page.locator(sel).filter({ visible: true }).first();
  const isShown = async (sel) => Boolean(sel) && (await shown(sel).count().catch(() => 0)) > 0;
  const candidates = [SEL.username, SEL.approve, SEL.userCode, SEL.logoutConfirm].filter(Boolean);
  let logins = 0;
  const actions = [];
  for (let step = 0; step < 12 && !finished; step++) {
    // something visible to act on (hidden inputs of the same name do not count), or the end of the flow
    let found = false;
    for (const until = Date.now() + STEP; !finished && Date.now() < until;) {
      const states = await Promise.all(candidates.map(isShown));
      if (states.some(Boolean)) { found = true; break; }
      await Promise.race([new Promise((r) => setTimeout(r, 200)), settled]);
    }
    if (finished) break;
    if (!found) throw new Fail(`nothing to do and no callback after ${STEP} ms on ${await pageSummary(page)}`);
    const act = async (what, fn) => {
      actions.push(what);
      const at = new URL(page.url());
      log(`step ${step}: ${what} on ${at.origin}${at.pathname}`);
      const [navigated] = await Promise.all([
        page.waitForNavigation({ timeout: STEP, waitUntil: 'domcontentloaded' }).then(() => true, () => false), fn()]);
      // a click that leads nowhere (e.g. a redirect the page's CSP blocks) is reported, not repeated
      if (!navigated && !finished) await page.waitForTimeout(500); // let the console report why
      if (!navigated && !finished) throw new Fail(`${what}: no navigation within ${STEP} ms on ${await pageSummary(page)}`);
    };
    if (await isShown(SEL.username)) {
      if (++logins > 1) {
        const error = await page.locator(SEL.error).first().innerText({ timeout: 1000 }).catch(() => '(no error element)');
        throw new Fail(`the login form came back after submitting it: ${error} on ${await pageSummary(page)}`);
      }
      await shown(SEL.username).fill(required('GH_USERNAME'), { timeout: STEP });
      await shown(SEL.password).fill(required('GH_PASSWORD'), { timeout: STEP });
      await act('login', () => shown(SEL.submit).click({ timeout: STEP }));
    } else if (deny && (await isShown(SEL.deny))) {
      await act('deny', () => shown(SEL.deny).click({ timeout: STEP }));
    } else if (await isShown(SEL.approve)) {
      await act('approve', () => shown(SEL.approve).click({ timeout: STEP }));
    } else if (await isShown(SEL.userCode)) {
      const current = await shown(SEL.userCode).inputValue({ timeout: STEP });
      if (!current && userCode) await shown(SEL.userCode).fill(userCode, { timeout: STEP });
      await act('confirm user code', () => shown(SEL.deviceSubmit).click({ timeout: STEP }));
    } else if (await isShown(SEL.logoutConfirm)) {
      await act('confirm logout', () => shown(SEL.logoutConfirm).click({ timeout: STEP }));
    }
  }
  await withTimeout(done, STEP, `the flow to finish, on ${await pageSummary(page)}`);
  return actions;
}

// ---- the relying parties ------------------------------------------------------------------------

const insecure = ISSUER && ISSUER.startsWith('http:') ? { execute: [client.allowInsecureRequests] } : {};

async function webClient() {
  const config = await client.discovery(new URL(required('GH_ISSUER')), required('GH_CLIENT_ID'), undefined,
    client.ClientSecretBasic(required('GH_CLIENT_SECRET')), { ...insecure, timeout: STEP / 1000 });
  client.enableNonRepudiationChecks(config); // ID tokens' signatures are verified against jwks_uri too
  return config;
}

function callback() {
  return callbackServer(Number(required('GH_CALLBACK_PORT')));
}

/** Authorization code + PKCE (S256) + state + nonce through the real login page. */
async function codeFlow(config, cb, { context, par = false, extra = {}, deny = false, consent = false } = {}) {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const params = {
    redirect_uri: `${cb.base}/cb`,
    scope: SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...AUTH_PARAMS,
    ...extra,
  };
  const url = par ? await client.buildAuthorizationUrlWithPAR(config, params) : client.buildAuthorizationUrl(config, params);
  const ownContext = !context;
  context ??= await (await getBrowser()).newContext();
  const page = watch(await context.newPage());
  try {
    const arrived = cb.next('/cb', cb.count());
    const actions = await drive(page, url.href, arrived, { deny });
    const consentShown = actions.includes('approve') || actions.includes('deny');
    const redirect = await arrived;
    check(redirect.searchParams.get('state') === state, `state not returned unchanged: ${redirect}`);
    if (consent) check(consentShown, 'no consent page (#approve) for a client with skip_consent false');
    if (deny) return { redirect };
    check(!redirect.searchParams.has('error'), `the provider answered with an error: ${redirect.search}`);
    const tokens = await client.authorizationCodeGrant(config, redirect, {
      pkceCodeVerifier: codeVerifier, expectedState: state, expectedNonce: nonce, idTokenExpected: true,
    });
    return { tokens, url, redirect, nonce };
  } finally {
    await page.close().catch(() => {});
    if (ownContext) await context.close().catch(() => {});
  }
}

function checkIdToken(config, tokens, nonce) {
  const claims = tokens.claims();
  const md = config.serverMetadata();
  check(claims, 'no ID token in the token response');
  check(claims.iss === md.issuer, `ID token iss ${claims.iss} != issuer ${md.issuer}`);
  const aud = [].concat(claims.aud);
  check(aud.includes(config.clientMetadata().client_id), `ID token aud ${JSON.stringify(claims.aud)} lacks the client_id`);
  check(claims.nonce === nonce, 'ID token nonce mismatch');
  check(typeof claims.sub === 'string' && claims.sub.length > 0, 'ID token without sub');
  check(claims.exp > claims.iat, 'ID token exp <= iat');
  return claims;
}

async function checkJwtAccessToken(config, accessToken, { clientId, scope } = {}) {
  const looksJwt = accessToken.split('.').length === 3;
  if (!looksJwt) {
    check(env.GH_EXPECT_JWT_AT !== '1', 'the access token is not a JWT (RFC 9068 expected)');
    return { format: 'opaque' };
  }
  const payload = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString());
  const audience = [].concat(payload.aud)[0];
  check(audience, `JWT access token without aud: ${JSON.stringify(payload)}`);
  const as = config.serverMetadata();
  const request = new Request('http://127.0.0.1/resource', { headers: { authorization: `Bearer ${accessToken}` } });
  // oauth4webapi as a resource server: signature (jwks_uri), typ at+jwt, iss, exp, aud, sub, client_id, iat, jti
  const claims = await oauth.validateJwtAccessToken(as, request, audience, { [oauth.allowInsecureRequests]: ISSUER.startsWith('http:') });
  if (clientId) check(claims.client_id === clientId, `JWT access token client_id ${claims.client_id} != ${clientId}`);
  if (scope) {
    const got = String(claims.scope ?? '').split(' ');
    for (const s of scope.split(' ')) check(got.includes(s), `JWT access token scope "${claims.scope}" lacks ${s}`);
  }
  return { format: 'jwt', aud: claims.aud, scope: claims.scope };
}

// ---- scenarios -----------------------------------------------------------------------------------

const scenarios = {
  async discovery() {
    const config = await webClient();
    const md = config.serverMetadata();
    check(md.issuer === ISSUER, `issuer ${md.issuer} != ${ISSUER}`);
    for (const k of ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri', 'introspection_endpoint',
      'revocation_endpoint', 'end_session_endpoint', 'pushed_authorization_request_endpoint', 'device_authorization_endpoint']) {
      check(md[k], `discovery lacks ${k}`);
    }
    check((md.code_challenge_methods_supported || []).includes('S256'), 'S256 not in code_challenge_methods_supported');
    check(!(md.code_challenge_methods_supported || []).includes('plain'), 'plain is in code_challenge_methods_supported (OAuth 2.1 forbids it)');
    check((md.response_types_supported || []).includes('code'), 'code not in response_types_supported');
    check((md.id_token_signing_alg_values_supported || []).length > 0, 'no id_token_signing_alg_values_supported');
    // RFC 8414 metadata through oauth4webapi
    const issuer = new URL(ISSUER);
    const response = await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', [oauth.allowInsecureRequests]: issuer.protocol === 'http:' });
    const as = await oauth.processDiscoveryResponse(issuer, response);
    check(as.token_endpoint === md.token_endpoint, 'RFC 8414 metadata disagrees with OpenID discovery on token_endpoint');
    const jwks = await (await fetch(md.jwks_uri)).json();
    check(Array.isArray(jwks.keys) && jwks.keys.length > 0, 'empty JWK set');
    for (const k of jwks.keys) {
      check(k.kid, 'a JWK without kid');
      check(!('d' in k) && !('p' in k) && !('q' in k), `the JWK set publishes private key material (kid ${k.kid})`);
    }
    return { issuer: md.issuer, keys: jwks.keys.map((k) => `${k.kty}/${k.alg ?? '?'}/${k.kid}`) };
  },

  async 'code-flow'() {
    const config = await webClient();
    const cb = callback();
    await cb.listen();
    try {
      const { tokens, nonce } = await codeFlow(config, cb);
      const idToken = checkIdToken(config, tokens, nonce);
      check(tokens.token_type?.toLowerCase() === 'bearer', `token_type ${tokens.token_type}`);
      check(tokens.expires_in > 0, 'no expires_in');
      const userinfo = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      if (SCOPE.split(' ').includes('email')) check(userinfo.email, `userinfo without email for scope email: ${JSON.stringify(userinfo)}`);
      const at = await checkJwtAccessToken(config, tokens.access_token, { clientId: env.GH_CLIENT_ID });
      const active = await client.tokenIntrospection(config, tokens.access_token);
      check(active.active === true, `introspection of a fresh access token: ${JSON.stringify(active)}`);
      check(active.client_id === env.GH_CLIENT_ID, `introspection client_id ${active.client_id}`);
      check(active.sub === idToken.sub, `introspection sub ${active.sub} != ${idToken.sub}`);
      await client.tokenRevocation(config, tokens.access_token);
      const revoked = await client.tokenIntrospection(config, tokens.access_token);
      check(revoked.active === false, `introspection after revocation: ${JSON.stringify(revoked)}`);
      let userinfoAfter;
      try {
        userinfoAfter = await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      } catch (e) {
        check(e instanceof client.WWWAuthenticateChallengeError, `userinfo with a revoked token: ${describe(e)}`);
        check(e.response?.status === 401, `userinfo with a revoked token answered ${e.response?.status}`);
        check(e.cause.some((c) => c.scheme === 'bearer' && c.parameters.error === 'invalid_token'),
          `userinfo with a revoked token: WWW-Authenticate ${JSON.stringify(e.cause)}`);
      }
      check(!userinfoAfter, `userinfo accepted a revoked access token: ${JSON.stringify(userinfoAfter)}`);
      return { sub: idToken.sub, idTokenAlg: JSON.parse(Buffer.from(tokens.id_token.split('.')[0], 'base64url')).alg,
        userinfo: Object.keys(userinfo), accessToken: at, refreshToken: Boolean(tokens.refresh_token) };
    } finally {
      await cb.close();
    }
  },

  async 'refresh-rotation'() {
    const config = await webClient();
    const cb = callback();
    await cb.listen();
    try {
      const { tokens } = await codeFlow(config, cb);
      const first = tokens.refresh_token;
      check(first, `no refresh_token for scope "${SCOPE}"`);
      const refreshed = await client.refreshTokenGrant(config, first);
      check(refreshed.access_token, 'refresh without access_token');
      check(refreshed.refresh_token && refreshed.refresh_token !== first, 'the refresh token was not rotated');
      const reuse = await expectOAuthError(client.refreshTokenGrant(config, first), 'invalid_grant', 'second use of the old refresh token');
      const family = await expectOAuthError(client.refreshTokenGrant(config, refreshed.refresh_token), 'invalid_grant',
        'the new refresh token after the old one was replayed (family revocation)');
      const introspected = await client.tokenIntrospection(config, refreshed.refresh_token);
      check(introspected.active === false, `the revoked family's refresh token is still active: ${JSON.stringify(introspected)}`);
      return { reuse, family };
    } finally {
      await cb.close();
    }
  },

  async logout() {
    const config = await webClient();
    const cb = callback();
    await cb.listen();
    const context = await (await getBrowser()).newContext();
    try {
      const { tokens } = await codeFlow(config, cb, { context });
      const state = client.randomState();
      const url = client.buildEndSessionUrl(config, {
        id_token_hint: tokens.id_token, post_logout_redirect_uri: `${cb.base}/logged-out`, state,
      });
      const page = watch(await context.newPage());
      const back = cb.next('/logged-out', cb.count());
      await drive(page, url.href, back);
      const landed = await back;
      check(landed.searchParams.get('state') === state, `post_logout_redirect_uri reached without the state: ${landed}`);
      // the SSO session is gone: a new authorization request shows the login form again
      const again = client.buildAuthorizationUrl(config, {
        redirect_uri: `${cb.base}/cb`, scope: 'openid', state: client.randomState(),
        code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256',
        ...AUTH_PARAMS,
      });
      const before = cb.count();
      await page.goto(again.href, { timeout: STEP, waitUntil: 'domcontentloaded' });
      const login = await page.locator(SEL.username).filter({ visible: true }).first().waitFor({ timeout: STEP }).then(() => true, () => false);
      check(cb.count() === before && login, `after logout the provider still has a session: ${await pageSummary(page)}`);
      return { postLogoutRedirect: landed.href };
    } finally {
      await context.close().catch(() => {});
      await cb.close();
    }
  },

  /** A client without skip_consent: the consent page, denied (access_denied back at the client), then approved. */
  async consent() {
    const config = await client.discovery(new URL(required('GH_ISSUER')), required('GH_CONSENT_CLIENT_ID'), undefined,
      client.ClientSecretBasic(required('GH_CONSENT_CLIENT_SECRET')), { ...insecure, timeout: STEP / 1000 });
    client.enableNonRepudiationChecks(config);
    const cb = callback();
    await cb.listen();
    const context = await (await getBrowser()).newContext();
    try {
      const { redirect } = await codeFlow(config, cb, { context, deny: true, consent: true });
      check(redirect.searchParams.get('error') === 'access_denied', `denying consent: expected error=access_denied, got ${redirect.search}`);
      check(!redirect.searchParams.has('code'), `a code despite the denial: ${redirect}`);
      check(redirect.searchParams.get('iss') === null || redirect.searchParams.get('iss') === ISSUER, `iss in the error response: ${redirect}`);
      // same browser, so the SSO session is there: consent is asked again, and approved this time
      const { tokens, nonce } = await codeFlow(config, cb, { context, consent: true });
      checkIdToken(config, tokens, nonce);
      return { denied: redirect.search };
    } finally {
      await context.close().catch(() => {});
      await cb.close();
    }
  },

  /** Every ID token signing algorithm the provider advertises, each registered by its own client, verified by openid-client. */
  async 'id-token-algs'() {
    const clients = JSON.parse(required('GH_ALG_CLIENTS')); // [{alg, id, secret}], same redirect_uri as the web client
    const cb = callback();
    await cb.listen();
    const context = await (await getBrowser()).newContext(); // one SSO session: the login page only the first time
    const verified = [];
    try {
      for (const { alg, id, secret } of clients) {
        const config = await client.discovery(new URL(required('GH_ISSUER')), id, { id_token_signed_response_alg: alg },
          client.ClientSecretBasic(secret), { ...insecure, timeout: STEP / 1000 });
        client.enableNonRepudiationChecks(config);
        let result;
        try {
          result = await codeFlow(config, cb, { context });
        } catch (e) {
          throw new Fail(`${alg}: ${e instanceof Fail ? e.message : describe(e)}`);
        }
        const header = JSON.parse(Buffer.from(result.tokens.id_token.split('.')[0], 'base64url'));
        check(header.alg === alg, `client registered id_token_signed_response_alg ${alg}, got an ID token signed with ${header.alg}`);
        checkIdToken(config, result.tokens, result.nonce);
        verified.push(`${alg}/${header.kid}`);
      }
      return { verified };
    } finally {
      await context.close().catch(() => {});
      await cb.close();
    }
  },

  /** A public client (single-page app: no secret, PKCE only): code flow, then rotating refresh tokens with reuse detection. */
  async 'public-client'() {
    const config = await client.discovery(new URL(required('GH_ISSUER')), required('GH_PUBLIC_CLIENT_ID'), undefined,
      client.None(), { ...insecure, timeout: STEP / 1000 });
    client.enableNonRepudiationChecks(config);
    const cb = callback();
    await cb.listen();
    try {
      const { tokens, nonce } = await codeFlow(config, cb);
      checkIdToken(config, tokens, nonce);
      const first = tokens.refresh_token;
      check(first, `no refresh_token for the public client with scope "${SCOPE}"`);
      const refreshed = await client.refreshTokenGrant(config, first);
      check(refreshed.refresh_token && refreshed.refresh_token !== first, 'a public client\'s refresh token was not rotated (OAuth 2.1 4.3.1)');
      const reuse = await expectOAuthError(client.refreshTokenGrant(config, first), 'invalid_grant', 'replay of a public client\'s old refresh token');
      await expectOAuthError(client.refreshTokenGrant(config, refreshed.refresh_token), 'invalid_grant', 'the new refresh token after the replay');
      return { reuse };
    } finally {
      await cb.close();
    }
  },

  async par() {
    const config = await webClient();
    const cb = callback();
    await cb.listen();
    try {
      const { tokens, url, nonce } = await codeFlow(config, cb, { par: true });
      check(url.searchParams.get('request_uri'), `no request_uri in the PAR authorization URL ${url}`);
      check(!url.searchParams.has('redirect_uri') && !url.searchParams.has('code_challenge'),
        `the PAR authorization URL carries the parameters itself: ${url}`);
      checkIdToken(config, tokens, nonce);
      return { requestUri: url.searchParams.get('request_uri') };
    } finally {
      await cb.close();
    }
  },

  async device() {
    const id = env.GH_DEVICE_CLIENT_ID || required('GH_CLIENT_ID');
    const secret = env.GH_DEVICE_CLIENT_ID ? env.GH_DEVICE_CLIENT_SECRET : env.GH_CLIENT_SECRET;
    const config = await client.discovery(new URL(required('GH_ISSUER')), id, undefined,
      secret ? client.ClientSecretBasic(secret) : client.None(), { ...insecure, timeout: STEP / 1000 });
    const scope = env.GH_DEVICE_SCOPE || 'openid profile';
    const start = await client.initiateDeviceAuthorization(config, { scope });
    check(start.device_code && start.user_code && start.verification_uri, `device authorization response: ${JSON.stringify(start)}`);
    check(start.verification_uri_complete, 'no verification_uri_complete');
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), TIMEOUT);
    const polled = client.pollDeviceAuthorizationGrant(config, start, undefined, { signal: abort.signal });
    const context = await (await getBrowser()).newContext();
    try {
      const page = watch(await context.newPage());
      await drive(page, start.verification_uri_complete, polled, { userCode: start.user_code });
      const tokens = await polled;
      check(tokens.access_token, 'device grant without access_token');
      const claims = tokens.claims();
      if (scope.split(' ').includes('openid')) check(claims?.sub, 'device grant for scope openid without an ID token');
      return { userCode: start.user_code, interval: start.interval, idToken: Boolean(tokens.id_token) };
    } finally {
      clearTimeout(timer);
      abort.abort();
      polled.catch(() => {});
      await context.close().catch(() => {});
    }
  },

  async 'client-credentials'() {
    const m2mId = required('GH_M2M_CLIENT_ID');
    const m2m = await client.discovery(new URL(required('GH_ISSUER')), m2mId, undefined,
      client.ClientSecretBasic(required('GH_M2M_CLIENT_SECRET')), { ...insecure, timeout: STEP / 1000 });
    const scope = env.GH_M2M_SCOPE || 'api.read';
    const tokens = await client.clientCredentialsGrant(m2m, { scope });
    check(tokens.access_token, 'no access_token');
    check(!tokens.refresh_token, 'client_credentials must not issue a refresh token');
    check(!tokens.id_token, 'client_credentials must not issue an ID token');
    const at = await checkJwtAccessToken(m2m, tokens.access_token, { clientId: m2mId, scope });
    const introspector = await webClient();
    const active = await client.tokenIntrospection(introspector, tokens.access_token);
    check(active.active === true && active.client_id === m2mId, `introspection: ${JSON.stringify(active)}`);
    check(String(active.scope ?? '').split(' ').includes(scope), `introspected scope "${active.scope}" lacks ${scope}`);
    await client.tokenRevocation(m2m, tokens.access_token);
    const revoked = await client.tokenIntrospection(introspector, tokens.access_token);
    check(revoked.active === false, `introspection after revocation: ${JSON.stringify(revoked)}`);
    const badSecret = await client.discovery(new URL(ISSUER), m2mId, undefined, client.ClientSecretBasic('wrong-secret'), insecure);
    const wrong = await expectOAuthError(client.clientCredentialsGrant(badSecret, { scope }), 'invalid_client', 'a wrong client secret');
    check(wrong.status === 401, `a wrong client secret with Basic auth answered ${wrong.status}, RFC 6749 5.2 wants 401`);
    return { accessToken: at, expiresIn: tokens.expires_in };
  },
};

// ---- main ----------------------------------------------------------------------------------------

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : (env.GH_SCENARIOS || '').split(',').filter(Boolean);
if (!wanted.length || wanted.some((s) => !scenarios[s])) {
  console.error(`usage: node oidc-rp.mjs SCENARIO...  (scenarios: ${Object.keys(scenarios).join(', ')})`);
  process.exit(2);
}
if (!ISSUER) {
  console.error('GH_ISSUER is required');
  process.exit(2);
}
let failed = 0;
for (const name of wanted) {
  const started = Date.now();
  try {
    const details = await withTimeout(scenarios[name](), TIMEOUT, `scenario ${name}`);
    console.log(JSON.stringify({ scenario: name, ok: true, ms: Date.now() - started, details }));
  } catch (e) {
    failed++;
    const error = e instanceof Fail ? e.message : describe(e);
    if (!(e instanceof Fail)) log(e?.stack ?? e);
    console.log(JSON.stringify({ scenario: name, ok: false, ms: Date.now() - started, error }));
  }
}
if (browser) {
  await browser.close().catch(() => {});
}
process.exit(failed ? 1 : 0);
