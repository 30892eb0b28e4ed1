'use strict'
// Key policies, callers, temporary credentials and the propagation delay (issue 8), through the
// async methods and their …Sync twins: every refusal is an AccessDeniedException (or
// ExpiredTokenException) whose structured reason is one attribute away, `err.reason`.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const { LocalKms, ManualClock, encrypt, decrypt } = require('datakey')

const START = new Date('2023-11-14T22:13:20Z') // 1_700_000_000 s
const ACCOUNT = '111122223333'
const ROOT = `arn:aws:iam::${ACCOUNT}:root`
const APP = `arn:aws:iam::${ACCOUNT}:role/app`
const IP = '203.0.113.7'

/** The same KMS calls through the async methods or their sync twins (thrown → rejected). */
function client (kms, mode) {
  return new Proxy({}, {
    get (_t, name) {
      if (mode === 'async') return (input) => kms[name](input)
      return async (input) => kms[`${name}Sync`](input)
    }
  })
}

/** A policy: the account root may do everything, plus `statements`. */
function policy (...statements) {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Admin', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
      ...statements
    ]
  })
}

/** Rejects with `name`; returns the error. */
async function refused (promise, name) {
  let err
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof Error && !(e instanceof TypeError), String(e))
    assert.equal(e.name, name, e.message)
    assert.equal(e.code, name)
    assert.equal(e.$fault, 'client')
    assert.equal(e.$metadata.httpStatusCode, 400)
    err = e
    return true
  })
  return err
}

function setup (options = {}) {
  const clock = new ManualClock(START)
  const root = new LocalKms({ clock, ...options })
  return { clock, root }
}

function gdkInput (KeyId, EncryptionContext = {}) {
  return { KeyId, KeySpec: 'AES_256', EncryptionContext }
}

for (const mode of ['async', 'sync']) {
  test(`${mode}: a condition that is not met is denied, and the reason names it`, async () => {
    const { root } = setup()
    const kms = client(root, mode)
    const { KeyMetadata: key } = await kms.createKey({
      Policy: policy({
        Sid: 'App',
        Effect: 'Allow',
        Principal: { AWS: APP },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }
      })
    })
    const outside = root.asCaller({ principalArn: APP, sourceIp: IP })
    assert.equal(outside.principal, APP)
    assert.equal(outside.sourceIp, IP)
    assert.equal(root.principal, ROOT)
    assert.equal(root.sourceIp, null)

    const e = await refused(client(outside, mode).generateDataKey(gdkInput(key.KeyId)), 'AccessDeniedException')
    assert.equal(
      e.message,
      `User: ${APP} is not authorized to perform: kms:GenerateDataKey on resource: ${key.Arn} ` +
        'because no resource-based policy allows the kms:GenerateDataKey action'
    )
    assert.equal(e.principal, APP)
    assert.equal(e.action, 'kms:GenerateDataKey')
    assert.equal(e.resource, key.Arn)
    assert.deepEqual(e.reason, {
      kind: 'ConditionNotMet',
      message: `statement App: condition IpAddress on aws:SourceIp not met by ${IP}`,
      statement: 'App',
      operator: 'IpAddress',
      key: 'aws:SourceIp',
      value: IP
    })

    // Without a source IP the condition has no value to test: `value` is null.
    const noIp = await refused(client(root.asCaller(APP), mode).generateDataKey(gdkInput(key.KeyId)), 'AccessDeniedException')
    assert.equal(noIp.reason.kind, 'ConditionNotMet')
    assert.equal(noIp.reason.value, null)
    assert.match(noIp.reason.message, /the request has no aws:SourceIp/)

    // From inside the range the same role may.
    const inside = client(root.asCaller({ principalArn: APP, sourceIp: '10.1.2.3' }), mode)
    const dk = await inside.generateDataKey(gdkInput(key.KeyId))
    assert.equal(dk.Plaintext.length, 32)
    assert.ok((await inside.decrypt({ CiphertextBlob: dk.CiphertextBlob })).Plaintext.equals(dk.Plaintext))
    // The account root keeps every right (Admin statement).
    await kms.describeKey({ KeyId: key.KeyId })
  })

  test(`${mode}: an explicit deny wins over an allow`, async () => {
    const { root } = setup()
    const kms = client(root, mode)
    const { KeyMetadata: key } = await kms.createKey({
      Policy: policy(
        { Sid: 'AppAll', Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:*', Resource: '*' },
        { Sid: 'NoDecrypt', Effect: 'Deny', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*' }
      )
    })
    const app = client(root.asCaller(APP), mode)
    const dk = await app.generateDataKey(gdkInput(key.KeyId))
    const e = await refused(app.decrypt({ CiphertextBlob: dk.CiphertextBlob }), 'AccessDeniedException')
    assert.equal(
      e.message,
      `User: ${APP} is not authorized to perform: kms:Decrypt on resource: ${key.Arn} ` +
        'with an explicit deny in a resource-based policy'
    )
    assert.deepEqual(e.reason, {
      kind: 'ExplicitDeny',
      message: 'statement NoDecrypt denies the action',
      statement: 'NoDecrypt'
    })
    // The root is not named by the deny.
    await kms.decrypt({ CiphertextBlob: dk.CiphertextBlob })
  })

  test(`${mode}: implicit deny when no statement allows`, async () => {
    const { root } = setup()
    const kms = client(root, mode)
    const { KeyMetadata: key } = await kms.createKey({
      Policy: policy({ Sid: 'Reader', Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:Decrypt', Resource: '*' })
    })
    const other = `arn:aws:iam::${ACCOUNT}:user/mallory`
    for (const [caller, action, call] of [
      [APP, 'kms:GenerateDataKey', (k) => k.generateDataKey(gdkInput(key.KeyId))],
      [other, 'kms:Decrypt', (k) => k.decrypt({ CiphertextBlob: Buffer.alloc(146, 1), KeyId: key.KeyId })],
      [other, 'kms:DescribeKey', (k) => k.describeKey({ KeyId: key.KeyId })]
    ]) {
      const e = await refused(call(client(root.asCaller(caller), mode)), 'AccessDeniedException')
      assert.equal(e.action, action)
      assert.equal(e.principal, caller)
      assert.deepEqual(e.reason, { kind: 'NoStatementAllows', message: 'no statement of the key policy allows the action' })
    }
    // A key without a policy gets the default one: the account root only.
    const { KeyMetadata: plain } = await kms.createKey()
    const e = await refused(client(root.asCaller(APP), mode).describeKey({ KeyId: plain.KeyId }), 'AccessDeniedException')
    assert.equal(e.reason.kind, 'NoStatementAllows')
  })

  test(`${mode}: putKeyPolicy / getKeyPolicy, and the policy grammar's refusals`, async () => {
    const { root } = setup()
    const kms = client(root, mode)
    const { KeyMetadata: key } = await kms.createKey()
    const before = await kms.getKeyPolicy({ KeyId: key.KeyId })
    assert.equal(before.PolicyName, 'default')
    assert.equal(JSON.parse(before.Policy).Statement[0].Principal.AWS, ROOT)
    const doc = policy({ Sid: 'App', Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:DescribeKey', Resource: '*' })
    const put = await kms.putKeyPolicy({ KeyId: key.Arn, Policy: doc, PolicyName: 'default' })
    assert.equal(put.$metadata.httpStatusCode, 200)
    assert.equal((await kms.getKeyPolicy({ KeyId: key.KeyId, PolicyName: 'default' })).Policy, doc)
    await client(root.asCaller(APP), mode).describeKey({ KeyId: key.KeyId })

    // What the evaluator cannot evaluate is refused, not silently ignored.
    const notPrincipal = JSON.stringify({ Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: APP }, Action: 'kms:*', Resource: '*' }] })
    await refused(kms.putKeyPolicy({ KeyId: key.KeyId, Policy: notPrincipal }), 'MalformedPolicyDocumentException')
    await refused(kms.putKeyPolicy({ KeyId: key.KeyId, Policy: '{not json' }), 'MalformedPolicyDocumentException')
    await refused(kms.createKey({ Policy: notPrincipal }), 'MalformedPolicyDocumentException')
    // The lockout check: a policy that would lock the caller out is refused unless bypassed.
    const lockout = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:*', Resource: '*' }] })
    const e = await refused(kms.putKeyPolicy({ KeyId: key.KeyId, Policy: lockout }), 'MalformedPolicyDocumentException')
    assert.match(e.message, /will not allow you to update the key policy in the future/)
    await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: lockout, BypassPolicyLockoutSafetyCheck: true })
    await refused(kms.putKeyPolicy({ KeyId: key.KeyId, Policy: doc }), 'AccessDeniedException')
    await refused(kms.getKeyPolicy({ KeyId: key.KeyId, PolicyName: 'other' }), 'NotFoundException')
    await refused(kms.putKeyPolicy({ KeyId: key.KeyId }), 'ValidationException')
  })

  test(`${mode}: temporary credentials carry the role's permissions and expire on the clock`, async () => {
    const { clock, root } = setup()
    const kms = client(root, mode)
    const { KeyMetadata: key } = await kms.createKey({
      Policy: policy({ Sid: 'App', Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:GenerateDataKey', Resource: '*' })
    })
    const session = await kms.assumeRole({ RoleArn: APP, RoleSessionName: 'worker-1', DurationSeconds: 900 })
    assert.equal(session.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/app/worker-1`)
    assert.match(session.AssumedRoleUser.AssumedRoleId, /^AROA[A-Z2-7]+:worker-1$/)
    assert.match(session.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/)
    assert.equal(session.Credentials.SecretAccessKey.length, 40)
    assert.equal(session.Credentials.Expiration.getTime(), START.getTime() + 900_000)

    const worker = root.asCaller({ principalArn: session.AssumedRoleUser.Arn, credentials: session.Credentials })
    assert.equal(worker.principal, session.AssumedRoleUser.Arn)
    const w = client(worker, mode)
    await w.generateDataKey(gdkInput(key.KeyId))
    // The role's permissions, no more.
    const denied = await refused(w.decrypt({ CiphertextBlob: Buffer.alloc(146, 1), KeyId: key.KeyId }), 'AccessDeniedException')
    assert.equal(denied.principal, session.AssumedRoleUser.Arn)
    assert.equal(denied.reason.kind, 'NoStatementAllows')

    clock.advance(899_999)
    await w.generateDataKey(gdkInput(key.KeyId))
    clock.advance(1)
    for (const call of [
      () => w.generateDataKey(gdkInput(key.KeyId)),
      () => w.listKeys(),
      () => w.assumeRole({ RoleArn: APP, RoleSessionName: 'renew' })
    ]) {
      const e = await refused(call(), 'ExpiredTokenException')
      assert.equal(e.message, 'The security token included in the request is expired')
      assert.equal(e.reason.kind, 'CredentialsExpired')
      assert.ok(e.reason.expiredAt instanceof Date)
      assert.equal(e.reason.expiredAt.getTime(), session.Credentials.Expiration.getTime())
      assert.equal(e.reason.message, 'the temporary credentials expired at 2023-11-14T22:28:20Z')
      assert.equal(e.principal, session.AssumedRoleUser.Arn)
    }
    // A fresh session works again.
    const renewed = await kms.assumeRole({ RoleArn: APP, RoleSessionName: 'worker-2' })
    assert.equal(renewed.Credentials.Expiration.getTime(), clock.now().getTime() + 3_600_000)
    await client(root.asCaller({ principalArn: renewed.AssumedRoleUser.Arn, credentials: renewed.Credentials }), mode)
      .generateDataKey(gdkInput(key.KeyId))

    // Credentials this service did not issue.
    const forged = root.asCaller({
      principalArn: session.AssumedRoleUser.Arn,
      credentials: { AccessKeyId: 'ASIAAAAAAAAAAAAAAAAA', SessionToken: 'forged' }
    })
    const u = await refused(client(forged, mode).generateDataKey(gdkInput(key.KeyId)), 'UnrecognizedClientException')
    assert.equal(u.message, 'The security token included in the request is invalid.')
    assert.equal(u.reason, undefined)
    await refused(kms.assumeRole({ RoleArn: APP, RoleSessionName: 'x' }), 'ValidationException')
    await refused(kms.assumeRole({ RoleArn: APP, RoleSessionName: 'ok', DurationSeconds: 60 }), 'ValidationException')
  })

  test(`${mode}: with a propagation delay, a policy change reaches the data plane only after it`, async () => {
    const { clock, root } = setup({ propagationDelay: 60_000 })
    assert.equal(root.propagationDelay, 60_000)
    const kms = client(root, mode)
    const { KeyMetadata: key } = await kms.createKey()
    const allow = (actions) => policy({ Sid: 'App', Effect: 'Allow', Principal: { AWS: APP }, Action: actions, Resource: '*' })
    await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: allow(['kms:GenerateDataKey', 'kms:Decrypt']) })
    const app = client(root.asCaller(APP), mode)
    // Not visible yet: the default policy still applies to the data plane.
    const early = await refused(app.generateDataKey(gdkInput(key.KeyId)), 'AccessDeniedException')
    assert.equal(early.reason.kind, 'NoStatementAllows')
    clock.advance(60_000)
    const dk = await app.generateDataKey(gdkInput(key.KeyId))

    // Revoke Decrypt: the control plane sees it at once, the data plane after the delay.
    const revoked = allow(['kms:GenerateDataKey'])
    await kms.putKeyPolicy({ KeyId: key.KeyId, Policy: revoked })
    assert.equal((await kms.getKeyPolicy({ KeyId: key.KeyId })).Policy, revoked)
    await app.decrypt({ CiphertextBlob: dk.CiphertextBlob })
    clock.advance(59_999)
    await app.decrypt({ CiphertextBlob: dk.CiphertextBlob })
    clock.advance(1)
    const late = await refused(app.decrypt({ CiphertextBlob: dk.CiphertextBlob }), 'AccessDeniedException')
    assert.equal(late.reason.kind, 'NoStatementAllows')
    await app.generateDataKey(gdkInput(key.KeyId))

    // Disabling the key, likewise.
    await kms.disableKey({ KeyId: key.KeyId })
    assert.equal((await kms.describeKey({ KeyId: key.KeyId })).KeyMetadata.KeyState, 'Disabled')
    await kms.generateDataKey(gdkInput(key.KeyId))
    clock.advance(60_000)
    await assert.rejects(kms.generateDataKey(gdkInput(key.KeyId)), { name: 'DisabledException' })
  })
}

test('every documented condition operator: a passing and a failing case with the exact reason', async () => {
  const tenant = { tenant: 'acme' }
  const notMet = (operator, key, value) => ({ kind: 'ConditionNotMet', statement: 'Use', operator, key, value })
  const cases = [
    ['DateGreaterThan passes', { DateGreaterThan: { 'aws:CurrentTime': '2023-01-01T00:00:00Z' } }, IP, tenant, null],
    ['DateGreaterThan fails', { DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, IP, tenant,
      notMet('DateGreaterThan', 'aws:CurrentTime', '2023-11-14T22:13:20Z')],
    ['DateLessThan passes', { DateLessThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' } }, IP, tenant, null],
    ['DateLessThan fails', { DateLessThan: { 'aws:CurrentTime': '2023-01-01T00:00:00Z' } }, IP, tenant,
      notMet('DateLessThan', 'aws:CurrentTime', '2023-11-14T22:13:20Z')],
    ['IpAddress passes', { IpAddress: { 'aws:SourceIp': ['198.51.100.0/24', '203.0.113.0/24'] } }, IP, tenant, null],
    ['IpAddress fails', { IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }, IP, tenant,
      notMet('IpAddress', 'aws:SourceIp', IP)],
    ['IpAddress passes (IPv6)', { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, '2001:db8::7', tenant, null],
    ['NotIpAddress passes', { NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' } }, IP, tenant, null],
    ['NotIpAddress fails', { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, IP, tenant,
      notMet('NotIpAddress', 'aws:SourceIp', IP)],
    ['StringEquals on a context key passes', { StringEquals: { 'kms:EncryptionContext:tenant': 'acme' } }, IP, tenant, null],
    ['StringEquals on a context key fails', { StringEquals: { 'kms:EncryptionContext:tenant': 'acme' } }, IP, { tenant: 'ACME' },
      notMet('StringEquals', 'kms:EncryptionContext:tenant', 'ACME')],
    ['StringEquals on an absent context key fails', { StringEquals: { 'kms:EncryptionContext:tenant': 'acme' } }, IP, { purpose: 'x' },
      notMet('StringEquals', 'kms:EncryptionContext:tenant', null)],
    ['StringLike on a context key passes', { StringLike: { 'kms:EncryptionContext:tenant': 'ac?e*' } }, IP, tenant, null],
    ['StringLike on a context key fails', { StringLike: { 'kms:EncryptionContext:tenant': 'globex-*' } }, IP, tenant,
      notMet('StringLike', 'kms:EncryptionContext:tenant', 'acme')],
    ['ForAllValues:StringEquals on the context keys passes', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant', 'purpose'] } },
      IP, { tenant: 'acme', purpose: 'x' }, null],
    ['ForAllValues:StringEquals on the context keys fails', { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenant'] } },
      IP, { tenant: 'acme', debug: '1' }, notMet('ForAllValues:StringEquals', 'kms:EncryptionContextKeys', 'debug,tenant')],
    ['ForAnyValue:StringLike on the context keys passes', { 'ForAnyValue:StringLike': { 'kms:EncryptionContextKeys': 'ten*' } },
      IP, { tenant: 'acme', debug: '1' }, null],
    ['ForAnyValue:StringLike on the context keys fails', { 'ForAnyValue:StringLike': { 'kms:EncryptionContextKeys': 'ten*' } },
      IP, { debug: '1' }, notMet('ForAnyValue:StringLike', 'kms:EncryptionContextKeys', 'debug')],
    ['StringEquals on kms:CallerAccount passes', { StringEquals: { 'kms:CallerAccount': ACCOUNT } }, IP, tenant, null],
    ['StringEquals on kms:CallerAccount fails', { StringEquals: { 'kms:CallerAccount': '444455556666' } }, IP, tenant,
      notMet('StringEquals', 'kms:CallerAccount', ACCOUNT)],
    ['StringLike on kms:CallerAccount passes', { StringLike: { 'kms:CallerAccount': '1111*' } }, IP, tenant, null],
    ['StringLike on kms:CallerAccount fails', { StringLike: { 'kms:CallerAccount': '4444*' } }, IP, tenant,
      notMet('StringLike', 'kms:CallerAccount', ACCOUNT)]
  ]
  const operators = new Set(cases.map(([, condition]) => Object.keys(condition)[0]))
  assert.deepEqual([...operators].sort(), [
    'DateGreaterThan', 'DateLessThan', 'ForAllValues:StringEquals', 'ForAnyValue:StringLike',
    'IpAddress', 'NotIpAddress', 'StringEquals', 'StringLike'
  ])
  for (const [name, condition, sourceIp, context, expect] of cases) {
    const { root } = setup()
    const { KeyMetadata: key } = root.createKeySync({
      Policy: policy({ Sid: 'Use', Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:GenerateDataKey', Resource: '*', Condition: condition })
    })
    const app = root.asCaller({ principalArn: APP, sourceIp })
    const call = () => app.generateDataKeySync(gdkInput(key.KeyId, context))
    if (expect === null) {
      assert.equal(call().Plaintext.length, 32, name)
      continue
    }
    assert.throws(call, (e) => {
      assert.equal(e.name, 'AccessDeniedException', name)
      const { message, ...rest } = e.reason
      assert.deepEqual(rest, expect, name)
      assert.equal(typeof message, 'string')
      return true
    }, name)
  }
})

test('messages through a KMS keyring run as the handle\'s caller', async () => {
  const { root } = setup()
  const { KeyMetadata: key } = root.createKeySync({
    Policy: policy({
      Sid: 'Tenant',
      Effect: 'Allow',
      Principal: { AWS: APP },
      // The keyring resolves its key with DescribeKey (no context there: StringEquals on a
      // context key would not hold, so it gets its own statement).
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:tenant': 'acme' } }
    }, { Sid: 'Describe', Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:DescribeKey', Resource: '*' })
  })
  const keyring = root.asCaller(APP).keyring(key.KeyId)
  const message = await encrypt(Buffer.from('secret'), keyring, { encryptionContext: { tenant: 'acme' } })
  assert.equal((await decrypt(message, keyring)).plaintext.toString(), 'secret')
  await assert.rejects(encrypt(Buffer.from('secret'), keyring, { encryptionContext: { tenant: 'globex' } }), (e) => {
    assert.equal(e.name, 'AccessDeniedException')
    assert.equal(e.reason.kind, 'ConditionNotMet')
    assert.equal(e.reason.value, 'globex')
    return true
  })
})

test('asCaller, assumeRole and the new options check their arguments', () => {
  const { root } = setup()
  assert.throws(() => root.asCaller('not-an-arn'), { name: 'ValidationException' })
  assert.throws(() => root.asCaller({ principalArn: APP, sourceIp: '300.1.1.1' }), { name: 'ValidationException' })
  assert.throws(() => root.asCaller({ sourceIp: IP }), { name: 'ValidationException' })
  assert.throws(() => root.asCaller(42), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
  assert.throws(() => root.asCaller({ principalArn: APP, sourceIp: 7 }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
  assert.throws(() => root.asCaller({ principalArn: APP, credentials: 'token' }), { name: 'TypeError' })
  assert.throws(() => root.assumeRoleSync({ RoleArn: 1 }), { name: 'TypeError' })
  assert.throws(() => root.putKeyPolicySync({ KeyId: 'k', Policy: {} }), { name: 'TypeError' })
  assert.throws(() => new LocalKms({ propagationDelay: -1 }), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' })
  assert.throws(() => new LocalKms({ propagationDelay: '1s' }), { name: 'TypeError' })
  assert.throws(() => new LocalKms({ faultSeed: -1 }), { name: 'RangeError' })
  assert.throws(() => new LocalKms({ faultSeed: 1.5 }), { name: 'RangeError' })
  assert.throws(() => new LocalKms({ faultSeed: 2n ** 64n }), { name: 'RangeError' })
  assert.throws(() => new LocalKms({ insecureDeterministicSeed: 'x' }), { name: 'TypeError' })
  // Handles share the service: a key made by one is seen by the other.
  const app = root.asCaller(APP)
  const { KeyMetadata: key } = app.createKeySync()
  assert.equal(root.describeKeySync({ KeyId: key.KeyId }).KeyMetadata.Arn, key.Arn)
})

test('insecureDeterministicSeed makes key ids and key material reproducible', () => {
  const run = (seed) => {
    const kms = new LocalKms({ clock: new ManualClock(START), insecureDeterministicSeed: seed })
    const { KeyMetadata: key } = kms.createKeySync()
    const dk = kms.generateDataKeySync(gdkInput(key.KeyId))
    return [key.KeyId, key.CurrentKeyMaterialId, dk.Plaintext.toString('hex'), dk.CiphertextBlob.toString('hex')]
  }
  assert.deepEqual(run(42), run(42))
  assert.deepEqual(run(2n ** 64n - 1n), run(2n ** 64n - 1n))
  assert.deepEqual(run(7), run(7n))
  const [a, b] = [run(1), run(2)]
  for (let i = 0; i < a.length; i++) assert.notEqual(a[i], b[i])
  // Without the seed, every service differs.
  const fresh = () => new LocalKms().createKeySync().KeyMetadata.KeyId
  assert.notEqual(fresh(), fresh())
})

test('an IPv4 client as a dual-stack server reports it (::ffff:a.b.c.d) is the IPv4 address', () => {
  // `req.socket.remoteAddress` of a server bound to `::` (Node's default) for an IPv4 client.
  const { root } = setup()
  const { KeyMetadata: key } = root.createKeySync({
    Policy: policy(
      { Sid: 'App', Effect: 'Allow', Principal: { AWS: APP }, Action: 'kms:GenerateDataKey', Resource: '*' },
      { Sid: 'NoLocal', Effect: 'Deny', Principal: '*', Action: 'kms:*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } } }
    )
  })
  for (const sourceIp of ['127.0.0.1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::7f00:1']) {
    assert.throws(() => root.asCaller({ principalArn: APP, sourceIp }).generateDataKeySync(gdkInput(key.KeyId)), (e) => {
      assert.equal(e.name, 'AccessDeniedException')
      assert.deepEqual({ ...e.reason }, { kind: 'ExplicitDeny', message: 'statement NoLocal denies the action', statement: 'NoLocal' })
      return true
    }, sourceIp)
  }
  root.asCaller({ principalArn: APP, sourceIp: '::ffff:203.0.113.7' }).generateDataKeySync(gdkInput(key.KeyId))
})

test('a caller of another account cannot create keys or aliases here (reason OtherAccount)', () => {
  const { root } = setup()
  const { KeyMetadata: key } = root.createKeySync()
  const other = root.asCaller('arn:aws:iam::999999999999:user/m')
  for (const call of [() => other.createKeySync(), () => other.createAliasSync({ AliasName: 'alias/payments', TargetKeyId: key.KeyId })]) {
    assert.throws(call, (e) => {
      assert.equal(e.name, 'AccessDeniedException')
      assert.match(e.message, /^User: arn:aws:iam::999999999999:user\/m is not authorized to perform: kms:Create(Key|Alias) on resource: \* because no identity-based policy allows the kms:Create(Key|Alias) action$/)
      assert.equal(e.reason.kind, 'OtherAccount')
      assert.equal(e.reason.account, '999999999999')
      return true
    })
  }
  assert.throws(() => root.asCaller('arn:evil:iam::111122223333:root'), { name: 'ValidationException' })
})
