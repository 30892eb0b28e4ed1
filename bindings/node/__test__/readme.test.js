'use strict'
// The README's quick start runs as written.

const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

test('README quick start', async () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8')
  const block = readme.match(/```js\n([\s\S]*?)```/)
  assert.ok(block, 'the README has a js block')
  const code = block[1].trim()
  assert.ok(code.endsWith('\nmain()'))
  // eslint-disable-next-line no-new-func
  const run = new Function('require', `${code.slice(0, -'main()'.length)}return main()`)
  await run(require)
})
