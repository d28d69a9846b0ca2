// The SAML leg of the demo broker: a SAML service provider towards the
// Context Handler (stand-in), made with @node-saml/node-saml, whose
// validated assertions become an OpenID Connect login towards Jobspor. This
// is what a municipality's broker (Keycloak, Entra ID, …) does; Jobspor
// itself never sees SAML.
//
// The privileges attribute (OIO Basic Privilege Profile) is unpacked into a
// `groups` claim: the privileges of the one municipality (CVR) this broker
// serves, each as its full URI. Jobspor's administrator maps those values to
// roles, as for any group claim.

import { createRequire } from 'node:module';
import { ATTR } from './context-handler.mjs';

const require = createRequire(import.meta.url);
const { SAML } = require('@node-saml/node-saml');
const { DOMParser } = require('@xmldom/xmldom');

/** The privileges scoped to `cvr` in a base64-encoded privilege list. */
export function privilegesFor(encoded, cvr) {
  if (!encoded) return [];
  const xml = Buffer.from(encoded, 'base64').toString('utf8');
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const scope = `urn:dk:gov:saml:cvrNumberIdentifier:${cvr}`;
  const out = [];
  const groups = doc.getElementsByTagName('PrivilegeGroup');
  for (let i = 0; i < groups.length; i += 1) {
    if (groups[i].getAttribute('Scope') !== scope) continue;
    const list = groups[i].getElementsByTagName('Privilege');
    for (let j = 0; j < list.length; j += 1) out.push(list[j].textContent.trim());
  }
  return out;
}

/**
 * The service provider: `issuer` is the broker's OpenID issuer (its SAML
 * entity id and assertion consumer service hang below it), `idp` the
 * Context Handler's address and certificate, `cvr` the municipality served.
 */
/** The broker's SAML names: its entity id and assertion consumer service. */
export function spOf(issuer) {
  return { entityId: `${issuer}/saml/metadata`, acs: `${issuer}/saml/acs` };
}

export function samlLeg({ issuer, idp, cvr }) {
  const { entityId, acs } = spOf(issuer);
  const saml = new SAML({
    entryPoint: `${idp.url}/sso`,
    issuer: entityId,
    callbackUrl: acs,
    idpCert: idp.cert,
    idpIssuer: idp.entityId,
    audience: entityId,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    disableRequestedAuthnContext: true,
    validateInResponseTo: 'always',
    acceptedClockSkewMs: 2000,
  });
  return {
    /** Where to send the browser for interaction `uid`. */
    begin: (uid) => saml.getAuthorizeUrlAsync(uid, undefined, {}),
    /**
     * Checks a posted Response (signature, issuer, audience, validity,
     * InResponseTo); the interaction it answers and the account's claims.
     */
    async finish(form) {
      const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: form.get('SAMLResponse') ?? '' });
      if (!profile) throw new Error('no profile');
      const email = profile[ATTR.email];
      return {
        uid: form.get('RelayState') ?? '',
        sub: profile.nameID,
        claims: {
          name: profile[ATTR.fullName],
          email,
          preferred_username: typeof email === 'string' ? email.split('@')[0] : undefined,
          groups: privilegesFor(profile[ATTR.privileges], cvr),
        },
      };
    },
  };
}
