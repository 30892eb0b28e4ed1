'use strict'
// LocalSecretsManager in the SDK v3 `SecretsManager` shape, through the core's wire model: the
// operations (async and …Sync), the Command style with @aws-sdk/client-secrets-manager's own
// commands, errors named as Secrets Manager names them, the asymmetric key refused at
// CreateSecret, rotation with a JavaScript function receiving AWS's Lambda event, schedules on the
// injectable clock, the caching client, and secret bytes kept out of util.inspect and errors.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const util = require('node:util')
const sdk = require('@aws-sdk/client-secrets-manager')
const { LocalKms, LocalSecretsManager, SecretCache, ManualClock } = require('datakey')

const T0 = Date.UTC(2024, 2, 1, 12) // Friday 2024-03-01 12:00 UTC
const LAMBDA = 'arn:aws:lambda:us-east-1:111122223333:function:rotate'
const TOKEN = '00000001-0000-4000-8000-000000000000'

function service () {
  const clock = new ManualClock(new Date(T0))
  const kms = new LocalKms({ clock })
  return { kms, sm: new LocalSecretsManager(kms), clock }
}

test('create, get, put, describe, list: labels move as AWS moves them', async () => {
  const { sm } = service()
  const created = await sm.createSecret({ Name: 'prod/db', SecretString: 'v1', ClientRequestToken: TOKEN })
  assert.equal(created.VersionId, TOKEN)
  assert.equal(created.ARN.split('-').pop().length, 6)
  assert.equal(created.$metadata.httpStatusCode, 200)
  const got = await sm.getSecretValue({ SecretId: created.ARN.slice(0, -7) })
  assert.equal(got.SecretString, 'v1')
  assert.deepEqual(got.VersionStages, ['AWSCURRENT'])
  assert.ok(got.CreatedDate instanceof Date)
  sm.putSecretValueSync({ SecretId: 'prod/db', SecretBinary: Buffer.from([0, 1, 2]) })
  const bin = sm.getSecretValueSync({ SecretId: 'prod/db' })
  assert.ok(Buffer.isBuffer(bin.SecretBinary))
  assert.deepEqual([...bin.SecretBinary], [0, 1, 2])
  assert.equal(bin.SecretString, undefined)
  assert.equal((await sm.getSecretValue({ SecretId: 'prod/db', VersionStage: 'AWSPREVIOUS' })).SecretString, 'v1')
  const d = await sm.describeSecret({ SecretId: 'prod/db' })
  assert.deepEqual(Object.values(d.VersionIdsToStages).sort(), [['AWSCURRENT'], ['AWSPREVIOUS']])
  assert.equal(d.CreatedDate.getTime(), T0)
  const listed = await sm.listSecrets({})
  assert.deepEqual(listed.SecretList.map((s) => s.Name), ['prod/db'])
  assert.ok('SecretVersionsToStages' in listed.SecretList[0])
  const pw = sm.getRandomPasswordSync()
  assert.equal(pw.RandomPassword.length, 32)
  await sm.tagResource({ SecretId: 'prod/db', Tags: [{ Key: 'team', Value: 'a' }] })
  assert.deepEqual((await sm.describeSecret({ SecretId: 'prod/db' })).Tags, [{ Key: 'team', Value: 'a' }])
})

test('the Command style with @aws-sdk/client-secrets-manager commands', async () => {
  const { sm } = service()
  await sm.send(new sdk.CreateSecretCommand({ Name: 'cmd', SecretString: 'x' }))
  const got = await sm.send(new sdk.GetSecretValueCommand({ SecretId: 'cmd' }))
  assert.equal(got.SecretString, 'x')
  assert.equal(sm.sendSync(new sdk.DescribeSecretCommand({ SecretId: 'cmd' })).Name, 'cmd')
  await assert.rejects(sm.send({ input: {} }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
  await assert.rejects(sm.send(new sdk.GetSecretValueCommand({ SecretId: 'missing' })), {
    name: 'ResourceNotFoundException'
  })
})

test('errors are Secrets Manager\'s, with the SDK\'s $fault and $metadata', async () => {
  const { sm } = service()
  await sm.createSecret({ Name: 's', SecretString: 'v', ClientRequestToken: TOKEN })
  await assert.rejects(sm.getSecretValue({ SecretId: 'nope' }), (e) => {
    assert.equal(e.name, 'ResourceNotFoundException')
    assert.equal(e.code, 'ResourceNotFoundException')
    assert.equal(e.message, "Secrets Manager can't find the specified secret.")
    assert.equal(e.$fault, 'client')
    assert.equal(e.$metadata.httpStatusCode, 400)
    return true
  })
  assert.throws(() => sm.createSecretSync({ Name: 's', SecretString: 'other', ClientRequestToken: TOKEN }), {
    name: 'ResourceExistsException',
    message: /already in use for a version of secret/
  })
  assert.throws(() => sm.getSecretValueSync({ SecretId: 's', Bogus: 1 }), {
    name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE', message: /Unknown parameter in input: "Bogus"/
  })
  // SDK v3 sends a request without a required member; the service answers (the core's model).
  assert.throws(() => sm.getSecretValueSync({}), {
    name: 'ValidationException',
    message: "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null"
  })
  assert.throws(() => sm.getSecretValueSync({ SecretId: 5 }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
  assert.throws(() => sm.deleteSecretSync({ SecretId: 's', RecoveryWindowInDays: 3 }), {
    name: 'InvalidParameterException', message: 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).'
  })
  await sm.deleteSecret({ SecretId: 's', RecoveryWindowInDays: 7 })
  await assert.rejects(sm.getSecretValue({ SecretId: 's' }), {
    name: 'InvalidRequestException',
    message: "You can't perform this operation on the secret because it was marked for deletion."
  })
  assert.equal((await sm.restoreSecret({ SecretId: 's' })).Name, 's')
})

test('an asymmetric key is refused at CreateSecret, before anything is stored', async () => {
  const { kms, sm } = service()
  const rsa = kms.createKeySync({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }).KeyMetadata.Arn
  await assert.rejects(sm.createSecret({ Name: 'asym', KmsKeyId: rsa, SecretString: 'v' }), (e) => {
    assert.equal(e.name, 'EncryptionFailure')
    assert.equal(e.message, 'You cannot generate a data key with an asymmetric CMK')
    return true
  })
  await assert.rejects(sm.describeSecret({ SecretId: 'asym' }), { name: 'ResourceNotFoundException' })
  const aes = kms.createKeySync({}).KeyMetadata.Arn
  await sm.createSecret({ Name: 'sym', KmsKeyId: aes, SecretString: 'v' })
  assert.equal((await sm.describeSecret({ SecretId: 'sym' })).KmsKeyId, aes)
})

/** AWS's rotation template (SecretsManagerRotationTemplate lambda_function.py) in JavaScript. */
function template (sm, log, failAt) {
  return async (event) => {
    log.push(event)
    const { Step, SecretId, ClientRequestToken: token } = event
    if (Step === failAt) throw new Error(`${Step} failed on purpose`)
    if (Step === 'createSecret') {
      await sm.getSecretValue({ SecretId, VersionStage: 'AWSCURRENT' })
      try {
        await sm.getSecretValue({ SecretId, VersionId: token, VersionStage: 'AWSPENDING' })
      } catch (e) {
        if (e.name !== 'ResourceNotFoundException') throw e
        const { RandomPassword } = await sm.getRandomPassword({ ExcludeCharacters: '/@"\'\\' })
        await sm.putSecretValue({ SecretId, ClientRequestToken: token, SecretString: RandomPassword, VersionStages: ['AWSPENDING'] })
      }
    } else if (Step === 'finishSecret') {
      const d = await sm.describeSecret({ SecretId })
      const current = Object.keys(d.VersionIdsToStages).find((v) => d.VersionIdsToStages[v].includes('AWSCURRENT'))
      if (current === token) return
      await sm.updateSecretVersionStage({ SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current })
    }
  }
}

test('rotation runs a JavaScript function through the four steps with AWS\'s Lambda event', async () => {
  const { sm } = service()
  const c = await sm.createSecret({ Name: 'r', SecretString: 'v1', ClientRequestToken: TOKEN })
  await assert.rejects(sm.rotateSecret({ SecretId: 'r', RotationLambdaARN: LAMBDA }), {
    name: 'AccessDeniedException',
    message: /cannot invoke the specified Lambda function/
  })
  const log = []
  sm.registerRotationFunction(LAMBDA, template(sm, log))
  const token = '00000002-0000-4000-8000-000000000000'
  const r = await sm.rotateSecret({ SecretId: 'r', ClientRequestToken: token, RotationLambdaARN: LAMBDA, RotationRules: { AutomaticallyAfterDays: 30 } })
  assert.equal(r.VersionId, token)
  assert.deepEqual(log.map((e) => e.Step), ['createSecret', 'setSecret', 'testSecret', 'finishSecret'])
  assert.deepEqual(log[0], { Step: 'createSecret', SecretId: c.ARN, ClientRequestToken: token })
  const got = await sm.getSecretValue({ SecretId: 'r' })
  assert.equal(got.VersionId, token)
  assert.equal(got.SecretString.length, 32)
  assert.equal((await sm.getSecretValue({ SecretId: 'r', VersionStage: 'AWSPREVIOUS' })).SecretString, 'v1')
  const d = await sm.describeSecret({ SecretId: 'r' })
  assert.equal(d.RotationEnabled, true)
  assert.equal(d.NextRotationDate.getTime(), T0 + 30 * 86_400_000)
})

test('a failing step leaves AWSPENDING; a synchronous function runs under rotateSecretSync', async () => {
  const { sm } = service()
  await sm.createSecret({ Name: 'f', SecretString: 'v1', ClientRequestToken: TOKEN })
  const log = []
  sm.registerRotationFunction(LAMBDA, template(sm, log, 'testSecret'))
  const token = '00000003-0000-4000-8000-000000000000'
  await assert.rejects(sm.rotateSecret({ SecretId: 'f', ClientRequestToken: token, RotationLambdaARN: LAMBDA }), (e) => {
    assert.equal(e.name, 'InvalidRequestException')
    assert.match(e.message, /^The rotation function failed at testSecret: .*testSecret failed on purpose/)
    return true
  })
  const d = await sm.describeSecret({ SecretId: 'f' })
  assert.deepEqual(d.VersionIdsToStages[token], ['AWSPENDING'])
  assert.equal((await sm.getSecretValue({ SecretId: 'f' })).SecretString, 'v1')
  // A synchronous rotation function, on the calling thread.
  const steps = []
  const sync = 'arn:aws:lambda:us-east-1:111122223333:function:sync'
  sm.registerRotationFunction(sync, (event) => {
    steps.push(event.Step)
    if (event.Step === 'createSecret') {
      // The failed rotation's pending version (same token) already has a value: kept, as in the template.
      try {
        sm.getSecretValueSync({ SecretId: event.SecretId, VersionId: event.ClientRequestToken, VersionStage: 'AWSPENDING' })
      } catch (e) {
        if (e.name !== 'ResourceNotFoundException') throw e
        sm.putSecretValueSync({ SecretId: event.SecretId, ClientRequestToken: event.ClientRequestToken, SecretString: 'v2', VersionStages: ['AWSPENDING'] })
      }
    } else if (event.Step === 'finishSecret') {
      sm.updateSecretVersionStageSync({ SecretId: event.SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: event.ClientRequestToken, RemoveFromVersionId: TOKEN })
    }
  })
  sm.rotateSecretSync({ SecretId: 'f', ClientRequestToken: token, RotationLambdaARN: sync })
  assert.deepEqual(steps, ['createSecret', 'setSecret', 'testSecret', 'finishSecret'])
  const rotated = sm.getSecretValueSync({ SecretId: 'f' })
  assert.equal(rotated.VersionId, token)
  assert.equal(rotated.SecretString.length, 32)
  // An async function cannot be awaited by the sync form: the rotation fails, named.
  sm.registerRotationFunction(sync, async () => {})
  assert.throws(() => sm.rotateSecretSync({ SecretId: 'f', RotationLambdaARN: sync }), {
    name: 'InvalidRequestException', message: /returned a promise/
  })
})

test('a cron() schedule fires on the injectable clock', async () => {
  const { sm, clock } = service()
  await sm.createSecret({ Name: 'c', SecretString: 'v1' })
  const log = []
  sm.registerRotationFunction(LAMBDA, template(sm, log))
  await sm.rotateSecret({
    SecretId: 'c',
    RotationLambdaARN: LAMBDA,
    RotationRules: { ScheduleExpression: 'cron(0 10 ? * SAT *)', Duration: '2h' },
    RotateImmediately: false
  })
  const saturday = Date.UTC(2024, 2, 2, 10)
  assert.equal((await sm.describeSecret({ SecretId: 'c' })).NextRotationDate.getTime(), saturday)
  clock.advance(saturday - T0 - 1)
  assert.deepEqual(await sm.runDueRotations(), [])
  clock.advance(1)
  const done = await sm.runDueRotations()
  assert.equal(done.length, 1)
  assert.equal(done[0].error, null)
  assert.notEqual((await sm.getSecretValue({ SecretId: 'c' })).SecretString, 'v1')
  assert.equal((await sm.describeSecret({ SecretId: 'c' })).NextRotationDate.getTime(), saturday + 7 * 86_400_000)
  await assert.rejects(sm.rotateSecret({ SecretId: 'c', RotationRules: { ScheduleExpression: 'cron(30 10 ? * SAT *)' } }), {
    name: 'InvalidParameterException', message: /the minutes field must be 0/
  })
})

test('SecretCache: TTL on the clock, DescribeSecret first, stale when a refresh fails', async () => {
  const { sm, clock } = service()
  await sm.createSecret({ Name: 'db', SecretString: 'v1' })
  const cache = new SecretCache(sm)
  assert.deepEqual(cache.config, {
    maxCacheSize: 1024,
    secretRefreshInterval: 3_600_000,
    defaultVersionStage: 'AWSCURRENT',
    exceptionRetryDelayBase: 1000,
    exceptionRetryGrowthFactor: 2,
    exceptionRetryDelayMax: 3_600_000
  })
  assert.equal(await cache.getSecretString('db'), 'v1')
  await sm.putSecretValue({ SecretId: 'db', SecretString: 'v2' })
  clock.advance(1_799_000)
  assert.equal(cache.getSecretStringSync('db'), 'v1')
  clock.advance(1_801_000)
  assert.equal(await cache.getSecretString('db'), 'v2')
  assert.equal(await cache.getSecretString('db', 'AWSPREVIOUS'), 'v1')
  await sm.deleteSecret({ SecretId: 'db', ForceDeleteWithoutRecovery: true })
  clock.advance(3_600_000)
  assert.equal(await cache.getSecretString('db'), 'v2')
  await assert.rejects(cache.getSecretString('never'), { name: 'ResourceNotFoundException' })
  await sm.createSecret({ Name: 'bin', SecretBinary: Buffer.from('b1') })
  const small = new SecretCache(sm, { secretRefreshInterval: 10_000, maxCacheSize: 1 })
  assert.equal((await small.getSecretBinary('bin')).toString(), 'b1')
  await sm.putSecretValue({ SecretId: 'bin', SecretBinary: Buffer.from('b2') })
  assert.equal(small.getSecretBinarySync('bin').toString(), 'b1')
  small.refreshSecretNowSync('bin')
  assert.equal(small.getSecretBinarySync('bin').toString(), 'b2')
  await assert.rejects(small.getSecretString('bin'), { name: 'ResourceNotFoundException', message: /binary value/ })
  assert.throws(() => new SecretCache(sm, { maxCacheSize: 0 }), { name: 'ValidationException' })
  assert.throws(() => new SecretCache(sm, { secretRefreshInterval: '1h' }), { name: 'TypeError' })
})

test('secret bytes never show in util.inspect or in errors', async () => {
  const { kms, sm } = service()
  const marker = 'MARKER-correct-horse-battery-staple'
  await sm.createSecret({ Name: 'leak', SecretString: marker })
  await sm.putSecretValue({ SecretId: 'leak', SecretBinary: Buffer.from(marker), VersionStages: ['BIN'] })
  const cache = new SecretCache(sm)
  assert.equal(await cache.getSecretString('leak'), marker)
  for (const shown of [util.inspect(sm, { depth: 5 }), util.inspect(cache, { depth: 5 }), util.inspect(kms, { depth: 5 })]) {
    assert.ok(!shown.includes(marker), shown)
    assert.ok(!shown.includes(Buffer.from(marker).toString('base64')), shown)
  }
  assert.equal(util.inspect(sm), "LocalSecretsManager { region: 'us-east-1', principal: 'arn:aws:iam::111122223333:root' }")
  const errors = []
  const capture = async (f) => { try { await f() } catch (e) { errors.push(e) } }
  await capture(() => sm.putSecretValue({ SecretId: 'leak', SecretString: marker, SecretBinary: Buffer.from(marker) }))
  await capture(() => sm.createSecret({ Name: 'leak', SecretString: marker }))
  await capture(() => sm.putSecretValue({ SecretId: 'missing', SecretString: marker }))
  await capture(() => sm.createSecret({ Name: 'big', SecretString: marker.repeat(2000) }))
  await capture(() => sm.putSecretValue({ SecretId: 'leak', SecretString: 7, ClientRequestToken: marker }))
  await capture(() => cache.getSecretBinary('leak'))
  assert.equal(errors.length, 6)
  for (const e of errors) {
    const text = `${e.name} ${e.message} ${util.inspect(e, { depth: 5 })} ${JSON.stringify(e)}`
    assert.ok(!text.includes(marker), text)
    assert.ok(!text.includes(Buffer.from(marker).toString('base64')), text)
  }
})
