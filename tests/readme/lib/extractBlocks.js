import { readFile } from 'node:fs/promises'

/**
 * A fenced code block of a README, with the `<!-- readme-test: … -->` markers written right above it.
 *
 * @typedef {object} ReadmeBlock
 * @property {string} id          `core/README.md:123`: where a reader finds it.
 * @property {string} slug        `core-README-L123`: a file name for it.
 * @property {string} lang        The fence's language, lower case (`''` when none).
 * @property {string} code        The block's text, as a user would paste it.
 * @property {Marker[]} markers
 *
 * @typedef {object} Marker
 * @property {string} directive   One of {@link DIRECTIVES}.
 * @property {string} argument    The rest of the marker's first line (a reason or a URL).
 * @property {string} body        Lines after the first (the code of a prelude or a check).
 */

export const DIRECTIVES = ['skip', 'typecheck-only', 'tsconfig', 'serves', 'prelude', 'check', 'with-emulator', 'prints']

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)/
const MARKER_START = /^\s*<!--\s*readme-test:\s*([a-z-]+)[:\s]?\s*(.*)$/

/**
 * Every fenced code block of one Markdown file, each with the markers that precede it (only blank lines
 * may stand between a marker and its block). A marker that is malformed, unknown or attached to no
 * block is reported in `problems`, so that a typo never turns into a silent skip.
 *
 * @param {string} file      Absolute path of the README.
 * @param {string} label     How to name it in reports, e.g. `core/README.md`.
 * @returns {Promise<{ blocks: ReadmeBlock[], problems: string[] }>}
 */
export async function extractBlocks(file, label) {
  const lines = (await readFile(file, 'utf8')).split('\n')
  const blocks = []
  const problems = []
  let pending = []
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]
    const start = MARKER_START.exec(line)
    if (start !== null) {
      const first = stripCommentEnd(start[2])
      const bodyLines = []
      let end = index
      while (!lines[end].includes('-->')) {
        end++
        if (end === lines.length) {
          problems.push(`${label}:${index + 1}: readme-test marker without a closing -->`)
          return { blocks, problems }
        }
        bodyLines.push(lines[end])
      }
      if (bodyLines.length > 0) bodyLines[bodyLines.length - 1] = stripCommentEnd(bodyLines.at(-1))
      const directive = start[1]
      if (!DIRECTIVES.includes(directive)) {
        problems.push(`${label}:${index + 1}: unknown readme-test directive "${directive}" (known: ${DIRECTIVES.join(', ')})`)
      }
      pending.push({ directive, argument: first.trim(), body: bodyLines.join('\n').trimEnd(), line: index + 1 })
      index = end
      continue
    }
    const fence = FENCE.exec(line)
    if (fence !== null) {
      const closing = new RegExp(`^ {0,3}${fence[1][0]}{${fence[1].length},}\\s*$`)
      const codeLines = []
      let end = index + 1
      while (end < lines.length && !closing.test(lines[end])) codeLines.push(lines[end++])
      const lineNumber = index + 1
      blocks.push({
        id: `${label}:${lineNumber}`,
        slug: `${label.replace(/[^A-Za-z0-9]+/g, '-').replace(/-md$/, '')}-L${lineNumber}`,
        lang: fence[2].toLowerCase(),
        code: codeLines.join('\n') + '\n',
        markers: pending,
      })
      pending = []
      index = end
      continue
    }
    if (line.trim() !== '' && pending.length > 0) {
      problems.push(...pending.map((marker) => `${label}:${marker.line}: readme-test marker "${marker.directive}" is not followed by a code block`))
      pending = []
    }
  }
  problems.push(...pending.map((marker) => `${label}:${marker.line}: readme-test marker "${marker.directive}" is not followed by a code block`))
  return { blocks, problems }
}

function stripCommentEnd(text) {
  const end = text.indexOf('-->')
  return end === -1 ? text : text.slice(0, end).trimEnd()
}

/**
 * The one marker of a kind on a block, if any.
 *
 * @param {ReadmeBlock} block
 * @param {string} directive
 * @returns {Marker | undefined}
 */
export function marker(block, directive) {
  return block.markers.find((candidate) => candidate.directive === directive)
}
