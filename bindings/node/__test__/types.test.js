'use strict'
// The TypeScript declarations (generated index.d.ts + datakey.d.ts) type-check real usage, and
// reject misuse, under `tsc --strict`.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

test('declarations type-check under tsc --strict', () => {
  const tsc = require.resolve('typescript/bin/tsc')
  const usage = path.join(__dirname, 'fixtures', 'usage.ts')
  const r = spawnSync(process.execPath, [
    tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'nodenext',
    '--moduleResolution', 'nodenext', '--types', 'node', usage
  ], { cwd: path.join(__dirname, '..'), encoding: 'utf8' })
  assert.equal(r.status, 0, r.stdout + r.stderr)
})
