import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { extractBlocks, marker } from './extractBlocks.js'

const directory = await mkdtemp(join(tmpdir(), 'readme-extract-'))
after(() => rm(directory, { recursive: true, force: true }))

async function extract(markdown) {
  const file = join(directory, 'README.md')
  await writeFile(file, markdown)
  return extractBlocks(file, 'x/README.md')
}

describe('extractBlocks', () => {
  it('finds every fenced block with its language, code and README line', async () => {
    const { blocks, problems } = await extract('# T\n\n```ts\nconst a = 1\n```\n\ntext\n\n~~~sh\nnpm test\n~~~\n\n```\nplain\n```\n')
    assert.deepEqual(problems, [])
    assert.deepEqual(blocks.map(({ id, slug, lang, code }) => ({ id, slug, lang, code })), [
      { id: 'x/README.md:3', slug: 'x-README-L3', lang: 'ts', code: 'const a = 1\n' },
      { id: 'x/README.md:9', slug: 'x-README-L9', lang: 'sh', code: 'npm test\n' },
      { id: 'x/README.md:13', slug: 'x-README-L13', lang: '', code: 'plain\n' },
    ])
  })

  it('attaches the markers above a block, one-line and multi-line', async () => {
    const { blocks, problems } = await extract(
      '<!-- readme-test: typecheck-only: needs a browser -->\n<!-- readme-test: prelude\nimport a from "a"\nconst b = a\n-->\n\n```ts\nb\n```\n',
    )
    assert.deepEqual(problems, [])
    assert.equal(marker(blocks[0], 'typecheck-only')?.argument, 'needs a browser')
    assert.equal(marker(blocks[0], 'prelude')?.body, 'import a from "a"\nconst b = a')
  })

  it('reports an unknown directive and a marker that no block follows, instead of skipping silently', async () => {
    const { blocks, problems } = await extract('<!-- readme-test: typecheck-olny: typo -->\n```ts\nx\n```\n\n<!-- readme-test: skip: why -->\nSome prose.\n\n```ts\ny\n```\n')
    assert.equal(blocks.length, 2)
    assert.equal(marker(blocks[1], 'skip'), undefined)
    assert.deepEqual(problems, [
      'x/README.md:1: unknown readme-test directive "typecheck-olny" (known: skip, typecheck-only, tsconfig, serves, prelude, check, with-emulator, prints)',
      'x/README.md:6: readme-test marker "skip" is not followed by a code block',
    ])
  })

  it('does not read fences inside a block as blocks', async () => {
    const { blocks } = await extract('````md\n```ts\ninner\n```\n````\n')
    assert.deepEqual(blocks.map((block) => block.lang), ['md'])
  })
})
