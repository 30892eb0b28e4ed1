'use strict'
// The real AWS SDK for JavaScript v3 Secrets Manager client (@aws-sdk/client-secrets-manager),
// in the Command style, against the in-process endpoint `serve({ kms })`: the AWS-validated
// sequences of the reference (shared/reference/secrets-and-wire.md §1: ClientRequestToken
// idempotency, staging-label moves, deletion and restore, the not-found and marked-for-deletion
// messages), the asymmetric key refused at CreateSecret, a key policy that denies the role, and a
// rotation function that itself calls the endpoint.

const { test, before, after } = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('node:crypto')
const sm = require('@aws-sdk/client-secrets-manager')
const kmsSdk = require('@aws-sdk/client-kms')
const stsSdk = require('@aws-sdk/client-sts')
const { LocalKms, LocalSecretsManager, ManualClock, serve } = require('datakey')

const clock = new ManualClock(Date.parse('2026-06-01T00:00:00Z'))
let kms, server, client

before(async () => {
  kms = new LocalKms({ clock, region: 'eu-west-2' })
  server = await serve({ kms })
  client = new sm.SecretsManagerClient({ ...server.clientConfig(), maxAttempts: 1 })
})

after(async () => {
  await server.stop()
})

function name () {
  return `node/${crypto.randomUUID().slice(0, 12)}`
}

/** `await c.send(command)` expected to fail: `[name, message]` of the SDK's exception. */
async function failure (command, c = client) {
  try {
    await c.send(command)
  } catch (e) {
    assert.ok(e instanceof sm.SecretsManagerServiceException || e.$metadata, e)
    return [e.name, e.message]
  }
  assert.fail(`${command.constructor.name} succeeded`)
}

/** {version id: labels} of ListSecretVersionIds (null: listed without VersionStages). */
async function stages (secretId, IncludeDeprecated = false) {
  const out = await client.send(new sm.ListSecretVersionIdsCommand({ SecretId: secretId, IncludeDeprecated }))
  return Object.fromEntries(out.Versions.map((v) => [v.VersionId, v.VersionStages ?? null]))
}

test('ClientRequestToken: the same token and value is a no-op, another value is ResourceExists', async () => {
  const n = name()
  const token = crypto.randomUUID()
  const first = await client.send(new sm.CreateSecretCommand({ Name: n, SecretString: 'v1', ClientRequestToken: token }))
  assert.equal(first.VersionId, token)
  assert.equal(first.ARN.split(':')[3], 'eu-west-2')
  assert.equal(first.ARN.slice(first.ARN.lastIndexOf('-') + 1).length, 6)
  const again = await client.send(new sm.CreateSecretCommand({ Name: n, SecretString: 'v1', ClientRequestToken: token }))
  assert.deepEqual([again.ARN, again.VersionId], [first.ARN, token])
  assert.deepEqual(await failure(new sm.CreateSecretCommand({ Name: n, SecretString: 'v2', ClientRequestToken: token })), [
    'ResourceExistsException',
    `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${first.ARN}.`
  ])
  // the SDK fills a fresh token: a second CreateSecret of the name is ResourceExists
  assert.deepEqual(await failure(new sm.CreateSecretCommand({ Name: n, SecretString: 'v1' })), [
    'ResourceExistsException', `The operation failed because the secret ${n} already exists.`
  ])
  // a partial ARN (without the suffix) names the secret
  const got = await client.send(new sm.GetSecretValueCommand({ SecretId: first.ARN.slice(0, -7) }))
  assert.equal(got.SecretString, 'v1')
})

test('staging labels: custom labels, AWSPENDING, then a plain put', async () => {
  const n = name()
  const v1 = (await client.send(new sm.CreateSecretCommand({ Name: n, SecretString: 's1' }))).VersionId
  const v2 = (await client.send(new sm.PutSecretValueCommand({ SecretId: n, SecretString: 's2', VersionStages: ['AWSPENDING'] }))).VersionId
  assert.deepEqual(await failure(new sm.UpdateSecretVersionStageCommand({ SecretId: n, VersionStage: 'AWSCURRENT', MoveToVersionId: v2 })), [
    'InvalidParameterException',
    `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${v1}, so you must explicitly reference that version in RemoveFromVersionId.`
  ])
  await client.send(new sm.UpdateSecretVersionStageCommand({ SecretId: n, VersionStage: 'AWSCURRENT', RemoveFromVersionId: v1, MoveToVersionId: v2 }))
  assert.deepEqual(await stages(n), { [v1]: ['AWSPREVIOUS'], [v2]: ['AWSCURRENT', 'AWSPENDING'] })
  assert.equal((await client.send(new sm.GetSecretValueCommand({ SecretId: n }))).SecretString, 's2')
  const v3 = (await client.send(new sm.PutSecretValueCommand({ SecretId: n, SecretString: 's3' }))).VersionId
  assert.deepEqual(await stages(n), { [v2]: ['AWSPREVIOUS'], [v3]: ['AWSCURRENT'] })
  assert.equal((await stages(n, true))[v1], null)

  const custom = ['SAMPLESTAGE0', 'SAMPLESTAGE1']
  const m = name()
  const w1 = (await client.send(new sm.CreateSecretCommand({ Name: m, SecretBinary: Buffer.from([0, 1, 2]) }))).VersionId
  await client.send(new sm.PutSecretValueCommand({ SecretId: m, SecretString: 't2', VersionStages: custom }))
  const w3 = (await client.send(new sm.PutSecretValueCommand({ SecretId: m, SecretString: 't3', VersionStages: custom }))).VersionId
  assert.deepEqual(await stages(m), { [w1]: ['AWSCURRENT'], [w3]: custom })
  const bin = await client.send(new sm.GetSecretValueCommand({ SecretId: m }))
  assert.deepEqual(Buffer.from(bin.SecretBinary), Buffer.from([0, 1, 2]))
  assert.ok(bin.CreatedDate instanceof Date)
})

test('not found, an empty secret, deletion, the recovery window on the clock, restore', async () => {
  assert.deepEqual(await failure(new sm.DescribeSecretCommand({ SecretId: 'does/not/exist' })), [
    'ResourceNotFoundException', "Secrets Manager can't find the specified secret."
  ])
  const empty = name()
  await client.send(new sm.CreateSecretCommand({ Name: empty }))
  assert.deepEqual(await failure(new sm.GetSecretValueCommand({ SecretId: empty })), [
    'ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"
  ])

  const n = name()
  const { ARN } = await client.send(new sm.CreateSecretCommand({ Name: n, SecretString: 's1' }))
  const deleted = await client.send(new sm.DeleteSecretCommand({ SecretId: n, RecoveryWindowInDays: 7 }))
  assert.equal(deleted.DeletionDate.getTime(), clock.now().getTime() + 7 * 86400 * 1000)
  const marked = "You can't perform this operation on the secret because it was marked for deletion."
  assert.deepEqual(await failure(new sm.GetSecretValueCommand({ SecretId: n })), ['InvalidRequestException', marked])
  assert.deepEqual(await failure(new sm.PutSecretValueCommand({ SecretId: n, SecretString: 's2' })), ['InvalidRequestException', marked])
  assert.deepEqual(await failure(new sm.CreateSecretCommand({ Name: n, SecretString: 'again' })), [
    'InvalidRequestException', "You can't create this secret because a secret with this name is already scheduled for deletion."
  ])
  const listed = (await client.send(new sm.ListSecretsCommand({}))).SecretList.map((s) => s.Name)
  assert.ok(!listed.includes(n))
  assert.equal((await client.send(new sm.RestoreSecretCommand({ SecretId: n }))).ARN, ARN)
  assert.equal((await client.send(new sm.GetSecretValueCommand({ SecretId: n }))).SecretString, 's1')

  // a window that passes on the service's clock removes the secret
  await client.send(new sm.DeleteSecretCommand({ SecretId: n, RecoveryWindowInDays: 7 }))
  clock.advance(7 * 86400 * 1000 + 1000)
  assert.equal((await failure(new sm.DescribeSecretCommand({ SecretId: n })))[0], 'ResourceNotFoundException')
})

test('an asymmetric key is refused at CreateSecret, and nothing is stored', async () => {
  const kmsClient = new kmsSdk.KMSClient({ ...server.clientConfig(), maxAttempts: 1 })
  const rsa = (await kmsClient.send(new kmsSdk.CreateKeyCommand({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' }))).KeyMetadata
  const n = name()
  const [code, message] = await failure(new sm.CreateSecretCommand({ Name: n, SecretString: 'x', KmsKeyId: rsa.Arn }))
  assert.equal(code, 'EncryptionFailure')
  assert.ok(message.includes('You cannot generate a data key with an asymmetric CMK'), message)
  assert.equal((await failure(new sm.DescribeSecretCommand({ SecretId: n })))[0], 'ResourceNotFoundException')
})

test('a key policy that denies the role: AccessDeniedException, "Access to KMS is not allowed"', async () => {
  const kmsClient = new kmsSdk.KMSClient({ ...server.clientConfig(), maxAttempts: 1 })
  const sts = new stsSdk.STSClient({ ...server.clientConfig(), maxAttempts: 1 })
  const { Account } = await sts.send(new stsSdk.GetCallerIdentityCommand({}))
  const role = `arn:aws:iam::${Account}:role/reader`
  const policy = {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${Account}:root` }, Action: 'kms:*', Resource: '*' },
      { Sid: 'no-decrypt', Effect: 'Deny', Principal: { AWS: role }, Action: 'kms:Decrypt', Resource: '*' }
    ]
  }
  const key = (await kmsClient.send(new kmsSdk.CreateKeyCommand({ Policy: JSON.stringify(policy) }))).KeyMetadata
  const n = name()
  await client.send(new sm.CreateSecretCommand({ Name: n, SecretString: 'guarded', KmsKeyId: key.Arn }))
  const { Credentials: c } = await sts.send(new stsSdk.AssumeRoleCommand({ RoleArn: role, RoleSessionName: 'reader' }))
  const reader = new sm.SecretsManagerClient({
    ...server.clientConfig(),
    maxAttempts: 1,
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }
  })
  assert.deepEqual(await failure(new sm.GetSecretValueCommand({ SecretId: n }), reader), [
    'AccessDeniedException', 'Access to KMS is not allowed'
  ])
  assert.equal((await client.send(new sm.GetSecretValueCommand({ SecretId: n }))).SecretString, 'guarded')
})

test('a rotation function that calls the endpoint rotates the secret', async () => {
  const lambdaArn = 'arn:aws:lambda:eu-west-2:111122223333:function:rotate-node'
  const local = new LocalSecretsManager(kms)
  const steps = []
  // AWS's rotation template, in JavaScript: each step through the SDK v3 client on the endpoint.
  local.registerRotationFunction(lambdaArn, async ({ Step, SecretId, ClientRequestToken }) => {
    steps.push(Step)
    if (Step === 'createSecret') {
      await client.send(new sm.PutSecretValueCommand({
        SecretId, ClientRequestToken, SecretString: 'rotated', VersionStages: ['AWSPENDING']
      }))
    } else if (Step === 'finishSecret') {
      const described = await client.send(new sm.DescribeSecretCommand({ SecretId }))
      const current = Object.entries(described.VersionIdsToStages).find(([, s]) => s.includes('AWSCURRENT'))[0]
      await client.send(new sm.UpdateSecretVersionStageCommand({
        SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: ClientRequestToken, RemoveFromVersionId: current
      }))
    }
  })
  const n = name()
  await client.send(new sm.CreateSecretCommand({ Name: n, SecretString: 'original' }))
  const out = await client.send(new sm.RotateSecretCommand({ SecretId: n, RotationLambdaARN: lambdaArn, RotationRules: { AutomaticallyAfterDays: 30 } }))
  assert.deepEqual(steps, ['createSecret', 'setSecret', 'testSecret', 'finishSecret'])
  const got = await client.send(new sm.GetSecretValueCommand({ SecretId: n }))
  assert.deepEqual([got.SecretString, got.VersionId], ['rotated', out.VersionId])
  const described = await client.send(new sm.DescribeSecretCommand({ SecretId: n }))
  assert.equal(described.RotationEnabled, true)
  assert.equal(described.RotationLambdaARN, lambdaArn)
})
