import { assertNoDevDefaults, staticDevDefaults } from './productionGuard';

const prod = {
  NODE_ENV: 'production',
  KEYCLOAK_URL: 'https://sso.example.gov.cn',
  PII_KEYS: 'k2026a:AAAA',
  PII_CURRENT_KEY_ID: 'k2026a',
  PII_HASH_KEY: 'BBBB',
};

it('finds nothing in a production environment without dev defaults', () => {
  expect(staticDevDefaults(prod, { devRuleBooks: [] })).toEqual([]);
});

it('names an unset rule book, a dev secret and plain-http Keycloak', () => {
  expect(
    staticDevDefaults(
      { ...prod, KEYCLOAK_URL: 'http://kc:8080', X_SECRET: 'bank-feed-dev-secret' },
      { devRuleBooks: ['CREDIT_RULES'] },
    ),
  ).toEqual([
    'CREDIT_RULES: not set, the dev rule book would be used',
    'X_SECRET: a dev realm secret (*-dev-secret)',
    'KEYCLOAK_URL: plain-http Keycloak (http://kc:8080)',
  ]);
});

it('does nothing outside production', async () => {
  await expect(
    assertNoDevDefaults({ NODE_ENV: 'test', KEYCLOAK_URL: 'http://x' }, { probeKeycloak: false }),
  ).resolves.toBeUndefined();
  await expect(
    assertNoDevDefaults({ WAGE_PROFILE: 'prod', KEYCLOAK_URL: 'http://x' }, { probeKeycloak: false }),
  ).rejects.toThrow('KEYCLOAK_URL: plain-http Keycloak');
});
