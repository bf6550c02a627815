import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { JWK } from 'jose';
import { ExternalSigningKey } from 'oidc-provider';

/**
 * oidc-provider's `features.externalSigningSupport` (experimental, acknowledged as
 * {@link EXTERNAL_SIGNING_ACK}): a key whose signature oidc-provider asks for instead of calling
 * jose. Signing Ed25519 with `node:crypto` directly is about twice as cheap as jose's WebCrypto
 * path on Node 20 (docs/benchmarks.md), and every token is signed once (access token) or twice
 * (with an ID token). The private key never leaves this object; JWKS publishes its public half.
 * An oidc-provider upgrade that changes the experimental version fails at start-up.
 */
export const EXTERNAL_SIGNING_ACK = 'experimental-01';

export class NodeSigningKey extends ExternalSigningKey {
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;

  constructor(privateJwk: JWK) {
    super();
    this.#privateKey = createPrivateKey({ key: privateJwk as never, format: 'jwk' });
    this.#publicKey = createPublicKey(this.#privateKey);
    // The typings declare kid and alg read-only; oidc-provider's class has setters for them.
    Object.assign(this, { kid: privateJwk.kid, alg: privateJwk.alg });
  }

  override keyObject(): KeyObject {
    return this.#publicKey;
  }

  // Ed25519 takes no digest argument (null); the signature is the raw 64 bytes JWS wants.
  override sign(data: Uint8Array): Uint8Array {
    return sign(null, data, this.#privateKey);
  }
}
