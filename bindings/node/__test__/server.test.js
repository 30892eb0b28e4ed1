'use strict'
// The in-process AWS endpoint, `serve({ kms, host, port })`, with the real AWS SDK for JavaScript
// v3 clients (@aws-sdk/client-kms, @aws-sdk/client-sts) in the Command style: every operation
// datakey implements over the wire, errors as the SDK's typed exceptions, and each
// authentication failure as the SDK sees it.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const net = require('node:net')
const kmsSdk = require('@aws-sdk/client-kms')
const stsSdk = require('@aws-sdk/client-sts')
const { LocalKms, ManualClock, Server, serve } = require('datakey')
const native = require('../index.js')

const { KMSClient, KMSServiceException } = kmsSdk
const { STSClient } = stsSdk

/** A KMS client of `server` (no retries unless asked: each failure is the first answer). */
function kmsClient (server, overrides = {}) {
  return new KMSClient({ ...server.clientConfig(), maxAttempts: 1, ...overrides })
}

function stsClient (server, overrides = {}) {
  return new STSClient({ ...server.clientConfig(), maxAttempts: 1, ...overrides })
}

/** `await client.send(command)` expected to fail; returns the error. */
async function failure (client, command) {
  try {
    await client.send(command)
  } catch (e) {
    return e
  }
  assert.fail(`${command.constructor.name} succeeded`)
}

/** A client middleware recording the raw HTTP responses (status, headers) it receives. */
function recordResponses (client) {
  const seen = []
  client.middlewareStack.add((next) => async (args) => {
    const out = await next(args)
    seen.push({ status: out.response.statusCode, headers: out.response.headers })
    return out
  }, { step: 'deserialize', name: 'recordResponses', priority: 'low' })
  return seen
}

async function sessionOf (server, { role = 'app', name = 'node', duration = 900 } = {}) {
  const sts = stsClient(server)
  const { Account } = await sts.send(new stsSdk.GetCallerIdentityCommand({}))
  const assumed = await sts.send(new stsSdk.AssumeRoleCommand({
    RoleArn: `arn:aws:iam::${Account}:role/${role}`,
    RoleSessionName: name,
    DurationSeconds: duration
  }))
  const c = assumed.Credentials
  const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }
  return { account: Account, assumed, kms: kmsClient(server, { credentials }) }
}

test('serve: endpoint, client config, stop twice, and the port closes', async () => {
  const kms = new LocalKms({ region: 'eu-central-1' })
  const server = await serve({ kms })
  assert.ok(server instanceof Server)
  assert.equal(server.region, 'eu-central-1')
  assert.equal(server.endpointUrl, `http://127.0.0.1:${server.port}`)
  assert.ok(server.port > 0 && server.running)
  assert.match(server.accessKeyId, /^AKIA[A-Z0-9]{16}$/)
  assert.equal(server.secretAccessKey.length, 40)
  assert.deepEqual(server.clientConfig(), {
    endpoint: server.endpointUrl,
    region: 'eu-central-1',
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey }
  })
  // inspection names the endpoint, never the secret
  const shown = require('node:util').inspect(server)
  assert.ok(shown.includes(server.endpointUrl) && !shown.includes(server.secretAccessKey), shown)

  // the in-process handle and the wire share one service
  const { KeyMetadata } = await kmsClient(server).send(new kmsSdk.CreateKeyCommand({ Description: 'wire' }))
  assert.equal((await kms.describeKey({ KeyId: KeyMetadata.KeyId })).KeyMetadata.Description, 'wire')

  assert.equal(await server.stop(), undefined)
  assert.equal(server.running, false)
  assert.equal(await server.stop(), undefined) // a second stop is a no-op
  await assert.rejects(new Promise((resolve, reject) => {
    const s = net.connect(server.port, '127.0.0.1', () => { s.destroy(); resolve() })
    s.on('error', reject)
  }), { code: 'ECONNREFUSED' })
})

test('serve: a new LocalKms by default, host and port options', async () => {
  const a = await serve()
  try {
    assert.equal(a.region, 'us-east-1')
    const b = await serve({ host: 'localhost', port: 0 })
    try {
      assert.ok(b.endpointUrl.startsWith('http://127.0.0.1:'))
      assert.notEqual(a.port, b.port)
      // the same port twice cannot be bound
      await assert.rejects(serve({ port: a.port }), (e) => /cannot start the server/.test(e.message))
    } finally {
      await b.stop()
    }
    const v6 = await serve({ host: '::1' }).catch((e) => e)
    if (v6 instanceof Server) {
      assert.equal(v6.endpointUrl, `http://[::1]:${v6.port}`)
      await v6.stop()
    } else {
      assert.match(v6.message, /cannot start the server/) // no IPv6 loopback on this machine
    }
  } finally {
    await a.stop()
  }
})

test('serve: bad options are refused with a TypeError or RangeError', async () => {
  assert.throws(() => serve({ kms: {} }), { name: 'TypeError', message: /"options\.kms" property must be a LocalKms/ })
  assert.throws(() => serve({ host: 42 }), { name: 'TypeError' })
  assert.throws(() => serve({ host: 'example.com' }), { name: 'RangeError', message: /not an IP address/ })
  assert.throws(() => serve({ host: '0.0.0.0' }), { name: 'RangeError', message: /not a loopback address/ })
  assert.throws(() => serve({ host: '192.0.2.1' }), { name: 'RangeError', message: /not a loopback address/ })
  for (const port of [-1, 65536, 1.5, NaN]) {
    assert.throws(() => serve({ port }), { name: 'RangeError', message: /integer from 0 to 65535/ }, String(port))
  }
  assert.throws(() => serve({ port: '80' }), { name: 'TypeError' })
  assert.throws(() => serve('x'), { name: 'TypeError' })
})

test('every implemented KMS operation and STS through the SDK v3 Command style', async () => {
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'))
  const server = await serve({ kms: new LocalKms({ clock }) })
  const sent = new Set()
  const kms = kmsClient(server)
  const send = async (command) => {
    const out = await kms.send(command)
    sent.add(command.constructor.name.replace(/Command$/, ''))
    assert.equal(out.$metadata.httpStatusCode, 200)
    assert.match(out.$metadata.requestId, /^[0-9a-f-]{36}$/)
    return out
  }
  try {
    const { KeyMetadata: key } = await send(new kmsSdk.CreateKeyCommand({ Description: 'app' }))
    assert.equal(key.KeySpec, 'SYMMETRIC_DEFAULT')
    assert.equal(key.KeyState, 'Enabled')
    assert.ok(key.CreationDate instanceof Date)
    assert.equal(key.CreationDate.getTime(), clock.now().getTime())
    const { KeyMetadata: other } = await send(new kmsSdk.CreateKeyCommand({ Description: 'other' }))

    const described = await send(new kmsSdk.DescribeKeyCommand({ KeyId: key.Arn }))
    assert.equal(described.KeyMetadata.Description, 'app')
    const page = await send(new kmsSdk.ListKeysCommand({ Limit: 1 }))
    assert.equal(page.Keys.length, 1)
    assert.equal(page.Truncated, true)
    const rest = await send(new kmsSdk.ListKeysCommand({ Marker: page.NextMarker }))
    assert.deepEqual([...page.Keys, ...rest.Keys].map((k) => k.KeyId).sort(), [key.KeyId, other.KeyId].sort())

    await send(new kmsSdk.CreateAliasCommand({ AliasName: 'alias/app', TargetKeyId: key.KeyId }))
    const ec = { tenant: 'acme' }
    const dk = await send(new kmsSdk.GenerateDataKeyCommand({ KeyId: 'alias/app', KeySpec: 'AES_256', EncryptionContext: ec }))
    assert.ok(dk.Plaintext instanceof Uint8Array && dk.Plaintext.length === 32)
    assert.equal(dk.KeyId, key.Arn)
    const opened = await send(new kmsSdk.DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: ec }))
    assert.deepEqual(Buffer.from(opened.Plaintext), Buffer.from(dk.Plaintext))
    assert.equal(opened.EncryptionAlgorithm, 'SYMMETRIC_DEFAULT')

    const noPt = await send(new kmsSdk.GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.KeyId, NumberOfBytes: 16 }))
    assert.equal(noPt.Plaintext, undefined)
    assert.equal((await send(new kmsSdk.DecryptCommand({ CiphertextBlob: noPt.CiphertextBlob }))).Plaintext.length, 16)

    const enc = await send(new kmsSdk.EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('secret') }))
    const re = await send(new kmsSdk.ReEncryptCommand({
      CiphertextBlob: enc.CiphertextBlob,
      DestinationKeyId: other.Arn,
      DestinationEncryptionContext: ec
    }))
    assert.equal(re.SourceKeyId, key.Arn)
    assert.equal(re.KeyId, other.Arn)
    const back = await send(new kmsSdk.DecryptCommand({ CiphertextBlob: re.CiphertextBlob, EncryptionContext: ec }))
    assert.equal(Buffer.from(back.Plaintext).toString(), 'secret')
    assert.equal(back.KeyId, other.Arn)

    assert.equal((await send(new kmsSdk.GenerateRandomCommand({ NumberOfBytes: 24 }))).Plaintext.length, 24)

    await send(new kmsSdk.UpdateAliasCommand({ AliasName: 'alias/app', TargetKeyId: other.KeyId }))
    const aliases = await send(new kmsSdk.ListAliasesCommand({ KeyId: other.KeyId }))
    assert.deepEqual(aliases.Aliases.map((a) => a.AliasName), ['alias/app'])
    await send(new kmsSdk.DeleteAliasCommand({ AliasName: 'alias/app' }))
    assert.deepEqual((await send(new kmsSdk.ListAliasesCommand({ KeyId: other.KeyId }))).Aliases, [])

    await send(new kmsSdk.DisableKeyCommand({ KeyId: other.KeyId }))
    const disabled = await failure(kms, new kmsSdk.EncryptCommand({ KeyId: other.KeyId, Plaintext: Buffer.from('x') }))
    assert.ok(disabled instanceof kmsSdk.DisabledException)
    assert.equal(disabled.message, `${other.Arn} is disabled.`)
    await send(new kmsSdk.EnableKeyCommand({ KeyId: other.KeyId }))

    await send(new kmsSdk.EnableKeyRotationCommand({ KeyId: key.KeyId, RotationPeriodInDays: 90 }))
    const status = await send(new kmsSdk.GetKeyRotationStatusCommand({ KeyId: key.KeyId }))
    assert.equal(status.KeyRotationEnabled, true)
    assert.equal(status.RotationPeriodInDays, 90)
    assert.ok(status.NextRotationDate instanceof Date)
    await send(new kmsSdk.RotateKeyOnDemandCommand({ KeyId: key.KeyId }))
    const rotations = await send(new kmsSdk.ListKeyRotationsCommand({ KeyId: key.KeyId }))
    assert.equal(rotations.Rotations.length, 1)
    assert.equal(rotations.Rotations[0].RotationType, 'ON_DEMAND')
    await send(new kmsSdk.DisableKeyRotationCommand({ KeyId: key.KeyId }))
    // the blob from before the rotation still opens
    assert.equal((await send(new kmsSdk.DecryptCommand({ CiphertextBlob: enc.CiphertextBlob }))).Plaintext.length, 6)

    const { Policy } = await send(new kmsSdk.GetKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default' }))
    const policy = JSON.parse(Policy)
    policy.Statement.push({ Sid: 'Extra', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${key.AWSAccountId}:role/app` }, Action: 'kms:Decrypt', Resource: '*' })
    await send(new kmsSdk.PutKeyPolicyCommand({ KeyId: key.KeyId, PolicyName: 'default', Policy: JSON.stringify(policy) }))
    const stored = await send(new kmsSdk.GetKeyPolicyCommand({ KeyId: key.KeyId }))
    assert.deepEqual(JSON.parse(stored.Policy).Statement.map((s) => s.Sid).at(-1), 'Extra')

    const { KeyMetadata: ext } = await send(new kmsSdk.CreateKeyCommand({ Origin: 'EXTERNAL' }))
    assert.equal(ext.KeyState, 'PendingImport')
    const imported = await send(new kmsSdk.ImportKeyMaterialCommand({
      KeyId: ext.KeyId,
      ImportToken: Buffer.from([0]),
      EncryptedKeyMaterial: crypto.randomBytes(32),
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE'
    }))
    assert.equal(imported.KeyId, ext.Arn)
    assert.equal((await send(new kmsSdk.DescribeKeyCommand({ KeyId: ext.KeyId }))).KeyMetadata.KeyState, 'Enabled')

    const scheduled = await send(new kmsSdk.ScheduleKeyDeletionCommand({ KeyId: other.KeyId, PendingWindowInDays: 7 }))
    assert.equal(scheduled.KeyState, 'PendingDeletion')
    assert.equal(scheduled.DeletionDate.getTime(), clock.now().getTime() + 7 * 86400e3)
    const pending = await failure(kms, new kmsSdk.EncryptCommand({ KeyId: other.KeyId, Plaintext: Buffer.from('x') }))
    assert.ok(pending instanceof kmsSdk.KMSInvalidStateException)
    assert.equal(pending.message, `${other.Arn} is pending deletion.`)
    await send(new kmsSdk.CancelKeyDeletionCommand({ KeyId: other.KeyId }))
    assert.equal((await send(new kmsSdk.DescribeKeyCommand({ KeyId: other.KeyId }))).KeyMetadata.KeyState, 'Disabled')

    // every operation datakey implements went over the wire at least once
    assert.deepEqual([...sent].sort(), [...native.__kmsOperations()].sort())

    const sts = stsClient(server)
    const me = await sts.send(new stsSdk.GetCallerIdentityCommand({}))
    assert.equal(me.Arn, `arn:aws:iam::${me.Account}:root`)
    assert.equal(me.Account, key.AWSAccountId)
    const assumed = await sts.send(new stsSdk.AssumeRoleCommand({ RoleArn: `arn:aws:iam::${me.Account}:role/app`, RoleSessionName: 's1' }))
    assert.match(assumed.Credentials.AccessKeyId, /^ASIA/)
    assert.ok(assumed.Credentials.Expiration instanceof Date)
    // on the service's clock: the default duration is one hour
    assert.equal(assumed.Credentials.Expiration.getTime(), clock.now().getTime() + 3600e3)
    assert.equal(assumed.AssumedRoleUser.Arn, `arn:aws:sts::${me.Account}:assumed-role/app/s1`)
  } finally {
    await server.stop()
  }
})

test('KMS errors arrive as the SDK\'s typed exceptions with AWS\'s names and messages', async () => {
  const server = await serve()
  const kms = kmsClient(server)
  try {
    const { KeyMetadata: key } = await kms.send(new kmsSdk.CreateKeyCommand({}))
    const missing = `arn:aws:kms:us-east-1:${key.AWSAccountId}:key/00000000-0000-4000-8000-000000000000`
    const nf = await failure(kms, new kmsSdk.DescribeKeyCommand({ KeyId: missing }))
    assert.ok(nf instanceof kmsSdk.NotFoundException)
    assert.ok(nf instanceof KMSServiceException)
    assert.equal(nf.name, 'NotFoundException')
    assert.equal(nf.message, `Key '${missing}' does not exist`)
    assert.equal(nf.$fault, 'client')
    assert.equal(nf.$metadata.httpStatusCode, 400)

    const { CiphertextBlob } = await kms.send(new kmsSdk.EncryptCommand({ KeyId: key.KeyId, Plaintext: Buffer.from('x'), EncryptionContext: { a: 'b' } }))
    const bad = await failure(kms, new kmsSdk.DecryptCommand({ CiphertextBlob, EncryptionContext: { a: 'c' } }))
    assert.ok(bad instanceof kmsSdk.InvalidCiphertextException)
    assert.equal(bad.name, 'InvalidCiphertextException')

    const hmac = await kms.send(new kmsSdk.CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }))
    const usage = await failure(kms, new kmsSdk.GenerateDataKeyCommand({ KeyId: hmac.KeyMetadata.KeyId, KeySpec: 'AES_256' }))
    assert.ok(usage instanceof kmsSdk.InvalidKeyUsageException)
    assert.equal(usage.message, `${hmac.KeyMetadata.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.`)

    // past a maximum the SDK does not check: the server's ValidationException
    const tooMany = await failure(kms, new kmsSdk.GenerateRandomCommand({ NumberOfBytes: 1025 }))
    assert.equal(tooMany.name, 'ValidationException')
    assert.equal(tooMany.message,
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024")
  } finally {
    await server.stop()
  }
})

test('a wrong secret is InvalidSignatureException, not retried', async () => {
  const server = await serve()
  try {
    const { credentials } = server.clientConfig()
    const kms = kmsClient(server, { credentials: { ...credentials, secretAccessKey: 'x'.repeat(40) }, maxAttempts: 3 })
    const e = await failure(kms, new kmsSdk.ListKeysCommand({}))
    assert.ok(e instanceof KMSServiceException)
    assert.equal(e.name, 'InvalidSignatureException')
    assert.equal(e.message,
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret ' +
      'Access Key and signing method. Consult the service documentation for details.')
    assert.equal(e.$metadata.httpStatusCode, 400)
    // a signature error with a correct clock is not a clock skew the SDK could correct
    assert.equal(e.$metadata.attempts, 1)
  } finally {
    await server.stop()
  }
})

test('an unknown access key is UnrecognizedClientException', async () => {
  const server = await serve()
  try {
    const kms = kmsClient(server, { credentials: { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: server.secretAccessKey } })
    const e = await failure(kms, new kmsSdk.ListKeysCommand({}))
    assert.equal(e.name, 'UnrecognizedClientException')
    assert.equal(e.message, 'The security token included in the request is invalid.')
    assert.equal(e.$metadata.httpStatusCode, 400)
    // STS names the same failure its own way
    const sts = stsClient(server, { credentials: { accessKeyId: 'AKIAAAAAAAAAAAAAAAAA', secretAccessKey: server.secretAccessKey } })
    const s = await failure(sts, new stsSdk.GetCallerIdentityCommand({}))
    assert.equal(s.name, 'InvalidClientTokenId')
    assert.equal(s.message, 'The security token included in the request is invalid.')
  } finally {
    await server.stop()
  }
})

test('a skewed client clock: InvalidSignatureException, then the SDK corrects from Date and retries', async () => {
  const server = await serve()
  const skew = -10 * 60 * 1000
  try {
    // no retries: the first answer, as AWS words it
    const once = kmsClient(server, { systemClockOffset: skew })
    const seen = recordResponses(once)
    const e = await failure(once, new kmsSdk.ListKeysCommand({}))
    assert.equal(e.name, 'InvalidSignatureException')
    assert.match(e.message, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/)
    // the server's Date header is its true clock (what the SDK corrects itself from)
    assert.equal(seen.length, 1)
    const date = Date.parse(seen[0].headers.date)
    assert.ok(Math.abs(date - Date.now()) < 5000, seen[0].headers.date)
    assert.match(seen[0].headers.date, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/)
    // the SDK already took the server's clock from that error
    assert.ok(Math.abs(once.config.systemClockOffset) < 5000, String(once.config.systemClockOffset))

    // with the SDK's default retries: the skew error is corrected and the retry succeeds
    const retrying = new KMSClient({ ...server.clientConfig(), systemClockOffset: skew })
    const ok = await retrying.send(new kmsSdk.ListKeysCommand({}))
    assert.equal(ok.$metadata.attempts, 2)
    assert.ok(Math.abs(retrying.config.systemClockOffset) < 5000)

    // ahead of the server by more than 5 minutes
    const ahead = await failure(kmsClient(server, { systemClockOffset: -skew }), new kmsSdk.ListKeysCommand({}))
    assert.equal(ahead.name, 'InvalidSignatureException')
    assert.match(ahead.message, /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/)
    // within the window: accepted as is
    const near = kmsClient(server, { systemClockOffset: -4 * 60 * 1000 })
    assert.equal((await near.send(new kmsSdk.ListKeysCommand({}))).$metadata.attempts, 1)
  } finally {
    await server.stop()
  }
})

test('a session expires on the service clock: ExpiredTokenException', async () => {
  const clock = new ManualClock()
  const server = await serve({ kms: new LocalKms({ clock }) })
  try {
    const { kms } = await sessionOf(server, { duration: 900 })
    await kms.send(new kmsSdk.ListKeysCommand({}))
    clock.advance(901 * 1000)
    const e = await failure(kms, new kmsSdk.ListKeysCommand({}))
    assert.equal(e.name, 'ExpiredTokenException')
    assert.equal(e.message, 'The security token included in the request is expired')
    assert.ok(e instanceof KMSServiceException)
    // the account root's long-term key is not affected, and the transport clock did not move
    await kmsClient(server).send(new kmsSdk.ListKeysCommand({}))
  } finally {
    await server.stop()
  }
})

test('a tampered body is InvalidSignatureException', async () => {
  const server = await serve()
  try {
    const kms = kmsClient(server)
    // after signing, before sending: one byte of the JSON body changes, its length does not
    kms.middlewareStack.add((next) => async (args) => {
      args.request.body = args.request.body.replace('"Limit":10', '"Limit":20')
      return next(args)
    }, { step: 'deserialize', name: 'tamper', priority: 'low' })
    const e = await failure(kms, new kmsSdk.ListKeysCommand({ Limit: 10 }))
    assert.equal(e.name, 'InvalidSignatureException')
    assert.match(e.message, /^The request signature we calculated does not match the signature you provided/)
  } finally {
    await server.stop()
  }
})

test('a key policy that denies the role: AccessDeniedException with AWS\'s message', async () => {
  const server = await serve()
  try {
    const root = kmsClient(server)
    const { Account } = await stsClient(server).send(new stsSdk.GetCallerIdentityCommand({}))
    const role = `arn:aws:iam::${Account}:role/app`
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${Account}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'App', Effect: 'Allow', Principal: { AWS: role }, Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*' },
        { Sid: 'NoDecrypt', Effect: 'Deny', Principal: { AWS: role }, Action: 'kms:Decrypt', Resource: '*' }
      ]
    }
    const { KeyMetadata: key } = await root.send(new kmsSdk.CreateKeyCommand({ Policy: JSON.stringify(policy) }))
    const { assumed, kms } = await sessionOf(server)
    const dk = await kms.send(new kmsSdk.GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 16 }))
    const e = await failure(kms, new kmsSdk.DecryptCommand({ CiphertextBlob: dk.CiphertextBlob }))
    assert.ok(e instanceof KMSServiceException)
    assert.equal(e.name, 'AccessDeniedException')
    assert.equal(e.message,
      `User: ${assumed.AssumedRoleUser.Arn} is not authorized to perform: kms:Decrypt on resource: ${key.Arn} ` +
      'with an explicit deny in a resource-based policy')
    assert.equal(e.$metadata.httpStatusCode, 400)
    // a role no statement names
    const { assumed: other, kms: nobody } = await sessionOf(server, { role: 'nobody' })
    const n = await failure(nobody, new kmsSdk.GenerateDataKeyCommand({ KeyId: key.KeyId, NumberOfBytes: 16 }))
    assert.equal(n.name, 'AccessDeniedException')
    assert.equal(n.message,
      `User: ${other.AssumedRoleUser.Arn} is not authorized to perform: kms:GenerateDataKey on resource: ${key.Arn} ` +
      'because no resource-based policy allows the kms:GenerateDataKey action')
    // the root still decrypts
    assert.equal((await root.send(new kmsSdk.DecryptCommand({ CiphertextBlob: dk.CiphertextBlob }))).Plaintext.length, 16)
  } finally {
    await server.stop()
  }
})

test('the README\'s SDK v3 example runs as written', async () => {
  const fs = require('node:fs')
  const path = require('node:path')
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8')
  const block = readme.match(/```js\n(\/\/ README: SDK v3 against serve\(\)\n[\s\S]*?)```/)
  assert.ok(block, 'the README has the SDK v3 block')
  const code = block[1].trim()
  assert.ok(code.endsWith('\nmain()'))
  // eslint-disable-next-line no-new-func
  const run = new Function('require', `${code.slice(0, -'main()'.length)}return main()`)
  assert.equal(await run(require), 'ExpiredTokenException')
})
