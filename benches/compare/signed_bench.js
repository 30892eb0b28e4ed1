#!/usr/bin/env node
'use strict'
// Signed messages in Node: @aws-crypto/client-node on its default suite (the signed 0x0578: no
// suiteId) against datakey's binding with `algorithmSuite: 0x0578` (sync, main thread), with
// datakey's unsigned default (0x0478) beside them; interleaved rounds as in node_bench.js. Same
// profile: raw AES-256 keyring datakey-bench/bench-aes-256, context {"purpose": "bench"}, 4 KiB
// frames; 1 KiB and 16 MiB. Each side's signed message is checked to decrypt on the other first.
//
// Usage: node signed_bench.js [--quick]   (DATAKEY_BENCH_CLOCK=cpu: process CPU time)

const path = require('node:path')
const { createRequire } = require('node:module')

const ROOT = path.resolve(__dirname, '..', '..')
const fromBinding = createRequire(path.join(ROOT, 'bindings', 'node', 'package.json'))
const datakey = fromBinding('datakey')
const esdk = fromBinding('@aws-crypto/client-node')

const EC = { purpose: 'bench' }
const KIB = 1024
const MIB = 1024 * 1024
const quick = process.argv.includes('--quick')
const CPU_CLOCK = process.env.DATAKEY_BENCH_CLOCK === 'cpu'
const now = CPU_CLOCK
  ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6 }
  : () => Number(process.hrtime.bigint()) / 1e9

function plaintext (n) {
  const out = Buffer.allocUnsafe(n)
  for (let i = 0; i < Math.min(n, 251); i++) out[i] = i
  for (let at = 251; at < n; at *= 2) out.copy(out, at, 0, Math.min(at, n - at))
  return out
}

async function loop (fn, n) {
  const t = now()
  for (let i = 0; i < n; i++) await fn()
  return now() - t
}

// Median seconds per operation of each contender, interleaved rounds (see node_bench.js).
async function measure (fns) {
  if (quick) {
    const out = []
    for (const fn of fns) out.push(await loop(fn, 1))
    return out
  }
  const counts = []
  let slow = false
  for (const fn of fns) {
    let n = 1
    let t
    for (;;) {
      t = await loop(fn, n)
      if (t >= 0.2) break
      n = Math.max(n * 2, Math.floor(n * 0.25 / Math.max(t, 1e-9)))
    }
    counts.push(n)
    if (t / n > 0.1) slow = true
  }
  const times = fns.map(() => [])
  for (let r = 0; r < (slow ? 3 : 7); r++) {
    for (let i = 0; i < fns.length; i++) times[i].push(await loop(fns[i], counts[i]) / counts[i])
  }
  return times.map((ts) => ts.sort((a, b) => a - b)[(ts.length - 1) >> 1])
}

function rate (size, secs) {
  const ops = 1 / secs
  const mbs = size / secs / 1e6
  const o = ops >= 1e3 ? `${(ops / 1e3).toFixed(1)} k` : ops.toFixed(1)
  return `${o} ops/s, ${mbs >= 10 ? Math.round(mbs).toLocaleString('en') : mbs.toFixed(1)} MB/s`
}

async function main () {
  const { encrypt, decrypt } = esdk.buildClient(esdk.CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
  const theirs = new esdk.RawAesKeyringNode({
    keyName: 'bench-aes-256',
    keyNamespace: 'datakey-bench',
    unencryptedMasterKey: new Uint8Array(Buffer.alloc(32, 0x42)),
    wrappingSuite: esdk.RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING
  })
  const ours = new datakey.RawAesKeyring({ keyNamespace: 'datakey-bench', keyName: 'bench-aes-256', wrappingKey: Buffer.alloc(32, 0x42) })
  const signed = { encryptionContext: EC, algorithmSuite: 0x0578 }
  const plain = { encryptionContext: EC }
  const check = plaintext(KIB)
  const a = datakey.encryptSync(check, ours, signed)
  if (!Buffer.from((await decrypt(theirs, a)).plaintext).equals(check)) throw new Error('ESDK-JS does not read datakey')
  const b = (await encrypt(theirs, check, { encryptionContext: EC })).result
  const d = datakey.decryptSync(b, ours, { encryptionContext: EC })
  if (!d.plaintext.equals(check) || d.messageHeader.suiteId !== 0x0578) throw new Error('datakey does not read ESDK-JS')

  console.log(`## Node ${process.version}: signed messages (0x0578), client-node default suite vs datakey sync` +
    (quick ? ' (quick mode: one call each, not a measurement)' : '') + (CPU_CLOCK ? ' — process CPU time' : ' — wall-clock time') + '\n')
  console.log('| op | size | client-node (default, signed) | datakey signed | datakey unsigned | speed-up vs client-node | signed ÷ unsigned (time) |')
  console.log('|---|---:|---:|---:|---:|---:|---:|')
  for (const [size, label] of [[KIB, '1 KiB'], [16 * MIB, '16 MiB']]) {
    const pt = plaintext(size)
    const ctTheirs = (await encrypt(theirs, pt, { encryptionContext: EC })).result
    const ctSigned = datakey.encryptSync(pt, ours, signed)
    const ctPlain = datakey.encryptSync(pt, ours, plain)
    for (const op of ['encrypt', 'decrypt']) {
      const fns = op === 'encrypt'
        ? [() => encrypt(theirs, pt, { encryptionContext: EC }), () => datakey.encryptSync(pt, ours, signed), () => datakey.encryptSync(pt, ours, plain)]
        : [() => decrypt(theirs, ctTheirs), () => datakey.decryptSync(ctSigned, ours, plain), () => datakey.decryptSync(ctPlain, ours, plain)]
      const [tEsdk, tSigned, tPlain] = await measure(fns)
      console.log(`| ${op} | ${label} | ${rate(size, tEsdk)} | ${rate(size, tSigned)} | ${rate(size, tPlain)} | ${(tEsdk / tSigned).toFixed(1)}× | ${(tSigned / tPlain).toFixed(2)} |`)
    }
  }
}

main().catch((e) => { console.error(e); process.exitCode = 1 })
