#!/usr/bin/env node
// Encrypt or decrypt files with the official AWS Encryption SDK for JavaScript (@aws-crypto/client-node)
// and a raw AES keyring. datakey's live interop test (core/tests/interop_live.rs) drives it:
//
//   node esdk.js encrypt --key HEX --namespace NS --name NAME [--ec JSON] [--frame-length N] IN OUT
//   node esdk.js decrypt --key HEX --namespace NS --name NAME [--ec JSON] IN OUT
//   node esdk.js batch JOBS.json     # many jobs in one process; prints one JSON result per job
//
// A batch job with a "kms" object instead of "key"/"namespace"/"name" uses the SDK's AWS KMS keyring
// (KmsKeyringNode) through an AWS endpoint such as `datakey serve`:
// {"kms": {"endpoint", "access_key_id", "secret_access_key", "key_ids": [ARN, ...]}} (the first
// key generates the data key); its clientProvider builds a KMS client on the endpoint for the
// region of each key ARN. Results then also list the message's EDKs.
//
// Encrypt uses suite 0x0478 (AES-256-GCM, HKDF-SHA512, key commitment, unsigned), or the SDK's own default
// (the signed 0x0578: no suiteId) for a job with "suite": "default" (--default-suite). Decrypt checks
// that every --ec pair is in the message's encryption context and prints
// {"ok": true, "suite_id", "encryption_context", "frame_length"}; failures print {"ok": false, "error"}
// and exit 1. Offline: no AWS account is used (KMS jobs talk only to the endpoint they name).
'use strict'

const fs = require('node:fs')
const {
  buildClient, CommitmentPolicy, RawAesKeyringNode, RawAesWrappingSuiteIdentifier, AlgorithmSuiteIdentifier,
  KmsKeyringNode, getClient, KMS
} = require('@aws-crypto/client-node')

const WRAPPING = {
  16: RawAesWrappingSuiteIdentifier.AES128_GCM_IV12_TAG16_NO_PADDING,
  24: RawAesWrappingSuiteIdentifier.AES192_GCM_IV12_TAG16_NO_PADDING,
  32: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING
}

const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)

function kmsKeyring ({ endpoint, access_key_id: accessKeyId, secret_access_key: secretAccessKey, key_ids: keyIds }) {
  const clientProvider = getClient(KMS, { endpoint, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 })
  const [generatorKeyId, ...rest] = keyIds
  return new KmsKeyringNode({ generatorKeyId, keyIds: rest, clientProvider })
}

function keyring (job) {
  if (job.kms) return kmsKeyring(job.kms)
  const key = new Uint8Array(Buffer.from(job.key, 'hex'))
  return new RawAesKeyringNode({
    keyName: job.name,
    keyNamespace: job.namespace,
    unencryptedMasterKey: key,
    wrappingSuite: WRAPPING[key.length]
  })
}

async function run (job) {
  const ec = job.ec || {}
  const input = fs.readFileSync(job.input)
  let output, header
  if (job.op === 'encrypt') {
    const options = {
      encryptionContext: ec,
      frameLength: job.frame_length === undefined ? 4096 : job.frame_length
    }
    if (job.suite !== 'default') options.suiteId = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY
    const { result, messageHeader } = await encrypt(keyring(job), input, options)
    output = result
    header = messageHeader
  } else if (job.op === 'decrypt') {
    const { plaintext, messageHeader } = await decrypt(keyring(job), input)
    for (const [k, v] of Object.entries(ec)) {
      if (messageHeader.encryptionContext[k] !== v) throw new Error(`encryption context mismatch on key ${k}`)
    }
    output = plaintext
    header = messageHeader
  } else {
    throw new Error(`unknown op ${job.op}`)
  }
  fs.writeFileSync(job.output, output)
  return {
    ok: true,
    suite_id: header.suiteId,
    encryption_context: header.encryptionContext,
    frame_length: header.frameLength,
    edks: header.encryptedDataKeys
      .map((e) => ({ provider_id: e.providerId, provider_info: e.providerInfo }))
      .sort((a, b) => (a.provider_id + '\0' + a.provider_info).localeCompare(b.provider_id + '\0' + b.provider_info))
  }
}

async function runReporting (job) {
  try {
    return await run(job)
  } catch (e) {
    return { ok: false, error: `${e.name}: ${e.message}` }
  }
}

function parse (argv) {
  const opts = { paths: [], ec: '{}', frameLength: 4096 }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--key') opts.key = argv[++i]
    else if (a === '--namespace') opts.namespace = argv[++i]
    else if (a === '--name') opts.name = argv[++i]
    else if (a === '--ec') opts.ec = argv[++i]
    else if (a === '--frame-length') opts.frameLength = Number(argv[++i])
    else if (a === '--default-suite') opts.suite = 'default'
    else opts.paths.push(a)
  }
  return opts
}

async function main () {
  const [op, ...rest] = process.argv.slice(2)
  const opts = parse(rest)
  if (op === 'batch') {
    const jobs = JSON.parse(fs.readFileSync(opts.paths[0], 'utf8'))
    const results = []
    for (const job of jobs) results.push(await runReporting(job))
    process.stdout.write(JSON.stringify(results) + '\n')
    return 0
  }
  if (!['encrypt', 'decrypt'].includes(op) || opts.paths.length !== 2 || !opts.key || !opts.namespace || !opts.name) {
    process.stderr.write('usage: esdk.js encrypt|decrypt --key HEX --namespace NS --name NAME [--ec JSON] [--frame-length N] IN OUT\n       esdk.js batch JOBS.json\n')
    return 2
  }
  const result = await runReporting({
    op,
    key: opts.key,
    namespace: opts.namespace,
    name: opts.name,
    ec: JSON.parse(opts.ec),
    frame_length: opts.frameLength,
    suite: opts.suite,
    input: opts.paths[0],
    output: opts.paths[1]
  })
  process.stdout.write(JSON.stringify(result) + '\n')
  return result.ok ? 0 : 1
}

main().then((code) => { process.exitCode = code }, (e) => { process.stderr.write(String(e) + '\n'); process.exitCode = 1 })
