#!/usr/bin/env node
'use strict'
// datakey's Node binding against what a Node user would pick instead, in one process.
//
// Compared on the same message profile — format v2, suite 0x0478 (AES-256-GCM, HKDF-SHA512, key
// commitment, unsigned), framed, a raw AES-256 keyring named like the Rust benchmarks',
// encryption context {"purpose": "bench"}:
//
// - @aws-crypto/client-node (ESDK-JS, RawAesKeyringNode) at the same frame length;
// - a minimal envelope with node:crypto: three randomBytes calls, the data key wrapped with
//   createCipheriv('aes-256-gcm') under the master key (binding the serialized context), the
//   plaintext sealed under the data key; no format, framing, key derivation or commitment;
// - datakey's encryptSync / decryptSync (main thread) and encrypt / decrypt (awaited one at a
//   time), from bindings/node as `make test-node` builds it;
// - the Rust core, from criterion's results of the same `make bench` run when present.
//
// Sizes 1 KiB and 16 MiB; frame lengths 4 KiB (both SDKs' default) and 64 KiB. Timing: for each
// row, every contender's iteration count grows until one repeat takes at least 0.2 s; then 7
// interleaved rounds (3 for operations slower than 0.1 s) run each contender once in turn, and the
// table gives each one's median per-operation time. Before timing, datakey's message is decrypted
// by ESDK-JS and ESDK-JS's by datakey.
//
// datakey's `encrypt` / `decrypt` (async) run inline — an already settled promise — for inputs up
// to 64 KiB with an in-memory keyring such as this raw AES one (bindings/node/message.js), and on
// the libuv pool above that: the 1 KiB async rows measure the inline path, the 16 MiB ones the pool.
//
// With DATAKEY_BENCH_CLOCK=cpu the times are the process's CPU time, for a shared machine.
//
// Usage: node node_bench.js [--quick] [--criterion DIR]
//   --quick      each operation once, no verdicts (CI smoke: proves the script still runs)

const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')
const { createRequire } = require('node:module')

const ROOT = path.resolve(__dirname, '..', '..')
// Resolve both packages from the binding's folder: datakey itself and its devDependency
// @aws-crypto/client-node (installed by `npm ci` there).
const fromBinding = createRequire(path.join(ROOT, 'bindings', 'node', 'package.json'))
const datakey = fromBinding('datakey')
const esdk = fromBinding('@aws-crypto/client-node')
const esdkVersion = JSON.parse(fs.readFileSync(fromBinding.resolve('@aws-crypto/client-node/package.json'))).version

const NAMESPACE = 'datakey-bench'
const KEY_NAME = 'bench-aes-256'
const WRAPPING_KEY = Buffer.alloc(32, 0x42)
const EC = { purpose: 'bench' }
const KIB = 1024
const MIB = 1024 * 1024

function plaintext (n) {
  const out = Buffer.allocUnsafe(n)
  for (let i = 0; i < Math.min(n, 251); i++) out[i] = i
  for (let at = 251; at < n; at *= 2) out.copy(out, at, 0, Math.min(at, n - at))
  return out
}

function parseArgs () {
  const args = { quick: false, criterion: path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'criterion') }
  for (let i = 2; i < process.argv.length; i++) {
    if (process.argv[i] === '--quick') args.quick = true
    else if (process.argv[i] === '--criterion') args.criterion = process.argv[++i]
    else throw new Error(`unknown argument ${process.argv[i]}`)
  }
  return args
}

// DATAKEY_BENCH_CLOCK=cpu: the process's CPU time (user + system, every thread: the libuv pool's
// work for the async calls counts) instead of wall-clock time, for a shared machine.
const CPU_CLOCK = process.env.DATAKEY_BENCH_CLOCK === 'cpu'

function clock () {
  return CPU_CLOCK
    ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6 }
    : () => Number(process.hrtime.bigint()) / 1e9
}

async function loop (fn, isAsync, n) {
  const now = clock()
  const t = now()
  if (isAsync) for (let i = 0; i < n; i++) await fn()
  else for (let i = 0; i < n; i++) fn()
  return now() - t
}

// Times every contender of one row in interleaved rounds: each contender's iteration count is
// calibrated first (one round ≥ 0.2 s), then every round runs each contender once, in turn, so
// that a burst of load on the shared machine hits all of them alike. Returns each contender's
// median time per operation over the rounds (7 rounds; 3 when an operation takes over 0.1 s).
async function measureInterleaved (contenders, quick) {
  if (quick) {
    const out = []
    for (const [fn, isAsync] of contenders) out.push(await loop(fn, isAsync, 1))
    return out
  }
  const counts = []
  let slow = false
  for (const [fn, isAsync] of contenders) {
    let n = 1
    let t
    for (;;) {
      t = await loop(fn, isAsync, n)
      if (t >= 0.2) break
      n = Math.max(n * 2, Math.floor(n * 0.25 / Math.max(t, 1e-9)))
    }
    counts.push(n)
    if (t / n > 0.1) slow = true
  }
  const rounds = slow ? 3 : 7
  const times = contenders.map(() => [])
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < contenders.length; i++) {
      const [fn, isAsync] = contenders[i]
      times[i].push(await loop(fn, isAsync, counts[i]) / counts[i])
    }
  }
  return times.map((ts) => {
    ts.sort((a, b) => a - b)
    return ts[(ts.length - 1) >> 1]
  })
}

function criterionMedian (root, group, fn, value) {
  try {
    const est = JSON.parse(fs.readFileSync(path.join(root, group, fn, value, 'new', 'estimates.json')))
    return est.median.point_estimate / 1e9
  } catch {
    return null
  }
}

function rate (size, secs) {
  if (secs == null) return '–'
  const ops = 1 / secs
  const mbs = size / secs / 1e6
  const o = ops >= 1e3 ? `${(ops / 1e3).toFixed(1)} k` : ops.toFixed(1)
  return `${o} ops/s, ${mbs >= 10 ? Math.round(mbs).toLocaleString('en') : mbs.toFixed(1)} MB/s`
}

const aad = datakey.serializeEncryptionContext(EC)

function envSeal (pt) {
  const dek = crypto.randomBytes(32)
  const wrapNonce = crypto.randomBytes(12)
  const nonce = crypto.randomBytes(12)
  const w = crypto.createCipheriv('aes-256-gcm', WRAPPING_KEY, wrapNonce)
  w.setAAD(aad)
  const wrapped = w.update(dek)
  w.final()
  const c = crypto.createCipheriv('aes-256-gcm', dek, nonce)
  const ct = c.update(pt)
  c.final()
  return [wrapNonce, wrapped, w.getAuthTag(), nonce, ct, c.getAuthTag()]
}

function envOpen ([wrapNonce, wrapped, wrapTag, nonce, ct, tag]) {
  const w = crypto.createDecipheriv('aes-256-gcm', WRAPPING_KEY, wrapNonce)
  w.setAAD(aad)
  w.setAuthTag(wrapTag)
  const dek = w.update(wrapped)
  w.final()
  const d = crypto.createDecipheriv('aes-256-gcm', dek, nonce)
  d.setAuthTag(tag)
  const pt = d.update(ct)
  d.final()
  return pt
}

async function main () {
  const args = parseArgs()
  const quick = args.quick
  const { encrypt, decrypt } = esdk.buildClient(esdk.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
  const theirKeyring = new esdk.RawAesKeyringNode({
    keyName: KEY_NAME,
    keyNamespace: NAMESPACE,
    unencryptedMasterKey: new Uint8Array(WRAPPING_KEY),
    wrappingSuite: esdk.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING
  })
  const ourKeyring = new datakey.RawAesKeyring({ keyNamespace: NAMESPACE, keyName: KEY_NAME, wrappingKey: WRAPPING_KEY })
  const esdkEncrypt = async (pt, frameLength) => (await encrypt(theirKeyring, pt, {
    encryptionContext: EC,
    suiteId: esdk.AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
    frameLength
  })).result
  const esdkDecrypt = async (ct) => (await decrypt(theirKeyring, ct)).plaintext

  // Same profile both ways, checked once before timing.
  const check = plaintext(KIB)
  const ours = datakey.encryptSync(check, ourKeyring, { encryptionContext: EC })
  const theirs = await esdkEncrypt(check, 4096)
  if (!Buffer.from(await esdkDecrypt(ours)).equals(check)) throw new Error("ESDK-JS does not read datakey's message")
  if (!datakey.decryptSync(theirs, ourKeyring, { encryptionContext: EC }).plaintext.equals(check)) throw new Error("datakey does not read ESDK-JS's message")
  if (!envOpen(envSeal(check)).equals(check)) throw new Error('envelope round trip')

  console.log(`## Node ${process.version}: datakey (napi-rs) vs @aws-crypto/client-node ${esdkVersion} vs a node:crypto envelope` +
    (quick ? ' (quick mode: one call each, not a measurement)' : '') +
    (CPU_CLOCK ? ' — process CPU time (DATAKEY_BENCH_CLOCK=cpu)' : ' — wall-clock time') + '\n')
  console.log("Medians per call; speed-up = their time ÷ datakey's time; `sync` = encryptSync/decryptSync on the main thread, " +
    '`async` = encrypt/decrypt awaited one at a time (inline up to 64 KiB with this in-memory keyring, the libuv pool above); interleaved rounds; Node ÷ Rust = datakey sync time ÷ Rust core time ' +
    '(criterion, same `make bench` run).\n')
  console.log('| op | size | frame | client-node | node:crypto envelope | datakey sync | datakey async | speed-up vs client-node (sync / async) | speed-up vs envelope (sync) | Rust core | Node ÷ Rust |')
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
  const verdicts = []
  const cases = [[KIB, '1 KiB', 4096], [16 * MIB, '16 MiB', 4096], [16 * MIB, '16 MiB', 64 * KIB]]
  const flabel = { 4096: 'f4KiB', 65536: 'f64KiB' }
  for (const [size, label, frameLength] of cases) {
    const pt = plaintext(size)
    const opts = { encryptionContext: EC, frameLength }
    const ctOurs = datakey.encryptSync(pt, ourKeyring, opts)
    const ctTheirs = await esdkEncrypt(pt, frameLength)
    const sealed = envSeal(pt)
    for (const op of ['encrypt', 'decrypt']) {
      let tEsdk, tEnv, tSync, tAsync
      if (op === 'encrypt') {
        [tEsdk, tEnv, tSync, tAsync] = await measureInterleaved([
          [() => esdkEncrypt(pt, frameLength), true],
          [() => envSeal(pt), false],
          [() => datakey.encryptSync(pt, ourKeyring, opts), false],
          [() => datakey.encrypt(pt, ourKeyring, opts), true]
        ], quick)
      } else {
        [tEsdk, tEnv, tSync, tAsync] = await measureInterleaved([
          [() => esdkDecrypt(ctTheirs), true],
          [() => envOpen(sealed), false],
          [() => datakey.decryptSync(ctOurs, ourKeyring, { encryptionContext: EC }), false],
          [() => datakey.decrypt(ctOurs, ourKeyring, { encryptionContext: EC }), true]
        ], quick)
      }
      const tRust = criterionMedian(args.criterion, op, `datakey_${flabel[frameLength]}`, size === KIB ? '1KiB' : '16MiB')
      const upSync = tEsdk / tSync
      const upAsync = tEsdk / tAsync
      const upEnv = tEnv / tSync
      const nodeRust = tRust ? tSync / tRust : null
      console.log(`| ${op} | ${label} | ${frameLength / KIB} KiB | ${rate(size, tEsdk)} | ${rate(size, tEnv)} | ${rate(size, tSync)} | ` +
        `${rate(size, tAsync)} | ${upSync.toFixed(0)}× / ${upAsync.toFixed(0)}× | ${upEnv.toFixed(2)}× | ${rate(size, tRust)} | ` +
        `${nodeRust == null ? '–' : nodeRust.toFixed(2)} |`)
      if (op === 'encrypt' && size === KIB) {
        verdicts.push(['Node 1 KiB encrypt ≥ 100× client-node (sync / async)', `${upSync.toFixed(0)}× / ${upAsync.toFixed(0)}×`, upSync >= 100])
        verdicts.push(['Node 1 KiB encrypt ≥ 3× the node:crypto envelope (sync)', `${upEnv.toFixed(2)}×`, upEnv >= 3])
      }
      if (op === 'encrypt' && size === 16 * MIB && frameLength === 4096) {
        verdicts.push(['Node 16 MiB encrypt (4 KiB frames) ≥ 50× client-node (sync / async)', `${upSync.toFixed(0)}× / ${upAsync.toFixed(0)}×`, upSync >= 50])
      }
      if (size === KIB) {
        verdicts.push([`Node 1 KiB ${op} ≥ 2.5× the node:crypto envelope (sync)`, `${upEnv.toFixed(2)}×`, upEnv >= 2.5])
      }
      if (size === 16 * MIB) {
        const f = `${frameLength / KIB} KiB frames`
        const asyncShare = tSync / tAsync
        verdicts.push([`Node 16 MiB ${op} (${f}) ≥ 1.0× the node:crypto envelope (sync)`, `${upEnv.toFixed(2)}×`, upEnv >= 1])
        verdicts.push([`Node 16 MiB ${op} (${f}) async ≥ 90 % of sync`, `${(asyncShare * 100).toFixed(0)} %`, asyncShare >= 0.9])
        if (nodeRust != null) {
          verdicts.push([`Node 16 MiB ${op} (${f}) sync ≥ 75 % of the Rust one-shot`, `${(100 / nodeRust).toFixed(0)} %`, 1 / nodeRust >= 0.75])
        }
      }
    }
  }
  console.log()
  if (!quick) {
    console.log('| Node target | measured | met |')
    console.log('|---|---:|---:|')
    for (const [name, got, ok] of verdicts) console.log(`| ${name} | ${got} | ${ok ? 'yes' : '**no**'} |`)
    console.log()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
