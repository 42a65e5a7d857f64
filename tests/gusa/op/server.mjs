// The stand-in identity provider for GUSA's login tests: oidc-provider
// (pinned in package.json) on 127.0.0.1 with SYNTHETIC users, the NSIS
// levels of assurance, PKCE required, two clients (mitid, medarbejder) and
// a tamper switch that alters the ID tokens it issues. Not a MitID broker,
// not for anything but tests.
//
//   node server.mjs [PORT]            PORT 0 or absent: any free port
//
// Prints one line "port=N issuer=http://127.0.0.1:N" when it listens.
// Environment:
//   GUSA_OP_REDIRECT_URI     the clients' redirect URI
//                            (default http://127.0.0.1:8080/gusa/callback)
//   GUSA_OP_MITID_SECRET, GUSA_OP_MEDARBEJDER_SECRET  the client secrets
//   GUSA_OP_TAMPER_FILE      a file read at every token response; its first
//                            word names a tamper mode (empty or absent: honest):
//     signature  the payload changed after signing (sub), signature kept
//     alg-none   re-issued unsigned with "alg":"none"
//     hs256      re-signed HS256 with the public key (its JWK text) as secret
//     aud        re-signed with another audience
//     iss        re-signed with another issuer
//     nonce      re-signed with another nonce
//     exp        re-signed expired an hour ago
//     acr        re-signed with the NSIS level Low
//     replay     the first ID token this provider ever issued, sent again
//
// Logging in needs no browser: the authorization request's login_hint names
// a user below, and GET /interaction/<uid> logs that user straight in (an
// unknown hint gets 400). Consent is implied for both clients (first-party).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';

import Provider from 'oidc-provider';

const NSIS = 'https://data.gov.dk/concept/core/nsis/loa/';
const LOW = `${NSIS}Low`;
const SUBSTANTIAL = `${NSIS}Substantial`;
const HIGH = `${NSIS}High`;

// SYNTHETIC users: invented names, no real person. The hint is what a test
// sends as login_hint; acr is the level the "login" reached.
const USERS = {
  parent: { sub: 'synthetic-parent-1', name: 'Syntetisk Forælder (SYNTHETIC)', email: 'parent@example.test', acr: SUBSTANTIAL },
  young: { sub: 'synthetic-young-1', name: 'Syntetisk Ung, 15 år (SYNTHETIC)', email: 'young@example.test', birthdate: '2010-03-14', acr: SUBSTANTIAL },
  'parent-b': { sub: 'synthetic-parent-3', name: 'Syntetisk Forælder i en anden familie (SYNTHETIC)', email: 'parent-b@example.test', acr: SUBSTANTIAL },
  'parent-low': { sub: 'synthetic-parent-2', name: 'Syntetisk Forælder, lav sikring (SYNTHETIC)', acr: LOW },
  medarbejder: { sub: 'synthetic-staff-medarbejder', name: 'Syntetisk Medarbejder (SYNTHETIC)', email: 'medarbejder@kommune.example.test', acr: SUBSTANTIAL },
  myndighed: { sub: 'synthetic-staff-myndighed', name: 'Syntetisk Myndighedsrådgiver (SYNTHETIC)', email: 'myndighed@kommune.example.test', acr: HIGH },
  leder: { sub: 'synthetic-staff-leder', name: 'Syntetisk Leder (SYNTHETIC)', email: 'leder@kommune.example.test', acr: SUBSTANTIAL },
  revisor: { sub: 'synthetic-staff-revisor', name: 'Syntetisk Revisor (SYNTHETIC)', email: 'revisor@kommune.example.test', acr: HIGH },
};
const BY_SUB = Object.fromEntries(Object.values(USERS).map((u) => [u.sub, u]));

const port = Number(process.argv[2] || 0);
const redirectUri = process.env.GUSA_OP_REDIRECT_URI || 'http://127.0.0.1:8080/gusa/callback';
const tamperFile = process.env.GUSA_OP_TAMPER_FILE || '';

const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const kid = `op-${crypto.randomBytes(4).toString('hex')}`;
const privateJwk = { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
const publicJwkText = JSON.stringify({ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' });

const b64u = (buf) => Buffer.from(buf).toString('base64url');
const decode = (part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

function signRS256(header, payload) {
  const input = `${b64u(JSON.stringify(header))}.${b64u(JSON.stringify(payload))}`;
  return `${input}.${b64u(crypto.sign('sha256', Buffer.from(input), privateKey))}`;
}

function tamperMode() {
  if (!tamperFile) return '';
  try {
    return fs.readFileSync(tamperFile, 'utf8').trim().split(/\s+/)[0] || '';
  } catch {
    return '';
  }
}

let firstIdToken = null;

function tamper(token, mode, issuer) {
  const [h, p] = token.split('.');
  const header = decode(h);
  const claims = decode(p);
  const now = Math.floor(Date.now() / 1000);
  switch (mode) {
    case 'signature': {
      const sig = token.split('.')[2];
      return `${h}.${b64u(JSON.stringify({ ...claims, sub: 'synthetic-someone-else' }))}.${sig}`;
    }
    case 'alg-none':
      return `${b64u(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${p}.`;
    case 'hs256': {
      const input = `${b64u(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: header.kid }))}.${p}`;
      const mac = crypto.createHmac('sha256', publicJwkText).update(input).digest();
      return `${input}.${b64u(mac)}`;
    }
    case 'aud':
      return signRS256(header, { ...claims, aud: 'some-other-client' });
    case 'iss':
      return signRS256(header, { ...claims, iss: `${issuer}/evil` });
    case 'nonce':
      return signRS256(header, { ...claims, nonce: 'not-the-nonce-you-sent' });
    case 'exp':
      return signRS256(header, { ...claims, iat: now - 7200, exp: now - 3600 });
    case 'acr':
      return signRS256(header, { ...claims, acr: LOW });
    case 'replay':
      return firstIdToken || token;
    default:
      throw new Error(`unknown tamper mode "${mode}"`);
  }
}

const server = http.createServer();
server.listen(port, '127.0.0.1', () => {
  const actual = server.address().port;
  const issuer = `http://127.0.0.1:${actual}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'mitid',
        client_secret: process.env.GUSA_OP_MITID_SECRET || 'mitid-secret-SYNTHETIC',
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
      {
        client_id: 'medarbejder',
        client_secret: process.env.GUSA_OP_MEDARBEJDER_SECRET || 'medarbejder-secret-SYNTHETIC',
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [privateJwk] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    acrValues: [LOW, SUBSTANTIAL, HIGH],
    claims: { openid: ['sub', 'name', 'email', 'birthdate'], acr: null, auth_time: null, sid: null },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, sub) {
      const u = BY_SUB[sub];
      if (!u) return undefined;
      return {
        accountId: sub,
        async claims() {
          const { acr, ...rest } = u;
          return rest;
        },
      };
    },
    // First-party clients: the grant is made on the spot, no consent page.
    async loadExistingGrant(ctx) {
      const existing = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid');
      grant.addOIDCClaims(['sub', 'name', 'email', 'birthdate', 'acr']);
      await grant.save();
      return grant;
    },
  });

  // The tamper switch, on the token endpoint's answer.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && ctx.body && typeof ctx.body.id_token === 'string') {
      if (!firstIdToken) firstIdToken = ctx.body.id_token;
      const mode = tamperMode();
      if (mode) ctx.body = { ...ctx.body, id_token: tamper(ctx.body.id_token, mode, issuer) };
    }
  });

  const callback = provider.callback();
  server.on('request', async (req, res) => {
    if (!req.url.startsWith('/interaction/')) {
      callback(req, res);
      return;
    }
    try {
      const details = await provider.interactionDetails(req, res);
      const user = USERS[details.params.login_hint];
      if (!user) {
        res.writeHead(400, { 'content-type': 'text/plain' });
        res.end('unknown login_hint: use one of ' + Object.keys(USERS).join(', ') + '\n');
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: user.sub, acr: user.acr, amr: ['pwd'] } },
        { mergeWithLastSubmission: false });
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`interaction failed: ${err.message}\n`);
    }
  });
  process.stdout.write(`port=${actual} issuer=${issuer}\n`);
});

for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
