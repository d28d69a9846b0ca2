// A small OpenID provider for Jobspor's demo and tests. It is the npm package
// oidc-provider (a certified OpenID Connect implementation) with fixed
// accounts and a plain account-picker instead of a password form. It listens
// on loopback only, and accepts any loopback redirect address, because the
// Jobspor it serves runs on a port picked at start.
//
//   node idp/server.mjs [--port 0] [--accounts file.json] [--test-hooks] [--saml]
//
// --saml makes it a broker for staff: the staff client's logins go on to a
// SAML identity provider, a stand-in for KOMBIT's Context Handler started
// beside it (saml/context-handler.mjs), and come back as OpenID Connect
// (saml/broker.mjs). It prints "context-handler URL" before the issuer.
//
// Prints "issuer http://127.0.0.1:PORT" once it listens, as its last line. Two clients are
// registered: the staff client (JOBSPOR_OIDC_CLIENT_ID, default "jobspor")
// and the citizen client ("jobspor-borger"); the secrets are printed too.
//
// --test-hooks adds POST /__test/mode?m=MODE, which makes the next token
// responses misbehave as a hostile or broken provider would (an expired ID
// token, another audience, a wrong nonce, a key nobody published, or a new
// key published only from now on). Only the tests use it.

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import * as jose from 'jose';
import { startContextHandler, CVR } from './saml/context-handler.mjs';
import { samlLeg, spOf } from './saml/broker.mjs';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const port = Number(arg('--port', process.env.JOBSPOR_IDP_PORT ?? '0'));
const testHooks = args.includes('--test-hooks');
const saml = args.includes('--saml');

const LOA = 'https://data.gov.dk/concept/core/nsis/loa';
const CPR = 'https://data.gov.dk/model/core/eid/cprNumber';

// Staff carry a group claim, as Entra ID and a Context Handler broker send it;
// citizens carry the CPR number and the assurance level, as NemLog-in does.
const defaultAccounts = {
  sara: { name: 'Sara Sagsbehandler', preferred_username: 'sara.sagsbehandler', email: 'sara@kommune.example', groups: ['jobspor-sagsbehandlere'] },
  lone: { name: 'Lone Leder', preferred_username: 'lone.leder', email: 'lone@kommune.example', groups: ['jobspor-ledere'] },
  ulla: { name: 'Ulla Udenfor', preferred_username: 'ulla.udenfor', email: 'ulla@kommune.example', groups: ['kantine'] },
};
const accounts = process.env.JOBSPOR_IDP_ACCOUNTS || arg('--accounts')
  ? JSON.parse(readFileSync(arg('--accounts', process.env.JOBSPOR_IDP_ACCOUNTS), 'utf8'))
  : defaultAccounts;

const staffClient = process.env.JOBSPOR_OIDC_CLIENT_ID ?? 'jobspor';
const staffSecret = process.env.JOBSPOR_OIDC_CLIENT_SECRET ?? 'jobspor-demo-secret';
const citizenClient = process.env.JOBSPOR_CITIZEN_OIDC_CLIENT_ID ?? 'jobspor-borger';
const citizenSecret = process.env.JOBSPOR_CITIZEN_OIDC_CLIENT_SECRET ?? 'jobspor-borger-demo-secret';

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const isLoopback = (uri) => {
  const u = URL.parse(uri);
  return !!u && u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
};

async function keyPair(kid) {
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}
const publicPart = ({ d, p, q, dp, dq, qi, ...pub }) => pub;

const signingKey = await keyPair(`idp-${randomBytes(4).toString('hex')}`);
// Published from the moment the tests ask for a rotation, never before.
const rotatedKey = await keyPair(`idp-rotated-${randomBytes(4).toString('hex')}`);
// Never published: an ID token signed with it must be refused.
const foreignKey = await keyPair('foreign');
let mode = 'normal';

const server = createServer();
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const contextHandler = saml ? await startContextHandler({ sp: spOf(issuer) }) : null;
const leg = contextHandler ? samlLeg({ issuer, idp: contextHandler, cvr: CVR }) : null;
// Validated SAML logins waiting for their interaction (one use, 2 minutes).
const brokered = new Map();

const provider = new Provider(issuer, {
  clients: [
    { client_id: staffClient, client_secret: staffSecret, redirect_uris: ['http://127.0.0.1/auth/oidc/callback'], post_logout_redirect_uris: ['http://127.0.0.1/login'] },
    { client_id: citizenClient, client_secret: citizenSecret, redirect_uris: ['http://127.0.0.1/borger/login/callback'], post_logout_redirect_uris: ['http://127.0.0.1/borger'] },
  ],
  jwks: { keys: [signingKey] },
  pkce: { required: () => true },
  // Jobspor reads the claims from the ID token, as brokers deliver them.
  conformIdTokenClaims: false,
  // A citizen's CPR number and level of assurance come with `openid`, as a
  // NemLog-in broker delivers them to a client allowed to have them.
  claims: {
    openid: ['sub', CPR, LOA],
    profile: ['name', 'preferred_username', 'email', 'groups'],
  },
  scopes: ['openid', 'profile', 'email'],
  cookies: { keys: [randomBytes(16).toString('hex')] },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Log ud', `${form}<p>Vil du også logge ud hos identitetsudbyderen?</p>
          <button type="submit" form="op.logoutForm" value="yes" name="logout">Ja, log ud</button>`);
      },
    },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    IdToken: 600,
    Interaction: 600,
    Grant: 3600,
    Session: 3600,
  },
  findAccount: async (ctx, sub) => {
    const claims = accounts[sub];
    if (!claims) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...claims }) };
  },
});
provider.proxy = false;
// Any loopback address with the registered path: Jobspor binds a port of its own choosing.
for (const method of ['redirectUriAllowed', 'postLogoutRedirectUriAllowed']) {
  provider.Client.prototype[method] = function allowed(uri) { return isLoopback(uri); };
}

// The tests' misbehaving provider: rewrite the ID token on its way out.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/jwks' && mode === 'rotated' && ctx.body?.keys) {
    ctx.body = { keys: [...ctx.body.keys, publicPart(rotatedKey)] };
  }
  if (ctx.path === '/token' && mode !== 'normal' && ctx.body?.id_token) {
    const claims = jose.decodeJwt(ctx.body.id_token);
    const now = Math.floor(Date.now() / 1000);
    let key = signingKey;
    if (mode === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
    if (mode === 'audience') claims.aud = 'a-different-client';
    if (mode === 'nonce') claims.nonce = 'not-the-nonce-jobspor-sent';
    if (mode === 'foreign-key') key = foreignKey;
    if (mode === 'rotated') key = rotatedKey;
    const priv = await jose.importJWK(key, 'RS256');
    ctx.body = {
      ...ctx.body,
      id_token: await new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(priv),
    };
  }
});

function page(title, body) {
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Demo-identitetsudbyder</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}button{display:block;margin:.5rem 0;padding:.6rem 1rem;font-size:1rem}</style>
</head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

const form = (body) => new Promise((resolve) => {
  let data = '';
  body.on('data', (c) => { data += c; });
  body.on('end', () => resolve(new URLSearchParams(data)));
});

const handle = provider.callback();
server.on('request', async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    const login = url.pathname.match(/^\/interaction\/([\w-]+)(\/login)?$/);
    if (testHooks && req.method === 'POST' && url.pathname === '/__test/mode') {
      mode = url.searchParams.get('m') ?? 'normal';
      res.writeHead(204).end();
      return;
    }
    if (leg && req.method === 'POST' && url.pathname === '/saml/acs') {
      let done;
      try {
        done = await leg.finish(await form(req));
      } catch (e) {
        // Refused by the SAML checks (signature, issuer, audience, time, InResponseTo).
        console.error(`saml response refused: ${e?.message ?? e}`);
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page('Login afvist', '<p>Svaret fra Fælleskommunal Adgangsstyring kunne ikke godkendes.</p>'));
        return;
      }
      const key = randomBytes(16).toString('hex');
      brokered.set(key, { ...done, until: Date.now() + 120_000 });
      res.writeHead(303, { location: `/interaction/${encodeURIComponent(done.uid)}/saml?k=${key}` }).end();
      return;
    }
    const samlDone = url.pathname.match(/^\/interaction\/([\w-]+)\/saml$/);
    if (leg && samlDone && req.method === 'GET') {
      const key = url.searchParams.get('k') ?? '';
      const done = brokered.get(key);
      brokered.delete(key);
      const details = await provider.interactionDetails(req, res);
      if (!done || done.until < Date.now() || done.uid !== details.uid) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('unknown login');
        return;
      }
      accounts[done.sub] = done.claims;
      const grant = new provider.Grant({ accountId: done.sub, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId: done.sub }, consent: { grantId } }, { mergeWithLastSubmission: false });
      return;
    }
    if (login && req.method === 'GET' && !login[2]) {
      const details = await provider.interactionDetails(req, res);
      if (leg && details.params.client_id === staffClient) {
        res.writeHead(303, { location: await leg.begin(details.uid) }).end();
        return;
      }
      const buttons = Object.entries(accounts).map(([id, a]) => `<form method="post" action="/interaction/${esc(details.uid)}/login">
        <input type="hidden" name="account" value="${esc(id)}"><button type="submit">${esc(a.name ?? id)}</button></form>`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('Vælg en konto', `<p>Demo: vælg den person, du vil logge ind som.</p>${buttons}`));
      return;
    }
    if (login && req.method === 'POST' && login[2]) {
      const details = await provider.interactionDetails(req, res);
      const accountId = (await form(req)).get('account');
      if (!accounts[accountId]) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('unknown account');
        return;
      }
      const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
      return;
    }
    handle(req, res);
  } catch (e) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e?.message ?? e));
  }
});

console.log(`staff client ${staffClient} secret ${staffSecret}`);
console.log(`citizen client ${citizenClient} secret ${citizenSecret}`);
if (contextHandler) console.log(`context-handler ${contextHandler.url}`);
// Last: whoever started the provider may stop reading here. From now on
// everything goes to stderr, and a closed stdout is no reason to stop.
console.log(`issuer ${issuer}`);
process.stdout.on('error', () => {});
for (const level of ['log', 'info', 'warn']) console[level] = console.error;
process.on('SIGTERM', () => process.exit(0));
