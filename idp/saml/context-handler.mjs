// A stand-in for KOMBIT's Context Handler (Fælleskommunal Adgangsstyring)
// for the tests and the demo: a SAML 2.0 identity provider on loopback that
// answers an AuthnRequest (HTTP-Redirect) with a signed Response (HTTP-POST)
// carrying OIOSAML 3 attributes, the roles in the base64-encoded
// privilegesIntermediate attribute (OIO Basic Privilege Profile). The SAML
// itself is made by auth0's `samlp`; nothing here writes SAML by hand
// except the privilege list, which is the attribute's value.
//
// Its key and certificate (saml/context-handler.*) exist for loopback tests
// only and are public: never trust them anywhere else.

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const samlp = require('samlp');

export const ATTR = {
  fullName: 'https://data.gov.dk/model/core/eid/fullName',
  email: 'https://data.gov.dk/model/core/eid/email',
  cvr: 'https://data.gov.dk/model/core/eid/professional/cvr',
  uuid: 'https://data.gov.dk/model/core/eid/professional/uuid/persistent',
  privileges: 'https://data.gov.dk/model/core/eid/privilegesIntermediate',
  loa: 'https://data.gov.dk/concept/core/nsis/loa',
};
export const ROLE = (name) => `http://jobspor.dk/roles/usersystemrole/${name}/1`;
export const CVR = '11111111';

// Municipal staff as the Context Handler knows them: a persistent UUID, and
// privileges scoped to the municipality (CVR) that gave them.
const staff = {
  karin: { fullName: 'Karin Kommunal', email: 'karin.kommunal@kommune.example', uuid: 'urn:uuid:6f1d3c52-7d6e-4c1c-9a57-3a3c1b1f0a01', cvr: CVR, privileges: { [CVR]: [ROLE('sagsbehandler')] } },
  leo: { fullName: 'Leo Leder', email: 'leo.leder@kommune.example', uuid: 'urn:uuid:6f1d3c52-7d6e-4c1c-9a57-3a3c1b1f0a02', cvr: CVR, privileges: { [CVR]: [ROLE('leder')] } },
  // A role in another municipality only: nothing for this one.
  nabo: { fullName: 'Nina Nabokommune', email: 'nina@nabo.example', uuid: 'urn:uuid:6f1d3c52-7d6e-4c1c-9a57-3a3c1b1f0a03', cvr: '22222222', privileges: { 22222222: [ROLE('sagsbehandler')] } },
};

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The privilege list of the OIO Basic Privilege Profile, base64-encoded. */
function privilegeList(privileges) {
  const groups = Object.entries(privileges).map(([cvr, list]) => `<PrivilegeGroup Scope="urn:dk:gov:saml:cvrNumberIdentifier:${esc(cvr)}">${list.map((p) => `<Privilege>${esc(p)}</Privilege>`).join('')}</PrivilegeGroup>`).join('');
  const xml = `<?xml version="1.0" encoding="UTF-8"?><bpp:PrivilegeList xmlns:bpp="http://itst.dk/oiosaml/basic_privilege_profile">${groups}</bpp:PrivilegeList>`;
  return Buffer.from(xml, 'utf8').toString('base64');
}

const profileMapper = (user) => ({
  getClaims: () => ({
    [ATTR.fullName]: user.fullName,
    [ATTR.email]: user.email,
    [ATTR.cvr]: user.cvr,
    [ATTR.uuid]: user.uuid,
    [ATTR.privileges]: privilegeList(user.privileges),
    [ATTR.loa]: 'Substantial',
  }),
  getNameIdentifier: () => ({
    nameIdentifier: user.uuid,
    nameIdentifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  }),
});

function page(title, body) {
  return `<!doctype html><html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Demo Context Handler</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}button{display:block;margin:.5rem 0;padding:.6rem 1rem;font-size:1rem}</style>
</head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

const readForm = (req) => new Promise((resolve) => {
  let data = '';
  req.on('data', (c) => { data += c; });
  req.on('end', () => resolve(new URLSearchParams(data)));
});

const parseRequest = (query) => new Promise((resolve, reject) => {
  samlp.parseRequest({ query }, (err, data) => (err ? reject(err) : resolve(data)));
});

/**
 * Starts the stand-in; `sp` is the one service provider it knows (the
 * broker): its entity id and its assertion consumer service. Resolves to
 * the stand-in's address and entity id.
 */
export async function startContextHandler({ sp }) {
  const dir = new URL('.', import.meta.url);
  const key = readFileSync(new URL('context-handler.key', dir), 'utf8');
  const cert = readFileSync(new URL('context-handler.crt', dir), 'utf8');
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  const entityId = `${url}/saml`;

  server.on('request', async (req, res) => {
    try {
      const at = new URL(req.url, url);
      // The AuthnRequest arrives by redirect: who asks, and for what.
      if (req.method === 'GET' && at.pathname === '/sso') {
        const query = Object.fromEntries(at.searchParams);
        const asked = await parseRequest(query);
        if (!asked || asked.issuer !== sp.entityId) {
          res.writeHead(400, { 'content-type': 'text/plain' }).end('unknown service provider');
          return;
        }
        const hidden = ['SAMLRequest', 'RelayState'].map((n) => `<input type="hidden" name="${n}" value="${esc(query[n] ?? '')}">`).join('');
        const buttons = Object.entries(staff).map(([id, u]) => `<form method="post" action="/sso/login">${hidden}
          <input type="hidden" name="account" value="${esc(id)}"><button type="submit">${esc(u.fullName)}</button></form>`).join('');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page('Fælleskommunal Adgangsstyring', `<p>Demo: vælg den medarbejder, du vil logge ind som.</p>${buttons}`));
        return;
      }
      // The user is chosen: a signed Response, posted back to the broker.
      if (req.method === 'POST' && at.pathname === '/sso/login') {
        const form = await readForm(req);
        const user = staff[form.get('account')];
        const asked = await parseRequest({ SAMLRequest: form.get('SAMLRequest') ?? '' });
        if (!user || !asked || asked.issuer !== sp.entityId) {
          res.writeHead(400, { 'content-type': 'text/plain' }).end('bad login');
          return;
        }
        const xml = await new Promise((resolve, reject) => samlp.getSamlResponse({
          issuer: entityId,
          cert,
          key,
          audience: sp.entityId,
          recipient: sp.acs,
          destination: sp.acs,
          inResponseTo: asked.id,
          signResponse: true,
          lifetimeInSeconds: 300,
          profileMapper,
        }, user, (err, out) => (err ? reject(err) : resolve(out))));
        const token = Buffer.from(xml, 'utf8').toString('base64');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page('Sender dig videre', `<form method="post" action="${esc(sp.acs)}" id="saml">
          <input type="hidden" name="SAMLResponse" value="${esc(token)}">
          <input type="hidden" name="RelayState" value="${esc(form.get('RelayState') ?? '')}">
          <button type="submit">Fortsæt</button></form>`));
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    } catch (e) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(String(e?.message ?? e));
    }
  });
  return { url, entityId, cert, server };
}
